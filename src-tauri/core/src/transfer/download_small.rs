//! Small objects (up to 1 MiB) come down into memory and reach the disk in one blocking
//! step (temp file, write, sync, rename; see group_sync). Checked in memory first (size, and
//! MD5 against a single-part ETag), so a bad body never touches the disk. Many small files
//! make the per-file costs count: this path has one thread hand-off and no read-back.

use aws_sdk_s3::Client;
use md5::{Digest, Md5};

use super::download::DownloadRequest;
use super::integrity::{hex, is_checkable, normalize_etag};
use super::upload::Progress;
use super::Env;
use crate::error::{Error, Result};
use crate::s3_error::map_sdk_error;

/// Objects this small are held in memory whole.
pub const SMALL_MAX: u64 = 1024 * 1024;

/// Attempts when the body breaks off; each continues from the bytes already received.
const BODY_ATTEMPTS: u32 = 5;

pub async fn download_small(
    env: Env<'_>,
    client: &Client,
    req: &DownloadRequest,
    what: &str,
    hint: u64,
    progress: Progress,
) -> Result<u64> {
    let (bytes, etag) = env
        .sched
        .run(
            env.s3.lane(),
            &format!("downloading {what}"),
            hint,
            fetch(client, req, what, &progress),
        )
        .await?;
    check(&bytes, &etag)?;
    super::group_sync::save(req.local.clone(), bytes).await
}

/// The whole body and the object's ETag, resuming a body cut short with a ranged GET.
async fn fetch(
    client: &Client,
    req: &DownloadRequest,
    what: &str,
    progress: &Progress,
) -> Result<(Vec<u8>, String)> {
    let out = client
        .get_object()
        .bucket(&req.bucket)
        .key(&req.key)
        .send()
        .await
        .map_err(|e| map_sdk_error(e, what))?;
    let size = u64::try_from(out.content_length().unwrap_or(0)).unwrap_or(0);
    let etag = normalize_etag(out.e_tag().unwrap_or_default());
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut body = out.body;
    let mut attempt = 0;
    loop {
        let broke = loop {
            match body.try_next().await {
                Ok(Some(chunk)) => {
                    bytes.extend_from_slice(&chunk);
                    progress(chunk.len() as u64);
                }
                Ok(None) => break false,
                Err(_) => break true,
            }
        };
        if !broke && bytes.len() as u64 >= size {
            if bytes.len() as u64 != size {
                return Err(Error::Network(format!(
                    "The server sent {} bytes of {what} where {size} were expected. Download it again.",
                    bytes.len()
                )));
            }
            return Ok((bytes, etag));
        }
        attempt += 1;
        if attempt >= BODY_ATTEMPTS {
            return Err(Error::Network(format!(
                "The connection kept dropping while downloading {what}. Check your network and try again."
            )));
        }
        tokio::time::sleep(super::backoff::delay(attempt)).await;
        body = client
            .get_object()
            .bucket(&req.bucket)
            .key(&req.key)
            .if_match(format!("\"{etag}\""))
            .range(format!("bytes={}-{}", bytes.len(), size.saturating_sub(1)))
            .send()
            .await
            .map_err(|e| map_sdk_error(e, what))?
            .body;
    }
}

fn check(bytes: &[u8], etag: &str) -> Result<()> {
    let single_part = !etag.contains('-');
    if single_part && is_checkable(etag) && hex(&Md5::digest(bytes).into()) != etag {
        return Err(Error::Network(
            "The downloaded file does not match the object on the server (checksum). Download it again.".into(),
        ));
    }
    Ok(())
}
