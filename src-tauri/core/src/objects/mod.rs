//! Acting on objects already in a Space: new folders, delete, copy, move and rename,
//! permissions, metadata, details. Folders do not exist on the server: acting on a folder
//! means acting on every key under its prefix, so every bulk action first expands the
//! selection into keys (`selection`), then runs one request per key through the shared
//! scheduler (`bulk`), reporting progress and every key that failed.

pub mod acl;
pub mod bulk;
pub mod copy;
pub mod delete;
pub mod folder;
pub mod info;
pub mod keys;
pub mod meta;
pub mod relocate;
pub mod search;
pub mod selection;

use std::future::Future;

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::client::S3;
use crate::error::Result;
use crate::s3_error::map_sdk_error;
use crate::transfer::scheduler::Scheduler;

/// A client and the scheduler every request goes through (the same one transfers use, so
/// bulk actions and transfers together stay under the request-rate limit).
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub s3: &'a S3,
    pub sched: &'a Scheduler,
}

impl Ctx<'_> {
    /// Send one SDK request through the scheduler. `doing` names the request for a timeout
    /// ("changing permissions"), `what` the thing acted on for other errors ("\"a.txt\"").
    pub async fn send<T, E>(
        &self,
        doing: &str,
        what: &str,
        bytes: u64,
        call: impl Future<Output = std::result::Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        // Boxed: SDK futures are large, and each layer above would hold its own copy of
        // one (a debug build overflowed a 2 MiB test thread's stack).
        let call = Box::pin(call);
        self.sched
            .run(self.s3.lane(), doing, bytes, async {
                call.await.map_err(|e| map_sdk_error(e, what))
            })
            .await
    }
}

/// Where an object is: a Space and a key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ObjectRef {
    pub bucket: String,
    pub key: String,
}

/// One key listed under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub key: String,
    /// Known when the key came from a listing.
    pub size: Option<u64>,
}

/// Progress of a bulk action, sent about every 150 ms and once at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpProgress {
    /// What the action is doing now: "listing", "copying", "deleting", ...
    pub phase: OpPhase,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub failed: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum OpPhase {
    #[default]
    Listing,
    Copying,
    Deleting,
    Updating,
    Reading,
}

/// A key an action could not be applied to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyFailure {
    pub key: String,
    pub message: String,
}

/// The outcome of a bulk action: how many keys it was applied to, and every failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpReport {
    #[ts(type = "number")]
    pub done: u64,
    /// Keys left alone on purpose (a move that would overwrite with "skip").
    #[ts(type = "number")]
    pub skipped: u64,
    pub failed: Vec<KeyFailure>,
    /// Stopped by the user before every key was handled.
    pub cancelled: bool,
}

impl OpReport {
    pub fn merge(&mut self, other: OpReport) {
        self.done += other.done;
        self.skipped += other.skipped;
        self.failed.extend(other.failed);
        self.cancelled |= other.cancelled;
    }
}

/// Hears progress; `Fn` so bulk steps running at once can all report.
pub type OnProgress<'a> = &'a (dyn Fn(OpProgress) + Send + Sync);

/// A progress listener that ignores everything (CLI with --json, tests).
pub fn no_progress(_: OpProgress) {}
