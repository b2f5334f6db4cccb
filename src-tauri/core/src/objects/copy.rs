//! Copying one object, keeping its headers and ACL. On one account the server copies
//! (CopyObject, or UploadPartCopy for objects above 5 GB); between accounts the bytes pass
//! through the app, part by part, each part checked with Content-MD5. A failed multipart
//! copy is aborted, so nothing is left behind.

use std::collections::BTreeMap;
use std::future::Future;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    CompletedMultipartUpload, CompletedPart, MetadataDirective, ObjectCannedAcl, StorageClass,
};
use futures::stream::{self, StreamExt, TryStreamExt};

use super::acl::{object_acl, put_policy, ReadAcl};
use super::keys::copy_source;
use super::meta::{
    custom_of, Head, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_LANGUAGE,
    CONTENT_TYPE, REDIRECT,
};
use super::{Ctx, ObjectRef};
use crate::error::{Error, Result};
use crate::s3_error::map_sdk_error;
use crate::transfer::integrity::{content_md5, md5};
use crate::transfer::plan::{self, Part, MAX_PARTS_IN_FLIGHT, MAX_SINGLE_PUT, MIB};

/// Headers by lower-case name: standard ones and `x-amz-meta-*`.
pub type Headers = BTreeMap<String, String>;

/// Streamed copies below this go in one GET and one PUT.
pub const STREAM_SINGLE_MAX: u64 = 16 * MIB;

/// Set every header of `h` on a PutObject, CopyObject or CreateMultipartUpload builder.
macro_rules! with_headers {
    ($builder:expr, $h:expr) => {{
        let h: &Headers = $h;
        let get = |name: &str| h.get(name).cloned();
        $builder
            .set_content_type(get(CONTENT_TYPE))
            .set_cache_control(get(CACHE_CONTROL))
            .set_content_encoding(get(CONTENT_ENCODING))
            .set_content_disposition(get(CONTENT_DISPOSITION))
            .set_content_language(get(CONTENT_LANGUAGE))
            .set_website_redirect_location(get(REDIRECT))
            .set_metadata(Some(custom_of(h)))
    }};
}

fn storage_class(head: &Head) -> Option<StorageClass> {
    head.storage_class.as_deref().map(StorageClass::from)
}

/// The canned ACL to send with the write, when the source's ACL is one.
fn canned_of(acl: &ReadAcl) -> Option<ObjectCannedAcl> {
    acl.canned.map(super::acl::canned)
}

/// Copy on one account. `headers`: `None` keeps the source's, `Some` replaces them all.
pub async fn server_copy(
    ctx: Ctx<'_>,
    src: &ObjectRef,
    dst: &ObjectRef,
    head: &Head,
    headers: Option<&Headers>,
    acl: &ReadAcl,
) -> Result<()> {
    server_copy_with(ctx, src, dst, head, headers, acl, MAX_SINGLE_PUT).await
}

/// `server_copy` with the size above which it copies in parts (lowered by tests).
pub async fn server_copy_with(
    ctx: Ctx<'_>,
    src: &ObjectRef,
    dst: &ObjectRef,
    head: &Head,
    headers: Option<&Headers>,
    acl: &ReadAcl,
    single_max: u64,
) -> Result<()> {
    if head.size <= single_max {
        copy_object(ctx, src, dst, head, headers, acl).await?;
    } else {
        let headers = headers.unwrap_or(&head.headers);
        let upload = Upload::create(ctx, dst, headers, head, canned_of(acl)).await?;
        let source = copy_source(&src.bucket, &src.key);
        let result = upload
            .run(head.size, |part, id| {
                let source = source.clone();
                let etag = head.etag.clone();
                async move {
                    let what = format!("part {} of the copy of \"{}\"", part.number, dst.key);
                    let range = format!("bytes={}-{}", part.offset, part.offset + part.len - 1);
                    let call = ctx
                        .s3
                        .for_bucket(&dst.bucket)
                        .upload_part_copy()
                        .bucket(&dst.bucket)
                        .key(&dst.key)
                        .upload_id(id)
                        .part_number(part.number)
                        .copy_source(source)
                        .copy_source_range(range)
                        .copy_source_if_match(etag)
                        .send();
                    let out = ctx.send(&what, &what, 0, call).await?;
                    out.copy_part_result()
                        .and_then(|r| r.e_tag())
                        .map(str::to_owned)
                        .ok_or_else(|| {
                            Error::Internal(format!("The server sent no ETag for {what}."))
                        })
                }
            })
            .await;
        result?;
    }
    restore_custom_acl(ctx, dst, acl).await
}

async fn copy_object(
    ctx: Ctx<'_>,
    src: &ObjectRef,
    dst: &ObjectRef,
    head: &Head,
    headers: Option<&Headers>,
    acl: &ReadAcl,
) -> Result<()> {
    let what = format!("the copy of \"{}\"", src.key);
    let mut call = ctx
        .s3
        .for_bucket(&dst.bucket)
        .copy_object()
        .bucket(&dst.bucket)
        .key(&dst.key)
        .copy_source(copy_source(&src.bucket, &src.key))
        .set_acl(canned_of(acl))
        .set_storage_class(storage_class(head));
    if !head.etag.is_empty() {
        // The object must still be the one whose headers we read.
        call = call.copy_source_if_match(&head.etag);
    }
    call = match headers {
        None => call.metadata_directive(MetadataDirective::Copy),
        Some(h) => with_headers!(call.metadata_directive(MetadataDirective::Replace), h),
    };
    let send = call.send();
    ctx.send(&what, &what, 0, send).await?;
    Ok(())
}

/// A copy resets the ACL; one that was not canned is put back grant by grant.
async fn restore_custom_acl(ctx: Ctx<'_>, dst: &ObjectRef, acl: &ReadAcl) -> Result<()> {
    if acl.canned.is_some() {
        return Ok(());
    }
    put_policy(ctx, &dst.bucket, &dst.key, &acl.policy).await
}

/// Copy between accounts (or endpoints): read from `from`, write with `to`. Grants name the
/// source account's owner, so the ACL travels as public or private.
pub async fn stream_copy(
    from: Ctx<'_>,
    src: &ObjectRef,
    to: Ctx<'_>,
    dst: &ObjectRef,
    head: &Head,
    public: bool,
) -> Result<()> {
    stream_copy_with(from, src, to, dst, head, public, STREAM_SINGLE_MAX).await
}

/// `stream_copy` with the size above which it copies in parts (lowered by tests).
pub async fn stream_copy_with(
    from: Ctx<'_>,
    src: &ObjectRef,
    to: Ctx<'_>,
    dst: &ObjectRef,
    head: &Head,
    public: bool,
    single_max: u64,
) -> Result<()> {
    let acl = Some(object_acl(public));
    if head.size <= single_max {
        let body = get_range(from, src, head, None).await?;
        let what = format!("the copy of \"{}\"", src.key);
        let digest = content_md5(&md5(&body));
        let call = with_headers!(
            to.s3
                .for_bucket(&dst.bucket)
                .put_object()
                .bucket(&dst.bucket)
                .key(&dst.key)
                .set_acl(acl)
                .set_storage_class(storage_class(head))
                .content_md5(digest)
                .body(ByteStream::from(body)),
            &head.headers
        )
        .send();
        to.send(&what, &what, head.size, call).await?;
        return Ok(());
    }
    let upload = Upload::create(to, dst, &head.headers, head, acl).await?;
    upload
        .run(head.size, |part, id| async move {
            let body = get_range(from, src, head, Some(part)).await?;
            let what = format!("part {} of the copy of \"{}\"", part.number, dst.key);
            let call = to
                .s3
                .for_bucket(&dst.bucket)
                .upload_part()
                .bucket(&dst.bucket)
                .key(&dst.key)
                .upload_id(id)
                .part_number(part.number)
                .content_md5(content_md5(&md5(&body)))
                .body(ByteStream::from(body))
                .customize()
                .disable_payload_signing()
                .send();
            let out = to.send(&what, &what, part.len, call).await?;
            out.e_tag()
                .map(str::to_owned)
                .ok_or_else(|| Error::Internal(format!("The server sent no ETag for {what}.")))
        })
        .await
}

/// GET the whole object or one part's range, as it was when HEAD read it.
async fn get_range(
    ctx: Ctx<'_>,
    src: &ObjectRef,
    head: &Head,
    part: Option<Part>,
) -> Result<Vec<u8>> {
    let what = format!("\"{}\"", src.key);
    let len = part.map_or(head.size, |p| p.len);
    let mut call = ctx
        .s3
        .for_bucket(&src.bucket)
        .get_object()
        .bucket(&src.bucket)
        .key(&src.key);
    if !head.etag.is_empty() {
        call = call.if_match(&head.etag);
    }
    if let Some(p) = part {
        call = call.range(format!("bytes={}-{}", p.offset, p.offset + p.len - 1));
    }
    let send = call.send();
    ctx.sched
        .run(ctx.s3.lane(), &format!("reading {what}"), len, async {
            let out = send.await.map_err(|e| map_sdk_error(e, &what))?;
            let bytes = out.body.collect().await.map_err(|e| {
                Error::Network(format!("The download of {what} broke off: {e}. Try again."))
            })?;
            let bytes = bytes.into_bytes().to_vec();
            if bytes.len() as u64 != len {
                return Err(Error::Network(format!(
                    "The server sent {} bytes of {what} where {len} were expected. Try again.",
                    bytes.len()
                )));
            }
            Ok(bytes)
        })
        .await
}

/// A multipart write at the destination that is completed or aborted, never left behind.
struct Upload<'a> {
    ctx: Ctx<'a>,
    dst: &'a ObjectRef,
    id: String,
}

impl<'a> Upload<'a> {
    async fn create(
        ctx: Ctx<'a>,
        dst: &'a ObjectRef,
        headers: &Headers,
        head: &Head,
        acl: Option<ObjectCannedAcl>,
    ) -> Result<Upload<'a>> {
        let what = format!("the copy of \"{}\"", dst.key);
        let call = with_headers!(
            ctx.s3
                .for_bucket(&dst.bucket)
                .create_multipart_upload()
                .bucket(&dst.bucket)
                .key(&dst.key)
                .set_acl(acl)
                .set_storage_class(storage_class(head)),
            headers
        )
        .send();
        let out = ctx.send(&what, &what, 0, call).await?;
        let id = out
            .upload_id()
            .ok_or_else(|| Error::Internal(format!("The server sent no upload id for {what}.")))?
            .to_owned();
        Ok(Upload { ctx, dst, id })
    }

    /// Copy every part with `part_fn` (returns the part's ETag), then complete; abort on
    /// any failure.
    async fn run<F, Fut>(self, size: u64, part_fn: F) -> Result<()>
    where
        F: Fn(Part, String) -> Fut,
        Fut: Future<Output = Result<String>>,
    {
        let parts = plan::parts(size, plan::part_size(size));
        let id = self.id.clone();
        let done: Result<Vec<(i32, String)>> = stream::iter(parts)
            .map(|p| {
                let fut = part_fn(p, id.clone());
                async move { fut.await.map(|etag| (p.number, etag)) }
            })
            .buffer_unordered(MAX_PARTS_IN_FLIGHT)
            .try_collect()
            .await;
        let result = match done {
            Ok(etags) => self.complete(etags).await,
            Err(e) => Err(e),
        };
        if result.is_err() {
            self.abort().await;
        }
        result
    }

    async fn complete(&self, mut etags: Vec<(i32, String)>) -> Result<()> {
        etags.sort_by_key(|(n, _)| *n);
        let completed = CompletedMultipartUpload::builder()
            .set_parts(Some(
                etags
                    .iter()
                    .map(|(n, e)| CompletedPart::builder().part_number(*n).e_tag(e).build())
                    .collect(),
            ))
            .build();
        let what = format!("the copy of \"{}\"", self.dst.key);
        let call = self
            .ctx
            .s3
            .for_bucket(&self.dst.bucket)
            .complete_multipart_upload()
            .bucket(&self.dst.bucket)
            .key(&self.dst.key)
            .upload_id(&self.id)
            .multipart_upload(completed)
            .send();
        self.ctx.send(&what, &what, 0, call).await?;
        Ok(())
    }

    async fn abort(&self) {
        let what = format!("the unfinished copy of \"{}\"", self.dst.key);
        let call = self
            .ctx
            .s3
            .for_bucket(&self.dst.bucket)
            .abort_multipart_upload()
            .bucket(&self.dst.bucket)
            .key(&self.dst.key)
            .upload_id(&self.id)
            .send();
        let result = self.ctx.send(&what, &what, 0, call).await;
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not abort a failed multipart copy");
        }
    }
}
