//! Incomplete multipart uploads that no journal knows about (from a crash before the
//! journal was written, another machine, or another tool). They are billed as storage until
//! aborted, so they can be listed and aborted.

use std::collections::BTreeSet;

use super::journal::Pending;
use super::Env;
use crate::error::Result;
use crate::model::LeftoverUpload;
use crate::s3_error::map_sdk_error;

/// Every incomplete multipart upload in `bucket` that this machine's journal does not hold
/// (those are offered for resuming instead).
pub async fn find_leftovers(env: Env<'_>, bucket: &str) -> Result<Vec<LeftoverUpload>> {
    let known = journalled_upload_ids(env);
    let client = env.s3.for_bucket(bucket);
    let what = format!("the unfinished uploads of the Space \"{bucket}\"");
    let mut found = Vec::new();
    let (mut key_marker, mut id_marker) = (None::<String>, None::<String>);
    loop {
        let page = env
            .sched
            .run(env.s3.lane(), &format!("listing {what}"), 0, async {
                client
                    .list_multipart_uploads()
                    .bucket(bucket)
                    .set_key_marker(key_marker.clone())
                    .set_upload_id_marker(id_marker.clone())
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, &what))
            })
            .await?;
        for u in page.uploads() {
            let (Some(key), Some(id)) = (u.key(), u.upload_id()) else {
                continue;
            };
            if known.contains(id) {
                continue;
            }
            found.push(LeftoverUpload {
                bucket: bucket.to_owned(),
                key: key.to_owned(),
                upload_id: id.to_owned(),
                initiated: u.initiated().map(|t| t.to_string()),
                size: parts_size(env, bucket, key, id).await,
            });
        }
        let truncated = page.is_truncated().unwrap_or(false);
        let next = (page.next_key_marker(), page.next_upload_id_marker());
        match next {
            (Some(k), id) if truncated => {
                key_marker = Some(k.to_owned());
                id_marker = id.map(str::to_owned);
            }
            _ => return Ok(found),
        }
    }
}

fn journalled_upload_ids(env: Env<'_>) -> BTreeSet<String> {
    env.journal
        .map(|j| {
            j.pending()
                .into_iter()
                .filter_map(|p| match p {
                    Pending::Upload(r) => Some(r.header.upload_id),
                    Pending::Download(_) => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The bytes an upload's parts hold (what it costs); 0 when the server will not say.
async fn parts_size(env: Env<'_>, bucket: &str, key: &str, upload_id: &str) -> u64 {
    let client = env.s3.for_bucket(bucket);
    let mut total = 0u64;
    let mut marker: Option<String> = None;
    loop {
        let page = env
            .sched
            .run(
                env.s3.lane(),
                "listing the parts of an unfinished upload",
                0,
                async {
                    client
                        .list_parts()
                        .bucket(bucket)
                        .key(key)
                        .upload_id(upload_id)
                        .set_part_number_marker(marker.clone())
                        .send()
                        .await
                        .map_err(|e| map_sdk_error(e, key))
                },
            )
            .await;
        let Ok(page) = page else {
            return total;
        };
        total += page
            .parts()
            .iter()
            .filter_map(|p| p.size())
            .map(|s| u64::try_from(s).unwrap_or(0))
            .sum::<u64>();
        match page
            .next_part_number_marker()
            .filter(|_| page.is_truncated().unwrap_or(false))
        {
            Some(next) => marker = Some(next.to_owned()),
            None => return total,
        }
    }
}

/// Abort one leftover upload; its parts are deleted and no longer billed.
pub async fn abort_leftover(env: Env<'_>, upload: &LeftoverUpload) -> Result<()> {
    let what = format!("the unfinished upload of \"{}\"", upload.key);
    env.sched
        .run(env.s3.lane(), &format!("cancelling {what}"), 0, async {
            env.s3
                .for_bucket(&upload.bucket)
                .abort_multipart_upload()
                .bucket(&upload.bucket)
                .key(&upload.key)
                .upload_id(&upload.upload_id)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, &what))
        })
        .await
        .map(|_| ())
        // Already gone (aborted or completed elsewhere) is what was asked for.
        .or_else(|e| match e.kind() {
            crate::error::ErrorKind::NotFound => Ok(()),
            _ => Err(e),
        })
}
