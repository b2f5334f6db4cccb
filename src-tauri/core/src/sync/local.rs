//! The local side of a pair: every file under its folder (ignored names left out), with
//! size and modification time, keyed by its path from the root with `/` separators.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::ignore::IgnoreSet;
use crate::error::{Error, Result};

/// A local file as sync compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalFile {
    pub size: u64,
    /// Modification time, epoch milliseconds.
    pub mtime_ms: i64,
}

/// The folder's files by relative path, and the paths that could not be read (a file or
/// folder the user may not read, a dropped network mount): those are neither uploaded nor
/// taken for deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub files: BTreeMap<String, LocalFile>,
    pub unreadable: BTreeSet<String>,
}

impl Scan {
    /// Whether `rel` is, or is under, a path that could not be read.
    pub fn hides(&self, rel: &str) -> bool {
        self.unreadable.iter().any(|u| {
            rel == u
                || rel
                    .strip_prefix(u.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    }
}

/// Every file under the folder (ignored names left out). A missing or unreadable root is an
/// error, so a vanished folder never reads as "everything was deleted".
pub fn scan(root: &Path, ignore: &IgnoreSet) -> Result<Scan> {
    scan_under(root, "", ignore)
}

/// The files under `rel_dir` ("" for all), as `scan` gives them.
pub fn scan_under(root: &Path, rel_dir: &str, ignore: &IgnoreSet) -> Result<Scan> {
    check_root(root)?;
    let mut scan = Scan::default();
    walk(&path_of(root, rel_dir), rel_dir, ignore, &mut scan);
    Ok(scan)
}

/// The root must still be a folder.
pub fn check_root(root: &Path) -> Result<()> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::InvalidInput(format!(
            "{} is no longer a folder. Nothing in the Space was changed.",
            root.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotFound(format!(
            "The folder {} is gone. Nothing in the Space was deleted; restore the folder or remove the sync pair.",
            root.display()
        ))),
        Err(e) => Err(Error::AccessDenied(format!(
            "The folder {} cannot be read ({e}). Nothing in the Space was changed; check its permissions.",
            root.display()
        ))),
    }
}

/// What is at `rel` now: a file, a folder, or nothing (also for ignored paths' callers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    File(LocalFile),
    Folder,
    Nothing,
    /// It could not be read (permissions, a dropped network mount): never taken for gone.
    Unreadable,
}

pub fn stat(root: &Path, rel: &str) -> Found {
    let path = path_of(root, rel);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => Found::Folder,
        Ok(m) if m.is_file() => Found::File(local_file(&m)),
        // A link is followed to a file; linked folders are not synced (loops).
        Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(&path) {
            Ok(t) if t.is_file() => Found::File(local_file(&t)),
            Ok(_) => Found::Nothing,
            Err(e) => gone_or_unreadable(&e),
        },
        // A socket, a device: nothing to sync.
        Ok(_) => Found::Nothing,
        Err(e) => gone_or_unreadable(&e),
    }
}

fn gone_or_unreadable(e: &std::io::Error) -> Found {
    match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => Found::Nothing,
        _ => Found::Unreadable,
    }
}

/// What identifies the folder itself (its inode, where the OS has one), so a folder replaced
/// by another of the same name (an unmounted drive's empty mount point, `mv a a.old && mkdir
/// a`) is not taken for the synced one with everything deleted. Not the device: a USB
/// drive gets another device number each time it is plugged in.
pub fn root_identity(root: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(root).ok().map(|m| m.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = root;
        None
    }
}

pub fn path_of(root: &Path, rel: &str) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(rel.split('/').filter(|s| !s.is_empty()));
    path
}

/// `path` under `root` as "a/b.txt", or None when it is not under it.
pub fn rel_of(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let names: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(names.join("/"))
}

fn local_file(m: &std::fs::Metadata) -> LocalFile {
    let mtime_ms = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .unwrap_or(0);
    LocalFile {
        size: m.len(),
        mtime_ms,
    }
}

fn walk(dir: &Path, rel_dir: &str, ignore: &IgnoreSet, out: &mut Scan) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // A folder removed while scanning simply has no files.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            tracing::warn!(folder = %dir.display(), error = %e, "a folder cannot be read; not synced");
            out.unreadable.insert(rel_dir.to_owned());
            return;
        }
    };
    for entry in entries {
        let Ok(entry) = entry else {
            out.unreadable.insert(rel_dir.to_owned());
            return;
        };
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            // Keys are UTF-8: such a name cannot be uploaded under its own name.
            tracing::warn!(path = %entry.path().display(), "a file name that is not UTF-8 is not synced");
            continue;
        };
        let rel = if rel_dir.is_empty() {
            name.clone()
        } else {
            format!("{rel_dir}/{name}")
        };
        let Ok(kind) = entry.file_type() else {
            out.unreadable.insert(rel);
            continue;
        };
        if ignore.is_ignored(&rel, kind.is_dir()) {
            continue;
        }
        if kind.is_dir() {
            walk(&entry.path(), &rel, ignore, out);
            continue;
        }
        match stat(dir, &name) {
            Found::File(file) => {
                out.files.insert(rel, file);
            }
            Found::Unreadable => {
                out.unreadable.insert(rel);
            }
            Found::Folder | Found::Nothing => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_files_by_slash_path_without_ignored_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("a b/ü")).expect("mkdir");
        std::fs::create_dir_all(root.join(".git/objects")).expect("mkdir");
        std::fs::write(root.join("a b/ü/x.txt"), b"12").expect("write");
        std::fs::write(root.join(".git/objects/1"), b"1").expect("write");
        std::fs::write(root.join("t.tmp"), b"1").expect("write");
        std::fs::write(root.join("top"), b"").expect("write");
        let ignore = IgnoreSet::new(&super::super::ignore::DEFAULT_IGNORE);
        let files = scan(root, &ignore).expect("scan").files;
        let names: Vec<(&str, u64)> = files.iter().map(|(k, f)| (k.as_str(), f.size)).collect();
        assert_eq!(names, vec![("a b/ü/x.txt", 2), ("top", 0)]);
        assert!(files["top"].mtime_ms > 0);
        let under = scan_under(root, "a b", &ignore).expect("scan under");
        assert_eq!(under.files.keys().collect::<Vec<_>>(), vec!["a b/ü/x.txt"]);
        assert!(under.unreadable.is_empty());
        assert_eq!(stat(root, "a b"), Found::Folder);
        assert_eq!(stat(root, "nope"), Found::Nothing);
        assert_eq!(
            rel_of(root, &root.join("a b/ü/x.txt")).as_deref(),
            Some("a b/ü/x.txt")
        );
    }

    #[test]
    fn unreadable_paths_hide_what_is_under_them() {
        let scan = Scan {
            files: BTreeMap::new(),
            unreadable: BTreeSet::from(["mnt/share".to_owned(), "locked.txt".to_owned()]),
        };
        assert!(scan.hides("mnt/share"));
        assert!(scan.hides("mnt/share/a/b.txt"));
        assert!(scan.hides("locked.txt"));
        assert!(!scan.hides("mnt/shared.txt"));
        assert!(!scan.hides("locked.txt2"));
    }

    #[test]
    fn a_missing_root_is_not_an_empty_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = scan(&dir.path().join("gone"), &IgnoreSet::default()).expect_err("gone");
        assert_eq!(err.kind(), crate::ErrorKind::NotFound);
        assert!(
            err.to_string().contains("Nothing in the Space was deleted"),
            "{err}"
        );
    }
}
