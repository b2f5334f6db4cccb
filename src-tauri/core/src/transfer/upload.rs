//! Uploading one file: a single PUT up to the threshold, else a multipart upload whose parts
//! (at most 8 in flight) are read with positioned reads, each sent with its Content-MD5. The
//! result is checked against the source (size and ETag). A failed or cancelled multipart
//! upload is aborted, so nothing is left behind to be billed.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, ObjectCannedAcl};
use aws_sdk_s3::Client;
use futures::stream::{self, StreamExt, TryStreamExt};
use tokio_util::sync::CancellationToken;

use super::fileio::read_exact_at;
use super::integrity::{content_md5, hex, is_checkable, md5, multipart_etag, normalize_etag};
use super::journal::{DonePart, Journal, UploadHeader};
use super::plan::{self, Part};
use super::scheduler::{Lane, Scheduler};
use super::Env;
use crate::error::{Error, Result};
use crate::model::{ObjectAcl, UploadOptions};
use crate::s3_error::map_sdk_error;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct UploadRequest {
    pub local: PathBuf,
    pub bucket: String,
    pub key: String,
    pub options: UploadOptions,
    /// Sizes above this go up in parts.
    pub multipart_threshold: u64,
    /// Parts at least this large (the user's preference); 0 for the default. See
    /// `plan::part_size_at_least`.
    pub part_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    pub size: u64,
    pub etag: String,
}

/// Called with the number of bytes just sent.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Upload one file. With a journal, a multipart upload records each finished part and
/// resumes an earlier, interrupted upload of the same unchanged file.
#[tracing::instrument(skip_all, fields(bucket = %req.bucket, key = %req.key), err)]
pub async fn upload_file(
    env: Env<'_>,
    req: &UploadRequest,
    cancel: &CancellationToken,
    progress: Progress,
) -> Result<Uploaded> {
    let file = open(&req.local)?;
    let meta = file
        .metadata()
        .map_err(|e| Error::io(&format!("Could not read {}", req.local.display()), &e))?;
    let size = meta.len();
    let file = Arc::new(file);
    let source = Source {
        file,
        size,
        modified_ms: modified_ms(&meta),
    };
    let up = Uploader {
        client: env.s3.for_bucket(&req.bucket),
        sched: env.sched,
        lane: env.s3.lane(),
        req,
    };
    if plan::is_multipart(size, req.multipart_threshold) {
        up.multipart(env, source, cancel, progress).await
    } else {
        tokio::select! {
            () = cancel.cancelled() => Err(Error::Cancelled),
            r = up.single(&source, progress) => r,
        }
    }
}

/// One file's upload: the client for its bucket, the scheduler and the request.
struct Uploader<'a> {
    client: &'a Client,
    sched: &'a Scheduler,
    lane: Lane,
    req: &'a UploadRequest,
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::NotFound(format!("{} no longer exists.", path.display()))
        }
        std::io::ErrorKind::PermissionDenied => Error::Io(format!(
            "{} cannot be read: permission denied. Check its permissions.",
            path.display()
        )),
        _ => Error::io(&format!("Could not open {}", path.display()), &e),
    })
}

/// A part's bytes and their MD5, read and hashed off the async threads.
async fn read_part(file: &Arc<File>, part: Part, path: &Path) -> Result<(Vec<u8>, [u8; 16])> {
    let file = Arc::clone(file);
    let len = usize::try_from(part.len)
        .map_err(|_| Error::Internal("Part too large for memory.".into()))?;
    let read = tokio::task::spawn_blocking(move || {
        let mut buf = vec![0u8; len];
        read_exact_at(&file, &mut buf, part.offset).map(|()| {
            let digest = md5(&buf);
            (buf, digest)
        })
    })
    .await
    .map_err(|e| Error::Internal(format!("A read task failed: {e}")))?;
    read.map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => Error::Io(format!(
            "{} got shorter while it was being uploaded. Upload it again once it has stopped changing.",
            path.display()
        )),
        _ => Error::io(&format!("Could not read {}", path.display()), &e),
    })
}

fn canned(acl: ObjectAcl) -> ObjectCannedAcl {
    match acl {
        ObjectAcl::Private => ObjectCannedAcl::Private,
        ObjectAcl::PublicRead => ObjectCannedAcl::PublicRead,
    }
}

fn content_type(req: &UploadRequest) -> String {
    req.options.content_type.clone().unwrap_or_else(|| {
        mime_guess::from_path(&req.local)
            .first_or_octet_stream()
            .essence_str()
            .to_owned()
    })
}

fn what(req: &UploadRequest) -> String {
    format!("\"{}\" in the Space \"{}\"", req.key, req.bucket)
}

impl Uploader<'_> {
    async fn single(&self, source: &Source, progress: Progress) -> Result<Uploaded> {
        let (req, size) = (self.req, source.size);
        let whole = Part {
            number: 1,
            offset: 0,
            len: size,
        };
        let (out, digest) = self
            .sched
            .run(
                self.lane,
                &format!("uploading {}", what(req)),
                size,
                async {
                    // Read once a request slot is free, so waiting files hold no memory.
                    let (body, digest) = read_part(&source.file, whole, &req.local).await?;
                    let out = self
                        .client
                        .put_object()
                        .bucket(&req.bucket)
                        .key(&req.key)
                        .acl(canned(req.options.acl))
                        .content_type(content_type(req))
                        .set_cache_control(req.options.cache_control.clone())
                        .content_md5(content_md5(&digest))
                        .content_length(i64::try_from(size).unwrap_or(i64::MAX))
                        .body(ByteStream::from(body))
                        // The signed Content-MD5 already binds the body: no second hash pass.
                        .customize()
                        .disable_payload_signing()
                        .send()
                        .await
                        .map_err(|e| map_sdk_error(e, &what(req)))?;
                    Ok((out, digest))
                },
            )
            .await?;
        progress(size);
        let etag = normalize_etag(out.e_tag().unwrap_or_default());
        // Content-MD5 already made the server check the body; the ETag is a second look
        // where it is an MD5 at all (not for encrypted objects).
        if is_checkable(&etag) && etag != hex(&digest) {
            return Err(Error::Internal(format!(
                "The server stored {} with a different checksum than the file's. Upload it again.",
                req.key
            )));
        }
        Ok(Uploaded { size, etag })
    }

    /// An earlier upload of this file to resume, or a new one.
    async fn multipart(
        &self,
        env: Env<'_>,
        source: Source,
        cancel: &CancellationToken,
        progress: Progress,
    ) -> Result<Uploaded> {
        let journal = env.journal;
        let resumed = match journal {
            Some(j) => self.resume_point(env.s3.endpoint(), &source, j).await?,
            None => None,
        };
        let (header, done) = match resumed {
            Some(point) => point,
            None => (self.start(env, &source).await?, BTreeMap::new()),
        };
        let result = tokio::select! {
            () = cancel.cancelled() => Err(Error::Cancelled),
            r = self.send_parts_and_complete(&header, &source, done, journal, progress) => r,
        };
        match &result {
            // A network outage or throttling keeps the sent parts: a retry resumes from them.
            Err(e) if journal.is_some() && is_transient(e) => {}
            Err(_) => {
                self.abort(&header.upload_id).await;
                if let Some(j) = journal {
                    j.finish(&header.id);
                }
            }
            Ok(_) => {
                if let Some(j) = journal {
                    j.finish(&header.id);
                }
            }
        }
        result
    }

    async fn start(&self, env: Env<'_>, source: &Source) -> Result<UploadHeader> {
        let req = self.req;
        let created = self
            .sched
            .run(
                self.lane,
                &format!("starting the upload of {}", what(req)),
                0,
                async {
                    self.client
                        .create_multipart_upload()
                        .bucket(&req.bucket)
                        .key(&req.key)
                        .acl(canned(req.options.acl))
                        .content_type(content_type(req))
                        .set_cache_control(req.options.cache_control.clone())
                        .send()
                        .await
                        .map_err(|e| map_sdk_error(e, &what(req)))
                },
            )
            .await?;
        let upload_id = created
            .upload_id()
            .ok_or_else(|| Error::Internal("The server started an upload without an id.".into()))?
            .to_owned();
        let header = UploadHeader {
            id: uuid::Uuid::new_v4().simple().to_string(),
            account_id: env.account_id.to_owned(),
            endpoint: env.s3.endpoint().to_owned(),
            bucket: req.bucket.clone(),
            key: req.key.clone(),
            local: req.local.clone(),
            size: source.size,
            modified_ms: source.modified_ms,
            part_size: plan::part_size_at_least(source.size, req.part_size),
            upload_id,
            options: req.options.clone(),
        };
        if let Some(j) = env.journal {
            if let Err(e) = j.begin_upload(&header) {
                self.abort(&header.upload_id).await;
                return Err(e);
            }
        }
        Ok(header)
    }

    /// An earlier upload of this same, unchanged file, with the parts the server confirms it
    /// holds (ListParts). Anything else is dropped, and its upload aborted.
    async fn resume_point(
        &self,
        endpoint: &str,
        source: &Source,
        journal: &Journal,
    ) -> Result<Option<(UploadHeader, BTreeMap<i32, DonePart>)>> {
        let req = self.req;
        let Some(record) = journal.find_upload(endpoint, &req.bucket, &req.key, &req.local) else {
            return Ok(None);
        };
        let same_file =
            record.header.size == source.size && record.header.modified_ms == source.modified_ms;
        let on_server = if same_file {
            self.server_parts(&record.header.upload_id).await?
        } else {
            None
        };
        let Some(on_server) = on_server else {
            self.abort(&record.header.upload_id).await;
            journal.finish(&record.header.id);
            return Ok(None);
        };
        let parts: BTreeMap<i32, DonePart> = record
            .parts
            .into_iter()
            .filter(|(n, p)| {
                on_server
                    .get(n)
                    .is_some_and(|etag| normalize_etag(etag) == normalize_etag(&p.etag))
            })
            .collect();
        tracing::info!(key = %req.key, parts = parts.len(), "resuming a multipart upload");
        Ok(Some((record.header, parts)))
    }

    /// Part number -> ETag of every part the server holds for an upload; None if it is gone.
    async fn server_parts(&self, upload_id: &str) -> Result<Option<BTreeMap<i32, String>>> {
        let req = self.req;
        let mut parts = BTreeMap::new();
        let mut marker: Option<String> = None;
        loop {
            let out = self
                .sched
                .run(
                    self.lane,
                    &format!("checking the parts of {}", what(req)),
                    0,
                    async {
                        self.client
                            .list_parts()
                            .bucket(&req.bucket)
                            .key(&req.key)
                            .upload_id(upload_id)
                            .set_part_number_marker(marker.clone())
                            .send()
                            .await
                            .map_err(|e| map_sdk_error(e, &what(req)))
                    },
                )
                .await;
            let out = match out {
                Ok(out) => out,
                Err(e) if e.kind() == crate::error::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            for p in out.parts() {
                if let (Some(n), Some(etag)) = (p.part_number(), p.e_tag()) {
                    parts.insert(n, etag.to_owned());
                }
            }
            match out
                .next_part_number_marker()
                .filter(|_| out.is_truncated().unwrap_or(false))
            {
                Some(next) => marker = Some(next.to_owned()),
                None => return Ok(Some(parts)),
            }
        }
    }

    async fn send_parts_and_complete(
        &self,
        header: &UploadHeader,
        source: &Source,
        mut done: BTreeMap<i32, DonePart>,
        journal: Option<&Journal>,
        progress: Progress,
    ) -> Result<Uploaded> {
        let all = plan::parts(source.size, header.part_size);
        let already: u64 = all
            .iter()
            .filter(|p| done.contains_key(&p.number))
            .map(|p| p.len)
            .sum();
        if already > 0 {
            progress(already);
        }
        let todo: Vec<Part> = all
            .iter()
            .copied()
            .filter(|p| !done.contains_key(&p.number))
            .collect();
        let sent: Vec<(i32, DonePart)> = stream::iter(todo)
            .map(|part| {
                let progress = Arc::clone(&progress);
                async move {
                    let done = self.send_part(header, source, part).await?;
                    if let Some(j) = journal {
                        j.record_part_async(&header.id, part.number, &done).await?;
                    }
                    progress(part.len);
                    Ok::<_, Error>((part.number, done))
                }
            })
            .buffer_unordered(plan::MAX_PARTS_IN_FLIGHT)
            .try_collect()
            .await?;
        done.extend(sent);
        self.complete(&header.upload_id, &done, source.size).await
    }

    async fn send_part(
        &self,
        header: &UploadHeader,
        source: &Source,
        part: Part,
    ) -> Result<DonePart> {
        let req = self.req;
        let name = format!("part {} of {}", part.number, what(req));
        self.sched
            .run(self.lane, &format!("uploading {name}"), part.len, async {
                // Read once a request slot is free, so waiting parts hold no memory.
                let (body, digest) = read_part(&source.file, part, &req.local).await?;
                let out = self
                    .client
                    .upload_part()
                    .bucket(&req.bucket)
                    .key(&req.key)
                    .upload_id(&header.upload_id)
                    .part_number(part.number)
                    .content_md5(content_md5(&digest))
                    .content_length(i64::try_from(part.len).unwrap_or(i64::MAX))
                    .body(ByteStream::from(body))
                    // The signed Content-MD5 already binds the body: no second hash pass.
                    .customize()
                    .disable_payload_signing()
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, &name))?;
                Ok(DonePart {
                    etag: out.e_tag().unwrap_or_default().to_owned(),
                    md5: digest,
                })
            })
            .await
    }

    async fn complete(
        &self,
        upload_id: &str,
        done: &BTreeMap<i32, DonePart>,
        size: u64,
    ) -> Result<Uploaded> {
        let req = self.req;
        let completed = CompletedMultipartUpload::builder()
            .set_parts(Some(
                done.iter()
                    .map(|(n, p)| {
                        CompletedPart::builder()
                            .part_number(*n)
                            .e_tag(&p.etag)
                            .build()
                    })
                    .collect(),
            ))
            .build();
        // Joining the parts of a big object can take the server a while.
        let out = self
            .sched
            .run(
                self.lane,
                &format!("finishing the upload of {}", what(req)),
                size / 64,
                async {
                    self.client
                        .complete_multipart_upload()
                        .bucket(&req.bucket)
                        .key(&req.key)
                        .upload_id(upload_id)
                        .multipart_upload(completed)
                        .send()
                        .await
                        .map_err(|e| map_sdk_error(e, &what(req)))
                },
            )
            .await?;
        let digests: Vec<[u8; 16]> = done.values().map(|p| p.md5).collect();
        let expected = multipart_etag(&digests);
        let etag = normalize_etag(out.e_tag().unwrap_or_default());
        if is_checkable(&etag) && etag != expected {
            // The upload is complete, so there is nothing to abort: say what is stored.
            return Err(Error::Internal(format!(
            "{} was stored, but its checksum differs from the file's. Upload it again to replace it.",
            req.key
        )));
        }
        Ok(Uploaded { size, etag })
    }

    /// Best effort: an abort that fails is logged; the leftover can be listed and aborted later.
    async fn abort(&self, upload_id: &str) {
        let req = self.req;
        let aborted = self
            .sched
            .run(
                self.lane,
                &format!("cancelling the upload of {}", what(req)),
                0,
                async {
                    self.client
                        .abort_multipart_upload()
                        .bucket(&req.bucket)
                        .key(&req.key)
                        .upload_id(upload_id)
                        .send()
                        .await
                        .map_err(|e| map_sdk_error(e, &what(req)))
                },
            )
            .await;
        if let Err(e) = aborted {
            tracing::warn!(error = %e, "could not abort a multipart upload");
        }
    }
}

fn is_transient(err: &Error) -> bool {
    matches!(
        err.kind(),
        crate::error::ErrorKind::Network | crate::error::ErrorKind::RateLimited
    )
}

fn modified_ms(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .unwrap_or(0)
}

struct Source {
    file: Arc<File>,
    size: u64,
    modified_ms: i64,
}
