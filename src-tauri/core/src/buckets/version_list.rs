//! ListObjectVersions page by page: every version and delete marker under a prefix, through
//! the scheduler, stopping when cancelled or when the caller has seen enough.

use aws_sdk_s3::operation::list_object_versions::ListObjectVersionsOutput;
use tokio_util::sync::CancellationToken;

use super::space;
use crate::error::{Error, Result};
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

/// The markers of the next page; a truncated page that would not advance is an error rather
/// than an endless loop.
fn next_markers(
    page: &ListObjectVersionsOutput,
    current: &(Option<String>, Option<String>),
) -> Result<(Option<String>, Option<String>)> {
    let next = (
        page.next_key_marker().map(str::to_owned),
        page.next_version_id_marker().map(str::to_owned),
    );
    if next.0.is_none() || next == *current {
        return Err(Error::Internal(
            "The server said the list of versions continues but gave no way to continue.".into(),
        ));
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
