//! Downloading one object to a temporary file beside its target, renamed into place only
//! when complete and checked (size always, ETag for single-part objects). Large objects come
//! down as parallel ranged GETs written with positioned writes; with a journal, each
//! finished range is recorded, so an interrupted download continues where it stopped.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::Client;
use futures::stream::{self, StreamExt, TryStreamExt};
use md5::{Digest, Md5};
use tokio_util::sync::CancellationToken;

use super::download_small::{download_small, SMALL_MAX};
use super::fileio::{read_exact_at, write_all_at};
use super::integrity::{hex, normalize_etag};
use super::journal::{DownloadHeader, Journal};
use super::plan::{self, Part};
use super::upload::Progress;
use super::Env;
use crate::error::{Error, ErrorKind, Result};
use crate::s3_error::map_sdk_error;

#[derive(Debug, Clone)]
pub struct DownloadRequest {
    pub bucket: String,
    pub key: String,
    /// The final path of the file.
    pub local: PathBuf,
    /// Objects above this come down in parallel ranges.
    pub ranged_threshold: u64,
    /// Ranges at least this large (the user's preference); 0 for the default. See
    /// `plan::part_size_at_least`.
    pub part_size: u64,
    /// The size a listing reported, if known: an object up to the threshold then comes
    /// down in one GET, without a HEAD first (half the requests for many small files).
    pub size_hint: Option<u64>,
}

/// The object as the server describes it.
struct Remote {
    size: u64,
    etag: String,
}

/// Where a download writes and what it has written already.
struct Target {
    temp: TempFile,
    done: BTreeSet<i32>,
    journal_id: Option<String>,
}

#[tracing::instrument(skip_all, fields(bucket = %req.bucket, key = %req.key), err)]
pub async fn download_file(
    env: Env<'_>,
    req: &DownloadRequest,
    cancel: &CancellationToken,
    progress: Progress,
) -> Result<u64> {
    let client = env.s3.for_bucket(&req.bucket);
    let what = format!("\"{}\" in the Space \"{}\"", req.key, req.bucket);
    if let Some(hint) = req.size_hint.filter(|s| *s <= SMALL_MAX) {
        return tokio::select! {
            () = cancel.cancelled() => Err(Error::Cancelled),
            r = download_small(env, client, req, &what, hint, progress) => r,
        };
    }
    if let Some(hint) = req.size_hint.filter(|s| *s <= req.ranged_threshold) {
        return tokio::select! {
            () = cancel.cancelled() => Err(Error::Cancelled),
            r = download_whole(env, client, req, &what, hint, progress) => r,
        };
    }
    let remote = head(env, client, req, &what).await?;
    let parts = if remote.size > req.ranged_threshold {
        plan::parts(
            remote.size,
            plan::part_size_at_least(remote.size, req.part_size),
        )
    } else {
        vec![Part {
            number: 1,
            offset: 0,
            len: remote.size,
        }]
    };
    let mut target = open_target(env, req, &remote, parts.len() > 1)?;
    let result = tokio::select! {
        () = cancel.cancelled() => Err(Error::Cancelled),
        r = fetch_all(env, client, req, &what, &remote, &target, parts, progress) => r,
    };
    let journal = env.journal.zip(target.journal_id.clone());
    match result {
        Ok(()) => {
            let size = target.temp.persist(&req.local)?;
            if let Some((j, id)) = journal {
                j.finish(&id);
            }
            Ok(size)
        }
        Err(e) => {
            let resumable = matches!(e.kind(), ErrorKind::Network | ErrorKind::RateLimited);
            if let (Some((j, id)), false) = (&journal, resumable) {
                j.finish(id);
            }
            // Kept (with its journal) only when a retry can continue from it.
            target.temp.keep_on_drop = journal.is_some() && resumable;
            Err(e)
        }
    }
}

/// A small object in one GET: its answer gives the size and ETag a HEAD would have.
async fn download_whole(
    env: Env<'_>,
    client: &Client,
    req: &DownloadRequest,
    what: &str,
    hint: u64,
    progress: Progress,
) -> Result<u64> {
    let (temp, remote) = env
        .sched
        .run(env.s3.lane(), &format!("downloading {what}"), hint, async {
            let out = client
                .get_object()
                .bucket(&req.bucket)
                .key(&req.key)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, what))?;
            let remote = Remote {
                size: u64::try_from(out.content_length().unwrap_or(0)).unwrap_or(0),
                etag: normalize_etag(out.e_tag().unwrap_or_default()),
            };
            let temp = TempFile::create(&req.local, remote.size)?;
            let whole = Part {
                number: 1,
                offset: 0,
                len: remote.size,
            };
            let file = &temp.file;
            fetch_range(
                client,
                req,
                what,
                &remote.etag,
                file,
                whole,
                progress,
                Some(out.body),
            )
            .await?;
            Ok((temp, remote))
        })
        .await?;
    verify(&temp, remote.size, &remote.etag).await?;
    temp.persist(&req.local)
}

async fn head(env: Env<'_>, client: &Client, req: &DownloadRequest, what: &str) -> Result<Remote> {
    let head = env
        .sched
        .run(env.s3.lane(), &format!("looking up {what}"), 0, async {
            client
                .head_object()
                .bucket(&req.bucket)
                .key(&req.key)
                .send()
                .await
                .map_err(|e| map_sdk_error(e, what))
        })
        .await?;
    Ok(Remote {
        size: u64::try_from(head.content_length().unwrap_or(0)).unwrap_or(0),
        etag: normalize_etag(head.e_tag().unwrap_or_default()),
    })
}

/// The temporary file of an earlier, interrupted download of this same object version, or a
/// new one. Only ranged downloads are journalled: a small one simply starts again.
fn open_target(
    env: Env<'_>,
    req: &DownloadRequest,
    remote: &Remote,
    ranged: bool,
) -> Result<Target> {
    let Some(journal) = env.journal.filter(|_| ranged) else {
        return Ok(Target {
            temp: TempFile::create(&req.local, remote.size)?,
            done: BTreeSet::new(),
            journal_id: None,
        });
    };
    if let Some(target) = resume_target(env, journal, req, remote) {
        return Ok(target);
    }
    let mut temp = TempFile::create(&req.local, remote.size)?;
    let header = DownloadHeader {
        id: uuid::Uuid::new_v4().simple().to_string(),
        account_id: env.account_id.to_owned(),
        endpoint: env.s3.endpoint().to_owned(),
        bucket: req.bucket.clone(),
        key: req.key.clone(),
        local: req.local.clone(),
        temp: temp.path.clone().unwrap_or_default(),
        size: remote.size,
        etag: remote.etag.clone(),
        part_size: plan::part_size_at_least(remote.size, req.part_size),
    };
    journal.begin_download(&header)?;
    // Journalled: a download stopped mid-way (paused, or the app closed) keeps what it wrote.
    // `download_file` decides again once the outcome is known.
    temp.keep_on_drop = true;
    Ok(Target {
        temp,
        done: BTreeSet::new(),
        journal_id: Some(header.id),
    })
}

fn resume_target(
    env: Env<'_>,
    journal: &Journal,
    req: &DownloadRequest,
    remote: &Remote,
) -> Option<Target> {
    let record = journal.find_download(env.s3.endpoint(), &req.bucket, &req.key, &req.local)?;
    let h = &record.header;
    let same = h.etag == remote.etag
        && h.size == remote.size
        && h.part_size == plan::part_size_at_least(remote.size, req.part_size);
    let temp = if same {
        TempFile::reopen(&h.temp, h.size)
    } else {
        None
    };
    let Some(temp) = temp else {
        // The object changed, or the partial file is gone: start over.
        let _ = std::fs::remove_file(&h.temp);
        journal.finish(&h.id);
        return None;
    };
    tracing::info!(key = %req.key, ranges = record.ranges.len(), "resuming a download");
    Some(Target {
        temp,
        done: record.ranges,
        journal_id: Some(record.header.id),
    })
}

#[allow(clippy::too_many_arguments)]
async fn fetch_all(
    env: Env<'_>,
    client: &Client,
    req: &DownloadRequest,
    what: &str,
    remote: &Remote,
    target: &Target,
    parts: Vec<Part>,
    progress: Progress,
) -> Result<()> {
    let (done, todo): (Vec<Part>, Vec<Part>) = parts
        .into_iter()
        .partition(|p| target.done.contains(&p.number));
    let already: u64 = done.iter().map(|p| p.len).sum();
    if already > 0 {
        progress(already);
    }
    // Count what reaches the disk: a range cut short and never completed must not pass.
    let written = Arc::new(AtomicU64::new(0));
    let counted: Progress = {
        let written = Arc::clone(&written);
        Arc::new(move |n| {
            written.fetch_add(n, Ordering::Relaxed);
            progress(n);
        })
    };
    let file = &target.temp.file;
    stream::iter(todo)
        .map(|part| {
            let counted = Arc::clone(&counted);
            async move {
                let name = format!("downloading {what}");
                env.sched
                    .run(
                        env.s3.lane(),
                        &name,
                        part.len,
                        fetch_range(client, req, what, &remote.etag, file, part, counted, None),
                    )
                    .await?;
                match (env.journal, &target.journal_id) {
                    (Some(j), Some(id)) => {
                        // On disk before the journal says so, or a crash could leave a hole
                        // that a resume skips. Also spreads the writeback over the download
                        // instead of one long flush at the end.
                        sync_data(file, &req.local).await?;
                        j.record_range_async(id, part.number).await
                    }
                    _ => Ok(()),
                }
            }
        })
        .buffer_unordered(plan::MAX_PARTS_IN_FLIGHT)
        .try_collect::<Vec<()>>()
        .await?;
    if already + written.load(Ordering::Relaxed) != remote.size {
        return Err(Error::Network(format!(
            "The download of {what} ended early. Download it again."
        )));
    }
    verify(&target.temp, remote.size, &remote.etag).await
}

/// Attempts per range when the body breaks off; the SDK retries only failed requests, not
/// bodies cut short, so a dropped connection resumes from the last byte written.
const BODY_ATTEMPTS: u32 = 5;

/// Bytes gathered before one positioned write: fewer, larger writes off the async threads.
const WRITE_CHUNK: usize = 1024 * 1024;

/// Fetch one range into `file`, resuming from the last byte written when the body breaks
/// off. `opened` is a body already requested for this range (a whole-object GET).
#[allow(clippy::too_many_arguments)]
async fn fetch_range(
    client: &Client,
    req: &DownloadRequest,
    what: &str,
    etag: &str,
    file: &Arc<File>,
    part: Part,
    progress: Progress,
    mut opened: Option<ByteStream>,
) -> Result<()> {
    let end = part.offset + part.len;
    let mut offset = part.offset;
    let mut attempt = 0;
    loop {
        let body = match opened.take() {
            Some(body) => body,
            None => {
                let mut get = client
                    .get_object()
                    .bucket(&req.bucket)
                    .key(&req.key)
                    .if_match(format!("\"{etag}\""));
                if part.len > 0 {
                    get = get.range(format!("bytes={}-{}", offset, end - 1));
                }
                get.send().await.map_err(|e| map_sdk_error(e, what))?.body
            }
        };
        let broke = copy_body(body, file, &mut offset, &req.local, &progress).await?;
        if !(broke || offset < end) {
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

/// Write a body at `offset` onwards, advancing it; true if the body broke off.
async fn copy_body(
    mut body: ByteStream,
    file: &Arc<File>,
    offset: &mut u64,
    target: &Path,
    progress: &Progress,
) -> Result<bool> {
    let mut pending: Vec<u8> = Vec::with_capacity(WRITE_CHUNK);
    loop {
        let next = body.try_next().await;
        let (chunk, broke) = match next {
            Ok(Some(chunk)) => (Some(chunk), false),
            Ok(None) => (None, false),
            Err(_) => (None, true),
        };
        if let Some(chunk) = &chunk {
            pending.extend_from_slice(chunk);
        }
        if chunk.is_none() || pending.len() >= WRITE_CHUNK {
            let len = pending.len() as u64;
            let full = std::mem::replace(&mut pending, Vec::with_capacity(WRITE_CHUNK));
            if len > 0 {
                write_at(file, full, *offset, target).await?;
                *offset += len;
                progress(len);
            }
        }
        if chunk.is_none() {
            return Ok(broke);
        }
    }
}

async fn write_at(file: &Arc<File>, bytes: Vec<u8>, offset: u64, target: &Path) -> Result<()> {
    let file = Arc::clone(file);
    let written = tokio::task::spawn_blocking(move || write_all_at(&file, &bytes, offset))
        .await
        .map_err(|e| Error::Internal(format!("A write task failed: {e}")))?;
    written.map_err(|e| local_write_error(&e, target))
}

async fn sync_data(file: &Arc<File>, target: &Path) -> Result<()> {
    let file = Arc::clone(file);
    tokio::task::spawn_blocking(move || file.sync_data())
        .await
        .map_err(|e| Error::Internal(format!("A write task failed: {e}")))?
        .map_err(|e| local_write_error(&e, target))
}

pub(super) fn local_write_error(e: &std::io::Error, target: &Path) -> Error {
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

/// `.NAME.spaceport-XXXX.part` beside the target; removed on drop unless persisted or
/// kept for a resume.
pub(super) struct TempFile {
    pub(super) file: Arc<File>,
    path: Option<PathBuf>,
    keep_on_drop: bool,
}

impl TempFile {
    pub(super) fn create(target: &Path, size: u64) -> Result<Self> {
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
        if size > 0 {
            file.set_len(size)
                .map_err(|e| local_write_error(&e, target))?;
        }
        Ok(TempFile {
            file: Arc::new(file),
            path: Some(path),
            keep_on_drop: false,
        })
    }

    /// The partial file of an interrupted download, if it is still there at its full size.
    fn reopen(path: &Path, size: u64) -> Option<Self> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .ok()?;
        (file.metadata().ok()?.len() == size).then(|| TempFile {
            file: Arc::new(file),
            path: Some(path.to_path_buf()),
            keep_on_drop: true,
        })
    }

    pub(super) fn persist(mut self, target: &Path) -> Result<u64> {
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
        if self.keep_on_drop {
            return;
        }
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}
