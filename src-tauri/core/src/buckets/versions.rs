//! A file's versions when versioning is on: list them (date, size, latest, delete marker),
//! download one, restore one (a server-side copy over the latest, keeping its metadata and
//! permission), delete one. And deleted files: the keys of a folder whose latest version is
//! a delete marker, undeleted by deleting every delete marker above its newest version.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use aws_sdk_s3::types::{DeleteMarkerEntry, ObjectVersion as SdkVersion};
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::version_list::{for_each_version_page, Next, VersionListing};
use super::{watch_for, worded, Refusal};
use crate::error::{Error, Result};
use crate::names::{display_name, folder_prefix};
use crate::objects::acl::{classify, put_policy};
use crate::objects::bulk::{run_each, Outcome};
use crate::objects::keys::{copy_source, encode_key};
use crate::objects::{Ctx, OnProgress, OpPhase, OpReport};
use crate::transfer::plan::MAX_SINGLE_PUT;

/// One version of a file, or a delete marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ObjectVersion {
    pub key: String,
    pub version_id: String,
    /// Epoch milliseconds.
    #[ts(type = "number | null")]
    pub last_modified: Option<i64>,
    #[ts(type = "number")]
    pub size: u64,
    pub etag: Option<String>,
    pub is_latest: bool,
    pub is_delete_marker: bool,
}

/// A file whose latest version is a delete marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeletedFile {
    pub key: String,
    pub name: String,
    /// The delete marker's version: deleting it brings the file back.
    pub marker_version_id: String,
    /// Epoch milliseconds.
    #[ts(type = "number | null")]
    pub deleted_at: Option<i64>,
}

fn millis(t: Option<&aws_smithy_types::DateTime>) -> Option<i64> {
    t.and_then(|d| d.to_millis().ok())
}

fn from_version(v: &SdkVersion) -> Option<ObjectVersion> {
    Some(ObjectVersion {
        key: v.key()?.to_owned(),
        version_id: v.version_id().unwrap_or("null").to_owned(),
        last_modified: millis(v.last_modified()),
        size: v.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
        etag: v.e_tag().map(|t| t.trim_matches('"').to_owned()),
        is_latest: v.is_latest().unwrap_or(false),
        is_delete_marker: false,
    })
}

fn from_marker(m: &DeleteMarkerEntry) -> Option<ObjectVersion> {
    Some(ObjectVersion {
        key: m.key()?.to_owned(),
        version_id: m.version_id().unwrap_or("null").to_owned(),
        last_modified: millis(m.last_modified()),
        size: 0,
        etag: None,
        is_latest: m.is_latest().unwrap_or(false),
        is_delete_marker: true,
    })
}

/// Every version of `key`, newest first.
#[tracing::instrument(skip_all, fields(bucket = %bucket, key = %key), err)]
pub async fn list_versions(
    ctx: Ctx<'_>,
    bucket: &str,
    key: &str,
    cancel: &CancellationToken,
) -> Result<Vec<ObjectVersion>> {
    let mut found = Vec::new();
    let req = VersionListing {
        bucket,
        prefix: key,
        delimited: false,
    };
    for_each_version_page(ctx, &req, cancel, |page| {
        let all = page
            .versions()
            .iter()
            .filter_map(from_version)
            .chain(page.delete_markers().iter().filter_map(from_marker));
        let mut past = false;
        for v in all {
            // The prefix also lists "key.bak" and "key/..."; they sort after the key itself.
            if v.key == key {
                found.push(v);
            } else {
                past = true;
            }
        }
        Ok(if past { Next::Stop } else { Next::More })
    })
    .await?;
    found.sort_by_key(|v| std::cmp::Reverse((v.is_latest, v.last_modified)));
    Ok(found)
}

/// What the server answers for reading a delete marker as if it were a version.
const MARKER: Refusal = Refusal {
    code: "MethodNotAllowed",
    status: 405,
};

fn is_a_marker(what: &str) -> String {
    format!("That version of {what} is a delete marker, not a file version: there is nothing to read or copy.")
}

/// `x-amz-copy-source` of one version.
fn version_source(bucket: &str, key: &str, version_id: &str) -> String {
    format!(
        "{}?versionId={}",
        copy_source(bucket, key),
        encode_key(version_id)
    )
}

/// Make `version_id` the latest again: the server copies it over the key (a new version),
/// with its headers and metadata, and with its permission. Answers the new version's ID.
#[tracing::instrument(skip_all, fields(bucket = %bucket, key = %key), err)]
pub async fn restore_version(
    ctx: Ctx<'_>,
    bucket: &str,
    key: &str,
    version_id: &str,
) -> Result<Option<String>> {
    let what = format!("\"{key}\"");
    let client = ctx.s3.for_bucket(bucket);
    let head_call = client
        .head_object()
        .bucket(bucket)
        .key(key)
        .version_id(version_id)
        .send();
    let seen = AtomicBool::new(false);
    let head_call = watch_for(MARKER, &seen, head_call);
    let head = ctx.send("reading the version", &what, 0, head_call).await;
    let head = worded(head, &seen, || is_a_marker(&what))?;
    let size = head
        .content_length()
        .and_then(|s| u64::try_from(s).ok())
        .unwrap_or(0);
    if size > MAX_SINGLE_PUT {
        return Err(Error::Unsupported(format!(
            "This version of {what} is larger than 5 GB, above what one server-side copy can restore. Download it and upload it again."
        )));
    }
    let acl_call = client
        .get_object_acl()
        .bucket(bucket)
        .key(key)
        .version_id(version_id)
        .send();
    let acl = ctx
        .send("reading the version's permission", &what, 0, acl_call)
        .await?;
    let policy = aws_sdk_s3::types::AccessControlPolicy::builder()
        .set_owner(acl.owner().cloned())
        .set_grants(Some(acl.grants().to_vec()))
        .build();
    let acl = classify(policy);
    let copy_call = client
        .copy_object()
        .bucket(bucket)
        .key(key)
        .copy_source(version_source(bucket, key, version_id))
        .set_acl(acl.canned.map(crate::objects::acl::canned))
        .send();
    let out = ctx
        .send("restoring the version", &what, size, copy_call)
        .await?;
    if acl.canned.is_none() {
        // The copy is done: say so, rather than a bare failure that reads as "not restored".
        if let Err(e) = put_policy(ctx, bucket, key, &acl.policy).await {
            return Err(e.reworded(format!(
                "{what} was restored, but its permission could not be set: {e}"
            )));
        }
    }
    Ok(out.version_id().map(str::to_owned))
}

/// Delete one version (or delete marker) for good.
#[tracing::instrument(skip_all, fields(bucket = %bucket, key = %key), err)]
pub async fn delete_version(ctx: Ctx<'_>, bucket: &str, key: &str, version_id: &str) -> Result<()> {
    let call = ctx
        .s3
        .for_bucket(bucket)
        .delete_object()
        .bucket(bucket)
        .key(key)
        .version_id(version_id)
        .send();
    ctx.send("deleting the version", &format!("\"{key}\""), 0, call)
        .await?;
    Ok(())
}

/// The deleted files directly in the folder `prefix`.
#[tracing::instrument(skip_all, fields(bucket = %bucket, prefix = %prefix), err)]
pub async fn deleted_files(
    ctx: Ctx<'_>,
    bucket: &str,
    prefix: &str,
    cancel: &CancellationToken,
) -> Result<Vec<DeletedFile>> {
    let prefix = folder_prefix(prefix);
    let mut found = Vec::new();
    let req = VersionListing {
        bucket,
        prefix: &prefix,
        delimited: true,
    };
    for_each_version_page(ctx, &req, cancel, |page| {
        let latest = page
            .delete_markers()
            .iter()
            .filter(|m| m.is_latest() == Some(true));
        found.extend(latest.filter_map(|m| {
            let key = m.key()?;
            Some(DeletedFile {
                key: key.to_owned(),
                name: display_name(key, &prefix),
                marker_version_id: m.version_id()?.to_owned(),
                deleted_at: millis(m.last_modified()),
            })
        }));
        Ok(Next::More)
    })
    .await?;
    Ok(found)
}

/// Bring deleted files back by deleting their delete markers: every marker above the newest
/// real version, so a file deleted twice comes back too. A file with no version left under
/// its markers stays deleted, and is listed as a failure saying so.
#[tracing::instrument(skip_all, fields(bucket = %bucket, files = files.len()), err)]
pub async fn undelete(
    ctx: Ctx<'_>,
    bucket: &str,
    files: &[DeletedFile],
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let (report, _) = run_each(
        files.to_vec(),
        OpPhase::Deleting,
        cancel,
        on_progress,
        |f: &DeletedFile| f.key.clone(),
        |f| {
            let key = f.key.clone();
            async move {
                undelete_key(ctx, bucket, &key, cancel).await?;
                Ok(Outcome::Done)
            }
        },
    )
    .await;
    Ok(report)
}

/// Delete markers removed from one key before its newest real version shows: beyond that,
/// something keeps adding them.
const MAX_MARKERS: usize = 100;

/// Bring `key` back: delete the delete marker on top, and the next, until a real version
/// is the latest. Answers the markers deleted, newest first (none when it was not deleted).
#[tracing::instrument(skip_all, fields(bucket = %bucket, key = %key), err)]
pub async fn undelete_key(
    ctx: Ctx<'_>,
    bucket: &str,
    key: &str,
    cancel: &CancellationToken,
) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    loop {
        let versions = list_versions(ctx, bucket, key, cancel).await?;
        // Newest first: the server's latest, if it marks one.
        let Some(top) = versions.first() else {
            return Err(Error::NotFound(if removed.is_empty() {
                format!("\"{key}\" has no versions in the Space \"{bucket}\".")
            } else {
                format!("\"{key}\" has no earlier version to bring back: it stays deleted.")
            }));
        };
        if !top.is_delete_marker {
            return Ok(removed);
        }
        if removed.len() >= MAX_MARKERS {
            return Err(Error::Conflict(format!(
                "\"{key}\" is still deleted after {MAX_MARKERS} delete markers were removed: something keeps deleting it. Try again later."
            )));
        }
        delete_version(ctx, bucket, key, &top.version_id).await?;
        removed.push(top.version_id.clone());
    }
}

/// Save one version to `dest`, through a temporary file renamed into place once complete.
#[tracing::instrument(skip_all, fields(bucket = %bucket, key = %key), err)]
pub async fn download_version(
    ctx: Ctx<'_>,
    bucket: &str,
    key: &str,
    version_id: &str,
    dest: &Path,
) -> Result<u64> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io = |doing: &str, e: std::io::Error| {
        Error::io(&format!("Could not {doing} {}", dest.display()), &e)
    };
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io("write beside", e))?;
    let mut file = tokio::fs::File::from_std(tmp.reopen().map_err(|e| io("write", e))?);
    let call = ctx
        .s3
        .for_bucket(bucket)
        .get_object()
        .bucket(bucket)
        .key(key)
        .version_id(version_id)
        .send();
    let what = format!("\"{key}\"");
    let seen = AtomicBool::new(false);
    let call = watch_for(MARKER, &seen, call);
    let out = ctx.send("downloading the version", &what, 0, call).await;
    let out = worded(out, &seen, || is_a_marker(&what))?;
    let mut body = out.body;
    let mut written = 0u64;
    while let Some(chunk) = body
        .try_next()
        .await
        .map_err(|e| Error::Network(format!("The download of {what} broke off: {e}. Try again.")))?
    {
        file.write_all(&chunk).await.map_err(|e| io("write", e))?;
        written += chunk.len() as u64;
    }
    file.sync_all().await.map_err(|e| io("write", e))?;
    tmp.persist(dest).map_err(|e| io("save", e.error))?;
    Ok(written)
}
