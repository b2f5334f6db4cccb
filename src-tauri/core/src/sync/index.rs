//! What the last sync of a pair uploaded: each file's size and modification time as they
//! were when it went up, and the ETag it got. A file that still matches was not changed
//! since; a new sync never compares by clocks when this knows the answer. One JSON file per
//! pair in the sync state folder, written atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::local::LocalFile;
use crate::error::{Error, Result};
use crate::fsutil::{load_json, write_atomic};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synced {
    pub size: u64,
    pub mtime_ms: i64,
    pub etag: String,
}

impl Synced {
    pub fn matches(&self, file: &LocalFile) -> bool {
        self.size == file.size && self.mtime_ms == file.mtime_ms
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncIndex {
    /// By path relative to the pair's folder.
    pub files: BTreeMap<String, Synced>,
    /// When the last sync of the pair finished, epoch milliseconds.
    #[serde(default)]
    pub last_sync_ms: Option<i64>,
    /// The synced folder's identity (`local::root_identity`), once a sync ran.
    #[serde(default)]
    pub root: Option<u64>,
}

impl SyncIndex {
    pub fn load(path: &Path) -> Result<Self> {
        load_json(path)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = serde_json::to_vec(self)
            .map_err(|e| Error::Internal(format!("Could not save the sync state: {e}")))?;
        write_atomic(path, &bytes)
    }

    /// A sync of the folder `root` just finished.
    pub fn mark_synced(&mut self, root: &Path) {
        self.last_sync_ms = Some(super::now_ms());
        self.root = self.root.or_else(|| super::local::root_identity(root));
    }

    /// Every path at or under `rel` ("a/b" covers "a/b" and "a/b/..."), in order.
    pub fn under<'a>(&'a self, rel: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        let below = format!("{rel}/");
        let exact = self.files.get_key_value(rel).map(|(k, _)| k);
        let start = below.clone();
        exact.into_iter().chain(
            self.files
                .range(start..)
                .map(|(k, _)| k)
                .take_while(move |k| k.starts_with(&below)),
        )
    }

    /// Forget `rel` and, for a folder, everything under it; returns what was forgotten.
    pub fn forget_under(&mut self, rel: &str) -> Vec<String> {
        let gone: Vec<String> = self.under(rel).cloned().collect();
        for k in &gone {
            self.files.remove(k);
        }
        gone
    }
}

/// Where a pair's index lives.
pub fn index_path(state_dir: &Path, pair_id: &str) -> PathBuf {
    state_dir.join(format!("{pair_id}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_loads_and_forgets_a_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = index_path(dir.path(), "p1");
        assert_eq!(SyncIndex::load(&path).expect("load"), SyncIndex::default());
        let mut index = SyncIndex::default();
        for rel in ["a/x", "a/y", "ab", "b"] {
            let synced = Synced {
                size: 1,
                mtime_ms: 5,
                etag: "e".into(),
            };
            index.files.insert(rel.into(), synced);
        }
        index.save(&path).expect("save");
        let mut back = SyncIndex::load(&path).expect("load");
        assert_eq!(back, index);
        assert_eq!(back.forget_under("a"), vec!["a/x", "a/y"]);
        assert_eq!(back.files.keys().collect::<Vec<_>>(), vec!["ab", "b"]);
        let file = LocalFile {
            size: 1,
            mtime_ms: 5,
        };
        assert!(back.files["b"].matches(&file));
    }
}
