//! The transfer engine: single files up and down (multipart uploads, ranged downloads,
//! integrity checks), the scheduler every request passes, the journal that makes them
//! resumable, and the queue and batches built on them.

mod backoff;
pub mod batch;
pub mod download;
mod download_small;
mod fileio;
mod group_sync;
pub mod integrity;
pub mod journal;
pub mod leftovers;
pub mod local_name;
pub mod manager;
pub mod plan;
pub mod scheduler;
pub mod staging;
pub mod upload;

use crate::client::S3;
use journal::Journal;
use scheduler::Scheduler;

/// What every transfer runs with.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub s3: &'a S3,
    /// Shared by all transfers, across accounts.
    pub sched: &'a Scheduler,
    /// Makes transfers resumable after a crash or restart.
    pub journal: Option<&'a Journal>,
    /// The account the transfer runs under (kept in the journal, to offer it again).
    pub account_id: &'a str,
}
