//! Metadata: the standard headers a user edits and custom `x-amz-meta-*` pairs, kept in one
//! map by lower-case header name. An edit is a copy onto the object itself with
//! `MetadataDirective=REPLACE` carrying every header not edited and the ACL (see `copy`).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::acl::read_acl;
use super::bulk::{each_selected_key, Outcome};
use super::copy::{server_copy, Headers};
use super::{Ctx, OnProgress, OpPhase, OpReport};
use crate::error::{Error, Result};

pub const CONTENT_TYPE: &str = "content-type";
pub const CACHE_CONTROL: &str = "cache-control";
pub const CONTENT_ENCODING: &str = "content-encoding";
pub const CONTENT_DISPOSITION: &str = "content-disposition";
pub const CONTENT_LANGUAGE: &str = "content-language";
pub const REDIRECT: &str = "x-amz-website-redirect-location";
pub const CUSTOM: &str = "x-amz-meta-";

/// Headers a user may set or remove besides custom ones.
pub const EDITABLE: [&str; 5] = [
    CONTENT_TYPE,
    CACHE_CONTROL,
    CONTENT_ENCODING,
    CONTENT_DISPOSITION,
    CONTENT_LANGUAGE,
];

/// What HEAD says about an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub size: u64,
    pub etag: String,
    pub last_modified: Option<i64>,
    pub storage_class: Option<String>,
    pub headers: Headers,
}

/// The metadata of several objects: a header the same on all has its value; a header that
/// differs, or that some lack, is `None` ("mixed").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MetaSummary {
    #[ts(type = "number")]
    pub objects: u64,
    pub headers: BTreeMap<String, Option<String>>,
}

/// An edit: headers to set (standard names or `x-amz-meta-*`) and headers to remove.
/// Anything not named stays as it is on each object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MetaPatch {
    pub set: BTreeMap<String, String>,
    pub remove: Vec<String>,
}

impl MetaPatch {
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.remove.is_empty()
    }

    /// Names lower-cased; every name editable and every value sendable as a header.
    pub fn validated(&self) -> Result<MetaPatch> {
        let mut out = MetaPatch::default();
        for (name, value) in &self.set {
            let name = check_name(name)?;
            check_value(&name, value)?;
            out.set.insert(name, value.trim().to_owned());
        }
        for name in &self.remove {
            let name = check_name(name)?;
            if name == CONTENT_TYPE {
                return Err(Error::InvalidInput(
                    "Content-Type cannot be removed; set it to application/octet-stream instead."
                        .into(),
                ));
            }
            if out.set.contains_key(&name) {
                return Err(Error::InvalidInput(format!(
                    "\"{name}\" is both set and removed."
                )));
            }
            out.remove.push(name);
        }
        Ok(out)
    }

    pub fn apply(&self, headers: &Headers) -> Headers {
        let mut out = headers.clone();
        for name in &self.remove {
            out.remove(name);
        }
        for (name, value) in &self.set {
            out.insert(name.clone(), value.clone());
        }
        out
    }
}

fn check_name(name: &str) -> Result<String> {
    let lower = name.trim().to_ascii_lowercase();
    if EDITABLE.contains(&lower.as_str()) {
        return Ok(lower);
    }
    let custom = lower.strip_prefix(CUSTOM).unwrap_or_default();
    let ok = !custom.is_empty()
        && custom
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(lower)
    } else {
        Err(Error::InvalidInput(format!(
            "\"{name}\" cannot be edited: use Content-Type, Cache-Control, Content-Encoding, Content-Disposition, Content-Language, or a custom name x-amz-meta-NAME (letters, digits, - _ .)."
        )))
    }
}

fn check_value(name: &str, value: &str) -> Result<()> {
    // Header values travel as ASCII; S3 would mangle anything else.
    if value.bytes().any(|b| !(b == b' ' || b.is_ascii_graphic())) {
        return Err(Error::InvalidInput(format!(
            "The value of {name} may contain only printable ASCII characters (no accents, emoji or line breaks)."
        )));
    }
    if name == CONTENT_TYPE && value.trim().is_empty() {
        return Err(Error::InvalidInput("Content-Type cannot be empty.".into()));
    }
    Ok(())
}

/// HEAD an object.
pub async fn head(ctx: Ctx<'_>, bucket: &str, key: &str) -> Result<Head> {
    let what = format!("\"{key}\"");
    let call = ctx
        .s3
        .for_bucket(bucket)
        .head_object()
        .bucket(bucket)
        .key(key)
        .send();
    let out = ctx.send("reading file details", &what, 0, call).await?;
    let mut headers = Headers::new();
    let standard = [
        (CONTENT_TYPE, out.content_type()),
        (CACHE_CONTROL, out.cache_control()),
        (CONTENT_ENCODING, out.content_encoding()),
        (CONTENT_DISPOSITION, out.content_disposition()),
        (CONTENT_LANGUAGE, out.content_language()),
        (REDIRECT, out.website_redirect_location()),
    ];
    for (name, value) in standard {
        if let Some(v) = value {
            headers.insert(name.to_owned(), v.to_owned());
        }
    }
    for (k, v) in out.metadata().into_iter().flatten() {
        headers.insert(format!("{CUSTOM}{}", k.to_ascii_lowercase()), v.clone());
    }
    Ok(Head {
        size: out
            .content_length()
            .and_then(|s| u64::try_from(s).ok())
            .unwrap_or(0),
        etag: out.e_tag().unwrap_or_default().trim_matches('"').to_owned(),
        last_modified: out.last_modified().and_then(|d| d.to_millis().ok()),
        storage_class: out.storage_class().map(|c| c.as_str().to_owned()),
        headers,
    })
}

/// Custom metadata as the SDK sends it: names without the `x-amz-meta-` prefix.
pub fn custom_of(headers: &Headers) -> HashMap<String, String> {
    headers
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(CUSTOM)?.to_owned(), v.clone())))
        .collect()
}

/// Fold one object's headers into a summary.
pub fn summarize<'a>(all: impl IntoIterator<Item = &'a Headers>) -> MetaSummary {
    let mut summary = MetaSummary::default();
    let mut first = true;
    for headers in all {
        summary.objects += 1;
        if first {
            first = false;
            summary.headers = headers
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect();
            continue;
        }
        for (name, value) in summary.headers.iter_mut() {
            if value.as_ref() != headers.get(name) {
                *value = None;
            }
        }
        for name in headers.keys() {
            summary.headers.entry(name.clone()).or_insert(None);
        }
    }
    summary
}

/// The metadata of the selected files and of every key under the selected folders.
#[tracing::instrument(skip_all, fields(bucket, items = items.len()), err)]
pub async fn read_summary(
    ctx: Ctx<'_>,
    bucket: &str,
    items: &[String],
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<MetaSummary> {
    let heads = std::sync::Mutex::new(Vec::new());
    let report = each_selected_key(
        ctx,
        bucket,
        items,
        true,
        OpPhase::Reading,
        cancel,
        on_progress,
        |key| {
            let heads = &heads;
            async move {
                let h = head(ctx, bucket, &key).await?;
                heads
                    .lock()
                    .map_err(|_| Error::Internal("A lock was poisoned.".into()))?
                    .push(h.headers);
                Ok(Outcome::Done)
            }
        },
    )
    .await?;
    if let Some(f) = report.failed.first() {
        return Err(Error::Network(format!(
            "Could not read the details of \"{}\": {}",
            f.key, f.message
        )));
    }
    if report.cancelled {
        return Err(Error::Cancelled);
    }
    let heads = heads
        .into_inner()
        .map_err(|_| Error::Internal("A lock was poisoned.".into()))?;
    Ok(summarize(&heads))
}

/// Apply `patch` to the selected files and every key under the selected folders.
#[tracing::instrument(skip_all, fields(bucket, items = items.len()), err)]
pub async fn set_meta(
    ctx: Ctx<'_>,
    bucket: &str,
    items: &[String],
    patch: &MetaPatch,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let patch = patch.validated()?;
    if patch.is_empty() {
        return Err(Error::InvalidInput("Nothing was changed.".into()));
    }
    each_selected_key(
        ctx,
        bucket,
        items,
        true,
        OpPhase::Updating,
        cancel,
        on_progress,
        |key| {
            let patch = &patch;
            async move {
                edit_one(ctx, bucket, &key, patch).await?;
                Ok(Outcome::Done)
            }
        },
    )
    .await
}

async fn edit_one(ctx: Ctx<'_>, bucket: &str, key: &str, patch: &MetaPatch) -> Result<()> {
    let head = head(ctx, bucket, key).await?;
    let acl = read_acl(ctx, bucket, key).await?;
    let headers = patch.apply(&head.headers);
    let here = super::ObjectRef {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
    };
    server_copy(ctx, &here, &here, &head, Some(&headers), &acl).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let before = headers(&[
            ("content-type", "image/png"),
            ("cache-control", "no-cache"),
            ("x-amz-meta-owner", "ana"),
        ]);
        let patch = MetaPatch {
            set: [("Cache-Control".to_owned(), "max-age=60".to_owned())].into(),
            remove: vec![],
        }
        .validated()
        .expect("valid");
        let after = patch.apply(&before);
        assert_eq!(
            after.get("cache-control").map(String::as_str),
            Some("max-age=60")
        );
        assert_eq!(
            after.get("content-type").map(String::as_str),
            Some("image/png")
        );
        assert_eq!(
            after.get("x-amz-meta-owner").map(String::as_str),
            Some("ana")
        );
        assert_eq!(after.len(), 3);
    }

    #[test]
    fn removing_a_custom_pair() {
        let before = headers(&[("content-type", "a/b"), ("x-amz-meta-x", "1")]);
        let patch = MetaPatch {
            set: BTreeMap::new(),
            remove: vec!["X-Amz-Meta-X".into()],
        }
        .validated()
        .expect("valid");
        assert_eq!(patch.apply(&before), headers(&[("content-type", "a/b")]));
    }

    #[test]
    fn bad_edits_are_refused() {
        let bad = |name: &str, value: &str| {
            MetaPatch {
                set: [(name.to_owned(), value.to_owned())].into(),
                remove: vec![],
            }
            .validated()
            .is_err()
        };
        assert!(bad("x-amz-meta-", "v"));
        assert!(bad("x-amz-meta-a b", "v"));
        assert!(bad("etag", "v"));
        assert!(bad("content-type", ""));
        assert!(bad("x-amz-meta-a", "ünï"));
        assert!(bad("x-amz-meta-a", "line\nbreak"));
        assert!(!bad("x-amz-meta-Project_1.x", "ok value"));
        let remove_type = MetaPatch {
            set: BTreeMap::new(),
            remove: vec!["Content-Type".into()],
        };
        assert!(remove_type.validated().is_err());
    }

    #[test]
    fn summary_marks_differences_as_mixed() {
        let a = headers(&[
            ("content-type", "text/plain"),
            ("cache-control", "no-cache"),
        ]);
        let b = headers(&[("content-type", "text/plain"), ("x-amz-meta-k", "v")]);
        let s = summarize([&a, &b]);
        assert_eq!(s.objects, 2);
        assert_eq!(s.headers["content-type"], Some("text/plain".into()));
        assert_eq!(s.headers["cache-control"], None);
        assert_eq!(s.headers["x-amz-meta-k"], None);
    }
}
