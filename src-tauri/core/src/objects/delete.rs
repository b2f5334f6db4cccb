//! Deleting keys (or exact versions of keys): DeleteObjects, 1,000 a call, several calls at
//! once. A key the server refuses is reported with its reason; the rest of its batch still goes.

use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use futures::stream::{self, StreamExt};
use tokio_util::sync::CancellationToken;

use super::bulk::Throttle;
use super::selection::{all_keys, expand};
use super::{Ctx, KeyFailure, OnProgress, OpPhase, OpProgress, OpReport};
use crate::error::{Error, Result};
use crate::s3_error::map_key_error;
use crate::transfer::integrity::{content_md5, md5};

/// DeleteObjects' limit.
pub const BATCH: usize = 1000;
const BATCHES_AT_ONCE: usize = 4;

/// Delete the selected files and folders (every key under each folder).
#[tracing::instrument(skip_all, fields(bucket, items = items.len()), err)]
pub async fn delete_items(
    ctx: Ctx<'_>,
    bucket: &str,
    items: &[String],
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let expanded = expand(ctx.s3, bucket, items, cancel, on_progress).await?;
    let keys: Vec<String> = all_keys(&expanded).into_iter().map(|k| k.key).collect();
    delete_keys(ctx, bucket, keys, cancel, on_progress).await
}

/// One object to delete: a key's current version (`version_id` None; under versioning that
/// leaves a delete marker), or exactly one version or delete marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doomed {
    pub key: String,
    pub version_id: Option<String>,
}

impl Doomed {
    /// How a failure names it: the key, and the version when there is one.
    fn label(&self) -> String {
        match &self.version_id {
            Some(v) => format!("{} (version {v})", self.key),
            None => self.key.clone(),
        }
    }
}

/// Delete exactly these keys.
pub async fn delete_keys(
    ctx: Ctx<'_>,
    bucket: &str,
    keys: Vec<String>,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let doomed = keys
        .into_iter()
        .map(|key| Doomed {
            key,
            version_id: None,
        })
        .collect();
    delete_versions(ctx, bucket, doomed, cancel, on_progress).await
}

/// Delete exactly these objects or versions.
pub async fn delete_versions(
    ctx: Ctx<'_>,
    bucket: &str,
    doomed: Vec<Doomed>,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let total = doomed.len() as u64;
    let throttle = Throttle::new(on_progress);
    let mut report = OpReport::default();
    let batches: Vec<Vec<Doomed>> = doomed.chunks(BATCH).map(<[Doomed]>::to_vec).collect();
    let mut results = stream::iter(batches)
        .take_while(|_| futures::future::ready(!cancel.is_cancelled()))
        .map(|batch| delete_batch(ctx, bucket, batch))
        .buffer_unordered(BATCHES_AT_ONCE);
    while let Some(batch) = results.next().await {
        report.merge(batch);
        throttle.report(deleting(&report, total), false);
    }
    report.cancelled = report.done + (report.failed.len() as u64) < total;
    throttle.report(deleting(&report, total), true);
    Ok(report)
}

fn deleting(report: &OpReport, total: u64) -> OpProgress {
    OpProgress {
        phase: OpPhase::Deleting,
        done: report.done,
        total,
        failed: report.failed.len() as u64,
    }
}

/// One DeleteObjects call. A failed call fails every key in it, each listed.
async fn delete_batch(ctx: Ctx<'_>, bucket: &str, batch: Vec<Doomed>) -> OpReport {
    match send_batch(ctx, bucket, &batch).await {
        Ok(failed) => OpReport {
            done: (batch.len() - failed.len()) as u64,
            failed,
            ..OpReport::default()
        },
        Err(e) => OpReport {
            failed: batch
                .iter()
                .map(|d| KeyFailure {
                    key: d.label(),
                    message: e.to_string(),
                })
                .collect(),
            ..OpReport::default()
        },
    }
}

/// Ceph RGW (Spaces) requires Content-MD5 on DeleteObjects and on bucket settings written
/// as XML (CORS, lifecycle); current SDKs send a CRC instead.
pub fn add_content_md5(req: &mut HttpRequest) {
    if let Some(body) = req.body().bytes() {
        let digest = content_md5(&md5(body));
        req.headers_mut().insert("Content-MD5", digest);
    }
}

async fn send_batch(ctx: Ctx<'_>, bucket: &str, batch: &[Doomed]) -> Result<Vec<KeyFailure>> {
    let objects = batch
        .iter()
        .map(|d| {
            ObjectIdentifier::builder()
                .key(&d.key)
                .set_version_id(d.version_id.clone())
                .build()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Internal(format!("Could not build a delete request: {e}.")))?;
    let delete = Delete::builder()
        .set_objects(Some(objects))
        .quiet(true)
        .build()
        .map_err(|e| Error::Internal(format!("Could not build a delete request: {e}.")))?;
    let what = format!("files in the Space \"{bucket}\"");
    let call = ctx
        .s3
        .for_bucket(bucket)
        .delete_objects()
        .bucket(bucket)
        .delete(delete)
        .customize()
        .mutate_request(add_content_md5)
        .send();
    let out = ctx.send("deleting files", &what, 0, call).await?;
    Ok(out
        .errors()
        .iter()
        .map(|e| {
            let failed = Doomed {
                key: e.key().unwrap_or_default().to_owned(),
                version_id: e.version_id().map(str::to_owned),
            };
            let reason = map_key_error(e.code(), &format!("\"{}\"", failed.key)).to_string();
            KeyFailure {
                key: failed.label(),
                message: reason,
            }
        })
        .collect())
}
