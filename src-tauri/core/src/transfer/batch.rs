//! Many files at once: turn a folder tree into (file, key) pairs or a prefix into (key,
//! path) pairs, and run them with a bound on how many move at the same time. One failed
//! item does not stop the others; every outcome is reported.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use futures::stream::{self, StreamExt};
use tokio_util::sync::CancellationToken;

use super::download::{download_file, DownloadRequest};
use super::upload::{upload_file, Progress, UploadRequest};
use super::Env;
use crate::browse::{list_folder, ListRequest};
use crate::client::S3;
use crate::error::{Error, Result};
use crate::model::{EntryKind, UploadOptions};

/// How a batch moves: the size above which files go in parts (or ranges), and how many
/// files move at once (the scheduler bounds the requests they make).
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    pub part_threshold: u64,
    /// Parts (and ranges) at least this large; 0 for the default.
    pub part_size: u64,
    pub files_in_flight: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            part_threshold: super::plan::MULTIPART_THRESHOLD,
            part_size: 0,
            files_in_flight: 32,
        }
    }
}

/// One file to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadItem {
    pub local: PathBuf,
    pub key: String,
    pub size: u64,
}

/// One object to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadItem {
    pub key: String,
    pub local: PathBuf,
    pub size: u64,
}

/// The outcome of one item of a batch.
#[derive(Debug)]
pub struct ItemResult {
    pub name: String,
    pub bytes: u64,
    pub result: Result<()>,
    /// Already complete at the destination (a resumed batch), so not moved.
    pub skipped: bool,
}

impl ItemResult {
    pub fn skipped(name: String, bytes: u64) -> Self {
        ItemResult {
            name,
            bytes,
            result: Ok(()),
            skipped: true,
        }
    }
}

/// Every file under `root` as keys under `prefix`, with `/` separators on every OS.
/// `prefix` is used as given: "" or ending in "/" for a folder.
pub fn plan_upload_tree(root: &Path, prefix: &str) -> Result<Vec<UploadItem>> {
    let mut items = Vec::new();
    walk(root, root, prefix, &mut items)?;
    items.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(items)
}

fn walk(root: &Path, dir: &Path, prefix: &str, out: &mut Vec<UploadItem>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(&format!("Could not read the folder {}", dir.display()), &e))?;
    for entry in entries {
        let entry = entry
            .map_err(|e| Error::io(&format!("Could not read the folder {}", dir.display()), &e))?;
        let path = entry.path();
        // Linked folders are not followed: a link loop would never end.
        let link = entry.file_type().is_ok_and(|t| t.is_symlink());
        let meta = std::fs::metadata(&path)
            .map_err(|e| Error::io(&format!("Could not read {}", path.display()), &e))?;
        if meta.is_dir() && !link {
            walk(root, &path, prefix, out)?;
        } else if meta.is_file() {
            out.push(UploadItem {
                key: key_for(root, &path, prefix)?,
                local: path,
                size: meta.len(),
            });
        }
    }
    Ok(())
}

fn key_for(root: &Path, path: &Path, prefix: &str) -> Result<String> {
    let rel = path
        .strip_prefix(root)
        .map_err(|_| Error::Internal("path outside the tree".into()))?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(format!("{prefix}{}", parts.join("/")))
}

/// Every object under `prefix` as files under `dest`. Keys that would escape `dest`
/// (`..`, absolute paths) are refused rather than written somewhere else.
pub async fn plan_download_tree(
    s3: &S3,
    bucket: &str,
    prefix: &str,
    dest: &Path,
    cancel: &CancellationToken,
) -> Result<Vec<DownloadItem>> {
    let req = ListRequest {
        bucket: bucket.into(),
        prefix: prefix.into(),
        recursive: true,
    };
    let prefix = crate::names::folder_prefix(prefix);
    let mut items = Vec::new();
    let mut bad = None;
    list_folder(s3, &req, cancel, |entries| {
        for e in entries.into_iter().filter(|e| e.kind == EntryKind::File) {
            match local_path_for(dest, &e.key[prefix.len()..]) {
                Some(local) => items.push(DownloadItem {
                    key: e.key,
                    local,
                    size: e.size,
                }),
                None => bad = Some(e.key),
            }
        }
        Ok(())
    })
    .await?;
    match bad {
        Some(key) => Err(Error::InvalidInput(format!(
            "The key \"{key}\" cannot be saved safely as a local file (it would land outside the chosen folder)."
        ))),
        None => Ok(items),
    }
}

/// `rel` ("a/b.txt") as a path under `dest`, or None when it would escape it. Each segment
/// is made a name this OS accepts first (on Windows "a:b" is saved as "a_b", see local_name),
/// but "." and ".." are refused as they are, never renamed into something harmless-looking.
pub fn local_path_for(dest: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = dest.to_path_buf();
    for segment in rel.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return None;
        }
        let name = super::local_name::for_this_os(segment);
        let mut comps = Path::new(name.as_ref()).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(c)), None) => path.push(c),
            _ => return None,
        }
    }
    (path != dest).then_some(path)
}

/// The size of every object under the folder `prefix`, by key (to skip, when resuming a
/// batch, what is already there).
pub async fn remote_sizes(
    s3: &S3,
    bucket: &str,
    prefix: &str,
    cancel: &CancellationToken,
) -> Result<HashMap<String, u64>> {
    let req = ListRequest {
        bucket: bucket.into(),
        prefix: prefix.into(),
        recursive: true,
    };
    let mut sizes = HashMap::new();
    list_folder(s3, &req, cancel, |entries| {
        sizes.extend(
            entries
                .into_iter()
                .filter(|e| e.kind == EntryKind::File)
                .map(|e| (e.key, e.size)),
        );
        Ok(())
    })
    .await?;
    Ok(sizes)
}

/// The size of one object, or None if there is none under that key.
pub async fn remote_size(env: Env<'_>, bucket: &str, key: &str) -> Result<Option<u64>> {
    let what = format!("\"{key}\" in the Space \"{bucket}\"");
    let head = env
        .sched
        .run(env.s3.lane(), &format!("looking up {what}"), 0, async {
            env.s3
                .for_bucket(bucket)
                .head_object()
                .bucket(bucket)
                .key(key)
                .send()
                .await
                .map_err(|e| crate::s3_error::map_sdk_error(e, &what))
        })
        .await;
    match head {
        Ok(h) => Ok(Some(
            u64::try_from(h.content_length().unwrap_or(0)).unwrap_or(0),
        )),
        Err(e) if e.kind() == crate::error::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Where a batch of uploads goes and how its objects are made.
pub struct UploadTarget<'a> {
    pub bucket: &'a str,
    pub options: &'a UploadOptions,
}

/// Upload every item, `tuning.files_in_flight` files at a time.
pub async fn upload_all(
    env: Env<'_>,
    target: &UploadTarget<'_>,
    items: Vec<UploadItem>,
    tuning: Tuning,
    cancel: &CancellationToken,
    progress: Progress,
) -> Vec<ItemResult> {
    stream::iter(items)
        .map(|item| {
            let progress = Arc::clone(&progress);
            let req = UploadRequest {
                local: item.local.clone(),
                bucket: target.bucket.to_owned(),
                key: item.key.clone(),
                options: target.options.clone(),
                multipart_threshold: tuning.part_threshold,
                part_size: tuning.part_size,
            };
            async move {
                let result = upload_file(env, &req, cancel, progress).await;
                item_result(item.key, item.size, result.map(|u| u.size))
            }
        })
        .buffer_unordered(tuning.files_in_flight.max(1))
        .collect()
        .await
}

/// The outcome of one item: the bytes moved, or the planned size when it failed.
fn item_result(name: String, planned: u64, moved: Result<u64>) -> ItemResult {
    ItemResult {
        name,
        bytes: *moved.as_ref().unwrap_or(&planned),
        result: moved.map(|_| ()),
        skipped: false,
    }
}

/// Download every item, `tuning.files_in_flight` files at a time.
pub async fn download_all(
    env: Env<'_>,
    bucket: &str,
    items: Vec<DownloadItem>,
    tuning: Tuning,
    cancel: &CancellationToken,
    progress: Progress,
) -> Vec<ItemResult> {
    stream::iter(items)
        .map(|item| {
            let progress = Arc::clone(&progress);
            let req = DownloadRequest {
                bucket: bucket.to_owned(),
                key: item.key.clone(),
                local: item.local.clone(),
                ranged_threshold: tuning.part_threshold,
                part_size: tuning.part_size,
                size_hint: Some(item.size).filter(|s| *s > 0),
            };
            async move {
                let result = download_file(env, &req, cancel, progress).await;
                item_result(item.key, item.size, result)
            }
        })
        .buffer_unordered(tuning.files_in_flight.max(1))
        .collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_keys_use_slashes_and_the_prefix() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("a b/ü")).expect("mkdir");
        std::fs::write(dir.path().join("a b/ü/x.txt"), b"12").expect("write");
        std::fs::write(dir.path().join("top"), b"").expect("write");
        let items = plan_upload_tree(dir.path(), "up/").expect("plan");
        let keys: Vec<_> = items.iter().map(|i| (i.key.as_str(), i.size)).collect();
        assert_eq!(keys, vec![("up/a b/ü/x.txt", 2), ("up/top", 0)]);
    }

    #[test]
    fn keys_cannot_escape_the_destination() {
        let dest = Path::new("/tmp/dest");
        assert_eq!(
            local_path_for(dest, "a/b.txt"),
            Some(PathBuf::from("/tmp/dest/a/b.txt"))
        );
        assert_eq!(
            local_path_for(dest, "a//b.txt"),
            Some(PathBuf::from("/tmp/dest/a/b.txt"))
        );
        assert_eq!(local_path_for(dest, "../etc/passwd"), None);
        assert_eq!(local_path_for(dest, "a/../../x"), None);
        assert_eq!(local_path_for(dest, "./x"), None);
        assert_eq!(local_path_for(dest, ""), None);
    }

    #[test]
    fn names_windows_refuses_are_mapped_there_only() {
        let dest = Path::new("dest");
        let saved = |rel| local_path_for(dest, rel).map(|p| p.to_string_lossy().replace('\\', "/"));
        if cfg!(windows) {
            assert_eq!(saved("a:b/con.txt").as_deref(), Some("dest/a_b/_con.txt"));
            assert_eq!(saved("x?/y. ").as_deref(), Some("dest/x_/y__"));
            // A backslash is a separator there: mapped, so it cannot climb out either.
            assert_eq!(saved("..\\x").as_deref(), Some("dest/.._x"));
        } else {
            assert_eq!(saved("a:b/con.txt").as_deref(), Some("dest/a:b/con.txt"));
            assert_eq!(saved("x?/y. ").as_deref(), Some("dest/x?/y. "));
        }
        assert_eq!(saved("a/../b"), None);
    }
}
