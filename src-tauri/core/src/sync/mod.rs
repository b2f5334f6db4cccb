//! Folder sync: a local folder kept in step with a folder (prefix) of a Space, local to
//! Space. A pair is reconciled first (the local tree against the remote listing and what
//! the last sync recorded), the plan is shown and run through the transfer engine; then the
//! folder is watched and each settled change goes up. Also the cleanup rule: delete what is
//! older than N days under a prefix, where lifecycle rules are not available.

pub mod checksum;
pub mod cleanup;
pub mod ignore;
pub mod index;
pub mod local;
pub mod pair;
pub mod reconcile;
pub mod run;
pub mod service;
pub mod watch;
pub mod worker;

pub use pair::{NewSyncPair, PairStore, SyncOptions, SyncPair};
pub use reconcile::SyncPlan;
pub use service::SyncService;

/// Milliseconds since the epoch, as every time in sync is kept.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
