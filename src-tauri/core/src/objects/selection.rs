//! From what the user selected (file keys, and folder prefixes ending in `/`) to the keys an
//! action touches: a folder stands for every key under it, its own marker included.

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::{KeyInfo, OnProgress, OpPhase, OpProgress};
use crate::browse::{for_each_page, RawListing};
use crate::client::S3;
use crate::error::{Error, Result};

/// One selected item and the keys it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The selected file key or folder prefix.
    pub item: String,
    pub keys: Vec<KeyInfo>,
}

impl Expanded {
    pub fn is_folder(&self) -> bool {
        self.item.ends_with('/')
    }
}

/// What a delete confirmation states: "3 files and 2 folders, 1,204 objects in all".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SelectionCount {
    pub files: u32,
    pub folders: u32,
    #[ts(type = "number")]
    pub objects: u64,
    /// Bytes of the listed keys (selected files not under a folder count as 0 if unknown).
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Every key under `prefix`, in key order.
pub async fn keys_under(
    s3: &S3,
    bucket: &str,
    prefix: &str,
    cancel: &CancellationToken,
) -> Result<Vec<KeyInfo>> {
    let mut keys = Vec::new();
    let raw = RawListing {
        bucket,
        prefix,
        delimited: false,
    };
    for_each_page(s3, &raw, cancel, |page| {
        keys.extend(page.contents().iter().filter_map(|o| {
            Some(KeyInfo {
                key: o.key()?.to_owned(),
                size: o.size().and_then(|s| u64::try_from(s).ok()),
            })
        }));
        Ok(())
    })
    .await?;
    Ok(keys)
}

/// Expand each item; folders are listed, files stand for themselves (unchecked).
pub async fn expand(
    s3: &S3,
    bucket: &str,
    items: &[String],
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<Vec<Expanded>> {
    check_items(items)?;
    let mut out = Vec::with_capacity(items.len());
    let mut found = 0u64;
    for item in items {
        let keys = if item.ends_with('/') {
            keys_under(s3, bucket, item, cancel).await?
        } else {
            vec![KeyInfo {
                key: item.clone(),
                size: None,
            }]
        };
        found += keys.len() as u64;
        on_progress(OpProgress {
            phase: OpPhase::Listing,
            done: found,
            ..OpProgress::default()
        });
        out.push(Expanded {
            item: item.clone(),
            keys,
        });
    }
    Ok(out)
}

pub fn count(expanded: &[Expanded]) -> SelectionCount {
    let mut c = SelectionCount::default();
    for e in expanded {
        if e.is_folder() {
            c.folders += 1;
        } else {
            c.files += 1;
        }
        c.objects += e.keys.len() as u64;
        c.bytes += e.keys.iter().filter_map(|k| k.size).sum::<u64>();
    }
    c
}

/// Every key once, in selection order (a file inside a selected folder is not doubled).
pub fn all_keys(expanded: &[Expanded]) -> Vec<KeyInfo> {
    let mut seen = std::collections::HashSet::new();
    expanded
        .iter()
        .flat_map(|e| e.keys.iter())
        .filter(|k| seen.insert(k.key.clone()))
        .cloned()
        .collect()
}

fn check_items(items: &[String]) -> Result<()> {
    if items.is_empty() {
        return Err(Error::InvalidInput("Nothing is selected.".into()));
    }
    if items.iter().any(String::is_empty) {
        // "" would mean the whole Space: never by accident.
        return Err(Error::InvalidInput(
            "An empty key cannot be acted on; select files or folders.".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(item: &str, keys: &[(&str, u64)]) -> Expanded {
        Expanded {
            item: item.into(),
            keys: keys
                .iter()
                .map(|(k, s)| KeyInfo {
                    key: (*k).into(),
                    size: Some(*s),
                })
                .collect(),
        }
    }

    #[test]
    fn counts_files_folders_and_objects() {
        let sel = [
            expanded("a/", &[("a/", 0), ("a/x", 5), ("a/y", 7)]),
            expanded("b.txt", &[("b.txt", 3)]),
        ];
        assert_eq!(
            count(&sel),
            SelectionCount {
                files: 1,
                folders: 1,
                objects: 4,
                bytes: 15
            }
        );
    }

    #[test]
    fn keys_are_not_doubled() {
        let sel = [
            expanded("a/", &[("a/x", 5)]),
            expanded("a/x", &[("a/x", 5)]),
        ];
        assert_eq!(all_keys(&sel).len(), 1);
    }

    #[test]
    fn empty_selections_and_keys_are_refused() {
        assert!(check_items(&[]).is_err());
        assert!(check_items(&[String::new()]).is_err());
    }
}
