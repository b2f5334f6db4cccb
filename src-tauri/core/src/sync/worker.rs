//! One pair at work: catch up (or run the plan the user agreed to), then watch and send
//! each settled change up, until stopped. A vanished folder, a lost access or a broken
//! watch shows as an error and is retried, and never deletes anything in the Space.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::ignore::IgnoreSet;
use super::index::SyncIndex;
use super::pair::SyncPair;
use super::reconcile::SyncPlan;
use super::run::{self, PairEnv, SyncActivity, SyncOutcome};
use super::watch::{self, FolderWatcher};
use crate::client::S3;
use crate::error::{Error, ErrorKind, Result};
use crate::transfer::journal::Journal;
use crate::transfer::scheduler::Scheduler;
use crate::transfer::Env;

/// Where a pair stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum SyncStatus {
    /// Set up; waiting for the user to agree to the first plan.
    Setup,
    /// Comparing the folder with the Space.
    Scanning,
    Syncing {
        #[ts(type = "number")]
        done: u64,
        #[ts(type = "number")]
        total: u64,
    },
    /// Up to date and watching; `failed` files of the last run are retried.
    Watching {
        #[ts(type = "number")]
        failed: u64,
    },
    Paused,
    Error {
        kind: ErrorKind,
        message: String,
    },
}

/// Hears what a pair does.
pub trait Reporter: Send + Sync {
    fn status(&self, status: SyncStatus);
    fn activity(&self, activity: SyncActivity);
    /// A run finished (the first plan, a catch-up or a batch of changes).
    fn synced(&self, at_ms: i64, outcome: &SyncOutcome);
    /// The worker stopped until the user reviews a plan (`message` says why).
    fn needs_review(&self, message: String);
}

/// What a pair runs with.
pub struct Worker {
    pub s3: S3,
    pub sched: Arc<Scheduler>,
    pub journal: Option<Journal>,
    pub pair: SyncPair,
    pub index_path: PathBuf,
}

/// Failed files are tried again after this.
const RETRY_FAILED: Duration = Duration::from_secs(30);
/// The first wait after an error stopped the pair; it doubles up to `MAX_ERROR_WAIT`.
const ERROR_WAIT: Duration = Duration::from_secs(3);
const MAX_ERROR_WAIT: Duration = Duration::from_secs(60);
/// How often a quiet pair checks that its folder is still there.
const IDLE_CHECK: Duration = Duration::from_secs(5);
/// An automatic run deleting this many files, or more than half of those the pair
/// uploaded, waits for the user to review it.
const MASS_DELETE: usize = 50;

/// How a cycle of a worker ended, when it was not stopped or failed.
enum Flow {
    /// The folder itself moved: start again (a new watch, a new comparison).
    Restart,
    /// Stopped until the user reviews a plan; the sentence says why.
    Review(String),
}

/// Files waiting for another try: those still being written (looked at again in a second)
/// and those that failed (tried again after `RETRY_FAILED`).
#[derive(Default)]
struct Pending {
    unsettled: BTreeSet<String>,
    retry: BTreeSet<String>,
    retry_at: Option<Instant>,
}

impl Pending {
    fn failed(&mut self, paths: BTreeSet<String>) {
        if paths.is_empty() {
            return;
        }
        self.retry.extend(paths);
        self.retry_at
            .get_or_insert_with(|| Instant::now() + RETRY_FAILED);
    }

    /// Take out of an automatic plan the files still being written (a copy in progress at
    /// start): they go up once they settle, never half-written over a good copy.
    fn hold_unsettled(&mut self, plan: &mut SyncPlan, root: &std::path::Path) {
        let now = super::now_ms();
        plan.uploads
            .retain(|u| match super::local::stat(root, &u.path) {
                super::local::Found::File(f) if watch::is_unsettled(f.mtime_ms, now) => {
                    self.unsettled.insert(u.path.clone());
                    false
                }
                _ => true,
            });
    }

    /// What to look at now: the unsettled files, and the failed ones once their time came.
    fn due(&mut self) -> BTreeSet<String> {
        let mut paths = std::mem::take(&mut self.unsettled);
        if self.retry_at.is_some_and(|at| Instant::now() >= at) {
            paths.append(&mut self.retry);
            self.retry_at = None;
        }
        paths
    }
}

impl Worker {
    fn pe(&self) -> PairEnv<'_> {
        PairEnv {
            env: Env {
                s3: &self.s3,
                sched: &self.sched,
                journal: self.journal.as_ref(),
                account_id: &self.pair.account_id,
            },
            pair: &self.pair,
            index_path: &self.index_path,
        }
    }

    /// Run until `stop`; `first` is the plan the user agreed to (else a catch-up).
    pub async fn run(
        self,
        first: Option<SyncPlan>,
        stop: CancellationToken,
        rep: Arc<dyn Reporter>,
    ) {
        let mut first = first;
        let mut wait = ERROR_WAIT;
        loop {
            let began = Instant::now();
            match self.cycle(first.take(), &stop, &*rep).await {
                Err(Error::Cancelled) => return,
                Ok(Flow::Restart) => {
                    wait = ERROR_WAIT;
                    continue;
                }
                Ok(Flow::Review(message)) => {
                    tracing::warn!(pair = %self.pair.id, %message, "sync stopped for a review");
                    rep.needs_review(message);
                    return;
                }
                Err(e) => {
                    tracing::warn!(pair = %self.pair.id, error = %e, "sync stopped; will retry");
                    rep.status(SyncStatus::Error {
                        kind: e.kind(),
                        message: e.to_string(),
                    });
                }
            }
            // A pair that worked for a while starts its waits over.
            if began.elapsed() > MAX_ERROR_WAIT {
                wait = ERROR_WAIT;
            }
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(wait) => {}
            }
            wait = (wait * 2).min(MAX_ERROR_WAIT);
        }
    }

    async fn cycle(
        &self,
        first: Option<SyncPlan>,
        stop: &CancellationToken,
        rep: &dyn Reporter,
    ) -> Result<Flow> {
        rep.status(SyncStatus::Scanning);
        let root = self.pair.root();
        super::local::check_root(&root)?;
        // Watch before catching up, so nothing changed meanwhile is missed.
        let mut watcher = FolderWatcher::start(&root)?;
        let agreed = first.is_some();
        let mut plan = self.plan_now(first, stop).await?;
        if !agreed {
            if let Some(message) = self.too_many_deletes(plan.deletes.len())? {
                return Ok(Flow::Review(message));
            }
        }
        let mut pending = Pending::default();
        if !agreed {
            pending.hold_unsettled(&mut plan, &root);
        }
        self.run_plan(plan, stop, rep, &mut pending).await?;
        loop {
            rep.status(SyncStatus::Watching {
                failed: pending.retry.len() as u64,
            });
            let wait = if pending.unsettled.is_empty() {
                IDLE_CHECK
            } else {
                watch::SETTLE
            };
            let batch = tokio::select! {
                () = stop.cancelled() => return Err(Error::Cancelled),
                b = watcher.next_batch(wait) => b?,
            };
            let mut paths = pending.due();
            match batch {
                Some(b) if b.root_changed => return Ok(Flow::Restart),
                Some(b) if b.rescan => {
                    let mut plan = self.plan_now(None, stop).await?;
                    if let Some(message) = self.too_many_deletes(plan.deletes.len())? {
                        return Ok(Flow::Review(message));
                    }
                    pending.hold_unsettled(&mut plan, &root);
                    self.run_plan(plan, stop, rep, &mut pending).await?;
                    continue;
                }
                Some(b) => paths.extend(b.paths),
                None if paths.is_empty() => {
                    super::local::check_root(&root)?;
                    run::check_same_root(&root, SyncIndex::load(&self.index_path)?.root)?;
                    continue;
                }
                None => {}
            }
            if let Some(flow) = self.run_changes(&paths, stop, rep, &mut pending).await? {
                return Ok(flow);
            }
        }
    }

    /// The plan to run now. For the plan the user agreed to, the uploads are taken as the
    /// folder is now, and only deletes that were in it and still hold.
    async fn plan_now(
        &self,
        agreed: Option<SyncPlan>,
        stop: &CancellationToken,
    ) -> Result<SyncPlan> {
        let mut plan = run::reconcile(self.pe(), stop).await?;
        if let Some(agreed) = agreed {
            let shown: BTreeSet<&String> = agreed.deletes.iter().collect();
            plan.deletes.retain(|d| shown.contains(d));
        }
        Ok(plan)
    }

    /// An automatic run that would delete most of what the pair uploaded is stopped for the
    /// user to review: it is far likelier a folder that is not what it was (an unmounted
    /// drive, a moved folder) than a wish to empty the Space.
    fn too_many_deletes(&self, deletes: usize) -> Result<Option<String>> {
        if deletes == 0 || !self.pair.options.delete_remote {
            return Ok(None);
        }
        let known = SyncIndex::load(&self.index_path)?.files.len();
        if deletes < MASS_DELETE && deletes * 2 <= known {
            return Ok(None);
        }
        Ok(Some(format!(
            "{deletes} files would be deleted from the Space because they are gone from {}. Nothing was deleted. Review the plan to go ahead, or restore the files.",
            self.pair.local
        )))
    }

    /// Run a plan; the files that fail wait in `pending`.
    async fn run_plan(
        &self,
        plan: SyncPlan,
        stop: &CancellationToken,
        rep: &dyn Reporter,
        pending: &mut Pending,
    ) -> Result<()> {
        if plan.is_empty() {
            self.mark_synced(&SyncOutcome::default(), rep)?;
            return Ok(());
        }
        let total = (plan.uploads.len() + plan.deletes.len()) as u64;
        let (on_activity, failed) = counting(rep, total);
        let outcome = run::execute(self.pe(), &plan, stop, &on_activity).await?;
        rep.synced(super::now_ms(), &outcome);
        if let Some(e) = outcome.access_lost() {
            return Err(e);
        }
        pending.failed(take(&failed));
        Ok(())
    }

    /// Send up (and, if asked, delete) what changed. Files that fail or are still being
    /// written wait in `pending`; a batch deleting too much stops for a review.
    async fn run_changes(
        &self,
        paths: &BTreeSet<String>,
        stop: &CancellationToken,
        rep: &dyn Reporter,
        pending: &mut Pending,
    ) -> Result<Option<Flow>> {
        let ignore = IgnoreSet::new(&self.pair.options.ignore);
        let mut index = SyncIndex::load(&self.index_path)?;
        let root = self.pair.root();
        run::check_same_root(&root, index.root)?;
        let changes = watch::sort_changes(&root, &ignore, &index, paths, super::now_ms())?;
        pending.unsettled.extend(changes.unsettled.iter().cloned());
        let deleting = self.pair.options.delete_remote && !changes.removed.is_empty();
        if deleting {
            if let Some(message) = self.too_many_deletes(changes.removed.len())? {
                return Ok(Some(Flow::Review(message)));
            }
        }
        if changes.uploads.is_empty() && !deleting {
            if !changes.removed.is_empty() {
                for rel in &changes.removed {
                    index.files.remove(rel);
                }
                index.save(&self.index_path)?;
            }
            return Ok(None);
        }
        let removed = if deleting { changes.removed.len() } else { 0 };
        let (on_activity, failed) = counting(rep, (changes.uploads.len() + removed) as u64);
        let mut outcome = SyncOutcome::default();
        let pe = self.pe();
        run::upload_paths(
            pe,
            &changes.uploads,
            &mut index,
            &mut outcome,
            stop,
            &on_activity,
        )
        .await;
        if deleting {
            run::delete_paths(
                pe,
                &changes.removed,
                &mut index,
                &mut outcome,
                stop,
                &on_activity,
            )
            .await?;
        } else {
            for rel in &changes.removed {
                index.files.remove(rel);
            }
        }
        index.mark_synced(&root);
        index.save(&self.index_path)?;
        rep.synced(super::now_ms(), &outcome);
        if stop.is_cancelled() {
            return Err(Error::Cancelled);
        }
        if let Some(e) = outcome.access_lost() {
            return Err(e);
        }
        pending.failed(take(&failed));
        Ok(None)
    }

    fn mark_synced(&self, outcome: &SyncOutcome, rep: &dyn Reporter) -> Result<()> {
        let mut index = SyncIndex::load(&self.index_path)?;
        index.mark_synced(&self.pair.root());
        index.save(&self.index_path)?;
        rep.synced(index.last_sync_ms.unwrap_or_default(), outcome);
        Ok(())
    }
}

type FailedPaths = Arc<std::sync::Mutex<BTreeSet<String>>>;

/// An activity listener that forwards to `rep`, counts progress and collects failures.
fn counting(
    rep: &dyn Reporter,
    total: u64,
) -> (impl Fn(SyncActivity) + Send + Sync + '_, FailedPaths) {
    let failed: FailedPaths = Arc::default();
    let done = std::sync::atomic::AtomicU64::new(0);
    rep.status(SyncStatus::Syncing { done: 0, total });
    let sink = failed.clone();
    let on_activity = move |a: SyncActivity| {
        if a.action == run::SyncAction::Failed {
            if let Ok(mut f) = sink.lock() {
                f.insert(a.path.clone());
            }
        }
        let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        rep.activity(a);
        rep.status(SyncStatus::Syncing { done, total });
    };
    (on_activity, failed)
}

fn take(failed: &FailedPaths) -> BTreeSet<String> {
    failed
        .lock()
        .map(|mut f| std::mem::take(&mut *f))
        .unwrap_or_default()
}
