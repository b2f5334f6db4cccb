//! Sync pairs as the user set them up: a local folder, an account, a Space and a prefix,
//! and the options. Kept in `sync-pairs.json` beside the accounts (no secrets in it).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ignore::DEFAULT_IGNORE;
use crate::error::{Error, Result};
use crate::fsutil::{load_json, write_atomic};
use crate::model::{ObjectAcl, UploadOptions};

const FILE: &str = "sync-pairs.json";

/// How a pair syncs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncOptions {
    /// Delete a file in the Space when its local file is deleted. Off by default.
    #[serde(default)]
    pub delete_remote: bool,
    /// The permission of uploaded files.
    #[serde(default)]
    pub acl: ObjectAcl,
    #[serde(default)]
    pub cache_control: Option<String>,
    /// Names and paths never uploaded (see `ignore`).
    #[serde(default = "default_ignore")]
    pub ignore: Vec<String>,
    /// Compare contents (MD5 against the ETag) when size and time cannot tell.
    #[serde(default)]
    pub compare_checksums: bool,
}

fn default_ignore() -> Vec<String> {
    DEFAULT_IGNORE.iter().map(|p| (*p).to_owned()).collect()
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            delete_remote: false,
            acl: ObjectAcl::Private,
            cache_control: None,
            ignore: default_ignore(),
            compare_checksums: false,
        }
    }
}

impl SyncOptions {
    pub fn upload_options(&self) -> UploadOptions {
        UploadOptions {
            acl: self.acl,
            cache_control: self.cache_control.clone().filter(|c| !c.trim().is_empty()),
            content_type: None,
        }
    }
}

/// What the Set up sync form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewSyncPair {
    pub local: String,
    pub account_id: String,
    pub bucket: String,
    /// The folder in the Space: "" for its top, else ending in `/` (added when missing).
    pub prefix: String,
    #[serde(default)]
    pub options: SyncOptions,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncPair {
    pub id: String,
    pub local: String,
    pub account_id: String,
    pub bucket: String,
    pub prefix: String,
    pub options: SyncOptions,
    /// Stopped by the user; not watched until resumed.
    #[serde(default)]
    pub paused: bool,
    /// The user agreed to a first plan, so the pair is watched and caught up at start.
    #[serde(default)]
    pub agreed: bool,
}

impl SyncPair {
    pub fn root(&self) -> PathBuf {
        PathBuf::from(&self.local)
    }

    /// The key a local path ("a/b.txt") has in the Space.
    pub fn key_for(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }

    /// "photos/ → my-space/backup/", for messages.
    pub fn label(&self) -> String {
        format!("{} → {}/{}", self.local, self.bucket, self.prefix)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct PairsFile {
    pairs: Vec<SyncPair>,
}

/// The saved pairs.
#[derive(Debug, Clone)]
pub struct PairStore {
    path: PathBuf,
}

impl PairStore {
    pub fn new(config_dir: &Path) -> Self {
        PairStore {
            path: config_dir.join(FILE),
        }
    }

    pub fn list(&self) -> Result<Vec<SyncPair>> {
        Ok(load_json::<PairsFile>(&self.path)?.pairs)
    }

    pub fn get(&self, id: &str) -> Result<SyncPair> {
        self.list()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::NotFound("This sync pair no longer exists.".into()))
    }

    /// Save a new pair after checking it; the folder must exist and not overlap another
    /// pair syncing into the same place.
    pub fn add(&self, new: NewSyncPair) -> Result<SyncPair> {
        let pair = checked(new)?;
        let mut pairs = self.list()?;
        if let Some(other) = pairs.iter().find(|p| overlaps(p, &pair)) {
            return Err(Error::Conflict(format!(
                "{} already syncs into {}/{}, which overlaps {}/{}. Pick a folder in the Space outside it, or remove that pair first.",
                other.local, other.bucket, other.prefix, pair.bucket, pair.prefix
            )));
        }
        pairs.push(pair.clone());
        self.save(pairs)?;
        Ok(pair)
    }

    pub fn remove(&self, id: &str) -> Result<SyncPair> {
        let mut pairs = self.list()?;
        let at = pairs
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| Error::NotFound("This sync pair no longer exists.".into()))?;
        let gone = pairs.remove(at);
        self.save(pairs)?;
        Ok(gone)
    }

    /// Change one saved pair.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut SyncPair)) -> Result<SyncPair> {
        let mut pairs = self.list()?;
        let pair = pairs
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::NotFound("This sync pair no longer exists.".into()))?;
        change(pair);
        let changed = pair.clone();
        self.save(pairs)?;
        Ok(changed)
    }

    fn save(&self, pairs: Vec<SyncPair>) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(&PairsFile { pairs })
            .map_err(|e| Error::Internal(format!("Could not save the sync pairs: {e}")))?;
        write_atomic(&self.path, &bytes)
    }
}

/// The pair as it will be saved: the folder made absolute and checked, the prefix a folder.
pub fn checked(new: NewSyncPair) -> Result<SyncPair> {
    let local = new.local.trim();
    if local.is_empty() {
        return Err(Error::InvalidInput(
            "Choose the local folder to sync.".into(),
        ));
    }
    let root = std::fs::canonicalize(local).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound(format!(
            "The folder {local} does not exist. Choose an existing folder."
        )),
        _ => Error::io(&format!("The folder {local} cannot be opened"), &e),
    })?;
    if !root.is_dir() {
        return Err(Error::InvalidInput(format!(
            "{local} is a file. Choose a folder to sync."
        )));
    }
    if let Some(ours) = holds_our_files(&root) {
        return Err(Error::InvalidInput(format!(
            "{local} holds Spaceport's own files ({}). Choose a folder inside it instead.",
            ours.display()
        )));
    }
    if new.bucket.trim().is_empty() {
        return Err(Error::InvalidInput("Choose the Space to sync into.".into()));
    }
    let prefix = crate::names::folder_prefix(new.prefix.trim().trim_start_matches('/'));
    Ok(SyncPair {
        id: uuid::Uuid::new_v4().simple().to_string(),
        local: root.display().to_string(),
        account_id: new.account_id,
        bucket: new.bucket.trim().to_owned(),
        prefix,
        options: new.options,
        paused: false,
        agreed: false,
    })
}

/// Two pairs whose folders in the Space nest: each would take the other's files for its
/// own (overwriting them, or deleting them as gone), whatever their local folders.
fn overlaps(a: &SyncPair, b: &SyncPair) -> bool {
    a.bucket == b.bucket
        && a.account_id == b.account_id
        && (a.prefix.starts_with(&b.prefix) || b.prefix.starts_with(&a.prefix))
}

/// Spaceport's own folders (settings, sync records, logs, journals) must not be synced:
/// each sync writes there, which would be a change to sync, forever.
fn holds_our_files(root: &Path) -> Option<PathBuf> {
    let ours = [
        crate::paths::config_dir(),
        crate::paths::sync_state_dir(),
        crate::paths::log_dir(),
        crate::paths::journal_dir(),
    ];
    ours.into_iter()
        .flatten()
        .map(|d| std::fs::canonicalize(&d).unwrap_or(d))
        .find(|d| d.starts_with(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_pair(dir: &Path, prefix: &str) -> NewSyncPair {
        NewSyncPair {
            local: dir.display().to_string(),
            account_id: "acc".into(),
            bucket: "space".into(),
            prefix: prefix.into(),
            options: SyncOptions::default(),
        }
    }

    #[test]
    fn pairs_round_trip_and_refuse_a_duplicate() {
        let config = tempfile::tempdir().expect("tempdir");
        let folder = tempfile::tempdir().expect("tempdir");
        let store = PairStore::new(config.path());
        let pair = store.add(new_pair(folder.path(), "backup")).expect("add");
        assert_eq!(pair.prefix, "backup/");
        assert!(!pair.agreed);
        assert_eq!(pair.options.ignore, default_ignore());
        assert_eq!(store.list().expect("list"), vec![pair.clone()]);
        let again = store.add(new_pair(folder.path(), "backup/sub"));
        assert_eq!(
            again.expect_err("overlap").kind(),
            crate::ErrorKind::Conflict
        );
        store
            .add(new_pair(folder.path(), "other"))
            .expect("another prefix is fine");
        let paused = store.update(&pair.id, |p| p.paused = true).expect("update");
        assert!(store.get(&pair.id).expect("get").paused && paused.paused);
        store.remove(&pair.id).expect("remove");
        assert_eq!(store.list().expect("list").len(), 1);
    }

    #[test]
    fn a_missing_folder_or_a_file_is_refused() {
        let folder = tempfile::tempdir().expect("tempdir");
        let missing = checked(new_pair(&folder.path().join("nope"), ""));
        assert_eq!(
            missing.expect_err("missing").kind(),
            crate::ErrorKind::NotFound
        );
        let file = folder.path().join("f");
        std::fs::write(&file, b"x").expect("write");
        let err = checked(new_pair(&file, "")).expect_err("file");
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
        let home = crate::paths::config_dir().expect("config dir");
        let top = home.ancestors().last().expect("the root folder");
        let err = checked(new_pair(top, "")).expect_err("holds our files");
        assert!(err.to_string().contains("Spaceport's own files"), "{err}");
    }
}
