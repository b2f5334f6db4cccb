//! New folders: a zero-byte marker object `name/`, as the control panel makes them.

use aws_sdk_s3::primitives::ByteStream;
use tokio_util::sync::CancellationToken;

use super::keys::{check_key_length, validate_name};
use super::relocate::exists_at;
use super::Ctx;
use crate::error::{Error, Result};
use crate::names::folder_prefix;

/// Make the folder `name` in the folder `parent`; returns its prefix. A folder that already
/// exists (as a marker or as keys under it) is a conflict, not a silent success.
#[tracing::instrument(skip_all, fields(bucket, parent, name), err)]
pub async fn create_folder(ctx: Ctx<'_>, bucket: &str, parent: &str, name: &str) -> Result<String> {
    validate_name(name, "folder")?;
    let prefix = format!("{}{name}/", folder_prefix(parent));
    check_key_length(&prefix)?;
    let cancel = CancellationToken::new();
    if !exists_at(ctx, bucket, &prefix, &cancel).await?.is_empty() {
        return Err(Error::Conflict(format!(
            "A folder named \"{name}\" already exists here."
        )));
    }
    let what = format!("the folder \"{name}\"");
    let call = ctx
        .s3
        .for_bucket(bucket)
        .put_object()
        .bucket(bucket)
        .key(&prefix)
        .body(ByteStream::from_static(b""))
        .send();
    ctx.send("making a folder", &what, 0, call).await?;
    Ok(prefix)
}
