//! Managing Spaces themselves, as the control panel's Spaces index and Settings tab do, plus
//! what Spaces offers only through its API: create and destroy, storage usage, file listing
//! permission, CORS, lifecycle rules, versioning and a file's versions, bucket policy and
//! access logging. One file per area; every request goes through the shared scheduler.

pub mod cors;
pub mod create;
pub mod destroy;
pub mod endpoints;
pub mod lifecycle;
pub mod listing;
pub mod logging;
pub mod names;
pub mod policy;
pub mod usage;
mod version_list;
pub mod versioning;
pub mod versions;

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_types::error::operation::BuildError;

use crate::error::{Error, Result};
use crate::objects::Ctx;

/// How errors name a Space.
pub(crate) fn space(bucket: &str) -> String {
    format!("the Space \"{bucket}\"")
}

/// An SDK builder's complaint is our bug, not the user's input (that is checked before).
pub(crate) fn built<T>(result: std::result::Result<T, BuildError>, what: &str) -> Result<T> {
    result.map_err(|e| Error::Internal(format!("Could not build {what}: {e}.")))
}

/// Send a request about one of a Space's settings. A server without the feature answers
/// NotImplemented: the error then names the feature.
pub(crate) async fn send_setting<T, E>(
    ctx: Ctx<'_>,
    doing: &str,
    bucket: &str,
    feature: &str,
    call: impl Future<Output = std::result::Result<T, SdkError<E, HttpResponse>>>,
) -> Result<T>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let call = Box::pin(call);
    match ctx.send(doing, &space(bucket), 0, call).await {
        Err(Error::Unsupported(_)) => Err(Error::Unsupported(format!(
            "This server does not support {feature}. DigitalOcean Spaces does; other S3-compatible servers may not."
        ))),
        other => other,
    }
}

/// A GET of a setting the Space may not have: the server's `absent` code (e.g.
/// NoSuchCORSConfiguration) means "none set", which is `Ok(None)`, not an error.
pub(crate) async fn optional<T, E>(
    ctx: Ctx<'_>,
    doing: &str,
    bucket: &str,
    feature: &str,
    absent: &str,
    call: impl Future<Output = std::result::Result<T, SdkError<E, HttpResponse>>>,
) -> Result<Option<T>>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let call = Box::pin(call);
    let call = async {
        match call.await {
            Ok(out) => Ok(Some(out)),
            Err(SdkError::ServiceError(e)) if e.err().code() == Some(absent) => Ok(None),
            Err(e) => Err(e),
        }
    };
    send_setting(ctx, doing, bucket, feature, call).await
}

/// One refusal a caller words for itself (the shared map's sentence is neutral): the
/// server's code, or for a bodiless answer (HEAD) its HTTP status.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Refusal {
    pub code: &'static str,
    pub status: u16,
}

/// `call`, noting in `seen` whether the server answered with `refusal`.
pub(crate) async fn watch_for<T, E>(
    refusal: Refusal,
    seen: &AtomicBool,
    call: impl Future<Output = std::result::Result<T, SdkError<E, HttpResponse>>>,
) -> std::result::Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata,
{
    let out = call.await;
    if let Err(SdkError::ServiceError(e)) = &out {
        let hit = match e.err().code().filter(|c| !c.is_empty()) {
            Some(code) => code == refusal.code,
            None => e.raw().status().as_u16() == refusal.status,
        };
        seen.store(hit, Ordering::Relaxed);
    }
    out
}

/// The error, in the caller's words when it was the watched refusal (its kind kept).
pub(crate) fn worded<T>(
    result: Result<T>,
    seen: &AtomicBool,
    sentence: impl FnOnce() -> String,
) -> Result<T> {
    match result {
        Err(e) if seen.load(Ordering::Relaxed) => Err(e.reworded(sentence())),
        other => other,
    }
}
