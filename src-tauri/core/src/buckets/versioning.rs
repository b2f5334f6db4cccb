//! Versioning: off (never turned on), on, or suspended. Once on, S3 can only suspend it:
//! versions already kept stay until deleted.

use std::sync::atomic::AtomicBool;

use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{send_setting, watch_for, worded, Refusal};
use crate::error::{Error, Result};
use crate::objects::Ctx;

const FEATURE: &str = "versioning";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Versioning {
    /// Never turned on.
    Off,
    Enabled,
    Suspended,
}

#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn get_versioning(ctx: Ctx<'_>, bucket: &str) -> Result<Versioning> {
    let request = ctx
        .s3
        .for_bucket(bucket)
        .get_bucket_versioning()
        .bucket(bucket);
    let call = async {
        match request.send().await {
            Ok(out) => Ok(out.status().cloned()),
            // moto names the document's root GetBucketVersioningResponse, not
            // VersioningConfiguration, and the SDK refuses it: read the status ourselves.
            Err(SdkError::ServiceError(e)) if e.raw().status().as_u16() == 200 => {
                Ok(status_in(e.raw().body().bytes()))
            }
            Err(e) => Err(e),
        }
    };
    let status = send_setting(ctx, "reading versioning", bucket, FEATURE, call).await?;
    Ok(match status {
        Some(BucketVersioningStatus::Enabled) => Versioning::Enabled,
        Some(BucketVersioningStatus::Suspended) => Versioning::Suspended,
        _ => Versioning::Off,
    })
}

/// The `<Status>` of a versioning document the SDK could not parse; none means never on.
fn status_in(body: Option<&[u8]>) -> Option<BucketVersioningStatus> {
    let text = std::str::from_utf8(body?).ok()?;
    let (_, rest) = text.split_once("<Status>")?;
    let (status, _) = rest.split_once("</Status>")?;
    Some(BucketVersioningStatus::from(status.trim()))
}

#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn set_versioning(ctx: Ctx<'_>, bucket: &str, to: Versioning) -> Result<()> {
    let status = match to {
        Versioning::Enabled => BucketVersioningStatus::Enabled,
        Versioning::Suspended => BucketVersioningStatus::Suspended,
        Versioning::Off => {
            return Err(Error::InvalidInput(
                "Versioning cannot be turned off, only suspended: choose Suspended. Versions already kept stay until deleted."
                    .into(),
            ))
        }
    };
    let config = VersioningConfiguration::builder().status(status).build();
    let call = ctx
        .s3
        .for_bucket(bucket)
        .put_bucket_versioning()
        .bucket(bucket)
        .versioning_configuration(config)
        .send();
    let refusal = Refusal {
        code: "InvalidBucketState",
        status: 409,
    };
    let seen = AtomicBool::new(false);
    let call = watch_for(refusal, &seen, call);
    let sent = send_setting(ctx, "changing versioning", bucket, FEATURE, call).await;
    worded(sent, &seen, || {
        format!(
            "The Space \"{bucket}\" cannot change its versioning that way (once on, versioning can only be suspended; a Space with object lock keeps it on)."
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_of_an_unexpected_document() {
        let moto = br#"<?xml version="1.0"?><GetBucketVersioningResponse xmlns="x"><Status>Suspended</Status></GetBucketVersioningResponse>"#;
        assert_eq!(
            status_in(Some(moto)),
            Some(BucketVersioningStatus::Suspended)
        );
        assert_eq!(status_in(Some(b"<GetBucketVersioningResponse/>")), None);
        assert_eq!(status_in(None), None);
    }
}
