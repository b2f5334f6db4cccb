//! Lifecycle rules, the forms Spaces supports: under a prefix, expire objects N days after
//! they were written, abort multipart uploads left unfinished for N days, and remove older
//! versions N days after they stopped being current. A rule read with parts beyond these
//! (transitions, tag filters, dates) is shown with them named and saved back as the server
//! has it, except for its Enabled status, which the user may toggle.

use std::collections::HashMap;

use aws_sdk_s3::types::{
    AbortIncompleteMultipartUpload, BucketLifecycleConfiguration, ExpirationStatus,
    LifecycleExpiration, LifecycleRule as SdkRule, LifecycleRuleFilter,
    NoncurrentVersionExpiration,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{built, optional, send_setting};
use crate::error::{Error, Result};
use crate::objects::delete::add_content_md5;
use crate::objects::Ctx;

const MAX_RULES: usize = 1000;
const FEATURE: &str = "lifecycle rules";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[ts(export)]
pub struct LifecycleRule {
    /// Empty: the server names it.
    pub id: String,
    pub enabled: bool,
    /// Keys the rule applies to; "" for the whole Space.
    pub prefix: String,
    /// Delete objects this many days after they were written.
    pub expire_days: Option<u32>,
    /// Abort multipart uploads left unfinished this many days.
    pub abort_incomplete_upload_days: Option<u32>,
    /// With versioning: delete older versions this many days after they stopped being current.
    pub noncurrent_expire_days: Option<u32>,
    /// What else the rule holds that Spaceport does not edit ("transitions", "tag filter",
    /// ...). Such a rule is saved back as the server has it, with only `enabled` applied.
    pub other_parts: Vec<String>,
}

/// The rules tidied, or the first problem, named by the rule's number.
pub fn validate(rules: &[LifecycleRule]) -> Result<Vec<LifecycleRule>> {
    if rules.len() > MAX_RULES {
        return Err(Error::InvalidInput(format!(
            "A Space has at most {MAX_RULES} lifecycle rules."
        )));
    }
    let mut seen = HashMap::new();
    let mut tidy = Vec::with_capacity(rules.len());
    for (i, rule) in rules.iter().enumerate() {
        let n = i + 1;
        let rule = validate_rule(rule)
            .map_err(|p| Error::InvalidInput(format!("Lifecycle rule {n}: {p}")))?;
        if !rule.id.is_empty() {
            if let Some(first) = seen.insert(rule.id.clone(), n) {
                return Err(Error::InvalidInput(format!(
                    "Lifecycle rules {first} and {n} have the same ID \"{}\": each needs its own.",
                    rule.id
                )));
            }
        }
        tidy.push(rule);
    }
    Ok(tidy)
}

fn validate_rule(rule: &LifecycleRule) -> std::result::Result<LifecycleRule, String> {
    let mut rule = rule.clone();
    rule.id = rule.id.trim().to_owned();
    if rule.id.len() > 255 {
        return Err("the ID has at most 255 characters.".into());
    }
    if !rule.other_parts.is_empty() {
        return Ok(rule);
    }
    let days = [
        rule.expire_days,
        rule.abort_incomplete_upload_days,
        rule.noncurrent_expire_days,
    ];
    if days.iter().all(Option::is_none) {
        return Err("say what it does: expire objects, abort unfinished uploads, or remove older versions, after a number of days.".into());
    }
    if days
        .iter()
        .flatten()
        .any(|&d| d == 0 || i32::try_from(d).is_err())
    {
        return Err("a number of days is a whole number from 1.".into());
    }
    Ok(rule)
}

#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn get_lifecycle(ctx: Ctx<'_>, bucket: &str) -> Result<Vec<LifecycleRule>> {
    Ok(server_rules(ctx, bucket)
        .await?
        .iter()
        .map(from_sdk)
        .collect())
}

async fn server_rules(ctx: Ctx<'_>, bucket: &str) -> Result<Vec<SdkRule>> {
    let call = ctx
        .s3
        .for_bucket(bucket)
        .get_bucket_lifecycle_configuration()
        .bucket(bucket)
        .send();
    let out = optional(
        ctx,
        "reading lifecycle rules",
        bucket,
        FEATURE,
        "NoSuchLifecycleConfiguration",
        call,
    )
    .await?;
    Ok(out.map(|o| o.rules().to_vec()).unwrap_or_default())
}

fn days(d: Option<i32>) -> Option<u32> {
    d.and_then(|d| u32::try_from(d).ok())
}

// `prefix` on the rule is deprecated in S3, but older servers still answer with it.
#[allow(deprecated)]
fn from_sdk(r: &SdkRule) -> LifecycleRule {
    let filter = r.filter();
    LifecycleRule {
        id: r.id().unwrap_or_default().to_owned(),
        enabled: r.status() == &ExpirationStatus::Enabled,
        // Older servers put the prefix on the rule itself instead of in a filter.
        prefix: filter
            .and_then(LifecycleRuleFilter::prefix)
            .or(r.prefix())
            .unwrap_or_default()
            .to_owned(),
        expire_days: days(r.expiration().and_then(LifecycleExpiration::days)),
        abort_incomplete_upload_days: days(
            r.abort_incomplete_multipart_upload()
                .and_then(AbortIncompleteMultipartUpload::days_after_initiation),
        ),
        noncurrent_expire_days: days(
            r.noncurrent_version_expiration()
                .and_then(NoncurrentVersionExpiration::noncurrent_days),
        ),
        other_parts: other_parts(r),
    }
}

/// The parts of a rule this model cannot show.
fn other_parts(r: &SdkRule) -> Vec<String> {
    let filter = r.filter();
    let expiration = r.expiration();
    let noncurrent = r.noncurrent_version_expiration();
    [
        (!r.transitions().is_empty(), "transitions"),
        (
            !r.noncurrent_version_transitions().is_empty(),
            "older-version transitions",
        ),
        (
            filter.is_some_and(|f| f.tag().is_some() || f.and().is_some()),
            "tag filter",
        ),
        (
            filter.is_some_and(|f| {
                f.object_size_greater_than().is_some() || f.object_size_less_than().is_some()
            }),
            "size filter",
        ),
        (
            expiration.is_some_and(|e| e.date().is_some()),
            "expiry date",
        ),
        (
            expiration.is_some_and(|e| e.expired_object_delete_marker().is_some()),
            "delete marker clean-up",
        ),
        (
            noncurrent.is_some_and(|n| n.newer_noncurrent_versions().is_some()),
            "versions to keep",
        ),
    ]
    .into_iter()
    .filter(|(present, _)| *present)
    .map(|(_, name)| name.to_owned())
    .collect()
}

/// Replace the Space's lifecycle rules; none removes them all.
#[tracing::instrument(skip_all, fields(bucket = %bucket, rules = rules.len()), err)]
pub async fn set_lifecycle(ctx: Ctx<'_>, bucket: &str, rules: &[LifecycleRule]) -> Result<()> {
    let rules = validate(rules)?;
    let client = ctx.s3.for_bucket(bucket);
    if rules.is_empty() {
        let call = client.delete_bucket_lifecycle().bucket(bucket).send();
        send_setting(ctx, "removing lifecycle rules", bucket, FEATURE, call).await?;
        return Ok(());
    }
    let kept = kept_rules(ctx, bucket, &rules).await?;
    let sdk_rules = rules
        .iter()
        .map(|r| match kept.get(&r.id) {
            // Kept as the server has it, but Enabled is the one part the user may toggle.
            Some(server_rule) if !r.other_parts.is_empty() => {
                let mut kept = server_rule.clone();
                kept.status = status(r.enabled);
                Ok(kept)
            }
            _ => to_sdk(r),
        })
        .collect::<Result<Vec<_>>>()?;
    let config = built(
        BucketLifecycleConfiguration::builder()
            .set_rules(Some(sdk_rules))
            .build(),
        "the lifecycle rules",
    )?;
    let call = client
        .put_bucket_lifecycle_configuration()
        .bucket(bucket)
        .lifecycle_configuration(config)
        .customize()
        .mutate_request(add_content_md5)
        .send();
    send_setting(ctx, "saving lifecycle rules", bucket, FEATURE, call).await?;
    Ok(())
}

/// The server's rules that are saved back as they are (but for Enabled), by ID.
async fn kept_rules(
    ctx: Ctx<'_>,
    bucket: &str,
    rules: &[LifecycleRule],
) -> Result<HashMap<String, SdkRule>> {
    let wanted: Vec<&LifecycleRule> = rules.iter().filter(|r| !r.other_parts.is_empty()).collect();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let on_server: HashMap<String, SdkRule> = server_rules(ctx, bucket)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.id()?.to_owned(), r)))
        .collect();
    if let Some(gone) = wanted.iter().find(|r| !on_server.contains_key(&r.id)) {
        return Err(Error::Conflict(format!(
            "The lifecycle rule \"{}\" changed on the server meanwhile. Reload the rules and try again.",
            gone.id
        )));
    }
    Ok(on_server)
}

fn status(enabled: bool) -> ExpirationStatus {
    if enabled {
        ExpirationStatus::Enabled
    } else {
        ExpirationStatus::Disabled
    }
}

fn to_sdk(r: &LifecycleRule) -> Result<SdkRule> {
    let as_i32 = |d: Option<u32>| d.and_then(|d| i32::try_from(d).ok());
    let rule = SdkRule::builder()
        .set_id(Some(r.id.clone()).filter(|id| !id.is_empty()))
        .status(status(r.enabled))
        .filter(LifecycleRuleFilter::builder().prefix(&r.prefix).build())
        .set_expiration(
            as_i32(r.expire_days).map(|d| LifecycleExpiration::builder().days(d).build()),
        )
        .set_abort_incomplete_multipart_upload(as_i32(r.abort_incomplete_upload_days).map(|d| {
            AbortIncompleteMultipartUpload::builder()
                .days_after_initiation(d)
                .build()
        }))
        .set_noncurrent_version_expiration(as_i32(r.noncurrent_expire_days).map(|d| {
            NoncurrentVersionExpiration::builder()
                .noncurrent_days(d)
                .build()
        }));
    built(rule.build(), "a lifecycle rule")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expire(id: &str, days: u32) -> LifecycleRule {
        LifecycleRule {
            id: id.into(),
            enabled: true,
            prefix: "tmp/".into(),
            expire_days: Some(days),
            ..LifecycleRule::default()
        }
    }

    #[test]
    fn problems_name_the_rule() {
        let err = |rules: &[LifecycleRule]| validate(rules).expect_err("invalid").to_string();
        assert!(err(&[expire("a", 1), expire("b", 0)])
            .starts_with("Lifecycle rule 2: a number of days"));
        let nothing = LifecycleRule {
            id: "x".into(),
            ..LifecycleRule::default()
        };
        assert!(err(&[nothing]).contains("say what it does"));
        assert!(
            err(&[expire("same", 1), expire("same", 2)]).contains("rules 1 and 2 have the same ID")
        );
        assert_eq!(validate(&[expire(" a ", 3)]).expect("ok")[0].id, "a");
    }

    #[test]
    fn round_trip_through_the_sdk_shape() {
        let rule = LifecycleRule {
            abort_incomplete_upload_days: Some(2),
            noncurrent_expire_days: Some(30),
            ..expire("tmp", 7)
        };
        let back = from_sdk(&to_sdk(&rule).expect("sdk"));
        assert_eq!(back, rule);
    }

    #[test]
    fn other_parts_are_named() {
        let sdk = SdkRule::builder()
            .id("t")
            .status(ExpirationStatus::Enabled)
            .expiration(
                LifecycleExpiration::builder()
                    .expired_object_delete_marker(true)
                    .build(),
            )
            .build()
            .expect("rule");
        assert_eq!(from_sdk(&sdk).other_parts, ["delete marker clean-up"]);
    }
}
