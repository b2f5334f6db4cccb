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
use super::journal::Journal;
use super::upload::{upload_file, Progress, UploadRequest};
use crate::client::S3;
use crate::error::{Error, Result};
use crate::model::{TransferDirection, TransferInfo, TransferState};

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
}

struct Inner {
    clients: Arc<dyn ClientSource>,
    journal: Option<Journal>,
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
        files_in_flight: usize,
        on_change: OnChange,
    ) -> Self {
        TransferManager {
            inner: Arc::new(Inner {
                clients,
                journal,
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
            TransferState::Queued | TransferState::Paused => {
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

    /// A cancelled paused upload must not leave its multipart upload behind.
    fn forget_journal_if_stopped(&self, id: u64) {
        let Some((Job::Upload(req), account)) = self.job_of(id) else {
            return;
        };
        let (Some(journal), Ok(s3)) = (&self.inner.journal, self.inner.clients.client(&account))
        else {
            return;
        };
        if let Some(record) = journal.find(s3.endpoint(), &req.bucket, &req.key, &req.local) {
            let upload_id = record.header.upload_id.clone();
            journal.finish(&record.header.id);
            tokio::spawn(async move {
                let _ = s3
                    .for_bucket(&req.bucket)
                    .abort_multipart_upload()
                    .bucket(&req.bucket)
                    .key(&req.key)
                    .upload_id(upload_id)
                    .send()
                    .await;
            });
        }
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
        Ok(s3) => match &job {
            Job::Upload(req) => upload_file(&s3, req, inner.journal.as_ref(), &cancel, progress)
                .await
                .map(|_| ()),
            Job::Download(req) => download_file(&s3, req, &cancel, progress).await.map(|_| ()),
        },
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
        let due = item.info.state == TransferState::Running
            && item.last_report.elapsed() >= PROGRESS_EVERY;
        if due {
            item.last_report = Instant::now();
        }
        if due {
            (inner.on_change)(item.info.clone());
        }
    })
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
