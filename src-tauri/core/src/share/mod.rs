//! Links to files: presigned GET links that expire (at most 7 days, SigV4's limit), the
//! public and CDN URLs of public files, presigned PUT links someone else can upload with,
//! and the history of every link issued (`history`).

pub mod duration;
pub mod history;
pub mod urls;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_s3::presigning::PresigningConfig;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::Account;
use crate::objects::acl::read_acl;
use crate::objects::Ctx;
use crate::space_prefs::SpacePrefs;

/// SigV4 presigned URLs live at most 7 days.
pub const MAX_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LinkKind {
    /// Signed, expires.
    Presigned,
    /// The file is public: its origin URL.
    Public,
    /// The file is public and the Space's CDN is on: its CDN URL.
    Cdn,
    /// A signed PUT someone else can upload one file with.
    Upload,
}

/// A link handed out, as shown and as kept in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShareLink {
    pub id: String,
    pub account_id: String,
    pub bucket: String,
    pub key: String,
    pub url: String,
    pub kind: LinkKind,
    /// Epoch milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    /// Epoch milliseconds; `None` for public URLs, which do not expire.
    #[ts(type = "number | null")]
    pub expires_at: Option<i64>,
    /// For upload links: the exact command that uploads a file with it.
    pub curl: Option<String>,
}

/// A file to link to.
pub struct Target<'a> {
    pub ctx: Ctx<'a>,
    pub account: &'a Account,
    pub bucket: &'a str,
    pub key: &'a str,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn link(t: &Target<'_>, url: String, kind: LinkKind, expires: Option<Duration>) -> ShareLink {
    let created_at = now_ms();
    ShareLink {
        id: uuid::Uuid::new_v4().simple().to_string(),
        account_id: t.account.id.clone(),
        bucket: t.bucket.to_owned(),
        key: t.key.to_owned(),
        url,
        kind,
        created_at,
        expires_at: expires.map(|d| created_at + i64::try_from(d.as_millis()).unwrap_or(0)),
        curl: None,
    }
}

fn presigning(expires: Duration) -> Result<PresigningConfig> {
    if expires.is_zero() || expires > MAX_EXPIRY {
        return Err(Error::InvalidInput(
            "A link can be valid from 1 second up to 7 days.".into(),
        ));
    }
    PresigningConfig::expires_in(expires)
        .map_err(|e| Error::InvalidInput(format!("That expiry cannot be used: {e}.")))
}

/// Quick Share: a public file's CDN or origin URL; otherwise a link signed for `expires`.
#[tracing::instrument(skip_all, fields(bucket = t.bucket), err)]
pub async fn quick_share(
    t: &Target<'_>,
    expires: Duration,
    prefs: &SpacePrefs,
) -> Result<ShareLink> {
    let acl = read_acl(t.ctx, t.bucket, t.key).await?;
    if acl.public {
        return Ok(
            match urls::cdn_url(&t.account.provider, t.bucket, t.key, prefs) {
                Some(url) => link(t, url, LinkKind::Cdn, None),
                None => link(
                    t,
                    urls::origin_url(&t.account.provider, t.bucket, t.key),
                    LinkKind::Public,
                    None,
                ),
            },
        );
    }
    presign_get(t, expires).await
}

/// A signed GET link, whatever the file's permission.
pub async fn presign_get(t: &Target<'_>, expires: Duration) -> Result<ShareLink> {
    let config = presigning(expires)?;
    let req = t
        .ctx
        .s3
        .for_bucket(t.bucket)
        .get_object()
        .bucket(t.bucket)
        .key(t.key)
        .presigned(config)
        .await
        .map_err(|e| Error::Internal(format!("The link could not be signed: {e}.")))?;
    Ok(link(
        t,
        req.uri().to_owned(),
        LinkKind::Presigned,
        Some(expires),
    ))
}

/// A signed PUT link for one file at `t.key`. With a content type, the uploader must send
/// that same Content-Type (it is signed); the curl command does.
pub async fn presign_put(
    t: &Target<'_>,
    expires: Duration,
    content_type: Option<&str>,
) -> Result<ShareLink> {
    if t.key.is_empty() || t.key.ends_with('/') {
        return Err(Error::InvalidInput(
            "An upload link needs a file name to upload to, not a folder.".into(),
        ));
    }
    let config = presigning(expires)?;
    let mut call = t
        .ctx
        .s3
        .for_bucket(t.bucket)
        .put_object()
        .bucket(t.bucket)
        .key(t.key);
    if let Some(ct) = content_type.filter(|c| !c.trim().is_empty()) {
        call = call.content_type(ct.trim());
    }
    let req = call
        .presigned(config)
        .await
        .map_err(|e| Error::Internal(format!("The link could not be signed: {e}.")))?;
    let mut out = link(t, req.uri().to_owned(), LinkKind::Upload, Some(expires));
    out.curl = Some(curl_command(&out.url, t.key, content_type));
    Ok(out)
}

/// `curl` uploading a local file with the same name as the key's last segment.
pub fn curl_command(url: &str, key: &str, content_type: Option<&str>) -> String {
    let file = crate::objects::keys::last_segment(key);
    let mut cmd = String::from("curl --fail -X PUT");
    if let Some(ct) = content_type.filter(|c| !c.trim().is_empty()) {
        cmd.push_str(&format!(
            " -H {}",
            shell_quote(&format!("Content-Type: {}", ct.trim()))
        ));
    }
    cmd.push_str(&format!(
        " --upload-file {} {}",
        shell_quote(file),
        shell_quote(url)
    ));
    cmd
}

/// Single-quoted for POSIX shells.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_quotes_everything() {
        let c = curl_command(
            "http://h/b/it's?x=1&y=2",
            "in/it's a.txt",
            Some("text/plain"),
        );
        assert_eq!(
            c,
            r"curl --fail -X PUT -H 'Content-Type: text/plain' --upload-file 'it'\''s a.txt' 'http://h/b/it'\''s?x=1&y=2'"
        );
    }

    #[test]
    fn expiry_bounds() {
        assert!(presigning(Duration::ZERO).is_err());
        assert!(presigning(MAX_EXPIRY + Duration::from_secs(1)).is_err());
        assert!(presigning(MAX_EXPIRY).is_ok());
    }
}
