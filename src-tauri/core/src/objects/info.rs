//! The info panel: everything known about one file, and a preview of images and text.

use std::collections::BTreeMap;

use base64::Engine;
use serde::Serialize;
use ts_rs::TS;

use super::acl::read_public;
use super::meta::{head, CONTENT_TYPE};
use super::Ctx;
use crate::error::{Error, Result};
use crate::model::{Account, ObjectAcl};
use crate::s3_error::map_sdk_error;
use crate::share::urls::{cdn_url, origin_url};
use crate::space_prefs::SpacePrefs;

/// Text previews read this much.
pub const TEXT_PREVIEW_BYTES: u64 = 64 * 1024;
/// Images larger than this are not previewed.
pub const IMAGE_PREVIEW_MAX: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ObjectInfo {
    pub key: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number | null")]
    pub last_modified: Option<i64>,
    pub etag: String,
    pub storage_class: Option<String>,
    pub content_type: Option<String>,
    /// `None` when the server does not support ACLs.
    pub acl: Option<ObjectAcl>,
    /// Every header and custom metadata pair, by lower-case name.
    pub headers: BTreeMap<String, String>,
    pub origin_url: String,
    pub cdn_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum Preview {
    Text { text: String, truncated: bool },
    Image { data_url: String },
    None { reason: String },
}

pub async fn object_info(
    ctx: Ctx<'_>,
    account: &Account,
    bucket: &str,
    key: &str,
    prefs: &SpacePrefs,
) -> Result<ObjectInfo> {
    let h = head(ctx, bucket, key).await?;
    let acl = match read_public(ctx, bucket, key).await {
        Ok(acl) => Some(acl),
        Err(Error::Unsupported(_)) => None,
        Err(e) => return Err(e),
    };
    Ok(ObjectInfo {
        key: key.to_owned(),
        size: h.size,
        last_modified: h.last_modified,
        etag: h.etag,
        storage_class: h.storage_class,
        content_type: h.headers.get(CONTENT_TYPE).cloned(),
        acl,
        headers: h.headers,
        origin_url: origin_url(&account.provider, bucket, key),
        cdn_url: cdn_url(&account.provider, bucket, key, prefs),
    })
}

enum Kind {
    Text,
    Image(String),
    Other,
}

fn kind_of(key: &str, content_type: Option<&str>) -> Kind {
    let guessed = mime_guess::from_path(key).first_raw().unwrap_or("");
    let ct = content_type
        .filter(|c| {
            !c.is_empty() && *c != "binary/octet-stream" && *c != "application/octet-stream"
        })
        .unwrap_or(guessed)
        .to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim().to_owned();
    if essence.starts_with("image/") && essence != "image/svg+xml" {
        Kind::Image(essence)
    } else if essence.starts_with("text/")
        || essence == "image/svg+xml"
        || ["json", "xml", "javascript", "yaml", "toml", "csv", "x-sh"]
            .iter()
            .any(|t| essence.ends_with(t))
    {
        Kind::Text
    } else {
        Kind::Other
    }
}

/// A preview: the first 64 KiB of a text file, or a whole image up to 8 MiB.
pub async fn preview(
    ctx: Ctx<'_>,
    bucket: &str,
    key: &str,
    size: u64,
    content_type: Option<&str>,
) -> Result<Preview> {
    match kind_of(key, content_type) {
        Kind::Other => Ok(Preview::None {
            reason: "No preview for this kind of file.".into(),
        }),
        Kind::Image(_) if size > IMAGE_PREVIEW_MAX => Ok(Preview::None {
            reason: "The image is too large to preview (over 8 MiB).".into(),
        }),
        Kind::Image(mime) => {
            let bytes = read(ctx, bucket, key, None).await?;
            let data = base64::engine::general_purpose::STANDARD.encode(bytes);
            Ok(Preview::Image {
                data_url: format!("data:{mime};base64,{data}"),
            })
        }
        Kind::Text => {
            let bytes = read(ctx, bucket, key, Some(TEXT_PREVIEW_BYTES)).await?;
            if bytes.contains(&0) {
                return Ok(Preview::None {
                    reason: "The file looks binary, not text.".into(),
                });
            }
            Ok(Preview::Text {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                truncated: size > bytes.len() as u64,
            })
        }
    }
}

async fn read(ctx: Ctx<'_>, bucket: &str, key: &str, first: Option<u64>) -> Result<Vec<u8>> {
    let what = format!("\"{key}\"");
    let mut call = ctx
        .s3
        .for_bucket(bucket)
        .get_object()
        .bucket(bucket)
        .key(key);
    if let Some(n) = first {
        call = call.range(format!("bytes=0-{}", n - 1));
    }
    let send = call.send();
    ctx.sched
        .run(
            ctx.s3.lane(),
            "reading a preview",
            first.unwrap_or(IMAGE_PREVIEW_MAX),
            async {
                let out = match send.await {
                    Ok(out) => out,
                    // An empty file has no byte 0 to start a range at.
                    Err(e) if first.is_some() && is_unsatisfiable(&e) => return Ok(Vec::new()),
                    Err(e) => return Err(map_sdk_error(e, &what)),
                };
                let bytes = out.body.collect().await.map_err(|e| {
                    Error::Network(format!("Reading {what} broke off: {e}. Try again."))
                })?;
                Ok(bytes.into_bytes().to_vec())
            },
        )
        .await
}

fn is_unsatisfiable<E>(
    e: &aws_sdk_s3::error::SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>,
) -> bool {
    e.raw_response().is_some_and(|r| r.status().as_u16() == 416)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert!(matches!(kind_of("a.txt", None), Kind::Text));
        assert!(matches!(
            kind_of("a.json", Some("binary/octet-stream")),
            Kind::Text
        ));
        assert!(matches!(kind_of("a.bin", Some("image/png")), Kind::Image(m) if m == "image/png"));
        assert!(matches!(kind_of("a.svg", None), Kind::Text));
        assert!(matches!(kind_of("a.zip", None), Kind::Other));
        assert!(matches!(
            kind_of("noext", Some("text/html; charset=utf-8")),
            Kind::Text
        ));
    }
}
