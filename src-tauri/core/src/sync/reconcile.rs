//! The plan of a sync: what to upload, what to delete, what is unchanged. Pure: it compares
//! the local files, the remote listing and the index of the last sync.
//!
//! A file is unchanged when the index says it went up with this size and time and the
//! object still has the ETag it got; else, with checksums asked, when its MD5 matches the
//! ETag; else when the sizes agree and the local file is not newer than the object (how
//! `aws s3 sync` decides, for pairs that never synced).

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::index::{SyncIndex, Synced};
use super::local::{LocalFile, Scan};

/// An object under the pair's prefix, by path relative to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFile {
    pub size: u64,
    pub last_modified_ms: i64,
    pub etag: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum UploadReason {
    /// Not in the Space yet.
    New,
    /// In the Space, but the local file differs.
    Changed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlannedUpload {
    /// The path from the pair's folder, `/` separated.
    pub path: String,
    #[ts(type = "number")]
    pub size: u64,
    pub reason: UploadReason,
}

/// What a sync will do, shown before it runs ("1,204 to upload, 3 to delete, 9,001
/// unchanged").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncPlan {
    pub uploads: Vec<PlannedUpload>,
    /// Paths whose objects go, because their local files are gone (delete_remote on).
    pub deletes: Vec<String>,
    #[ts(type = "number")]
    pub unchanged: u64,
    /// Objects with no local file that stay, because delete_remote is off.
    #[ts(type = "number")]
    pub kept_remote: u64,
    #[ts(type = "number")]
    pub upload_bytes: u64,
}

impl SyncPlan {
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletes.is_empty()
    }
}

/// What the plan learned: files found unchanged that the index did not know (so the next
/// sync decides them without clocks).
pub type Adopted = Vec<(String, Synced)>;

/// Local files whose contents must be hashed to decide (checksums asked, sizes equal, and
/// the index does not vouch for them).
pub fn needing_checksum(
    local: &BTreeMap<String, LocalFile>,
    remote: &BTreeMap<String, RemoteFile>,
    index: &SyncIndex,
) -> Vec<String> {
    local
        .iter()
        .filter(|(rel, file)| {
            remote
                .get(*rel)
                .is_some_and(|r| r.size == file.size && !index_vouches(index, rel, file, r))
        })
        .map(|(rel, _)| rel.clone())
        .collect()
}

/// `checksums`: the ETag each hashed file would have (from `needing_checksum`), when asked.
/// An object whose local path could not be read is kept, never deleted.
pub fn plan(
    scan: &Scan,
    remote: &BTreeMap<String, RemoteFile>,
    index: &SyncIndex,
    delete_remote: bool,
    checksums: Option<&BTreeMap<String, String>>,
) -> (SyncPlan, Adopted) {
    let local = &scan.files;
    let mut plan = SyncPlan::default();
    let mut adopted = Vec::new();
    for (rel, file) in local {
        match decide(rel, file, remote.get(rel), index, checksums) {
            Decision::Upload(reason) => {
                plan.upload_bytes += file.size;
                plan.uploads.push(PlannedUpload {
                    path: rel.clone(),
                    size: file.size,
                    reason,
                });
            }
            Decision::Unchanged(learned) => {
                plan.unchanged += 1;
                adopted.extend(learned.map(|s| (rel.clone(), s)));
            }
        }
    }
    for rel in remote.keys().filter(|rel| !local.contains_key(*rel)) {
        if delete_remote && !scan.hides(rel) {
            plan.deletes.push(rel.clone());
        } else {
            plan.kept_remote += 1;
        }
    }
    (plan, adopted)
}

enum Decision {
    Upload(UploadReason),
    /// With what the index should learn, when it did not know already.
    Unchanged(Option<Synced>),
}

fn decide(
    rel: &str,
    file: &LocalFile,
    remote: Option<&RemoteFile>,
    index: &SyncIndex,
    checksums: Option<&BTreeMap<String, String>>,
) -> Decision {
    let Some(r) = remote else {
        return Decision::Upload(UploadReason::New);
    };
    let learned = Synced {
        size: file.size,
        mtime_ms: file.mtime_ms,
        etag: r.etag.clone(),
    };
    if let Some(sum) = checksums.and_then(|c| c.get(rel)) {
        return if *sum == r.etag {
            Decision::Unchanged(Some(learned))
        } else {
            Decision::Upload(UploadReason::Changed)
        };
    }
    // The object is what the last sync uploaded: the file alone says whether it changed.
    if let Some(synced) = index.files.get(rel).filter(|s| s.etag == r.etag) {
        return if synced.matches(file) {
            Decision::Unchanged(None)
        } else {
            Decision::Upload(UploadReason::Changed)
        };
    }
    // Listings give whole seconds: a file saved in the second its object was made is
    // not newer than it.
    if r.size != file.size || file.mtime_ms / 1000 > r.last_modified_ms / 1000 {
        Decision::Upload(UploadReason::Changed)
    } else {
        Decision::Unchanged(Some(learned))
    }
}

fn index_vouches(index: &SyncIndex, rel: &str, file: &LocalFile, r: &RemoteFile) -> bool {
    index
        .files
        .get(rel)
        .is_some_and(|s| s.matches(file) && s.etag == r.etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(entries: &[(&str, u64, i64)]) -> Scan {
        let files = entries
            .iter()
            .map(|(k, size, mtime_ms)| {
                let file = LocalFile {
                    size: *size,
                    mtime_ms: *mtime_ms,
                };
                ((*k).to_owned(), file)
            })
            .collect();
        Scan {
            files,
            unreadable: Default::default(),
        }
    }

    fn remote(entries: &[(&str, u64, i64, &str)]) -> BTreeMap<String, RemoteFile> {
        entries
            .iter()
            .map(|(k, size, at, etag)| {
                let file = RemoteFile {
                    size: *size,
                    last_modified_ms: *at,
                    etag: (*etag).to_owned(),
                };
                ((*k).to_owned(), file)
            })
            .collect()
    }

    fn paths(plan: &SyncPlan) -> Vec<(&str, UploadReason)> {
        plan.uploads
            .iter()
            .map(|u| (u.path.as_str(), u.reason))
            .collect()
    }

    #[test]
    fn without_an_index_size_and_time_decide() {
        let l = local(&[
            ("new", 1, 10_000),
            // Saved in the same second as its object was made (listings give seconds).
            ("same", 2, 20_900),
            ("bigger", 3, 10_000),
            ("newer", 2, 21_000),
        ]);
        let r = remote(&[
            ("same", 2, 20_000, "e1"),
            ("bigger", 2, 20_000, "e2"),
            ("newer", 2, 20_000, "e3"),
            ("gone", 9, 20_000, "e4"),
        ]);
        let (plan, adopted) = plan(&l, &r, &SyncIndex::default(), false, None);
        use UploadReason::*;
        assert_eq!(
            paths(&plan),
            vec![("bigger", Changed), ("new", New), ("newer", Changed)]
        );
        assert_eq!(
            (plan.unchanged, plan.kept_remote, plan.upload_bytes),
            (1, 1, 6)
        );
        assert!(plan.deletes.is_empty(), "delete_remote is off");
        assert_eq!(adopted.len(), 1);
        assert_eq!(adopted[0].0, "same");
        assert_eq!(adopted[0].1.etag, "e1");
    }

    #[test]
    fn the_index_decides_when_it_knows() {
        let mut index = SyncIndex::default();
        let synced = |size, mtime_ms, etag: &str| Synced {
            size,
            mtime_ms,
            etag: etag.into(),
        };
        // Uploaded at local time 100 s, while the server's clock said 90 s (skew).
        index.files.insert("a".into(), synced(2, 100_000, "ea"));
        // Edited since, within the same second: same size, new time.
        index.files.insert("b".into(), synced(2, 100_000, "eb"));
        // Someone replaced the object: the ETag moved on.
        index.files.insert("c".into(), synced(2, 100_000, "old"));
        let l = local(&[("a", 2, 100_000), ("b", 2, 100_400), ("c", 2, 100_000)]);
        let r = remote(&[
            ("a", 2, 90_000, "ea"),
            ("b", 2, 90_000, "eb"),
            ("c", 3, 90_000, "new"),
        ]);
        let (plan, adopted) = plan(&l, &r, &index, true, None);
        assert_eq!(
            paths(&plan),
            vec![("b", UploadReason::Changed), ("c", UploadReason::Changed)]
        );
        assert_eq!(plan.unchanged, 1);
        assert!(adopted.is_empty());
    }

    #[test]
    fn deletes_only_when_asked_and_checksums_override_time() {
        let l = local(&[("x", 4, 500), ("y", 4, 500)]);
        let r = remote(&[
            ("x", 4, 100, "sum-x"),
            ("y", 4, 900, "other"),
            ("z", 1, 1, "ez"),
        ]);
        let index = SyncIndex::default();
        assert_eq!(needing_checksum(&l.files, &r, &index), vec!["x", "y"]);
        let sums: BTreeMap<String, String> = [("x", "sum-x"), ("y", "sum-y")]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let (plan, adopted) = plan(&l, &r, &index, true, Some(&sums));
        assert_eq!(paths(&plan), vec![("y", UploadReason::Changed)]);
        assert_eq!(plan.deletes, vec!["z"]);
        assert_eq!(plan.kept_remote, 0);
        assert_eq!(
            adopted[0].0, "x",
            "x is newer locally but has the same contents"
        );
    }

    #[test]
    fn an_unreadable_local_path_keeps_its_objects() {
        let mut l = local(&[("ok", 1, 1_000)]);
        l.unreadable.insert("share".into());
        let r = remote(&[
            ("share/a", 1, 1_000, "e"),
            ("share/b/c", 1, 1_000, "e"),
            ("gone", 1, 1_000, "e"),
        ]);
        let (plan, _) = plan(&l, &r, &SyncIndex::default(), true, None);
        assert_eq!(plan.deletes, vec!["gone"]);
        assert_eq!(plan.kept_remote, 2);
    }
}
