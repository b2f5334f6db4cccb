//! From what the user dropped or picked to the list of uploads, and from a selection in the
//! browser to the list of downloads; both settle name conflicts by the user's policy.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tokio_util::sync::CancellationToken;

use super::batch::{local_path_for, plan_download_tree, plan_upload_tree, DownloadItem};
use crate::browse::{list_folder, ListRequest};
use crate::client::S3;
use crate::error::{Error, Result};
use crate::model::{ConflictPolicy, EntryKind, StagedFile};
use crate::names::folder_prefix;

/// Dropped files go to `prefix` + their name; dropped folders are recreated under `prefix`.
pub fn stage_paths(paths: &[PathBuf], prefix: &str) -> Result<Vec<StagedFile>> {
    let prefix = folder_prefix(prefix);
    let mut staged = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| Error::io(&format!("Could not read {}", path.display()), &e))?;
        let name = file_name(path)?;
        if meta.is_dir() {
            for item in plan_upload_tree(path, &format!("{prefix}{name}/"))? {
                staged.push(staged_file(&item.local, item.key, item.size));
            }
        } else {
            staged.push(staged_file(path, format!("{prefix}{name}"), meta.len()));
        }
    }
    Ok(staged)
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            Error::InvalidInput(format!("{} has no name to upload under.", path.display()))
        })
}

fn staged_file(local: &Path, key: String, size: u64) -> StagedFile {
    StagedFile {
        local: local.display().to_string(),
        content_type: mime_guess::from_path(local)
            .first_or_octet_stream()
            .essence_str()
            .to_owned(),
        key,
        size,
    }
}

/// Apply the conflict policy against the keys already under the staged files' folder.
pub async fn settle_upload_conflicts(
    s3: &S3,
    bucket: &str,
    staged: Vec<StagedFile>,
    policy: ConflictPolicy,
    cancel: &CancellationToken,
) -> Result<Vec<StagedFile>> {
    if policy == ConflictPolicy::Overwrite || staged.is_empty() {
        return Ok(staged);
    }
    let mut existing = existing_keys(s3, bucket, &common_folder(&staged), cancel).await?;
    let mut out = Vec::with_capacity(staged.len());
    for mut file in staged {
        if existing.contains(&file.key) {
            match policy {
                ConflictPolicy::Skip => continue,
                ConflictPolicy::KeepBoth => {
                    file.key = free_name(&file.key, |k| existing.contains(k))
                }
                ConflictPolicy::Overwrite => {}
            }
        }
        existing.insert(file.key.clone());
        out.push(file);
    }
    Ok(out)
}

/// The deepest folder holding every staged key.
fn common_folder(staged: &[StagedFile]) -> String {
    let first = &staged[0].key;
    let mut prefix = crate::names::parent_prefix(first);
    while !staged.iter().all(|f| f.key.starts_with(&prefix)) {
        prefix = crate::names::parent_prefix(&prefix);
    }
    prefix
}

async fn existing_keys(
    s3: &S3,
    bucket: &str,
    prefix: &str,
    cancel: &CancellationToken,
) -> Result<HashSet<String>> {
    let req = ListRequest {
        bucket: bucket.into(),
        prefix: prefix.into(),
        recursive: true,
    };
    let mut keys = HashSet::new();
    list_folder(s3, &req, cancel, |entries| {
        keys.extend(entries.into_iter().map(|e| e.key));
        Ok(())
    })
    .await?;
    Ok(keys)
}

/// "a/photo.jpg" -> "a/photo (1).jpg", "a/photo (2).jpg", ... whichever is free first.
pub fn free_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    let (dir, file) = name.split_at(slash);
    let (stem, ext) = match file.rfind('.') {
        Some(dot) if dot > 0 => file.split_at(dot),
        _ => (file, ""),
    };
    (1..)
        .map(|n| format!("{dir}{stem} ({n}){ext}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// One selected row of the browser to download.
#[derive(Debug, Clone)]
pub struct Selected {
    pub key: String,
    pub kind: EntryKind,
    pub size: u64,
}

/// Files become `dest/NAME`, folders `dest/FOLDER/...` with their structure; then the
/// policy decides about local files that already exist.
pub async fn plan_downloads(
    s3: &S3,
    bucket: &str,
    selection: &[Selected],
    dest: &Path,
    policy: ConflictPolicy,
    cancel: &CancellationToken,
) -> Result<Vec<DownloadItem>> {
    let mut items = Vec::new();
    for sel in selection {
        let name = sel
            .key
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        let local = local_path_for(dest, name).ok_or_else(|| {
            Error::InvalidInput(format!("\"{}\" cannot be saved under that name.", sel.key))
        })?;
        match sel.kind {
            EntryKind::Folder => {
                items.extend(plan_download_tree(s3, bucket, &sel.key, &local, cancel).await?)
            }
            EntryKind::File => items.push(DownloadItem {
                key: sel.key.clone(),
                local,
                size: sel.size,
            }),
        }
    }
    let mut taken: HashSet<PathBuf> = HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for mut item in items {
        if item.local.exists() || taken.contains(&item.local) {
            match policy {
                ConflictPolicy::Overwrite => {}
                ConflictPolicy::Skip => continue,
                ConflictPolicy::KeepBoth => {
                    let text = item.local.display().to_string();
                    item.local = PathBuf::from(free_name(&text, |c| {
                        Path::new(c).exists() || taken.contains(Path::new(c))
                    }));
                }
            }
        }
        taken.insert(item.local.clone());
        out.push(item);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_names() {
        let taken = ["a/p.jpg", "a/p (1).jpg"];
        assert_eq!(free_name("a/p.jpg", |k| taken.contains(&k)), "a/p (2).jpg");
        assert_eq!(free_name("notes", |_| false), "notes (1)");
        assert_eq!(free_name(".env", |_| false), ".env (1)");
        assert_eq!(free_name("a.b/c.tar.gz", |_| false), "a.b/c.tar (1).gz");
    }

    #[test]
    fn dropped_folders_keep_their_name_and_tree() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("photos/2026")).expect("mkdir");
        std::fs::write(dir.path().join("photos/2026/a.png"), b"png").expect("write");
        std::fs::write(dir.path().join("notes.txt"), b"hi").expect("write");
        let staged = stage_paths(
            &[dir.path().join("photos"), dir.path().join("notes.txt")],
            "up",
        )
        .expect("stage");
        let keys: Vec<_> = staged
            .iter()
            .map(|s| (s.key.as_str(), s.content_type.as_str()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("up/photos/2026/a.png", "image/png"),
                ("up/notes.txt", "text/plain")
            ]
        );
    }

    #[test]
    fn common_folder_of_staged_keys() {
        let f = |k: &str| StagedFile {
            local: String::new(),
            key: k.into(),
            size: 0,
            content_type: String::new(),
        };
        assert_eq!(common_folder(&[f("a/b/c.txt"), f("a/b/d/e.txt")]), "a/b/");
        assert_eq!(common_folder(&[f("a/x"), f("b/y")]), "");
    }
}
