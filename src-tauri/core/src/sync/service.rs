//! The app's sync pairs at run time: each agreed, unpaused pair has a worker; the service
//! keeps each pair's status, last sync time and recent activity, and reports every change
//! (status changes always, progress at most every 150 ms) through one callback.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::index::{index_path, SyncIndex};
use super::pair::{NewSyncPair, PairStore, SyncPair};
use super::reconcile::SyncPlan;
use super::run::{self, PairEnv, SyncActivity, SyncOutcome};
use super::worker::{Reporter, SyncStatus, Worker};
use crate::error::{Error, Result};
use crate::transfer::journal::Journal;
use crate::transfer::manager::ClientSource;
use crate::transfer::scheduler::Scheduler;
use crate::transfer::Env;

/// Lines of activity kept per pair.
const ACTIVITY_KEPT: usize = 200;
const PROGRESS_EVERY: Duration = Duration::from_millis(150);

/// A pair as the Sync view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncPairState {
    pub pair: SyncPair,
    pub status: SyncStatus,
    #[ts(type = "number | null")]
    pub last_sync_ms: Option<i64>,
    /// Newest first.
    pub activity: Vec<SyncActivity>,
    /// What the last run did.
    pub last_outcome: Option<SyncOutcome>,
}

pub type OnPairChange = Arc<dyn Fn(SyncPairState) + Send + Sync>;

struct Runtime {
    status: SyncStatus,
    last_sync_ms: Option<i64>,
    activity: VecDeque<SyncActivity>,
    last_outcome: Option<SyncOutcome>,
    /// The plan shown to the user, run when they agree.
    plan: Option<SyncPlan>,
    stop: Option<CancellationToken>,
    /// Held by the pair's worker while it runs, so a worker started after a pause waits
    /// for the stopped one to finish instead of sharing the index with it.
    gate: Arc<tokio::sync::Mutex<()>>,
    last_report: Instant,
}

struct Inner {
    store: PairStore,
    state_dir: PathBuf,
    clients: Arc<dyn ClientSource>,
    sched: Arc<Scheduler>,
    journal: Option<Journal>,
    runtimes: Mutex<HashMap<String, Runtime>>,
    on_change: OnPairChange,
}

#[derive(Clone)]
pub struct SyncService {
    inner: Arc<Inner>,
}

impl SyncService {
    pub fn new(
        config_dir: &Path,
        state_dir: PathBuf,
        clients: Arc<dyn ClientSource>,
        sched: Arc<Scheduler>,
        journal: Option<Journal>,
        on_change: OnPairChange,
    ) -> Self {
        SyncService {
            inner: Arc::new(Inner {
                store: PairStore::new(config_dir),
                state_dir,
                clients,
                sched,
                journal,
                runtimes: Mutex::new(HashMap::new()),
                on_change,
            }),
        }
    }

    /// Start every agreed, unpaused pair: each catches up on what changed while the app
    /// was closed, then watches. This, `agree` and `resume` start workers on the calling
    /// thread's async runtime, so they must be called inside it.
    pub fn start_all(&self) -> Result<()> {
        for pair in self.inner.store.list()? {
            if pair.agreed && !pair.paused {
                self.spawn(&pair, None);
            }
        }
        Ok(())
    }

    pub fn states(&self) -> Result<Vec<SyncPairState>> {
        let pairs = self.inner.store.list()?;
        Ok(pairs.into_iter().map(|p| self.state_of(p)).collect())
    }

    pub fn add(&self, new: NewSyncPair) -> Result<SyncPairState> {
        let pair = self.inner.store.add(new)?;
        let state = self.state_of(pair);
        (self.inner.on_change)(state.clone());
        Ok(state)
    }

    /// Compare the folder with the Space: the plan the user agrees to before the first
    /// sync. A running pair is not previewed (its worker is already acting on changes).
    pub async fn preview(&self, id: &str, cancel: &CancellationToken) -> Result<SyncPlan> {
        let pair = self.inner.store.get(id)?;
        if self.is_running(id) {
            return Err(Error::Conflict(
                "This pair is syncing already. Pause it to see a plan.".into(),
            ));
        }
        let s3 = self.inner.clients.client(&pair.account_id)?;
        let path = index_path(&self.inner.state_dir, &pair.id);
        let pe = PairEnv {
            env: Env {
                s3: &s3,
                sched: &self.inner.sched,
                journal: self.inner.journal.as_ref(),
                account_id: &pair.account_id,
            },
            pair: &pair,
            index_path: &path,
        };
        let plan = run::reconcile(pe, cancel).await?;
        self.with_runtime(id, |rt| rt.plan = Some(plan.clone()));
        Ok(plan)
    }

    /// The user agreed to the plan last previewed: run it, then watch.
    pub fn agree(&self, id: &str) -> Result<()> {
        let plan = self
            .with_runtime(id, |rt| rt.plan.take())
            .flatten()
            .ok_or_else(|| {
                Error::Conflict("Look at the plan first, then start the sync.".into())
            })?;
        let pair = self.inner.store.update(id, |p| {
            p.agreed = true;
            p.paused = false;
        })?;
        self.spawn(&pair, Some(plan));
        Ok(())
    }

    pub fn pause(&self, id: &str) -> Result<()> {
        let pair = self.inner.store.update(id, |p| p.paused = true)?;
        self.stop_worker(id);
        self.set_status(&pair.id, SyncStatus::Paused);
        Ok(())
    }

    /// Watch again, catching up on what changed while paused.
    pub fn resume(&self, id: &str) -> Result<()> {
        let pair = self.inner.store.update(id, |p| p.paused = false)?;
        if !pair.agreed {
            return Err(Error::Conflict(
                "Look at the plan first, then start the sync.".into(),
            ));
        }
        if !self.is_running(id) {
            self.spawn(&pair, None);
        }
        Ok(())
    }

    /// Stop and forget a pair; nothing in the Space or the folder is touched.
    pub fn remove(&self, id: &str) -> Result<()> {
        self.stop_worker(id);
        let pair = self.inner.store.remove(id)?;
        if let Ok(mut rts) = self.inner.runtimes.lock() {
            rts.remove(id);
        }
        let _ = std::fs::remove_file(index_path(&self.inner.state_dir, &pair.id));
        Ok(())
    }

    /// Stop every worker (the app is closing).
    pub fn shutdown(&self) {
        if let Ok(mut rts) = self.inner.runtimes.lock() {
            for rt in rts.values_mut() {
                if let Some(stop) = rt.stop.take() {
                    stop.cancel();
                }
            }
        }
    }

    fn spawn(&self, pair: &SyncPair, first: Option<SyncPlan>) {
        let s3 = match self.inner.clients.client(&pair.account_id) {
            Ok(s3) => s3,
            Err(e) => {
                let status = SyncStatus::Error {
                    kind: e.kind(),
                    message: e.to_string(),
                };
                return self.set_status(&pair.id, status);
            }
        };
        let stop = CancellationToken::new();
        self.stop_worker(&pair.id);
        let Some(gate) = self.with_runtime(&pair.id, |rt| {
            rt.stop = Some(stop.clone());
            rt.gate.clone()
        }) else {
            return;
        };
        let worker = Worker {
            s3,
            sched: self.inner.sched.clone(),
            journal: self.inner.journal.clone(),
            pair: pair.clone(),
            index_path: index_path(&self.inner.state_dir, &pair.id),
        };
        let rep = Arc::new(PairReporter {
            service: self.clone(),
            id: pair.id.clone(),
        });
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                rt.spawn(async move {
                    let _running = gate.lock_owned().await;
                    worker.run(first, stop, rep).await;
                });
            }
            // A caller outside the async runtime must not bring the app down.
            Err(_) => self.set_status(
                &pair.id,
                SyncStatus::Error {
                    kind: crate::ErrorKind::Internal,
                    message: "The sync could not start here. Restart Spaceport.".into(),
                },
            ),
        }
    }

    fn is_running(&self, id: &str) -> bool {
        self.with_runtime(id, |rt| rt.stop.is_some())
            .unwrap_or(false)
    }

    fn stop_worker(&self, id: &str) {
        if let Some(Some(stop)) = self.with_runtime(id, |rt| rt.stop.take()) {
            stop.cancel();
        }
    }

    fn state_of(&self, pair: SyncPair) -> SyncPairState {
        let default_status = if !pair.agreed {
            SyncStatus::Setup
        } else if pair.paused {
            SyncStatus::Paused
        } else {
            SyncStatus::Scanning
        };
        let saved_sync = || {
            SyncIndex::load(&index_path(&self.inner.state_dir, &pair.id))
                .ok()
                .and_then(|i| i.last_sync_ms)
        };
        let seen = self.with_runtime(&pair.id, |rt| {
            (
                rt.status.clone(),
                rt.last_sync_ms,
                rt.activity.iter().cloned().collect(),
                rt.last_outcome.clone(),
            )
        });
        let (status, last_sync_ms, activity, last_outcome) = match seen {
            Some((status, at, activity, outcome)) => {
                (status, at.or_else(saved_sync), activity, outcome)
            }
            None => (default_status, saved_sync(), Vec::new(), None),
        };
        let status = match (&status, pair.paused) {
            (_, true) => SyncStatus::Paused,
            (SyncStatus::Setup, false) if pair.agreed => SyncStatus::Scanning,
            _ => status,
        };
        SyncPairState {
            pair,
            status,
            last_sync_ms,
            activity,
            last_outcome,
        }
    }

    /// Change a pair's runtime (made on first use); None if the lock is broken.
    fn with_runtime<T>(&self, id: &str, f: impl FnOnce(&mut Runtime) -> T) -> Option<T> {
        let mut rts = self.inner.runtimes.lock().ok()?;
        let rt = rts.entry(id.to_owned()).or_insert_with(|| Runtime {
            status: SyncStatus::Setup,
            last_sync_ms: None,
            activity: VecDeque::new(),
            last_outcome: None,
            plan: None,
            stop: None,
            gate: Arc::default(),
            last_report: Instant::now(),
        });
        Some(f(rt))
    }

    fn set_status(&self, id: &str, status: SyncStatus) {
        let progress_only = matches!(status, SyncStatus::Syncing { done, .. } if done > 0);
        let report = self.with_runtime(id, |rt| {
            let same_kind = std::mem::discriminant(&rt.status) == std::mem::discriminant(&status);
            rt.status = status;
            let due = rt.last_report.elapsed() >= PROGRESS_EVERY;
            let send = !(progress_only && same_kind) || due;
            if send {
                rt.last_report = Instant::now();
            }
            send
        });
        if report == Some(true) {
            self.report(id);
        }
    }

    fn report(&self, id: &str) {
        if let Ok(pair) = self.inner.store.get(id) {
            (self.inner.on_change)(self.state_of(pair));
        }
    }
}

struct PairReporter {
    service: SyncService,
    id: String,
}

impl Reporter for PairReporter {
    fn status(&self, status: SyncStatus) {
        self.service.set_status(&self.id, status);
    }

    fn activity(&self, activity: SyncActivity) {
        tracing::debug!(pair = %self.id, path = %activity.path, action = ?activity.action, "sync");
        self.service.with_runtime(&self.id, |rt| {
            rt.activity.push_front(activity);
            rt.activity.truncate(ACTIVITY_KEPT);
        });
    }

    fn needs_review(&self, message: String) {
        let _ = self
            .service
            .inner
            .store
            .update(&self.id, |p| p.agreed = false);
        self.service.with_runtime(&self.id, |rt| {
            rt.stop = None;
            rt.status = SyncStatus::Error {
                kind: crate::ErrorKind::Conflict,
                message,
            };
        });
        self.service.report(&self.id);
    }

    fn synced(&self, at_ms: i64, outcome: &SyncOutcome) {
        self.service.with_runtime(&self.id, |rt| {
            rt.last_sync_ms = Some(at_ms);
            rt.last_outcome = Some(outcome.clone());
        });
        self.service.report(&self.id);
    }
}
