//! The bucket policy, a JSON document. It is checked here before it is sent (well-formed
//! JSON, a Statement with Effect, Action and Resource), since some servers store whatever
//! they are given; an empty policy removes it.

use serde_json::Value;

use super::{optional, send_setting};
use crate::error::{Error, Result};
use crate::objects::Ctx;

const FEATURE: &str = "bucket policies";

/// What is wrong with the policy, if anything. It is sent as the user wrote it.
pub fn validate(text: &str) -> Result<()> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        Error::InvalidInput(format!(
            "The policy is not valid JSON: {e} (line {}, column {}).",
            e.line(),
            e.column()
        ))
    })?;
    let Some(obj) = doc.as_object() else {
        return Err(invalid("it must be a JSON object, { ... }"));
    };
    if let Some(v) = obj.get("Version") {
        if !matches!(v.as_str(), Some("2012-10-17" | "2008-10-17")) {
            return Err(invalid("\"Version\" must be \"2012-10-17\""));
        }
    }
    let statements = match obj.get("Statement") {
        Some(Value::Array(list)) if !list.is_empty() => list.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => {
            return Err(invalid(
                "it needs a \"Statement\": one statement or a list of them",
            ))
        }
    };
    for (i, s) in statements.iter().enumerate() {
        check_statement(s).map_err(|p| invalid(&format!("statement {}: {p}", i + 1)))?;
    }
    Ok(())
}

fn invalid(problem: &str) -> Error {
    Error::InvalidInput(format!("The policy is not valid: {problem}."))
}

fn check_statement(s: &Value) -> std::result::Result<(), String> {
    let Some(s) = s.as_object() else {
        return Err("a statement is a JSON object".into());
    };
    if !matches!(
        s.get("Effect").and_then(Value::as_str),
        Some("Allow" | "Deny")
    ) {
        return Err("\"Effect\" must be \"Allow\" or \"Deny\"".into());
    }
    let has = |a: &str, b: &str| s.contains_key(a) || s.contains_key(b);
    if !has("Action", "NotAction") {
        return Err("it needs an \"Action\", such as \"s3:GetObject\"".into());
    }
    if !has("Resource", "NotResource") {
        return Err("it needs a \"Resource\", such as \"arn:aws:s3:::my-space/*\"".into());
    }
    Ok(())
}

/// The Space's policy, pretty-printed; `None` when it has none.
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn get_policy(ctx: Ctx<'_>, bucket: &str) -> Result<Option<String>> {
    let call = ctx
        .s3
        .for_bucket(bucket)
        .get_bucket_policy()
        .bucket(bucket)
        .send();
    let out = optional(
        ctx,
        "reading the bucket policy",
        bucket,
        FEATURE,
        "NoSuchBucketPolicy",
        call,
    )
    .await?;
    Ok(out.and_then(|o| o.policy().map(pretty)))
}

fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| text.to_owned())
}

/// Replace the policy; `None` (or blank text) removes it.
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn set_policy(ctx: Ctx<'_>, bucket: &str, policy: Option<&str>) -> Result<()> {
    let client = ctx.s3.for_bucket(bucket);
    let policy = policy.map(str::trim).filter(|p| !p.is_empty());
    match policy {
        None => {
            let call = client.delete_bucket_policy().bucket(bucket).send();
            send_setting(ctx, "removing the bucket policy", bucket, FEATURE, call).await?;
        }
        Some(text) => {
            validate(text)?;
            let call = client
                .put_bucket_policy()
                .bucket(bucket)
                .policy(text)
                .send();
            send_setting(ctx, "saving the bucket policy", bucket, FEATURE, call).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"}]}"#;

    #[test]
    fn a_good_policy_passes() {
        assert!(validate(GOOD).is_ok());
        let one_statement =
            r#"{"Statement":{"Effect":"Deny","NotAction":"s3:*","NotResource":"*"}}"#;
        assert!(validate(one_statement).is_ok());
    }

    #[test]
    fn problems_are_precise() {
        let says = |text: &str, what: &str| {
            let err = validate(text).expect_err(what).to_string();
            assert!(err.contains(what), "{text}: {err}");
        };
        says("{\"Statement\": [", "not valid JSON");
        says("{\"Statement\": [\n{]", "line 2");
        says("[]", "JSON object");
        says("{\"Version\":\"2020-01-01\",\"Statement\":[]}", "Version");
        says("{\"Statement\":[]}", "needs a \"Statement\"");
        says(
            r#"{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}"#,
            "statement 1: \"Effect\"",
        );
        says(
            r#"{"Statement":{"Effect":"Deny","Resource":"*"}}"#,
            "needs an \"Action\"",
        );
        says(
            r#"{"Statement":[{"Effect":"Deny","Action":"s3:*"}]}"#,
            "needs a \"Resource\"",
        );
    }
}
