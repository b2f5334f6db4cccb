//! Downloading one object to a temporary file beside its target, renamed into place only
//! when complete and checked (size always, ETag for single-part objects). Large objects come
//! down as parallel ranged GETs written with positioned writes.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aws_sdk_s3::Client;
use futures::stream::{self, StreamExt, TryStreamExt};
use md5::{Digest, Md5};
use tokio_util::sync::CancellationToken;

use super::fileio::{read_exact_at, write_all_at};
use super::integrity::{hex, normalize_etag};
use super::plan::{self, Part};
use super::upload::Progress;
use crate::client::S3;
use crate::error::{Error, Result};
use crate::s3_error::map_sdk_error;

#[derive(Debug, Clone)]
pub struct DownloadRequest {
    pub bucket: String,
    pub key: String,
    /// The final path of the file.
    pub local: PathBuf,
    /// Objects above this come down in parallel ranges.
    pub ranged_threshold: u64,
}

#[tracing::instrument(skip_all, fields(bucket = %req.bucket, key = %req.key), err)]
pub async fn download_file(
    s3: &S3,
    req: &DownloadRequest,
    cancel: &CancellationToken,
    progress: Progress,
) -> Result<u64> {
    let client = s3.for_bucket(&req.bucket);
    let what = format!("\"{}\" in the Space \"{}\"", req.key, req.bucket);
    let head = client
        .head_object()
        .bucket(&req.bucket)
        .key(&req.key)
        .send()
        .await
        .map_err(|e| map_sdk_error(e, &what))?;
    let size = u64::try_from(head.content_length().unwrap_or(0)).unwrap_or(0);
    let etag = normalize_etag(head.e_tag().unwrap_or_default());
    let temp = TempFile::create(&req.local, size)?;
    let parts = if size > req.ranged_threshold {
        plan::parts(size, plan::part_size(size))
    } else {
        vec![Part {
            number: 1,
            offset: 0,
            len: size,
        }]
    };
    // Count what reaches the disk: a range cut short and never completed must not pass.
    let written = Arc::new(AtomicU64::new(0));
    let counted: Progress = {
        let written = Arc::clone(&written);
        Arc::new(move |n| {
            written.fetch_add(n, Ordering::Relaxed);
            progress(n);
        })
    };
    let fetched = tokio::select! {
        () = cancel.cancelled() => Err(Error::Cancelled),
        r = fetch_parts(client, req, &what, &etag, &temp.file, parts, counted) => r,
    };
    fetched?;
    if written.load(Ordering::Relaxed) != size {
        return Err(Error::Network(format!(
            "The download of {what} ended early. Download it again."
        )));
    }
    verify(&temp, size, &etag).await?;
    temp.persist(&req.local)
}

async fn fetch_parts(
    client: &Client,
    req: &DownloadRequest,
    what: &str,
    etag: &str,
    file: &Arc<File>,
    parts: Vec<Part>,
    progress: Progress,
) -> Result<()> {
    stream::iter(parts)
        .map(|part| fetch_range(client, req, what, etag, file, part, Arc::clone(&progress)))
        .buffer_unordered(plan::MAX_PARTS_IN_FLIGHT)
        .try_collect::<Vec<()>>()
        .await
        .map(|_| ())
}

/// Attempts per range when the body breaks off; the SDK retries only failed requests, not
/// bodies cut short, so a dropped connection resumes from the last byte written.
const BODY_ATTEMPTS: u32 = 5;

async fn fetch_range(
    client: &Client,
    req: &DownloadRequest,
    what: &str,
    etag: &str,
    file: &Arc<File>,
    part: Part,
    progress: Progress,
) -> Result<()> {
    let end = part.offset + part.len;
    let mut offset = part.offset;
    let mut attempt = 0;
    loop {
        let mut get = client
            .get_object()
            .bucket(&req.bucket)
            .key(&req.key)
            .if_match(format!("\"{etag}\""));
        if part.len > 0 {
            get = get.range(format!("bytes={}-{}", offset, end - 1));
        }
        let mut body = get.send().await.map_err(|e| map_sdk_error(e, what))?.body;
        let broke = loop {
            match body.try_next().await {
                Ok(Some(chunk)) => {
                    write_at(file, chunk.to_vec(), offset, &req.local).await?;
                    offset += chunk.len() as u64;
                    progress(chunk.len() as u64);
                }
                Ok(None) => break offset < end,
                Err(_) => break true,
            }
        };
        if !broke {
            return Ok(());
        }
        attempt += 1;
        if attempt >= BODY_ATTEMPTS {
            return Err(Error::Network(format!(
                "The connection kept dropping while downloading {what}. Check your network and try again."
            )));
        }
        tracing::debug!(attempt, offset, "body cut short; resuming the range");
        tokio::time::sleep(super::backoff::delay(attempt)).await;
    }
}

async fn write_at(file: &Arc<File>, bytes: Vec<u8>, offset: u64, target: &Path) -> Result<()> {
    let file = Arc::clone(file);
    let written = tokio::task::spawn_blocking(move || write_all_at(&file, &bytes, offset))
        .await
        .map_err(|e| Error::Internal(format!("A write task failed: {e}")))?;
    written.map_err(|e| local_write_error(&e, target))
}

fn local_write_error(e: &std::io::Error, target: &Path) -> Error {
    if e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull {
        return Error::Io(format!(
            "The disk is full: {} could not be written. Free some space and download it again.",
            target.display()
        ));
    }
    Error::io(&format!("Could not write {}", target.display()), e)
}

/// The size always; for a single-part object (its ETag is the MD5) the content too.
async fn verify(temp: &TempFile, size: u64, etag: &str) -> Result<()> {
    let file = Arc::clone(&temp.file);
    let etag = etag.to_owned();
    let ok = tokio::task::spawn_blocking(move || -> std::io::Result<bool> {
        file.sync_all()?;
        if file.metadata()?.len() != size {
            return Ok(false);
        }
        if etag.contains('-') || etag.len() != 32 {
            return Ok(true);
        }
        let mut hasher = Md5::new();
        let mut buf = vec![0u8; 4 * 1024 * 1024];
        let mut offset = 0;
        while offset < size {
            let n = usize::try_from((size - offset).min(buf.len() as u64)).unwrap_or(buf.len());
            read_exact_at(&file, &mut buf[..n], offset)?;
            hasher.update(&buf[..n]);
            offset += n as u64;
        }
        Ok(hex(&hasher.finalize().into()) == etag)
    })
    .await
    .map_err(|e| Error::Internal(format!("A check task failed: {e}")))?
    .map_err(|e| Error::io("Could not check the downloaded file", &e))?;
    if ok {
        Ok(())
    } else {
        Err(Error::Network("The downloaded file does not match the object on the server (size or checksum). Download it again.".into()))
    }
}

/// `.NAME.spaceport-XXXX.part` beside the target; removed on drop unless persisted.
struct TempFile {
    file: Arc<File>,
    path: Option<PathBuf>,
}

impl TempFile {
    fn create(target: &Path, size: u64) -> Result<Self> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(&format!("Could not create {}", dir.display()), &e))?;
        // Short enough that the temp name stays under the 255-byte file name limit.
        let name: String = target
            .file_name()
            .map(|n| n.to_string_lossy().chars().take(80).collect())
            .unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.spaceport-"))
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| local_write_error(&e, target))?;
        let (file, path) = temp
            .keep()
            .map_err(|e| local_write_error(&e.error, target))?;
        file.set_len(size)
            .map_err(|e| local_write_error(&e, target))?;
        Ok(TempFile {
            file: Arc::new(file),
            path: Some(path),
        })
    }

    fn persist(mut self, target: &Path) -> Result<u64> {
        let path = self
            .path
            .take()
            .ok_or_else(|| Error::Internal("temp file already used".into()))?;
        let size = self.file.metadata().map(|m| m.len()).unwrap_or(0);
        std::fs::rename(&path, target).map_err(|e| {
            let _ = std::fs::remove_file(&path);
            Error::io(&format!("Could not save {}", target.display()), &e)
        })?;
        Ok(size)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}
