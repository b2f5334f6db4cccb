//! Types shared with the UI (and the CLI's `--json`). Each derives `TS`; the generated
//! bindings live in `ui/src/lib/bindings/`. Numbers that can pass 2^32 are `number` in
//! TypeScript: sizes and epoch milliseconds stay far below 2^53.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::keychain::Secret;

/// Where an account's Spaces live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum Provider {
    /// DigitalOcean Spaces in one region (nyc3, ams3, ...).
    #[serde(rename = "digitalocean")]
    DigitalOcean { region: String },
    /// Any other S3-compatible server.
    #[serde(rename = "s3compatible")]
    S3Compatible {
        endpoint: String,
        region: String,
        path_style: bool,
    },
}

/// A saved account as stored in the config file. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub provider: Provider,
    pub access_key_id: String,
    /// Spaces added by name, for keys that may not list buckets.
    #[serde(default)]
    pub added_spaces: Vec<String>,
}

/// What the account form sends: a profile plus the secret key typed by the user.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountDraft {
    pub name: String,
    pub provider: Provider,
    pub access_key_id: String,
    /// Empty when editing an account and keeping its stored secret.
    #[ts(type = "string")]
    pub secret_key: Secret,
}

/// The outcome of "Test connection".
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionReport {
    /// The key may list Spaces; `spaces` is how many it sees.
    pub can_list_spaces: bool,
    pub spaces: u32,
    /// A sentence for the user, e.g. "Connected. 3 Spaces found."
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpaceInfo {
    pub name: String,
    /// Epoch milliseconds; absent for Spaces added by name.
    #[ts(type = "number | null")]
    pub created: Option<i64>,
    pub region: String,
    /// Added by name rather than listed by the server.
    pub added_by_name: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum EntryKind {
    Folder,
    File,
}

/// One row of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Entry {
    /// The full key; for a folder it ends with `/`.
    pub key: String,
    /// The last path segment, without a trailing `/`.
    pub name: String,
    pub kind: EntryKind,
    #[ts(type = "number")]
    pub size: u64,
    /// Epoch milliseconds; absent for folders.
    #[ts(type = "number | null")]
    pub last_modified: Option<i64>,
    pub etag: Option<String>,
    pub storage_class: Option<String>,
}

/// Streamed to the UI while a folder lists.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ListEvent {
    Page {
        entries: Vec<Entry>,
    },
    Done {
        folders: u32,
        files: u32,
        #[ts(type = "number")]
        bytes: u64,
    },
}

/// The Spaces of one account.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpaceList {
    pub spaces: Vec<SpaceInfo>,
    /// The key may not list Spaces (a bucket-scoped key): only Spaces added by name show.
    pub list_denied: bool,
}

/// Facts the UI shows and needs at start.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// DigitalOcean Spaces regions for the region picker.
    pub regions: Vec<String>,
    pub config_dir: String,
    pub log_dir: String,
}

/// Who may read a new object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ObjectAcl {
    #[default]
    Private,
    PublicRead,
}

/// Headers and permission for uploaded objects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UploadOptions {
    pub acl: ObjectAcl,
    pub cache_control: Option<String>,
    /// None: guessed from the file name.
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TransferDirection {
    Upload,
    Download,
}

/// Where a transfer stands. Failed carries the `{kind, message}` of its error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
#[ts(export)]
pub enum TransferState {
    Queued,
    Running,
    Paused,
    Done,
    Failed {
        kind: crate::error::ErrorKind,
        message: String,
    },
    Cancelled,
}

/// One transfer as the transfer panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TransferInfo {
    #[ts(type = "number")]
    pub id: u64,
    pub direction: TransferDirection,
    pub account_id: String,
    pub bucket: String,
    pub key: String,
    pub local: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub done: u64,
    pub state: TransferState,
}

/// A transfer interrupted by a crash or restart, found in the journal: the panel offers to
/// resume it (from the parts already moved) or to discard it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InterruptedTransfer {
    /// The journal's id for it.
    pub id: String,
    pub direction: TransferDirection,
    pub account_id: String,
    pub bucket: String,
    pub key: String,
    pub local: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Bytes already moved (what resuming will not move again).
    #[ts(type = "number")]
    pub done: u64,
}

/// An incomplete multipart upload on the server that no journal knows about: it costs
/// storage until it is aborted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LeftoverUpload {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    /// RFC 3339, when the upload was started.
    pub initiated: Option<String>,
    /// Bytes in the parts it holds.
    #[ts(type = "number")]
    pub size: u64,
}

/// A file staged for upload, as the staged-upload dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StagedFile {
    pub local: String,
    pub key: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Guessed from the name; the dialog may override it.
    pub content_type: String,
}

/// What to do when the target (a key, or a local file) already exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConflictPolicy {
    #[default]
    Overwrite,
    Skip,
    KeepBoth,
}

/// A browser row chosen for download.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DownloadSelection {
    pub key: String,
    pub kind: EntryKind,
    #[ts(type = "number")]
    pub size: u64,
}
