//! Watching a pair's folder: notify's events become sets of changed paths, handed on once
//! the folder has been quiet for a moment (an editor's save-and-rename is one change), and
//! sorted into what to upload and what to delete. A file written in the last second is
//! held back until it settles, so a copy in progress never goes up half-written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::ignore::IgnoreSet;
use super::index::SyncIndex;
use super::local::{self, Found, LocalFile};
use crate::error::{Error, Result};

/// How long the folder must be quiet before a batch of changes goes.
pub const QUIET: Duration = Duration::from_millis(700);
/// Changes go at least this often while writes never stop.
const MAX_WAIT: Duration = Duration::from_secs(10);
/// A file modified more recently than this is still being written.
pub const SETTLE: Duration = Duration::from_millis(SETTLE_MS as u64);

enum Signal {
    /// Paths changed; `moved` when the change may be a move or removal (of the root too).
    Paths(Vec<PathBuf>, bool),
    /// Events were lost: only a full comparison can tell what changed.
    Rescan,
    Failed(String),
}

/// Changed paths since the last batch.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub paths: BTreeSet<String>,
    /// Events were lost: compare everything.
    pub rescan: bool,
    /// The folder itself was moved or removed: the watch must start again, on the folder
    /// that has the name now.
    pub root_changed: bool,
}

pub struct FolderWatcher {
    root: PathBuf,
    rx: mpsc::UnboundedReceiver<Signal>,
    // Dropping it stops the watch.
    _watcher: RecommendedWatcher,
}

impl FolderWatcher {
    pub fn start(root: &Path) -> Result<Self> {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let signal = match event {
                    Ok(e) if e.need_rescan() => Signal::Rescan,
                    // Reads (ours too: every scan opens the folders) change nothing.
                    Ok(e) if matches!(e.kind, EventKind::Access(_)) => return,
                    Ok(e) => {
                        let moved = matches!(
                            e.kind,
                            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                        );
                        Signal::Paths(e.paths, moved)
                    }
                    Err(e) => Signal::Failed(e.to_string()),
                };
                let _ = tx.send(signal);
            })
            .map_err(|e| watch_error(root, &e))?;
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| watch_error(root, &e))?;
        Ok(FolderWatcher {
            root: root.to_path_buf(),
            rx,
            _watcher: watcher,
        })
    }

    /// The next batch: waits up to `wait` for a first change (None when none came), then
    /// until no change has come for `QUIET`.
    pub async fn next_batch(&mut self, wait: Duration) -> Result<Option<Batch>> {
        let mut batch = Batch::default();
        let first = match tokio::time::timeout(wait, self.rx.recv()).await {
            Err(_) => return Ok(None),
            Ok(None) => return Err(Error::Internal("The folder watch stopped.".into())),
            Ok(Some(signal)) => signal,
        };
        self.take(first, &mut batch)?;
        let until = Instant::now() + MAX_WAIT;
        loop {
            let deadline = (Instant::now() + QUIET).min(until);
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Err(_) | Ok(None) => return Ok(Some(batch)),
                Ok(Some(signal)) => self.take(signal, &mut batch)?,
            }
        }
    }

    fn take(&self, signal: Signal, batch: &mut Batch) -> Result<()> {
        match signal {
            Signal::Paths(paths, moved) => {
                for path in paths {
                    match local::rel_of(&self.root, &path) {
                        // The folder itself: only a move or removal matters.
                        Some(rel) if rel.is_empty() => batch.root_changed |= moved,
                        Some(rel) => {
                            batch.paths.insert(rel);
                        }
                        None => {}
                    }
                }
            }
            Signal::Rescan => batch.rescan = true,
            Signal::Failed(message) => {
                tracing::warn!(%message, "folder watch error");
                batch.rescan = true;
            }
        }
        Ok(())
    }
}

fn watch_error(root: &Path, e: &notify::Error) -> Error {
    let text = e.to_string();
    if text.contains("inotify") && text.contains("limit") || text.contains("No space left") {
        return Error::Io(format!(
            "The system's limit of watched folders is reached, so {} cannot be watched. Raise fs.inotify.max_user_watches, or sync a smaller folder.",
            root.display()
        ));
    }
    Error::Io(format!("{} cannot be watched: {text}.", root.display()))
}

/// What a batch of changed paths asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub uploads: Vec<String>,
    /// Paths whose local files are gone (the caller deletes them only if asked to).
    pub removed: Vec<String>,
    /// Still being written: look again later.
    pub unsettled: BTreeSet<String>,
}

/// Sort changed paths (files or folders, present or gone) against the index. The root
/// must exist: a vanished folder is an error, never a list of removals.
pub fn sort_changes(
    root: &Path,
    ignore: &IgnoreSet,
    index: &SyncIndex,
    paths: &BTreeSet<String>,
    now_ms: i64,
) -> Result<Changes> {
    local::check_root(root)?;
    let mut changes = Changes::default();
    let mut seen = BTreeSet::new();
    for rel in paths {
        if ignore.is_ignored(rel, false) {
            continue;
        }
        match local::stat(root, rel) {
            Found::File(file) => file_changed(rel, &file, index, now_ms, &mut changes),
            Found::Folder => {
                if ignore.is_ignored(rel, true) {
                    continue;
                }
                let scan = local::scan_under(root, rel, ignore)?;
                for (path, file) in &scan.files {
                    if seen.insert(path.clone()) {
                        file_changed(path, file, index, now_ms, &mut changes);
                    }
                }
                let below = format!("{rel}/");
                for known in index.under(rel).filter(|k| k.starts_with(&below)) {
                    let gone = !scan.files.contains_key(known) && !scan.hides(known);
                    if gone && seen.insert(known.clone()) {
                        changes.removed.push(known.clone());
                    }
                }
            }
            Found::Nothing => {
                for known in index.under(rel) {
                    if seen.insert(known.clone()) {
                        changes.removed.push(known.clone());
                    }
                }
            }
            // Not readable now (permissions, a dropped mount): neither uploaded nor gone.
            Found::Unreadable => {}
        }
    }
    changes.uploads.sort();
    changes.uploads.dedup();
    Ok(changes)
}

fn file_changed(rel: &str, file: &LocalFile, index: &SyncIndex, now_ms: i64, out: &mut Changes) {
    if index.files.get(rel).is_some_and(|s| s.matches(file)) {
        return;
    }
    // A time in the future (another machine's clock, an archive) cannot be waited out.
    if is_unsettled(file.mtime_ms, now_ms) {
        out.unsettled.insert(rel.to_owned());
    } else {
        out.uploads.push(rel.to_owned());
    }
}

/// Whether a file modified at `mtime_ms` may still be being written at `now_ms`.
pub fn is_unsettled(mtime_ms: i64, now_ms: i64) -> bool {
    (0..SETTLE_MS).contains(&(now_ms - mtime_ms))
}

const SETTLE_MS: i64 = 1000;

#[cfg(test)]
mod tests {
    use super::super::index::Synced;
    use super::*;

    fn synced(file: &LocalFile) -> Synced {
        Synced {
            size: file.size,
            mtime_ms: file.mtime_ms,
            etag: "e".into(),
        }
    }

    #[test]
    fn changes_sort_into_uploads_removals_and_unsettled() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs/sub")).expect("mkdir");
        std::fs::write(root.join("same.txt"), b"1").expect("write");
        std::fs::write(root.join("edited.txt"), b"22").expect("write");
        std::fs::write(root.join("docs/sub/new.txt"), b"3").expect("write");
        std::fs::write(root.join("x.tmp"), b"3").expect("write");
        let mut index = SyncIndex::default();
        let Found::File(same) = local::stat(root, "same.txt") else {
            panic!("same.txt is a file");
        };
        index.files.insert("same.txt".into(), synced(&same));
        let stale = LocalFile {
            size: 1,
            mtime_ms: 1,
        };
        index.files.insert("edited.txt".into(), synced(&stale));
        index
            .files
            .insert("docs/sub/old.txt".into(), synced(&stale));
        index.files.insert("gone/a.txt".into(), synced(&stale));
        let paths: BTreeSet<String> = ["same.txt", "edited.txt", "docs", "gone", "x.tmp"]
            .iter()
            .map(|p| (*p).to_owned())
            .collect();
        let ignore = IgnoreSet::new(&super::super::ignore::DEFAULT_IGNORE);
        let later = super::super::now_ms() + 5_000;
        let changes = sort_changes(root, &ignore, &index, &paths, later).expect("sort");
        assert_eq!(changes.uploads, vec!["docs/sub/new.txt", "edited.txt"]);
        assert_eq!(changes.removed, vec!["docs/sub/old.txt", "gone/a.txt"]);
        assert!(changes.unsettled.is_empty());
        let now = super::super::now_ms();
        let fresh = sort_changes(root, &ignore, &index, &paths, now).expect("sort");
        assert!(fresh.uploads.is_empty(), "just written: {fresh:?}");
        assert!(fresh.unsettled.contains("edited.txt"));
        // A modification time ahead of the clock is not waited for.
        let before = sort_changes(root, &ignore, &index, &paths, now - 60_000).expect("sort");
        assert_eq!(before.uploads, vec!["docs/sub/new.txt", "edited.txt"]);
    }

    #[test]
    fn a_vanished_root_is_an_error_not_removals() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("pair");
        std::fs::create_dir(&root).expect("mkdir");
        let mut index = SyncIndex::default();
        index.files.insert(
            "a".into(),
            synced(&LocalFile {
                size: 1,
                mtime_ms: 1,
            }),
        );
        std::fs::remove_dir(&root).expect("rmdir");
        let paths = BTreeSet::from(["a".to_owned()]);
        let err = sort_changes(&root, &IgnoreSet::default(), &index, &paths, 0).expect_err("gone");
        assert_eq!(err.kind(), crate::ErrorKind::NotFound);
    }

    #[tokio::test]
    async fn rapid_writes_arrive_as_one_batch() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let mut watcher = FolderWatcher::start(&root).expect("watch");
        for i in 0..20 {
            std::fs::write(root.join("note.txt"), format!("draft {i}")).expect("write");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        std::fs::write(root.join(".note.txt.swp"), b"x").expect("write");
        std::fs::rename(root.join(".note.txt.swp"), root.join("saved.txt")).expect("rename");
        let batch = watcher
            .next_batch(Duration::from_secs(5))
            .await
            .expect("watch")
            .expect("a batch");
        let paths: Vec<&str> = batch.paths.iter().map(String::as_str).collect();
        assert_eq!(paths, vec![".note.txt.swp", "note.txt", "saved.txt"]);
        let quiet = watcher
            .next_batch(Duration::from_millis(300))
            .await
            .expect("watch");
        assert_eq!(quiet, None, "nothing more after the quiet period");
    }
}
