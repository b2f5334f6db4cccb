//! The file listing permission: whether anyone may list a Space's files (bucket ACL
//! public-read) or only its owner (private, "restricted" in the control panel). Changing it
//! adds or removes anyone's READ grant and keeps every other grant of the Space's ACL. It
//! never changes who may read the files themselves.

use aws_sdk_s3::types::{AccessControlPolicy, Grant, Grantee, Permission, Type as GranteeType};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{built, send_setting};
use crate::error::Result;
use crate::objects::acl::{classify, is_all_users, ALL_USERS};
use crate::objects::delete::add_content_md5;
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
    Ok(if classify(read_policy(ctx, bucket).await?).public {
        FileListing::Public
    } else {
        FileListing::Restricted
    })
}

/// The Space's whole ACL: its owner and every grant.
async fn read_policy(ctx: Ctx<'_>, bucket: &str) -> Result<AccessControlPolicy> {
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
    Ok(AccessControlPolicy::builder()
        .set_owner(out.owner().cloned())
        .set_grants(Some(out.grants().to_vec()))
        .build())
}

/// Add or remove anyone's READ (the listing), and write the ACL back with every other grant
/// as it was (log delivery's WRITE, other accounts' grants). Restricted also removes an
/// AllUsers FULL_CONTROL, which would list the files as well.
#[tracing::instrument(skip_all, fields(bucket = %bucket), err)]
pub async fn set_listing(ctx: Ctx<'_>, bucket: &str, listing: FileListing) -> Result<()> {
    let read = read_policy(ctx, bucket).await?;
    let mut grants: Vec<Grant> = read
        .grants()
        .iter()
        .filter(|g| !lists_for_all(g))
        .cloned()
        .collect();
    if listing == FileListing::Public {
        let all_users = built(
            Grantee::builder()
                .r#type(GranteeType::Group)
                .uri(ALL_USERS)
                .build(),
            "the public listing grant",
        )?;
        grants.push(
            Grant::builder()
                .grantee(all_users)
                .permission(Permission::Read)
                .build(),
        );
    }
    let policy = AccessControlPolicy::builder()
        .set_owner(read.owner().cloned())
        .set_grants(Some(grants))
        .build();
    let call = ctx
        .s3
        .for_bucket(bucket)
        .put_bucket_acl()
        .bucket(bucket)
        .access_control_policy(policy)
        .customize()
        .mutate_request(add_content_md5)
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

/// A grant that lets anyone list the files.
fn lists_for_all(g: &Grant) -> bool {
    is_all_users(g)
        && matches!(
            g.permission(),
            Some(Permission::Read) | Some(Permission::FullControl)
        )
}
