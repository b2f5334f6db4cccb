//! Deleting keys: DeleteObjects, 1,000 keys a call, several calls at once. A key the server
//! refuses is reported with its reason; the rest of its batch still goes.

use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use futures::stream::{self, StreamExt};
use tokio_util::sync::CancellationToken;

use super::bulk::Throttle;
use super::selection::{all_keys, expand};
use super::{Ctx, KeyFailure, OnProgress, OpPhase, OpProgress, OpReport};
use crate::error::{Error, Result};
use crate::s3_error::map_code;
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

/// Delete exactly these keys.
pub async fn delete_keys(
    ctx: Ctx<'_>,
    bucket: &str,
    keys: Vec<String>,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let total = keys.len() as u64;
    let throttle = Throttle::new(on_progress);
    let mut report = OpReport::default();
    let batches: Vec<Vec<String>> = keys.chunks(BATCH).map(<[String]>::to_vec).collect();
    let mut results = stream::iter(batches)
        .take_while(|_| futures::future::ready(!cancel.is_cancelled()))
        .map(|batch| delete_batch(ctx, bucket, batch))
        .buffer_unordered(BATCHES_AT_ONCE);
    while let Some(batch) = results.next().await {
        report.merge(batch);
        throttle.report(
            OpProgress {
                phase: OpPhase::Deleting,
                done: report.done,
                total,
                failed: report.failed.len() as u64,
            },
            false,
        );
    }
    report.cancelled = report.done + (report.failed.len() as u64) < total;
    throttle.report(
        OpProgress {
            phase: OpPhase::Deleting,
            done: report.done,
            total,
            failed: report.failed.len() as u64,
        },
        true,
    );
    Ok(report)
}

/// One DeleteObjects call. A failed call fails every key in it, each listed.
async fn delete_batch(ctx: Ctx<'_>, bucket: &str, keys: Vec<String>) -> OpReport {
    match send_batch(ctx, bucket, &keys).await {
        Ok(failed) => OpReport {
            done: (keys.len() - failed.len()) as u64,
            failed,
            ..OpReport::default()
        },
        Err(e) => OpReport {
            failed: keys
                .into_iter()
                .map(|key| KeyFailure {
                    key,
                    message: e.to_string(),
                })
                .collect(),
            ..OpReport::default()
        },
    }
}

async fn send_batch(ctx: Ctx<'_>, bucket: &str, keys: &[String]) -> Result<Vec<KeyFailure>> {
    let objects = keys
        .iter()
        .map(|k| ObjectIdentifier::builder().key(k).build())
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
        // Ceph RGW (Spaces) requires Content-MD5 on DeleteObjects; current SDKs send a CRC.
        .mutate_request(|req| {
            if let Some(body) = req.body().bytes() {
                let digest = content_md5(&md5(body));
                req.headers_mut().insert("Content-MD5", digest);
            }
        })
        .send();
    let out = ctx.send("deleting files", &what, 0, call).await?;
    Ok(out
        .errors()
        .iter()
        .map(|e| {
            let key = e.key().unwrap_or_default().to_owned();
            let reason = map_code(e.code(), 0, &format!("\"{key}\"")).to_string();
            KeyFailure {
                key,
                message: reason,
            }
        })
        .collect())
}
