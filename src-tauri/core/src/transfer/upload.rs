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
use super::integrity::{content_md5, hex, md5, multipart_etag, normalize_etag};
use super::plan::{self, Part};
use crate::client::S3;
use crate::error::{Error, Result};
use crate::model::{ObjectAcl, UploadOptions};
use crate::s3_error::map_sdk_error;

#[derive(Debug, Clone)]
pub struct UploadRequest {
    pub local: PathBuf,
    pub bucket: String,
    pub key: String,
    pub options: UploadOptions,
    /// Sizes above this go up in parts.
    pub multipart_threshold: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    pub size: u64,
    pub etag: String,
}

/// Called with the number of bytes just sent.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

#[tracing::instrument(skip_all, fields(bucket = %req.bucket, key = %req.key), err)]
pub async fn upload_file(
    s3: &S3,
    req: &UploadRequest,
    cancel: &CancellationToken,
    progress: Progress,
) -> Result<Uploaded> {
    let file = open(&req.local)?;
    let size = file
        .metadata()
        .map_err(|e| Error::io(&format!("Could not read {}", req.local.display()), &e))?
        .len();
    let client = s3.for_bucket(&req.bucket);
    let file = Arc::new(file);
    if plan::is_multipart(size, req.multipart_threshold) {
        upload_multipart(client, req, file, size, cancel, progress).await
    } else {
        upload_single(client, req, file, size, cancel, progress).await
    }
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

async fn read_part(file: &Arc<File>, part: Part, path: &Path) -> Result<Vec<u8>> {
    let file = Arc::clone(file);
    let len = usize::try_from(part.len)
        .map_err(|_| Error::Internal("Part too large for memory.".into()))?;
    let read = tokio::task::spawn_blocking(move || {
        let mut buf = vec![0u8; len];
        read_exact_at(&file, &mut buf, part.offset).map(|()| buf)
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

async fn upload_single(
    client: &Client,
    req: &UploadRequest,
    file: Arc<File>,
    size: u64,
    cancel: &CancellationToken,
    progress: Progress,
) -> Result<Uploaded> {
    let body = read_part(
        &file,
        Part {
            number: 1,
            offset: 0,
            len: size,
        },
        &req.local,
    )
    .await?;
    let digest = md5(&body);
    let put = client
        .put_object()
        .bucket(&req.bucket)
        .key(&req.key)
        .acl(canned(req.options.acl))
        .content_type(content_type(req))
        .set_cache_control(req.options.cache_control.clone())
        .content_md5(content_md5(&digest))
        .content_length(i64::try_from(size).unwrap_or(i64::MAX))
        .body(ByteStream::from(body))
        .send();
    let out = tokio::select! {
        () = cancel.cancelled() => return Err(Error::Cancelled),
        out = put => out.map_err(|e| map_sdk_error(e, &what(req)))?,
    };
    progress(size);
    let etag = normalize_etag(out.e_tag().unwrap_or_default());
    if etag != hex(&digest) {
        return Err(Error::Internal(format!(
            "The server stored {} with a different checksum than the file's. Upload it again.",
            req.key
        )));
    }
    Ok(Uploaded { size, etag })
}

async fn upload_multipart(
    client: &Client,
    req: &UploadRequest,
    file: Arc<File>,
    size: u64,
    cancel: &CancellationToken,
    progress: Progress,
) -> Result<Uploaded> {
    let created = client
        .create_multipart_upload()
        .bucket(&req.bucket)
        .key(&req.key)
        .acl(canned(req.options.acl))
        .content_type(content_type(req))
        .set_cache_control(req.options.cache_control.clone())
        .send()
        .await
        .map_err(|e| map_sdk_error(e, &what(req)))?;
    let upload_id = created
        .upload_id()
        .ok_or_else(|| Error::Internal("The server started an upload without an id.".into()))?
        .to_owned();
    let result = tokio::select! {
        () = cancel.cancelled() => Err(Error::Cancelled),
        r = send_parts_and_complete(client, req, &upload_id, file, size, progress) => r,
    };
    if result.is_err() {
        abort(client, req, &upload_id).await;
    }
    result
}

async fn send_parts_and_complete(
    client: &Client,
    req: &UploadRequest,
    upload_id: &str,
    file: Arc<File>,
    size: u64,
    progress: Progress,
) -> Result<Uploaded> {
    let parts = plan::parts(size, plan::part_size(size));
    let mut done: Vec<(i32, String, [u8; 16])> = stream::iter(parts)
        .map(|part| {
            let file = Arc::clone(&file);
            let progress = Arc::clone(&progress);
            async move {
                let body = read_part(&file, part, &req.local).await?;
                let digest = md5(&body);
                let out = client
                    .upload_part()
                    .bucket(&req.bucket)
                    .key(&req.key)
                    .upload_id(upload_id)
                    .part_number(part.number)
                    .content_md5(content_md5(&digest))
                    .content_length(i64::try_from(part.len).unwrap_or(i64::MAX))
                    .body(ByteStream::from(body))
                    .send()
                    .await
                    .map_err(|e| map_sdk_error(e, &what(req)))?;
                progress(part.len);
                let etag = out.e_tag().unwrap_or_default().to_owned();
                Ok::<_, Error>((part.number, etag, digest))
            }
        })
        .buffer_unordered(plan::MAX_PARTS_IN_FLIGHT)
        .try_collect()
        .await?;
    done.sort_by_key(|(n, _, _)| *n);
    let completed = CompletedMultipartUpload::builder()
        .set_parts(Some(
            done.iter()
                .map(|(n, etag, _)| CompletedPart::builder().part_number(*n).e_tag(etag).build())
                .collect(),
        ))
        .build();
    let out = client
        .complete_multipart_upload()
        .bucket(&req.bucket)
        .key(&req.key)
        .upload_id(upload_id)
        .multipart_upload(completed)
        .send()
        .await
        .map_err(|e| map_sdk_error(e, &what(req)))?;
    let digests: Vec<[u8; 16]> = done.iter().map(|(_, _, d)| *d).collect();
    let expected = multipart_etag(&digests);
    let etag = normalize_etag(out.e_tag().unwrap_or_default());
    if etag != expected {
        return Err(Error::Internal(format!(
            "The server assembled {} differently from the file (checksum mismatch). Upload it again.",
            req.key
        )));
    }
    Ok(Uploaded { size, etag })
}

/// Best effort: an abort that fails is logged; the leftover can be listed and aborted later.
async fn abort(client: &Client, req: &UploadRequest, upload_id: &str) {
    let aborted = client
        .abort_multipart_upload()
        .bucket(&req.bucket)
        .key(&req.key)
        .upload_id(upload_id)
        .send()
        .await;
    if let Err(e) = aborted {
        tracing::warn!(error = %map_sdk_error(e, &what(req)), "could not abort a multipart upload");
    }
}
