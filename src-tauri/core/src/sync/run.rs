//! Running a sync: list both sides, make the plan, and carry it out through the transfer
//! engine (uploads with the pair's permission and Cache-Control, deletes in batches),
//! recording in the index what went up. A file that changes while it uploads is not
//! recorded, so it goes up again.

use std::collections::BTreeMap;
use std::path::Path;

use futures::stream::{self, StreamExt};
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::checksum::file_etag;
use super::ignore::IgnoreSet;
use super::index::{SyncIndex, Synced};
use super::local::{self, Found, LocalFile};
use super::pair::SyncPair;
use super::reconcile::{self, Adopted, RemoteFile, SyncPlan};
use crate::browse::{list_folder, ListRequest};
use crate::error::{Error, ErrorKind, Result};
use crate::model::EntryKind;
use crate::objects::delete::delete_keys;
use crate::objects::{no_progress, Ctx};
use crate::transfer::integrity::normalize_etag;
use crate::transfer::plan::MULTIPART_THRESHOLD;
use crate::transfer::upload::{upload_file, UploadRequest};
use crate::transfer::Env;

/// Files going up at once (the scheduler bounds their requests).
const FILES_AT_ONCE: usize = 16;
/// The record of a long run is saved after every this many uploads.
const SAVE_EVERY: u64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SyncAction {
    Uploaded,
    Deleted,
    Failed,
}

/// One line of a pair's recent activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncActivity {
    #[ts(type = "number")]
    pub at_ms: i64,
    pub action: SyncAction,
    /// The path from the pair's folder.
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Why it failed.
    pub message: Option<String>,
}

impl SyncActivity {
    fn new(action: SyncAction, path: &str, bytes: u64, message: Option<String>) -> Self {
        SyncActivity {
            at_ms: super::now_ms(),
            action,
            path: path.to_owned(),
            bytes,
            message,
        }
    }
}

pub type OnActivity<'a> = &'a (dyn Fn(SyncActivity) + Send + Sync);

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncOutcome {
    #[ts(type = "number")]
    pub uploaded: u64,
    #[ts(type = "number")]
    pub deleted: u64,
    #[ts(type = "number")]
    pub failed: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The kind and sentence of the last failure, to tell a lost access from a bad file.
    #[serde(skip)]
    #[ts(skip)]
    pub last_failure: Option<(ErrorKind, String)>,
}

impl SyncOutcome {
    fn failed(&mut self, kind: ErrorKind, message: &str) {
        self.failed += 1;
        self.last_failure = Some((kind, message.to_owned()));
    }

    /// Nothing went and the server refused us: the pair has lost its access.
    pub fn access_lost(&self) -> Option<Error> {
        let (kind, message) = self.last_failure.as_ref()?;
        let nothing_went = self.uploaded == 0 && self.deleted == 0;
        match kind {
            ErrorKind::AccessDenied if nothing_went => Some(Error::AccessDenied(message.clone())),
            ErrorKind::AuthFailed if nothing_went => Some(Error::AuthFailed(message.clone())),
            _ => None,
        }
    }
}

/// A pair and what it runs with.
#[derive(Clone, Copy)]
pub struct PairEnv<'a> {
    pub env: Env<'a>,
    pub pair: &'a SyncPair,
    pub index_path: &'a Path,
}

/// Every object under the pair's prefix by relative path (folder markers and ignored
/// paths left out).
pub async fn list_remote(
    pe: PairEnv<'_>,
    cancel: &CancellationToken,
) -> Result<BTreeMap<String, RemoteFile>> {
    let pair = pe.pair;
    let ignore = IgnoreSet::new(&pair.options.ignore);
    let req = ListRequest {
        bucket: pair.bucket.clone(),
        prefix: pair.prefix.clone(),
        recursive: true,
    };
    let mut remote = BTreeMap::new();
    list_folder(pe.env.s3, &req, cancel, |entries| {
        for e in entries.into_iter().filter(|e| e.kind == EntryKind::File) {
            let Some(rel) = e.key.strip_prefix(&pair.prefix) else {
                continue;
            };
            if rel.is_empty() || rel.ends_with('/') || ignore.is_ignored(rel, false) {
                continue;
            }
            let file = RemoteFile {
                size: e.size,
                last_modified_ms: e.last_modified.unwrap_or(0),
                etag: normalize_etag(e.etag.as_deref().unwrap_or_default()),
            };
            remote.insert(rel.to_owned(), file);
        }
        Ok(())
    })
    .await?;
    Ok(remote)
}

/// Compare both sides: the plan, and what the index learned (already saved).
pub async fn reconcile(pe: PairEnv<'_>, cancel: &CancellationToken) -> Result<SyncPlan> {
    let pair = pe.pair.clone();
    let mut index = SyncIndex::load(pe.index_path)?;
    let known_root = index.root;
    let scan = blocking(move || {
        let root = pair.root();
        check_same_root(&root, known_root)?;
        local::scan(&root, &IgnoreSet::new(&pair.options.ignore))
    })
    .await?;
    let remote = list_remote(pe, cancel).await?;
    let checksums = if pe.pair.options.compare_checksums {
        let wanted = reconcile::needing_checksum(&scan.files, &remote, &index);
        Some(checksums(pe.pair, wanted, &remote).await?)
    } else {
        None
    };
    let (plan, adopted) = reconcile::plan(
        &scan,
        &remote,
        &index,
        pe.pair.options.delete_remote,
        checksums.as_ref(),
    );
    learn(&mut index, adopted, pe.index_path)?;
    Ok(plan)
}

/// The folder must be the one the pair synced before, not another of the same name.
pub fn check_same_root(root: &Path, known: Option<u64>) -> Result<()> {
    let now = local::root_identity(root);
    match (known, now) {
        (Some(was), Some(is)) if was != is => Err(Error::Conflict(format!(
            "{} is not the folder this pair synced before (it was replaced, or a drive is not mounted). Nothing in the Space was changed. If it is the right folder, remove the pair and set it up again.",
            root.display()
        ))),
        _ => Ok(()),
    }
}

fn learn(index: &mut SyncIndex, adopted: Adopted, path: &Path) -> Result<()> {
    if adopted.is_empty() {
        return Ok(());
    }
    index.files.extend(adopted);
    index.save(path)
}

/// The ETag each file would have, for the objects it is compared with.
async fn checksums(
    pair: &SyncPair,
    wanted: Vec<String>,
    remote: &BTreeMap<String, RemoteFile>,
) -> Result<BTreeMap<String, String>> {
    let root = pair.root();
    let jobs: Vec<(String, String)> = wanted
        .into_iter()
        .filter_map(|rel| remote.get(&rel).map(|r| (rel, r.etag.clone())))
        .collect();
    blocking(move || {
        let sums = jobs
            .into_iter()
            .filter_map(|(rel, etag)| {
                file_etag(&local::path_of(&root, &rel), &etag).map(|sum| (rel, sum))
            })
            .collect();
        Ok(sums)
    })
    .await
}

/// Carry out a plan: uploads, then deletes. Every item is reported; one failure does not
/// stop the rest. The index is saved at the end.
pub async fn execute(
    pe: PairEnv<'_>,
    plan: &SyncPlan,
    cancel: &CancellationToken,
    on_activity: OnActivity<'_>,
) -> Result<SyncOutcome> {
    let mut index = SyncIndex::load(pe.index_path)?;
    let mut outcome = SyncOutcome::default();
    let paths: Vec<String> = plan.uploads.iter().map(|u| u.path.clone()).collect();
    upload_paths(pe, &paths, &mut index, &mut outcome, cancel, on_activity).await;
    if !plan.deletes.is_empty() {
        delete_paths(
            pe,
            &plan.deletes,
            &mut index,
            &mut outcome,
            cancel,
            on_activity,
        )
        .await?;
    }
    index.mark_synced(&pe.pair.root());
    index.save(pe.index_path)?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(outcome)
}

/// Upload these paths (each as it is now), recording each in the index.
pub async fn upload_paths(
    pe: PairEnv<'_>,
    paths: &[String],
    index: &mut SyncIndex,
    outcome: &mut SyncOutcome,
    cancel: &CancellationToken,
    on_activity: OnActivity<'_>,
) {
    // Owned paths: a stream of borrowed ones makes the future not Send to the compiler.
    let mut results = stream::iter(paths.to_vec())
        .map(|rel| async move {
            let result = upload_one(pe, &rel, cancel).await;
            (rel, result)
        })
        .buffer_unordered(FILES_AT_ONCE);
    while let Some((rel, result)) = results.next().await {
        match result {
            Ok(synced) => {
                outcome.uploaded += 1;
                outcome.bytes += synced.size;
                on_activity(SyncActivity::new(
                    SyncAction::Uploaded,
                    &rel,
                    synced.size,
                    None,
                ));
                index.files.insert(rel, synced);
                // A crash in a long run keeps the record of what went up already.
                if outcome.uploaded.is_multiple_of(SAVE_EVERY) {
                    if let Err(e) = index.save(pe.index_path) {
                        tracing::warn!(error = %e, "the sync record could not be saved yet");
                    }
                }
            }
            Err(Error::Cancelled) => {}
            Err(e) => {
                let message = e.to_string();
                outcome.failed(e.kind(), &message);
                on_activity(SyncActivity::new(
                    SyncAction::Failed,
                    &rel,
                    0,
                    Some(message),
                ));
            }
        }
    }
}

async fn upload_one(pe: PairEnv<'_>, rel: &str, cancel: &CancellationToken) -> Result<Synced> {
    let root = pe.pair.root();
    let before = settled_file(&root, rel)?;
    let req = UploadRequest {
        local: local::path_of(&root, rel),
        bucket: pe.pair.bucket.clone(),
        key: pe.pair.key_for(rel),
        options: pe.pair.options.upload_options(),
        multipart_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
    };
    let uploaded = upload_file(pe.env, &req, cancel, std::sync::Arc::new(|_| {})).await?;
    if settled_file(&root, rel).ok() != Some(before) {
        return Err(Error::Conflict(format!(
            "{rel} changed while it was uploading; it goes up again once it is saved."
        )));
    }
    Ok(Synced {
        size: before.size,
        mtime_ms: before.mtime_ms,
        etag: uploaded.etag,
    })
}

fn settled_file(root: &Path, rel: &str) -> Result<LocalFile> {
    match local::stat(root, rel) {
        Found::File(f) => Ok(f),
        _ => Err(Error::NotFound(format!(
            "{rel} was removed before it could be uploaded."
        ))),
    }
}

/// Delete the objects of these paths, each only if its local file is still gone and the
/// pair's folder is still there (a vanished folder must never empty the Space).
pub async fn delete_paths(
    pe: PairEnv<'_>,
    paths: &[String],
    index: &mut SyncIndex,
    outcome: &mut SyncOutcome,
    cancel: &CancellationToken,
    on_activity: OnActivity<'_>,
) -> Result<()> {
    let root = pe.pair.root();
    local::check_root(&root)?;
    let gone: Vec<String> = paths
        .iter()
        .filter(|rel| local::stat(&root, rel) == Found::Nothing)
        .cloned()
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    let keys = gone.iter().map(|rel| pe.pair.key_for(rel)).collect();
    let ctx = Ctx {
        s3: pe.env.s3,
        sched: pe.env.sched,
    };
    let report = delete_keys(ctx, &pe.pair.bucket, keys, cancel, &no_progress).await?;
    if report.cancelled {
        // Which keys went before the stop is not known: all stay recorded, so the next
        // comparison deletes what is left (a delete of a deleted key is harmless).
        return Ok(());
    }
    let failed: BTreeMap<String, String> = report
        .failed
        .into_iter()
        .map(|f| (f.key, f.message))
        .collect();
    for rel in gone {
        match failed.get(&pe.pair.key_for(&rel)) {
            Some(message) => {
                outcome.failed(ErrorKind::Internal, message);
                on_activity(SyncActivity::new(
                    SyncAction::Failed,
                    &rel,
                    0,
                    Some(message.clone()),
                ));
            }
            None => {
                outcome.deleted += 1;
                index.files.remove(&rel);
                on_activity(SyncActivity::new(SyncAction::Deleted, &rel, 0, None));
            }
        }
    }
    Ok(())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(format!("A sync task failed: {e}")))?
}
