//! The queue every transfer goes through: a bound on files moving at once, and pause,
//! resume, cancel and retry per item. Each change of an item is reported through a callback
//! (state changes always; byte progress at most every 150 ms per item).
//!
//! Pause stops an item's task without aborting its multipart upload, so resume continues
//! from the journal; cancel aborts it, so nothing is left on the server.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tokio::task::AbortHandle;
use tokio_util::sync::CancellationToken;

use super::download::{download_file, DownloadRequest};
use super::journal::{Journal, Pending};
use super::scheduler::Scheduler;
use super::upload::{upload_file, Progress, UploadRequest};
use super::Env;
use crate::client::S3;
use crate::error::{Error, Result};
use crate::model::{InterruptedTransfer, TransferDirection, TransferInfo, TransferState};

/// Gives the client for an account (the app caches them; tests hand out one).
pub trait ClientSource: Send + Sync {
    fn client(&self, account_id: &str) -> Result<S3>;
}

pub type OnChange = Arc<dyn Fn(TransferInfo) + Send + Sync>;

const PROGRESS_EVERY: Duration = Duration::from_millis(150);

#[derive(Clone)]
enum Job {
    Upload(UploadRequest),
    Download(DownloadRequest),
}

struct Item {
    info: TransferInfo,
    job: Job,
    cancel: CancellationToken,
    task: Option<AbortHandle>,
    last_report: Instant,
    /// A report of progress held back by the throttle is due later.
    report_pending: bool,
}

struct Inner {
    clients: Arc<dyn ClientSource>,
    journal: Option<Journal>,
    sched: Arc<Scheduler>,
    slots: Arc<Semaphore>,
    items: Mutex<BTreeMap<u64, Item>>,
    next_id: AtomicU64,
    on_change: OnChange,
}

#[derive(Clone)]
pub struct TransferManager {
    inner: Arc<Inner>,
}

impl TransferManager {
    pub fn new(
        clients: Arc<dyn ClientSource>,
        journal: Option<Journal>,
        sched: Arc<Scheduler>,
        files_in_flight: usize,
        on_change: OnChange,
    ) -> Self {
        TransferManager {
            inner: Arc::new(Inner {
                clients,
                journal,
                sched,
                slots: Arc::new(Semaphore::new(files_in_flight.max(1))),
                items: Mutex::new(BTreeMap::new()),
                next_id: AtomicU64::new(1),
                on_change,
            }),
        }
    }

    pub fn add_upload(&self, account_id: &str, req: UploadRequest, size: u64) -> u64 {
        let info = self.new_info(
            TransferDirection::Upload,
            account_id,
            &req.bucket,
            &req.key,
            &req.local,
            size,
        );
        self.add(info, Job::Upload(req))
    }

    pub fn add_download(&self, account_id: &str, req: DownloadRequest, size: u64) -> u64 {
        let info = self.new_info(
            TransferDirection::Download,
            account_id,
            &req.bucket,
            &req.key,
            &req.local,
            size,
        );
        self.add(info, Job::Download(req))
    }

    fn new_info(
        &self,
        direction: TransferDirection,
        account_id: &str,
        bucket: &str,
        key: &str,
        local: &std::path::Path,
        size: u64,
    ) -> TransferInfo {
        TransferInfo {
            id: self.inner.next_id.fetch_add(1, Ordering::Relaxed),
            direction,
            account_id: account_id.to_owned(),
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            local: local.display().to_string(),
            size,
            done: 0,
            state: TransferState::Queued,
        }
    }

    fn add(&self, info: TransferInfo, job: Job) -> u64 {
        let id = info.id;
        let item = Item {
            info: info.clone(),
            job,
            cancel: CancellationToken::new(),
            task: None,
            last_report: Instant::now(),
            report_pending: false,
        };
        if let Ok(mut items) = self.inner.items.lock() {
            items.insert(id, item);
        }
        (self.inner.on_change)(info);
        self.spawn(id);
        id
    }

    /// Drop finished and cancelled items from the list.
    pub fn clear_finished(&self) {
        if let Ok(mut items) = self.inner.items.lock() {
            items.retain(|_, i| {
                !matches!(i.info.state, TransferState::Done | TransferState::Cancelled)
            });
        }
    }

    /// Every transfer, in the order they were added.
    pub fn list(&self) -> Vec<TransferInfo> {
        self.inner
            .items
            .lock()
            .map(|items| items.values().map(|i| i.info.clone()).collect())
            .unwrap_or_default()
    }

    /// Stop a queued or running item; a multipart upload keeps its parts for `resume`.
    pub fn pause(&self, id: u64) -> Result<()> {
        self.change(id, |item| {
            if matches!(
                item.info.state,
                TransferState::Queued | TransferState::Running
            ) {
                if let Some(task) = item.task.take() {
                    task.abort();
                }
                item.info.state = TransferState::Paused;
            }
        })
    }

    /// Cancel an item: its multipart upload is aborted, a partial download deleted.
    pub fn cancel(&self, id: u64) -> Result<()> {
        self.change(id, |item| match item.info.state {
            TransferState::Running => item.cancel.cancel(),
            TransferState::Queued | TransferState::Paused | TransferState::Failed { .. } => {
                if let Some(task) = item.task.take() {
                    task.abort();
                }
                item.info.state = TransferState::Cancelled;
            }
            _ => {}
        })?;
        self.forget_journal_if_stopped(id);
        Ok(())
    }

    /// Start again a paused, failed or cancelled item (resume and retry are one action).
    pub fn resume(&self, id: u64) -> Result<()> {
        let mut restart = false;
        self.change(id, |item| {
            if matches!(
                item.info.state,
                TransferState::Paused | TransferState::Failed { .. } | TransferState::Cancelled
            ) {
                item.info.state = TransferState::Queued;
                item.info.done = 0;
                item.cancel = CancellationToken::new();
                restart = true;
            }
        })?;
        if restart {
            self.spawn(id);
        }
        Ok(())
    }

    /// A cancelled paused or failed transfer must not leave its multipart upload or its
    /// partial file behind.
    fn forget_journal_if_stopped(&self, id: u64) {
        let Some((job, account)) = self.job_of(id) else {
            return;
        };
        let (Some(journal), Ok(s3)) = (&self.inner.journal, self.inner.clients.client(&account))
        else {
            return;
        };
        let (endpoint, record) = match &job {
            Job::Upload(r) => (
                s3.endpoint(),
                journal
                    .find_upload(s3.endpoint(), &r.bucket, &r.key, &r.local)
                    .map(Pending::Upload),
            ),
            Job::Download(r) => (
                s3.endpoint(),
                journal
                    .find_download(s3.endpoint(), &r.bucket, &r.key, &r.local)
                    .map(Pending::Download),
            ),
        };
        tracing::debug!(endpoint, "dropping a stopped transfer's journal");
        if let Some(record) = record {
            tokio::spawn(discard(s3, journal.clone(), record));
        }
    }

    /// Transfers a crash or restart interrupted, that are not in the list now.
    pub fn interrupted(&self) -> Vec<InterruptedTransfer> {
        let Some(journal) = &self.inner.journal else {
            return Vec::new();
        };
        let listed = self.list();
        journal
            .pending()
            .iter()
            .map(Pending::summary)
            .filter(|p| {
                !listed.iter().any(|i| {
                    i.bucket == p.bucket
                        && i.key == p.key
                        && i.local == p.local
                        && i.direction == p.direction
                })
            })
            .collect()
    }

    /// Queue an interrupted transfer again; it continues from the parts already moved.
    pub fn resume_interrupted(&self, journal_id: &str) -> Result<u64> {
        let pending = self.pending(journal_id)?;
        let summary = pending.summary();
        Ok(match pending {
            Pending::Upload(r) => {
                let req = UploadRequest {
                    local: r.header.local,
                    bucket: r.header.bucket,
                    key: r.header.key,
                    options: r.header.options,
                    // It went up in parts before: it must again, to reuse them.
                    multipart_threshold: 0,
                    part_size: r.header.part_size,
                };
                self.add_upload(&summary.account_id, req, summary.size)
            }
            Pending::Download(r) => {
                let req = DownloadRequest {
                    bucket: r.header.bucket,
                    key: r.header.key,
                    local: r.header.local,
                    ranged_threshold: 0,
                    // The same ranges as before, so those written are reused.
                    part_size: r.header.part_size,
                    size_hint: None,
                };
                self.add_download(&summary.account_id, req, summary.size)
            }
        })
    }

    /// Give up an interrupted transfer: abort its multipart upload or delete its partial file.
    pub async fn discard_interrupted(&self, journal_id: &str) -> Result<()> {
        let pending = self.pending(journal_id)?;
        let s3 = self.inner.clients.client(&pending.summary().account_id)?;
        let journal = self
            .inner
            .journal
            .clone()
            .ok_or_else(|| Error::Internal("There is no transfer journal.".into()))?;
        discard(s3, journal, pending).await;
        Ok(())
    }

    fn pending(&self, journal_id: &str) -> Result<Pending> {
        self.inner
            .journal
            .as_ref()
            .and_then(|j| j.get(journal_id))
            .ok_or_else(|| {
                Error::NotFound("That interrupted transfer is no longer in the journal.".into())
            })
    }

    fn job_of(&self, id: u64) -> Option<(Job, String)> {
        let items = self.inner.items.lock().ok()?;
        let item = items.get(&id)?;
        matches!(item.info.state, TransferState::Cancelled)
            .then(|| (item.job.clone(), item.info.account_id.clone()))
    }

    fn change(&self, id: u64, f: impl FnOnce(&mut Item)) -> Result<()> {
        {
            let mut items = self
                .inner
                .items
                .lock()
                .map_err(|_| Error::Internal("The transfer list was damaged.".into()))?;
            let item = items
                .get_mut(&id)
                .ok_or_else(|| Error::NotFound("That transfer is no longer in the list.".into()))?;
            f(item);
            // Reported under the lock, so events leave in the order the changes happened.
            (self.inner.on_change)(item.info.clone());
        };
        Ok(())
    }

    fn spawn(&self, id: u64) {
        let inner = Arc::clone(&self.inner);
        let handle = tokio::spawn(async move { run(inner, id).await });
        if let Ok(mut items) = self.inner.items.lock() {
            if let Some(item) = items.get_mut(&id) {
                item.task = Some(handle.abort_handle());
            }
        }
    }
}

async fn run(inner: Arc<Inner>, id: u64) {
    let Ok(_permit) = Arc::clone(&inner.slots).acquire_owned().await else {
        return;
    };
    let Some((job, cancel, account)) = start(&inner, id) else {
        return;
    };
    let progress = progress_for(&inner, id);
    let outcome = match inner.clients.client(&account) {
        Err(e) => Err(e),
        Ok(s3) => {
            let env = Env {
                s3: &s3,
                sched: &inner.sched,
                journal: inner.journal.as_ref(),
                account_id: &account,
            };
            match &job {
                Job::Upload(req) => upload_file(env, req, &cancel, progress).await.map(|_| ()),
                Job::Download(req) => download_file(env, req, &cancel, progress).await.map(|_| ()),
            }
        }
    };
    finish(&inner, id, outcome);
}

/// Mark a queued item running; None if it was paused or cancelled while it waited.
fn start(inner: &Inner, id: u64) -> Option<(Job, CancellationToken, String)> {
    let (info, job, cancel) = {
        let mut items = inner.items.lock().ok()?;
        let item = items.get_mut(&id)?;
        if item.info.state != TransferState::Queued {
            return None;
        }
        item.info.state = TransferState::Running;
        (inner.on_change)(item.info.clone());
        (item.info.clone(), item.job.clone(), item.cancel.clone())
    };
    Some((job, cancel, info.account_id))
}

fn progress_for(inner: &Arc<Inner>, id: u64) -> Progress {
    let inner = Arc::clone(inner);
    Arc::new(move |bytes| {
        let Ok(mut items) = inner.items.lock() else {
            return;
        };
        let Some(item) = items.get_mut(&id) else {
            return;
        };
        item.info.done += bytes;
        if item.info.state != TransferState::Running {
            return;
        }
        if item.last_report.elapsed() >= PROGRESS_EVERY {
            item.last_report = Instant::now();
            (inner.on_change)(item.info.clone());
        } else if !item.report_pending {
            // Held back now, but sent later even if no more bytes come (a stalled transfer
            // must not show less than it has done).
            item.report_pending = true;
            tokio::spawn(report_later(Arc::clone(&inner), id));
        }
    })
}

async fn report_later(inner: Arc<Inner>, id: u64) {
    tokio::time::sleep(PROGRESS_EVERY).await;
    let Ok(mut items) = inner.items.lock() else {
        return;
    };
    let Some(item) = items.get_mut(&id) else {
        return;
    };
    item.report_pending = false;
    if item.info.state == TransferState::Running {
        item.last_report = Instant::now();
        (inner.on_change)(item.info.clone());
    }
}

fn finish(inner: &Inner, id: u64, outcome: Result<()>) {
    {
        let Ok(mut items) = inner.items.lock() else {
            return;
        };
        let Some(item) = items.get_mut(&id) else {
            return;
        };
        item.task = None;
        item.info.state = match outcome {
            Ok(()) => {
                item.info.done = item.info.done.max(item.info.size);
                TransferState::Done
            }
            Err(Error::Cancelled) => TransferState::Cancelled,
            Err(e) => TransferState::Failed {
                kind: e.kind(),
                message: e.to_string(),
            },
        };
        (inner.on_change)(item.info.clone());
    }
}

/// Abort a journalled upload's multipart upload, or delete a download's partial file, and
/// forget it. Best effort: a failed abort leaves a leftover the user can find and abort.
async fn discard(s3: S3, journal: Journal, pending: Pending) {
    journal.finish(pending.id());
    match pending {
        Pending::Upload(r) => {
            let h = r.header;
            let aborted = s3
                .for_bucket(&h.bucket)
                .abort_multipart_upload()
                .bucket(&h.bucket)
                .key(&h.key)
                .upload_id(h.upload_id)
                .send()
                .await;
            if let Err(e) = aborted {
                tracing::warn!(error = %crate::s3_error::map_sdk_error(e, &h.key), "could not abort a multipart upload");
            }
        }
        Pending::Download(r) => {
            let _ = std::fs::remove_file(&r.header.temp);
        }
    }
}
