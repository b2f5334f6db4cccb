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
            match self.cycle(first.take(), &stop, &*rep).await {
                Err(Error::Cancelled) => return,
                Err(e) => {
                    tracing::warn!(pair = %self.pair.id, error = %e, "sync stopped; will retry");
                    rep.status(SyncStatus::Error {
                        kind: e.kind(),
                        message: e.to_string(),
                    });
                }
                Ok(()) => return,
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
    ) -> Result<()> {
        rep.status(SyncStatus::Scanning);
        super::local::check_root(&self.pair.root())?;
        // Watch before catching up, so nothing changed meanwhile is missed.
        let mut watcher = FolderWatcher::start(&self.pair.root())?;
        let plan = match first {
            Some(plan) => plan,
            None => run::reconcile(self.pe(), stop).await?,
        };
        let mut failed = self.run_plan(&plan, stop, rep).await?;
        let mut unsettled = BTreeSet::new();
        let mut retry: (BTreeSet<String>, Option<Instant>) = (BTreeSet::new(), None);
        loop {
            rep.status(SyncStatus::Watching {
                failed: failed.len() as u64,
            });
            if !failed.is_empty() {
                retry = (
                    std::mem::take(&mut failed),
                    Some(Instant::now() + RETRY_FAILED),
                );
            }
            let wait = if unsettled.is_empty() {
                IDLE_CHECK
            } else {
                watch::SETTLE
            };
            let batch = tokio::select! {
                () = stop.cancelled() => return Err(Error::Cancelled),
                b = watcher.next_batch(wait) => b?,
            };
            let mut paths: BTreeSet<String> = std::mem::take(&mut unsettled);
            if retry.1.is_some_and(|at| Instant::now() >= at) {
                paths.append(&mut retry.0);
                retry.1 = None;
            }
            match batch {
                Some(b) if b.rescan => {
                    let plan = run::reconcile(self.pe(), stop).await?;
                    failed = self.run_plan(&plan, stop, rep).await?;
                    continue;
                }
                Some(b) => paths.extend(b.paths),
                None if paths.is_empty() => {
                    super::local::check_root(&self.pair.root())?;
                    continue;
                }
                None => {}
            }
            let (f, u) = self.run_changes(&paths, stop, rep).await?;
            (failed, unsettled) = (f, u);
        }
    }

    /// Run a plan; the paths that failed.
    async fn run_plan(
        &self,
        plan: &SyncPlan,
        stop: &CancellationToken,
        rep: &dyn Reporter,
    ) -> Result<BTreeSet<String>> {
        if plan.is_empty() {
            self.mark_synced(&SyncOutcome::default(), rep)?;
            return Ok(BTreeSet::new());
        }
        let total = (plan.uploads.len() + plan.deletes.len()) as u64;
        let (on_activity, failed) = counting(rep, total);
        let outcome = run::execute(self.pe(), plan, stop, &on_activity).await?;
        rep.synced(super::now_ms(), &outcome);
        if let Some(e) = outcome.access_lost() {
            return Err(e);
        }
        Ok(take(&failed))
    }

    /// Send up (and, if asked, delete) what changed; the paths that failed and those still
    /// being written.
    async fn run_changes(
        &self,
        paths: &BTreeSet<String>,
        stop: &CancellationToken,
        rep: &dyn Reporter,
    ) -> Result<(BTreeSet<String>, BTreeSet<String>)> {
        let ignore = IgnoreSet::new(&self.pair.options.ignore);
        let mut index = SyncIndex::load(&self.index_path)?;
        let changes =
            watch::sort_changes(&self.pair.root(), &ignore, &index, paths, super::now_ms())?;
        let deleting = self.pair.options.delete_remote && !changes.removed.is_empty();
        if changes.uploads.is_empty() && !deleting {
            for rel in &changes.removed {
                index.files.remove(rel);
            }
            index.save(&self.index_path)?;
            return Ok((BTreeSet::new(), changes.unsettled));
        }
        let total =
            (changes.uploads.len() + if deleting { changes.removed.len() } else { 0 }) as u64;
        let (on_activity, failed) = counting(rep, total);
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
        index.last_sync_ms = Some(super::now_ms());
        index.save(&self.index_path)?;
        rep.synced(super::now_ms(), &outcome);
        if stop.is_cancelled() {
            return Err(Error::Cancelled);
        }
        if let Some(e) = outcome.access_lost() {
            return Err(e);
        }
        Ok((take(&failed), changes.unsettled))
    }

    fn mark_synced(&self, outcome: &SyncOutcome, rep: &dyn Reporter) -> Result<()> {
        let mut index = SyncIndex::load(&self.index_path)?;
        let at = super::now_ms();
        index.last_sync_ms = Some(at);
        index.save(&self.index_path)?;
        rep.synced(at, outcome);
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
