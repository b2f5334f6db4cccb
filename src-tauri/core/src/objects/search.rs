//! Search a whole Space (or a folder and everything below it) for keys whose name contains
//! some text, streamed page by page as the listing goes.

use tokio_util::sync::CancellationToken;

use super::keys::last_segment;
use crate::browse::{for_each_page, RawListing};
use crate::client::S3;
use crate::error::{Error, Result};
use crate::model::{Entry, EntryKind};

/// Every key under `prefix` whose last segment contains `text` (case-insensitive), handed
/// to `on_found` in pages. Returns how many keys were looked at.
#[tracing::instrument(skip_all, fields(bucket, prefix), err)]
pub async fn search<F>(
    s3: &S3,
    bucket: &str,
    prefix: &str,
    text: &str,
    cancel: &CancellationToken,
    mut on_found: F,
) -> Result<u64>
where
    F: FnMut(Vec<Entry>) -> Result<()>,
{
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return Err(Error::InvalidInput("Type something to search for.".into()));
    }
    let mut scanned = 0u64;
    let raw = RawListing {
        bucket,
        prefix,
        delimited: false,
    };
    for_each_page(s3, &raw, cancel, |page| {
        scanned += page.contents().len() as u64;
        let found: Vec<Entry> = page
            .contents()
            .iter()
            .filter_map(|o| {
                let key = o.key()?;
                matches(key, &needle).then(|| entry(key, o))
            })
            .collect();
        if found.is_empty() {
            Ok(())
        } else {
            on_found(found)
        }
    })
    .await?;
    Ok(scanned)
}

/// Text with a `/` searches whole keys ("2024/beach"); otherwise names only.
fn matches(key: &str, needle: &str) -> bool {
    if needle.contains('/') {
        return key.to_lowercase().contains(needle);
    }
    last_segment(key)
        .trim_end_matches('/')
        .to_lowercase()
        .contains(needle)
}

/// A search hit shows its full key as its name, so where it lives is plain.
fn entry(key: &str, o: &aws_sdk_s3::types::Object) -> Entry {
    let folder = key.ends_with('/');
    Entry {
        key: key.to_owned(),
        name: key.to_owned(),
        kind: if folder {
            EntryKind::Folder
        } else {
            EntryKind::File
        },
        size: o.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
        last_modified: o.last_modified().and_then(|d| d.to_millis().ok()),
        etag: o.e_tag().map(|t| t.trim_matches('"').to_owned()),
        storage_class: o.storage_class().map(|c| c.as_str().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_name_not_the_folders() {
        assert!(matches("photos/2024/Beach.JPG", "beach"));
        assert!(!matches("beach/readme.txt", "beach"));
        assert!(matches("beach/", "beach"));
        assert!(matches("a/ü+%#?.txt", "%#?"));
        assert!(matches("photos/2024/beach.jpg", "2024/bea"));
    }
}
