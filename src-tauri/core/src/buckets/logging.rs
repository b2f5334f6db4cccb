//! Access logging: the Space whose log files record each request, and a prefix for them.
//! The target must exist, be the same owner's and (on AWS-like servers, moto included)
//! allow log delivery; the server says so otherwise.

use aws_sdk_s3::types::{BucketLoggingStatus, LoggingEnabled};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{built, send_setting};
use crate::error::{Error, Result};
use crate::objects::Ctx;

const FEATURE: &str = "access logging";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct AccessLogging {
    /// The Space the logs are written to.
    pub target_bucket: String,
    /// e.g. "logs/"; may be empty.
    #[serde(default)]
    pub target_prefix: String,
}

/// Where the Space's access logs go; `None` when logging is off.
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn get_logging(ctx: Ctx<'_>, bucket: &str) -> Result<Option<AccessLogging>> {
    Ok(read_logging(ctx, bucket).await?.map(|l| AccessLogging {
        target_bucket: l.target_bucket().to_owned(),
        target_prefix: l.target_prefix().to_owned(),
    }))
}

async fn read_logging(ctx: Ctx<'_>, bucket: &str) -> Result<Option<LoggingEnabled>> {
    let call = ctx
        .s3
        .for_bucket(bucket)
        .get_bucket_logging()
        .bucket(bucket)
        .send();
    let out = send_setting(ctx, "reading access logging", bucket, FEATURE, call).await?;
    Ok(out.logging_enabled)
}

/// Turn logging on to `target`, or off with `None`. Who else may read the logs (the target
/// grants, which Spaceport does not edit) is kept as the server has it.
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn set_logging(ctx: Ctx<'_>, bucket: &str, target: Option<&AccessLogging>) -> Result<()> {
    let enabled = match target {
        Some(t) => {
            let mut enabled = logging_enabled(t)?;
            let now = read_logging(ctx, bucket).await?;
            enabled.target_grants = now.and_then(|l| l.target_grants).filter(|g| !g.is_empty());
            Some(enabled)
        }
        None => None,
    };
    let status = BucketLoggingStatus::builder()
        .set_logging_enabled(enabled)
        .build();
    let call = ctx
        .s3
        .for_bucket(bucket)
        .put_bucket_logging()
        .bucket(bucket)
        .bucket_logging_status(status)
        .send();
    send_setting(ctx, "changing access logging", bucket, FEATURE, call).await?;
    Ok(())
}

fn logging_enabled(t: &AccessLogging) -> Result<LoggingEnabled> {
    let target = t.target_bucket.trim();
    if target.is_empty() {
        return Err(Error::InvalidInput(
            "Name the Space the access logs are written to.".into(),
        ));
    }
    crate::names::validate_space_name(target)?;
    built(
        LoggingEnabled::builder()
            .target_bucket(target)
            .target_prefix(t.target_prefix.trim())
            .build(),
        "the logging settings",
    )
}
