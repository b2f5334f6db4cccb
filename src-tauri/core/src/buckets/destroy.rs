//! Destroying a Space. The server refuses a Space that holds anything, so "empty it first"
//! deletes every object, every older version and delete marker (DeleteObjects, 1,000 a call)
//! and aborts every unfinished multipart upload, with progress, then destroys the Space.

use aws_sdk_s3::operation::list_multipart_uploads::ListMultipartUploadsOutput;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::names::is_spaces;
use super::space;
use super::version_list::{for_each_version_page, Next, VersionListing};
use crate::error::{Error, Result};
use crate::model::Provider;
use crate::objects::bulk::{run_each, Outcome};
use crate::objects::delete::{delete_versions, Doomed};
use crate::objects::selection::keys_under;
use crate::objects::{Ctx, OnProgress, OpPhase, OpProgress, OpReport};

/// What the destroy dialog states before asking for the name, and what the user then
/// confirmed (handed back to destroy, which refuses to delete more than that).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpaceContents {
    /// Current files (and folder markers).
    #[ts(type = "number")]
    pub objects: u64,
    /// Bytes of the current files.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Versions kept by versioning besides the current ones.
    #[ts(type = "number")]
    pub older_versions: u64,
    #[ts(type = "number")]
    pub delete_markers: u64,
    /// Multipart uploads started and never finished.
    #[ts(type = "number")]
    pub uploads: u64,
}

impl SpaceContents {
    pub fn is_empty(&self) -> bool {
        self.items() == 0
    }

    /// Everything there is to delete or abort.
    pub fn items(&self) -> u64 {
        self.objects + self.older_versions + self.delete_markers + self.uploads
    }

    /// How many items of each kind this holds beyond `counted` (none when it holds less).
    pub fn beyond(&self, counted: &SpaceContents) -> u64 {
        [
            (self.objects, counted.objects),
            (self.older_versions, counted.older_versions),
            (self.delete_markers, counted.delete_markers),
            (self.uploads, counted.uploads),
        ]
        .iter()
        .map(|(now, then)| now.saturating_sub(*then))
        .sum()
    }
}

/// The outcome of a destroy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DestroyReport {
    /// What emptying deleted (nothing without `force`).
    pub emptied: OpReport,
    /// False when emptying was stopped or left something behind, or the server refused to
    /// destroy the emptied Space: the Space is still there.
    pub destroyed: bool,
    /// What the user should know after: on Spaces, the name stays reserved for a while; when
    /// an emptied Space could not be destroyed, what was deleted and why it is still there.
    pub note: Option<String>,
}

/// An unfinished multipart upload.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Upload {
    key: String,
    id: String,
}

/// Everything a Space holds, as listed.
#[derive(Debug, Default)]
struct Inventory {
    contents: SpaceContents,
    doomed: Vec<Doomed>,
    uploads: Vec<Upload>,
}

/// Count what the Space holds (the destroy dialog's numbers).
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn count_contents(
    ctx: Ctx<'_>,
    bucket: &str,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<SpaceContents> {
    Ok(inventory(ctx, bucket, cancel, on_progress).await?.contents)
}

/// Delete every object, version and delete marker, and abort every unfinished upload.
/// With `expected` (the count the user confirmed), a Space that holds more than that now is
/// left untouched: a Conflict, before anything is deleted.
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn empty_space(
    ctx: Ctx<'_>,
    bucket: &str,
    expected: Option<&SpaceContents>,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let inv = inventory(ctx, bucket, cancel, on_progress).await?;
    if let Some(counted) = expected {
        let more = inv.contents.beyond(counted);
        if more > 0 {
            let items = if more == 1 { "item" } else { "items" };
            return Err(Error::Conflict(format!(
                "The Space changed since it was counted: {more} more {items}. Count it again before destroying it."
            )));
        }
    }
    let deletes = inv.doomed.len() as u64;
    let total = deletes + inv.uploads.len() as u64;
    // One count from 0 to `total` over both steps, so the progress bar never jumps back.
    let shifted = |base: u64| {
        move |p: OpProgress| {
            on_progress(OpProgress {
                done: base + p.done,
                total,
                ..p
            })
        }
    };
    let mut report = delete_versions(ctx, bucket, inv.doomed, cancel, &shifted(0)).await?;
    let (aborts, _) = run_each(
        inv.uploads,
        OpPhase::Deleting,
        cancel,
        &shifted(deletes),
        |u: &Upload| format!("{} (unfinished upload)", u.key),
        |u| {
            let u = u.clone();
            async move { abort(ctx, bucket, &u).await }
        },
    )
    .await;
    report.merge(aborts);
    Ok(report)
}

/// Destroy the Space; with `force`, empty it first, deleting no more than `expected` (the
/// count the user confirmed; `None` deletes whatever is there). A Space that is not empty
/// (or not fully emptied) is left as it is. When the Space was emptied but the server then
/// refuses to destroy it, the report says what was deleted and that the Space is still there.
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn destroy_space(
    ctx: Ctx<'_>,
    provider: &Provider,
    bucket: &str,
    force: bool,
    expected: Option<&SpaceContents>,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<DestroyReport> {
    let emptied = if force {
        empty_space(ctx, bucket, expected, cancel, on_progress).await?
    } else {
        OpReport::default()
    };
    if emptied.cancelled || !emptied.failed.is_empty() {
        return Ok(DestroyReport {
            emptied,
            ..DestroyReport::default()
        });
    }
    let call = ctx
        .s3
        .for_bucket(bucket)
        .delete_bucket()
        .bucket(bucket)
        .send();
    match ctx
        .send("destroying the Space", &space(bucket), 0, call)
        .await
    {
        Err(e) if emptied.done > 0 => {
            return Ok(DestroyReport {
                note: Some(not_destroyed_note(bucket, emptied.done, &e)),
                emptied,
                destroyed: false,
            })
        }
        other => other?,
    };
    Ok(DestroyReport {
        emptied,
        destroyed: true,
        note: reserved_note(provider, bucket),
    })
}

/// Emptied, then not destroyed: what happened to each.
fn not_destroyed_note(bucket: &str, deleted: u64, why: &Error) -> String {
    let items = if deleted == 1 { "item" } else { "items" };
    format!(
        "The Space \"{bucket}\" was emptied ({deleted} {items} deleted), but the Space itself could not be destroyed and is still there: {why}"
    )
}

/// Spaces keeps a destroyed Space's name while the destruction is pending.
pub fn reserved_note(provider: &Provider, bucket: &str) -> Option<String> {
    is_spaces(provider).then(|| format!(
        "The Space \"{bucket}\" was destroyed. Its name stays reserved while DigitalOcean finishes the destruction (a week or more): no new Space can take it until then."
    ))
}

async fn inventory(
    ctx: Ctx<'_>,
    bucket: &str,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<Inventory> {
    let mut inv = match versions_inventory(ctx, bucket, cancel, on_progress).await {
        Err(Error::Unsupported(_)) => keys_inventory(ctx, bucket, cancel).await?,
        other => other?,
    };
    inv.uploads = uploads(ctx, bucket, cancel).await?;
    inv.contents.uploads = inv.uploads.len() as u64;
    Ok(inv)
}

/// Every version and delete marker (on a Space never versioned, each object's one version).
async fn versions_inventory(
    ctx: Ctx<'_>,
    bucket: &str,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<Inventory> {
    let mut inv = Inventory::default();
    let req = VersionListing {
        bucket,
        prefix: "",
        delimited: false,
    };
    for_each_version_page(ctx, &req, cancel, |page| {
        for v in page.versions() {
            let Some(key) = v.key() else { continue };
            if v.is_latest().unwrap_or(true) {
                inv.contents.objects += 1;
                inv.contents.bytes += v.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0);
            } else {
                inv.contents.older_versions += 1;
            }
            inv.doomed.push(doomed(key, v.version_id()));
        }
        for m in page.delete_markers() {
            let Some(key) = m.key() else { continue };
            inv.contents.delete_markers += 1;
            inv.doomed.push(doomed(key, m.version_id()));
        }
        on_progress(OpProgress {
            phase: OpPhase::Listing,
            done: inv.doomed.len() as u64,
            ..OpProgress::default()
        });
        Ok(Next::More)
    })
    .await?;
    Ok(inv)
}

fn doomed(key: &str, version_id: Option<&str>) -> Doomed {
    Doomed {
        key: key.to_owned(),
        version_id: version_id.map(str::to_owned),
    }
}

/// For servers without versions: the plain listing.
async fn keys_inventory(
    ctx: Ctx<'_>,
    bucket: &str,
    cancel: &CancellationToken,
) -> Result<Inventory> {
    let keys = keys_under(ctx.s3, bucket, "", cancel).await?;
    let mut inv = Inventory::default();
    inv.contents.objects = keys.len() as u64;
    inv.contents.bytes = keys.iter().filter_map(|k| k.size).sum();
    inv.doomed = keys.into_iter().map(|k| doomed(&k.key, None)).collect();
    Ok(inv)
}

/// Every unfinished multipart upload; a server without multipart listing has none to show.
async fn uploads(ctx: Ctx<'_>, bucket: &str, cancel: &CancellationToken) -> Result<Vec<Upload>> {
    let mut found = Vec::new();
    let mut markers: (Option<String>, Option<String>) = (None, None);
    loop {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let call = ctx
            .s3
            .for_bucket(bucket)
            .list_multipart_uploads()
            .bucket(bucket)
            .set_key_marker(markers.0.clone())
            .set_upload_id_marker(markers.1.clone())
            .send();
        let page = match ctx
            .send("listing unfinished uploads", &space(bucket), 0, call)
            .await
        {
            Err(Error::Unsupported(_)) => return Ok(found),
            other => other?,
        };
        found.extend(page.uploads().iter().filter_map(|u| {
            Some(Upload {
                key: u.key()?.to_owned(),
                id: u.upload_id()?.to_owned(),
            })
        }));
        if !page.is_truncated().unwrap_or(false) {
            return Ok(found);
        }
        markers = next_upload_markers(&page, &markers)?;
    }
}

/// The markers of the next page of uploads: as given, or (a truncated page without them)
/// after the page's last upload. One that would not advance is an error, not a quiet stop
/// that would leave uploads uncounted.
fn next_upload_markers(
    page: &ListMultipartUploadsOutput,
    current: &(Option<String>, Option<String>),
) -> Result<(Option<String>, Option<String>)> {
    let given = page.next_key_marker().filter(|k| !k.is_empty()).map(|k| {
        (
            Some(k.to_owned()),
            page.next_upload_id_marker().map(str::to_owned),
        )
    });
    let last = page
        .uploads()
        .last()
        .map(|u| (u.key().map(str::to_owned), u.upload_id().map(str::to_owned)));
    match given.or(last) {
        Some(next) if next.0.is_some() && next != *current => Ok(next),
        _ => Err(Error::Internal(
            "The server said the list of unfinished uploads continues but gave no way to continue."
                .into(),
        )),
    }
}

async fn abort(ctx: Ctx<'_>, bucket: &str, upload: &Upload) -> Result<Outcome> {
    let call = ctx
        .s3
        .for_bucket(bucket)
        .abort_multipart_upload()
        .bucket(bucket)
        .key(&upload.key)
        .upload_id(&upload.id)
        .send();
    let what = format!("the unfinished upload of \"{}\"", upload.key);
    ctx.send("aborting an unfinished upload", &what, 0, call)
        .await?;
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_spaces_reserve_names() {
        let spaces = Provider::DigitalOcean {
            region: "ams3".into(),
        };
        let note = reserved_note(&spaces, "old").expect("a note");
        assert!(note.contains("stays reserved"), "{note}");
        let other = Provider::S3Compatible {
            endpoint: "http://x".into(),
            region: "us-east-1".into(),
            path_style: true,
        };
        assert_eq!(reserved_note(&other, "old"), None);
    }

    #[test]
    fn uploads_continue_after_the_last_one_when_the_markers_are_missing() {
        let upload = |key: &str, id: &str| {
            aws_sdk_s3::types::MultipartUpload::builder()
                .key(key)
                .upload_id(id)
                .build()
        };
        let page = ListMultipartUploadsOutput::builder()
            .is_truncated(true)
            .uploads(upload("a", "1"))
            .uploads(upload("b", "2"))
            .build();
        let none = (None, None);
        let after_b = (Some("b".to_owned()), Some("2".to_owned()));
        assert_eq!(
            next_upload_markers(&page, &none).expect("advances"),
            after_b
        );
        assert!(next_upload_markers(&page, &after_b).is_err(), "no progress");
        let given = ListMultipartUploadsOutput::builder()
            .is_truncated(true)
            .next_key_marker("c")
            .next_upload_id_marker("3")
            .build();
        assert_eq!(
            next_upload_markers(&given, &none).expect("given"),
            (Some("c".to_owned()), Some("3".to_owned()))
        );
        let empty = ListMultipartUploadsOutput::builder()
            .is_truncated(true)
            .build();
        assert!(next_upload_markers(&empty, &none).is_err());
    }

    #[test]
    fn empty_means_nothing_at_all() {
        assert!(SpaceContents::default().is_empty());
        let uploads_only = SpaceContents {
            uploads: 1,
            ..SpaceContents::default()
        };
        assert!(!uploads_only.is_empty());
    }
}
