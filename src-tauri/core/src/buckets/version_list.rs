//! ListObjectVersions page by page: every version and delete marker under a prefix, through
//! the scheduler, stopping when cancelled or when the caller has seen enough.

use aws_sdk_s3::operation::list_object_versions::ListObjectVersionsOutput;
use tokio_util::sync::CancellationToken;

use super::space;
use crate::error::{Error, Result};
use crate::names::after_all_under;
use crate::objects::Ctx;

/// Where to list.
pub(crate) struct VersionListing<'a> {
    pub bucket: &'a str,
    pub prefix: &'a str,
    /// With delimiter `/`: direct children only (subfolders come as common prefixes).
    pub delimited: bool,
}

/// Whether to fetch the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    More,
    Stop,
}

pub(crate) async fn for_each_version_page<F>(
    ctx: Ctx<'_>,
    req: &VersionListing<'_>,
    cancel: &CancellationToken,
    mut on_page: F,
) -> Result<()>
where
    F: FnMut(&ListObjectVersionsOutput) -> Result<Next>,
{
    let mut markers: (Option<String>, Option<String>) = (None, None);
    loop {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let mut call = ctx
            .s3
            .for_bucket(req.bucket)
            .list_object_versions()
            .bucket(req.bucket)
            .prefix(req.prefix)
            .set_key_marker(markers.0.clone())
            .set_version_id_marker(markers.1.clone());
        if req.delimited {
            call = call.delimiter("/");
        }
        let page = ctx
            .send("listing versions", &space(req.bucket), 0, call.send())
            .await?;
        if on_page(&page)? == Next::Stop || !page.is_truncated().unwrap_or(false) {
            return Ok(());
        }
        markers = next_markers(&page, &markers)?;
    }
}

/// The markers of the next page. A truncated page without them (Spaces sometimes answers
/// so, as it does for listings) continues after its last entry. A truncated page that
/// would not advance is an error rather than an endless loop.
fn next_markers(
    page: &ListObjectVersionsOutput,
    current: &(Option<String>, Option<String>),
) -> Result<(Option<String>, Option<String>)> {
    let given = page.next_key_marker().filter(|k| !k.is_empty()).map(|key| {
        (
            key.to_owned(),
            page.next_version_id_marker().map(str::to_owned),
        )
    });
    let next = given.or_else(|| after_last_entry(page));
    match next {
        Some((key, version))
            if (Some(&key), version.as_ref()) != (current.0.as_ref(), current.1.as_ref()) =>
        {
            Ok((Some(key), version))
        }
        _ => Err(Error::Internal(
            "The server said the list of versions continues but gave no way to continue.".into(),
        )),
    }
}

/// Where the page's last entry is: the greatest key, at its oldest version listed (a key's
/// versions and delete markers come newest first), or past the last common prefix.
fn after_last_entry(page: &ListObjectVersionsOutput) -> Option<(String, Option<String>)> {
    let entries = page
        .versions()
        .iter()
        .map(|v| (v.key(), v.version_id(), v.last_modified()))
        .chain(
            page.delete_markers()
                .iter()
                .map(|m| (m.key(), m.version_id(), m.last_modified())),
        )
        .filter_map(|(key, version, when)| Some((key?, version, when)));
    // The greatest key; of its entries the oldest (the first listed among equals).
    let last = entries.fold(
        None,
        |best: Option<(&str, Option<&str>, _)>, e| match best {
            Some(b) if (b.0, std::cmp::Reverse(b.2)) >= (e.0, std::cmp::Reverse(e.2)) => Some(b),
            _ => Some(e),
        },
    );
    let past_prefix = page
        .common_prefixes()
        .iter()
        .filter_map(|p| p.prefix())
        .max()
        .map(after_all_under);
    match (last, past_prefix) {
        (Some((key, _, _)), Some(past)) if past.as_str() > key => Some((past, None)),
        (Some((key, version, _)), _) => Some((key.to_owned(), version.map(str::to_owned))),
        (None, past) => past.map(|p| (p, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::types::{CommonPrefix, DeleteMarkerEntry, ObjectVersion};
    use aws_smithy_types::DateTime;

    #[test]
    fn a_page_must_advance() {
        let page = ListObjectVersionsOutput::builder()
            .is_truncated(true)
            .next_key_marker("b")
            .next_version_id_marker("2")
            .build();
        let none = (None, None);
        assert_eq!(
            next_markers(&page, &none).expect("advances"),
            (Some("b".into()), Some("2".into()))
        );
        let same = (Some("b".to_owned()), Some("2".to_owned()));
        assert!(next_markers(&page, &same).is_err());
        let empty = ListObjectVersionsOutput::builder()
            .is_truncated(true)
            .build();
        assert!(next_markers(&empty, &none).is_err());
    }

    fn version(key: &str, id: &str, secs: i64) -> ObjectVersion {
        ObjectVersion::builder()
            .key(key)
            .version_id(id)
            .last_modified(DateTime::from_secs(secs))
            .build()
    }

    #[test]
    fn a_truncated_page_without_markers_continues_after_its_last_entry() {
        let page = ListObjectVersionsOutput::builder()
            .is_truncated(true)
            .versions(version("a", "a1", 10))
            .versions(version("b", "b3", 30))
            .versions(version("b", "b2", 20))
            .delete_markers(
                DeleteMarkerEntry::builder()
                    .key("b")
                    .version_id("b4")
                    .last_modified(DateTime::from_secs(40))
                    .build(),
            )
            .build();
        let none = (None, None);
        let after_b2 = (Some("b".to_owned()), Some("b2".to_owned()));
        assert_eq!(next_markers(&page, &none).expect("advances"), after_b2);
        assert!(next_markers(&page, &after_b2).is_err(), "no progress");

        let folders = ListObjectVersionsOutput::builder()
            .is_truncated(true)
            .versions(version("a", "a1", 10))
            .common_prefixes(CommonPrefix::builder().prefix("photos/").build())
            .build();
        let (key, version) = next_markers(&folders, &none).expect("advances");
        assert_eq!(version, None);
        assert!(key.expect("key").starts_with("photos/\u{10FFFF}"));
    }
}
