//! CORS rules: which web origins may call the Space from a browser, with which methods and
//! headers, and how long browsers may cache the answer. Rules are checked here before they
//! are sent, each problem named by its rule's number; an empty list removes CORS.

use aws_sdk_s3::types::{CorsConfiguration, CorsRule as SdkRule};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{built, optional, send_setting};
use crate::error::{Error, Result};
use crate::objects::delete::add_content_md5;
use crate::objects::Ctx;

pub const METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];
/// S3's limit of rules per Space.
const MAX_RULES: usize = 100;
const FEATURE: &str = "CORS rules";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[ts(export)]
pub struct CorsRule {
    pub id: Option<String>,
    /// e.g. "https://example.com", "https://*.example.com" or "*".
    pub allowed_origins: Vec<String>,
    /// Of GET, PUT, POST, DELETE, HEAD.
    pub allowed_methods: Vec<String>,
    /// Request headers a browser may send, e.g. "*" or "Content-Type".
    pub allowed_headers: Vec<String>,
    /// Response headers scripts may read, e.g. "ETag".
    pub expose_headers: Vec<String>,
    /// How long a browser may cache the preflight answer.
    pub max_age_seconds: Option<u32>,
}

/// The rules tidied (trimmed, methods in capitals, empty entries dropped), or the first
/// problem found.
pub fn validate(rules: &[CorsRule]) -> Result<Vec<CorsRule>> {
    if rules.len() > MAX_RULES {
        return Err(Error::InvalidInput(format!(
            "A Space has at most {MAX_RULES} CORS rules ({} given).",
            rules.len()
        )));
    }
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            validate_rule(r)
                .map_err(|problem| Error::InvalidInput(format!("CORS rule {}: {problem}", i + 1)))
        })
        .collect()
}

fn tidy(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

fn validate_rule(rule: &CorsRule) -> std::result::Result<CorsRule, String> {
    let origins = tidy(&rule.allowed_origins);
    let methods: Vec<String> = tidy(&rule.allowed_methods)
        .into_iter()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    let headers = tidy(&rule.allowed_headers);
    let expose = tidy(&rule.expose_headers);
    if origins.is_empty() {
        return Err("give at least one origin, such as https://example.com or *.".into());
    }
    if let Some(bad) = origins.iter().find(|o| !origin_ok(o)) {
        return Err(format!(
            "\"{bad}\" is not an origin: write a scheme and host, such as https://example.com (one * at most), or * for any."
        ));
    }
    if methods.is_empty() {
        return Err("allow at least one method (GET, PUT, POST, DELETE, HEAD).".into());
    }
    if let Some(bad) = methods.iter().find(|m| !METHODS.contains(&m.as_str())) {
        return Err(format!(
            "\"{bad}\" is not a method S3 allows here: use GET, PUT, POST, DELETE or HEAD."
        ));
    }
    if let Some(bad) = headers.iter().find(|h| !header_ok(h, true)) {
        return Err(format!("\"{bad}\" is not a header name (one * at most)."));
    }
    if let Some(bad) = expose.iter().find(|h| !header_ok(h, false)) {
        return Err(format!(
            "\"{bad}\" is not a header name that can be exposed (no *)."
        ));
    }
    if rule
        .max_age_seconds
        .is_some_and(|s| i32::try_from(s).is_err())
    {
        return Err("the max age is too large.".into());
    }
    let id = rule.id.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if id.is_some_and(|s| s.len() > 255) {
        return Err("the ID has at most 255 characters.".into());
    }
    Ok(CorsRule {
        id: id.map(str::to_owned),
        allowed_origins: origins,
        allowed_methods: methods,
        allowed_headers: headers,
        expose_headers: expose,
        max_age_seconds: rule.max_age_seconds,
    })
}

fn origin_ok(origin: &str) -> bool {
    if origin == "*" {
        return true;
    }
    let Some((scheme, host)) = origin.split_once("://") else {
        return false;
    };
    let stars = origin.matches('*').count();
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !host.is_empty()
        && !host.contains('/')
        && stars <= 1
        && host.chars().all(|c| c.is_ascii_graphic())
}

fn header_ok(name: &str, star_allowed: bool) -> bool {
    let stars = name.matches('*').count();
    stars <= usize::from(star_allowed)
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.*!#$%&'+^`|~".contains(c))
}

#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn get_cors(ctx: Ctx<'_>, bucket: &str) -> Result<Vec<CorsRule>> {
    let call = ctx
        .s3
        .for_bucket(bucket)
        .get_bucket_cors()
        .bucket(bucket)
        .send();
    let out = optional(
        ctx,
        "reading CORS rules",
        bucket,
        FEATURE,
        "NoSuchCORSConfiguration",
        call,
    )
    .await?;
    Ok(out
        .map(|o| o.cors_rules().iter().map(from_sdk).collect())
        .unwrap_or_default())
}

fn from_sdk(r: &SdkRule) -> CorsRule {
    CorsRule {
        id: r.id().map(str::to_owned),
        allowed_origins: r.allowed_origins().to_vec(),
        allowed_methods: r.allowed_methods().to_vec(),
        allowed_headers: r.allowed_headers().to_vec(),
        expose_headers: r.expose_headers().to_vec(),
        max_age_seconds: r.max_age_seconds().and_then(|s| u32::try_from(s).ok()),
    }
}

/// Replace the Space's CORS rules; none removes CORS altogether.
#[tracing::instrument(skip_all, fields(bucket = %bucket, rules = rules.len()), err)]
pub async fn set_cors(ctx: Ctx<'_>, bucket: &str, rules: &[CorsRule]) -> Result<()> {
    let rules = validate(rules)?;
    let client = ctx.s3.for_bucket(bucket);
    if rules.is_empty() {
        let call = client.delete_bucket_cors().bucket(bucket).send();
        send_setting(ctx, "removing CORS rules", bucket, FEATURE, call).await?;
        return Ok(());
    }
    let sdk_rules = rules.iter().map(to_sdk).collect::<Result<Vec<_>>>()?;
    let config = built(
        CorsConfiguration::builder()
            .set_cors_rules(Some(sdk_rules))
            .build(),
        "the CORS rules",
    )?;
    let call = client
        .put_bucket_cors()
        .bucket(bucket)
        .cors_configuration(config)
        .customize()
        .mutate_request(add_content_md5)
        .send();
    send_setting(ctx, "saving CORS rules", bucket, FEATURE, call).await?;
    Ok(())
}

fn to_sdk(r: &CorsRule) -> Result<SdkRule> {
    let max_age = r.max_age_seconds.and_then(|s| i32::try_from(s).ok());
    built(
        SdkRule::builder()
            .set_id(r.id.clone())
            .set_allowed_origins(Some(r.allowed_origins.clone()))
            .set_allowed_methods(Some(r.allowed_methods.clone()))
            .set_allowed_headers(Some(r.allowed_headers.clone()))
            .set_expose_headers(Some(r.expose_headers.clone()))
            .set_max_age_seconds(max_age)
            .build(),
        "a CORS rule",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(origins: &[&str], methods: &[&str]) -> CorsRule {
        CorsRule {
            allowed_origins: origins.iter().map(|s| (*s).to_owned()).collect(),
            allowed_methods: methods.iter().map(|s| (*s).to_owned()).collect(),
            ..CorsRule::default()
        }
    }

    #[test]
    fn rules_are_tidied() {
        let mut r = rule(&[" https://a.example ", ""], &["get", "Put"]);
        r.allowed_headers = vec!["*".into()];
        r.id = Some("  ".into());
        let tidy = validate(&[r]).expect("valid");
        assert_eq!(tidy[0].allowed_origins, ["https://a.example"]);
        assert_eq!(tidy[0].allowed_methods, ["GET", "PUT"]);
        assert_eq!(tidy[0].id, None);
    }

    #[test]
    fn problems_name_the_rule() {
        let ok = rule(&["*"], &["GET"]);
        let cases = [
            (rule(&[], &["GET"]), "at least one origin"),
            (rule(&["example.com"], &["GET"]), "is not an origin"),
            (
                rule(&["https://*.*.example.com"], &["GET"]),
                "is not an origin",
            ),
            (
                rule(&["https://a.example/path"], &["GET"]),
                "is not an origin",
            ),
            (rule(&["*"], &[]), "at least one method"),
            (rule(&["*"], &["FETCH"]), "\"FETCH\" is not a method"),
        ];
        for (bad, text) in cases {
            let err = validate(&[ok.clone(), bad]).expect_err(text).to_string();
            assert!(err.starts_with("CORS rule 2: "), "{err}");
            assert!(err.contains(text), "{err}");
        }
        let mut star_expose = ok.clone();
        star_expose.expose_headers = vec!["*".into()];
        assert!(validate(&[star_expose]).is_err());
        let mut bad_header = ok;
        bad_header.allowed_headers = vec!["Content Type".into()];
        assert!(validate(&[bad_header]).is_err());
    }
}
