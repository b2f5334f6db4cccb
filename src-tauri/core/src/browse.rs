//! Spaces and folder listings. A folder lists as a stream of pages handed to a callback, so
//! the first rows of a 100,000-key folder show while the rest arrive.

use std::collections::HashSet;

use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use tokio_util::sync::CancellationToken;

use crate::client::{region_label, S3};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Account, ConnectionReport, Entry, EntryKind, SpaceInfo, SpaceList};
use crate::names::{after_all_under, display_name, folder_prefix};
use crate::s3_error::map_sdk_error;

pub const PAGE_SIZE: i32 = 1000;

/// The Spaces of an account: those the server lists plus those added by name. A key that
/// may not list buckets gets `list_denied` rather than an error, so added Spaces still show.
#[tracing::instrument(skip_all, fields(account = %account.id), err)]
pub async fn list_spaces(s3: &S3, account: &Account) -> Result<SpaceList> {
    let region = region_label(&account.provider);
    let (mut spaces, list_denied) = match s3.service().list_buckets().send().await {
        Ok(out) => (
            out.buckets()
                .iter()
                .filter_map(|b| {
                    Some(SpaceInfo {
                        name: b.name()?.to_owned(),
                        created: b.creation_date().and_then(|d| d.to_millis().ok()),
                        region: region.clone(),
                        added_by_name: false,
                    })
                })
                .collect::<Vec<_>>(),
            false,
        ),
        Err(e) => match map_sdk_error(e, "the list of Spaces") {
            err if err.kind() == ErrorKind::AccessDenied => (Vec::new(), true),
            err => return Err(err),
        },
    };
    for name in &account.added_spaces {
        if !spaces.iter().any(|s| &s.name == name) {
            spaces.push(SpaceInfo {
                name: name.clone(),
                created: None,
                region: region.clone(),
                added_by_name: true,
            });
        }
    }
    spaces.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(SpaceList {
        spaces,
        list_denied,
    })
}

/// "Test connection": tells apart an unknown key, a wrong secret, no access, an unreachable
/// endpoint or TLS failure, and clock skew (all through `map_sdk_error`).
#[tracing::instrument(skip_all, err)]
pub async fn test_connection(s3: &S3) -> Result<ConnectionReport> {
    match s3.service().list_buckets().send().await {
        Ok(out) => {
            let n = out.buckets().len();
            Ok(ConnectionReport {
                can_list_spaces: true,
                spaces: u32::try_from(n).unwrap_or(u32::MAX),
                message: format!("Connected. {n} Space{} found.", if n == 1 { "" } else { "s" }),
            })
        }
        Err(e) => match map_sdk_error(e, "the list of Spaces") {
            err if err.kind() == ErrorKind::AccessDenied => Ok(ConnectionReport {
                can_list_spaces: false,
                spaces: 0,
                message: "Connected, but this key may not list Spaces. After saving, add a Space by name to browse it.".into(),
            }),
            err => Err(err),
        },
    }
}

/// What to list.
#[derive(Debug, Clone)]
pub struct ListRequest {
    pub bucket: String,
    pub prefix: String,
    /// Every key under the prefix, not only its direct children.
    pub recursive: bool,
}

/// Totals of a finished listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListTotals {
    pub folders: u32,
    pub files: u32,
    pub bytes: u64,
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cursor {
    Start,
    Token(String),
    StartAfter(String),
}

/// List a folder page by page. `on_page` gets each page's entries (folders and files, in
/// server order); returning an error stops the listing. Cancelling `cancel` stops it too.
#[tracing::instrument(skip_all, fields(bucket = %req.bucket, prefix = %req.prefix), err)]
pub async fn list_folder<F>(
    s3: &S3,
    req: &ListRequest,
    cancel: &CancellationToken,
    on_page: F,
) -> Result<ListTotals>
where
    F: FnMut(Vec<Entry>) -> Result<()>,
{
    list_filtered(s3, req, "", cancel, on_page).await
}

/// `list_folder` showing only names that begin with `filter` (the control panel's filter,
/// done by the server). Because the filter joins the prefix, a full key typed at the top of
/// a Space finds that file wherever it is.
pub async fn list_filtered<F>(
    s3: &S3,
    req: &ListRequest,
    filter: &str,
    cancel: &CancellationToken,
    mut on_page: F,
) -> Result<ListTotals>
where
    F: FnMut(Vec<Entry>) -> Result<()>,
{
    let prefix = folder_prefix(&req.prefix);
    let mut seen_folders = HashSet::new();
    let mut totals = ListTotals::default();
    let server_prefix = format!("{prefix}{filter}");
    let raw = RawListing {
        bucket: &req.bucket,
        prefix: &server_prefix,
        delimited: !req.recursive,
    };
    for_each_page(s3, &raw, cancel, |page| {
        let entries = page_entries(page, &prefix, &mut seen_folders);
        add_totals(&mut totals, &entries);
        on_page(entries)
    })
    .await?;
    Ok(totals)
}

/// A listing as the server sends it: `prefix` exactly as given (not made a folder).
pub(crate) struct RawListing<'a> {
    pub bucket: &'a str,
    pub prefix: &'a str,
    /// With delimiter `/`: direct children only.
    pub delimited: bool,
}

/// Every page of a listing, with the Spaces continuation workaround, until done, cancelled
/// or `on_page` fails.
pub(crate) async fn for_each_page<F>(
    s3: &S3,
    req: &RawListing<'_>,
    cancel: &CancellationToken,
    mut on_page: F,
) -> Result<()>
where
    F: FnMut(&ListObjectsV2Output) -> Result<()>,
{
    let what = format!("the Space \"{}\"", req.bucket);
    let client = s3.for_bucket(req.bucket);
    let mut cursor = Cursor::Start;
    loop {
        let mut call = client
            .list_objects_v2()
            .bucket(req.bucket)
            .prefix(req.prefix)
            .max_keys(PAGE_SIZE);
        if req.delimited {
            call = call.delimiter("/");
        }
        call = match &cursor {
            Cursor::Start => call,
            Cursor::Token(t) => call.continuation_token(t),
            Cursor::StartAfter(k) => call.start_after(k),
        };
        let page = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(Error::Cancelled),
            out = call.send() => out.map_err(|e| map_sdk_error(e, &what))?,
        };
        let next = next_cursor(&page, &cursor)?;
        tracing::debug!(more = next.is_some(), "listed a page");
        on_page(&page)?;
        match next {
            Some(c) => cursor = c,
            None => return Ok(()),
        }
    }
}

fn add_totals(totals: &mut ListTotals, entries: &[Entry]) {
    for e in entries {
        match e.kind {
            EntryKind::Folder => totals.folders += 1,
            EntryKind::File => {
                totals.files += 1;
                totals.bytes += e.size;
            }
        }
    }
}

/// The rows of one page. Folder rows are deduplicated across pages (a StartAfter restart
/// can repeat a common prefix); the folder's own `prefix/` marker is not a row.
fn page_entries(
    page: &ListObjectsV2Output,
    prefix: &str,
    seen: &mut HashSet<String>,
) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(page.contents().len() + page.common_prefixes().len());
    for cp in page.common_prefixes() {
        if let Some(p) = cp.prefix() {
            if seen.insert(p.to_owned()) {
                entries.push(folder_entry(p, prefix));
            }
        }
    }
    for obj in page.contents() {
        let Some(key) = obj.key() else { continue };
        if key == prefix {
            continue;
        }
        if key.ends_with('/') {
            if seen.insert(key.to_owned()) {
                entries.push(folder_entry(key, prefix));
            }
            continue;
        }
        entries.push(Entry {
            key: key.to_owned(),
            name: display_name(key, prefix),
            kind: EntryKind::File,
            size: u64::try_from(obj.size().unwrap_or(0)).unwrap_or(0),
            last_modified: obj.last_modified().and_then(|d| d.to_millis().ok()),
            etag: obj.e_tag().map(|t| t.trim_matches('"').to_owned()),
            storage_class: obj.storage_class().map(|c| c.as_str().to_owned()),
        });
    }
    entries
}

fn folder_entry(key: &str, prefix: &str) -> Entry {
    Entry {
        key: key.to_owned(),
        name: display_name(key, prefix),
        kind: EntryKind::Folder,
        size: 0,
        last_modified: None,
        etag: None,
        storage_class: None,
    }
}

/// Decide the next page. Spaces sometimes answers "truncated" with no continuation token:
/// then continue after the last key (or past the last common prefix) of this page.
fn next_cursor(page: &ListObjectsV2Output, current: &Cursor) -> Result<Option<Cursor>> {
    if !page.is_truncated().unwrap_or(false) {
        return Ok(None);
    }
    if let Some(token) = page.next_continuation_token().filter(|t| !t.is_empty()) {
        return Ok(Some(Cursor::Token(token.to_owned())));
    }
    let last_key = page
        .contents()
        .last()
        .and_then(|o| o.key())
        .map(str::to_owned);
    let past_prefix = page
        .common_prefixes()
        .last()
        .and_then(|p| p.prefix())
        .map(after_all_under);
    let start_after = match (last_key, past_prefix) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b).ok_or_else(|| {
            Error::Internal(
                "The server said the listing continues but sent no keys and no way to continue."
                    .into(),
            )
        })?,
    };
    if matches!(current, Cursor::StartAfter(prev) if *prev >= start_after) {
        return Err(Error::Internal(
            "The server's listing stopped advancing; it was stopped to avoid an endless loop."
                .into(),
        ));
    }
    Ok(Some(Cursor::StartAfter(start_after)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::types::{CommonPrefix, Object};

    fn page(
        keys: &[&str],
        prefixes: &[&str],
        truncated: bool,
        token: Option<&str>,
    ) -> ListObjectsV2Output {
        let mut b = ListObjectsV2Output::builder().is_truncated(truncated);
        for k in keys {
            b = b.contents(Object::builder().key(*k).size(3).build());
        }
        for p in prefixes {
            b = b.common_prefixes(CommonPrefix::builder().prefix(*p).build());
        }
        if let Some(t) = token {
            b = b.next_continuation_token(t);
        }
        b.build()
    }

    #[test]
    fn token_wins_when_present() {
        let p = page(&["a"], &[], true, Some("tok"));
        assert_eq!(
            next_cursor(&p, &Cursor::Start).expect("ok"),
            Some(Cursor::Token("tok".into()))
        );
    }

    #[test]
    fn truncated_without_token_falls_back_to_start_after() {
        let p = page(&["d/a", "d/b"], &[], true, None);
        assert_eq!(
            next_cursor(&p, &Cursor::Start).expect("ok"),
            Some(Cursor::StartAfter("d/b".into()))
        );
        let empty_token = page(&["d/c"], &[], true, Some(""));
        assert_eq!(
            next_cursor(&empty_token, &Cursor::Start).expect("ok"),
            Some(Cursor::StartAfter("d/c".into()))
        );
    }

    #[test]
    fn start_after_skips_past_a_trailing_common_prefix() {
        let p = page(&["d/a"], &["d/z/"], true, None);
        let next = next_cursor(&p, &Cursor::Start).expect("ok");
        assert_eq!(next, Some(Cursor::StartAfter(after_all_under("d/z/"))));
    }

    #[test]
    fn a_listing_that_does_not_advance_is_an_error() {
        let p = page(&["d/b"], &[], true, None);
        assert!(next_cursor(&p, &Cursor::StartAfter("d/b".into())).is_err());
    }

    #[test]
    fn not_truncated_ends() {
        assert_eq!(
            next_cursor(&page(&["a"], &[], false, Some("x")), &Cursor::Start).expect("ok"),
            None
        );
    }

    #[test]
    fn markers_are_folders_and_the_own_marker_is_hidden() {
        let p = page(&["d/", "d/x/", "d/file.txt"], &["d/sub/"], false, None);
        let mut seen = HashSet::new();
        let rows = page_entries(&p, "d/", &mut seen);
        let names: Vec<_> = rows.iter().map(|e| (e.name.as_str(), e.kind)).collect();
        assert_eq!(
            names,
            vec![
                ("sub", EntryKind::Folder),
                ("x", EntryKind::Folder),
                ("file.txt", EntryKind::File)
            ]
        );
        let again = page_entries(&page(&[], &["d/sub/"], false, None), "d/", &mut seen);
        assert!(
            again.is_empty(),
            "a repeated common prefix is not listed twice"
        );
    }
}
