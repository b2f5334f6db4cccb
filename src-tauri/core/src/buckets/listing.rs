//! The file listing permission: whether anyone may list a Space's files (bucket ACL
//! public-read) or only its owner (private, "restricted" in the control panel). It never
//! changes who may read the files themselves.

use aws_sdk_s3::types::{AccessControlPolicy, BucketCannedAcl};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::send_setting;
use crate::error::Result;
use crate::objects::acl::classify;
use crate::objects::Ctx;

const FEATURE: &str = "Space permissions (ACLs)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FileListing {
    /// Only keys of this account may list the files.
    Restricted,
    /// Anyone may list the files (not read them).
    Public,
}

#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn get_listing(ctx: Ctx<'_>, bucket: &str) -> Result<FileListing> {
    let call = ctx
        .s3
        .for_bucket(bucket)
        .get_bucket_acl()
        .bucket(bucket)
        .send();
    let out = send_setting(
        ctx,
        "reading the file listing permission",
        bucket,
        FEATURE,
        call,
    )
    .await?;
    let policy = AccessControlPolicy::builder()
        .set_owner(out.owner().cloned())
        .set_grants(Some(out.grants().to_vec()))
        .build();
    Ok(if classify(policy).public {
        FileListing::Public
    } else {
        FileListing::Restricted
    })
}

#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn set_listing(ctx: Ctx<'_>, bucket: &str, listing: FileListing) -> Result<()> {
    let acl = match listing {
        FileListing::Public => BucketCannedAcl::PublicRead,
        FileListing::Restricted => BucketCannedAcl::Private,
    };
    let call = ctx
        .s3
        .for_bucket(bucket)
        .put_bucket_acl()
        .bucket(bucket)
        .acl(acl)
        .send();
    send_setting(
        ctx,
        "changing the file listing permission",
        bucket,
        FEATURE,
        call,
    )
    .await?;
    Ok(())
}
