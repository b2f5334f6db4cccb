//! Who may read a file: private or public (AllUsers READ), as Spaces offers. Reading keeps
//! the whole grant list so a copy can carry an ACL that is neither exactly.

use aws_sdk_s3::types::{
    AccessControlPolicy, Grant, Grantee, ObjectCannedAcl, Permission, Type as GranteeType,
};
use tokio_util::sync::CancellationToken;

use super::bulk::{each_selected_key, Outcome};
use super::{Ctx, OnProgress, OpPhase, OpReport};
use crate::error::{Error, Result};
use crate::model::ObjectAcl;

pub(crate) const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";

/// An object's ACL as read: the canned form when it is one, and the grants in any case.
#[derive(Debug, Clone)]
pub struct ReadAcl {
    pub policy: AccessControlPolicy,
    /// `Some` when the grants are exactly private or public-read.
    pub canned: Option<ObjectAcl>,
    pub public: bool,
}

pub fn object_acl(public: bool) -> ObjectCannedAcl {
    if public {
        ObjectCannedAcl::PublicRead
    } else {
        ObjectCannedAcl::Private
    }
}

pub fn canned(acl: ObjectAcl) -> ObjectCannedAcl {
    object_acl(acl == ObjectAcl::PublicRead)
}

pub(crate) fn is_all_users(g: &Grant) -> bool {
    g.grantee()
        .is_some_and(|who| who.r#type() == &GranteeType::Group && who.uri() == Some(ALL_USERS))
}

fn is_owner_full(g: &Grant, owner_id: Option<&str>) -> bool {
    let who: Option<&Grantee> = g.grantee();
    g.permission() == Some(&Permission::FullControl)
        && who.is_some_and(|w| w.r#type() == &GranteeType::CanonicalUser && w.id() == owner_id)
}

/// Classify grants: public when AllUsers may read; canned when nothing else is granted.
pub fn classify(policy: AccessControlPolicy) -> ReadAcl {
    let owner_id = policy.owner().and_then(|o| o.id()).map(str::to_owned);
    let grants = policy.grants();
    let public = grants.iter().any(|g| {
        is_all_users(g)
            && matches!(
                g.permission(),
                Some(Permission::Read) | Some(Permission::FullControl)
            )
    });
    let simple = grants.iter().all(|g| {
        is_owner_full(g, owner_id.as_deref())
            || (is_all_users(g) && g.permission() == Some(&Permission::Read))
    });
    let canned = simple.then_some(if public {
        ObjectAcl::PublicRead
    } else {
        ObjectAcl::Private
    });
    ReadAcl {
        policy,
        canned,
        public,
    }
}

pub async fn read_acl(ctx: Ctx<'_>, bucket: &str, key: &str) -> Result<ReadAcl> {
    let what = format!("the permissions of \"{key}\"");
    let call = ctx
        .s3
        .for_bucket(bucket)
        .get_object_acl()
        .bucket(bucket)
        .key(key)
        .send();
    let out = ctx
        .send("reading permissions", &what, 0, call)
        .await
        .map_err(unsupported_or)?;
    let policy = AccessControlPolicy::builder()
        .set_owner(out.owner().cloned())
        .set_grants(Some(out.grants().to_vec()))
        .build();
    Ok(classify(policy))
}

/// One file's permission for the file table; `None` when it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyAcl {
    pub key: String,
    pub acl: Option<ObjectAcl>,
}

/// Public or private, for each key (the file table's Permission column).
pub async fn read_public(ctx: Ctx<'_>, bucket: &str, key: &str) -> Result<ObjectAcl> {
    let acl = read_acl(ctx, bucket, key).await?;
    Ok(if acl.public {
        ObjectAcl::PublicRead
    } else {
        ObjectAcl::Private
    })
}

pub async fn put_canned(ctx: Ctx<'_>, bucket: &str, key: &str, acl: ObjectAcl) -> Result<()> {
    let what = format!("the permissions of \"{key}\"");
    let call = ctx
        .s3
        .for_bucket(bucket)
        .put_object_acl()
        .bucket(bucket)
        .key(key)
        .acl(canned(acl))
        .send();
    ctx.send("changing permissions", &what, 0, call)
        .await
        .map_err(unsupported_or)?;
    Ok(())
}

/// Put back an exact grant list (after a copy, which resets the ACL).
pub async fn put_policy(
    ctx: Ctx<'_>,
    bucket: &str,
    key: &str,
    policy: &AccessControlPolicy,
) -> Result<()> {
    let what = format!("the permissions of \"{key}\"");
    let call = ctx
        .s3
        .for_bucket(bucket)
        .put_object_acl()
        .bucket(bucket)
        .key(key)
        .access_control_policy(policy.clone())
        .send();
    ctx.send("restoring permissions", &what, 0, call)
        .await
        .map_err(unsupported_or)?;
    Ok(())
}

/// Set private or public on the selected files and on every key under the selected folders.
#[tracing::instrument(skip_all, fields(bucket, items = items.len()), err)]
pub async fn set_acl(
    ctx: Ctx<'_>,
    bucket: &str,
    items: &[String],
    acl: ObjectAcl,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    // Folder markers have no readers to speak of, but "every object" means every object.
    let report = each_selected_key(
        ctx,
        bucket,
        items,
        false,
        OpPhase::Updating,
        cancel,
        on_progress,
        |key| async move {
            put_canned(ctx, bucket, &key, acl).await?;
            Ok(Outcome::Done)
        },
    )
    .await?;
    if let Some(unsupported) = all_unsupported(&report) {
        return Err(unsupported);
    }
    Ok(report)
}

/// When every key failed because the endpoint has no ACLs, say that once.
fn all_unsupported(report: &OpReport) -> Option<Error> {
    let first = report.failed.first()?;
    (report.done == 0 && report.failed.iter().all(|f| f.message == first.message))
        .then_some(first.message.as_str())
        .filter(|m| m.starts_with(NO_ACLS))
        .map(|m| Error::Unsupported(m.to_owned()))
}

const NO_ACLS: &str = "This server does not support per-file permissions";

/// A server without ACLs answers NotImplemented (mapped to Unsupported) or, on AWS with
/// ownership enforced, AccessControlListNotSupported (a 400).
fn unsupported_or(err: Error) -> Error {
    match err {
        Error::Unsupported(_) => Error::Unsupported(format!(
            "{NO_ACLS} (ACLs). Control access with a bucket policy instead, or use a server that supports them."
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::types::Owner;

    fn grant(who: Grantee, p: Permission) -> Grant {
        Grant::builder().grantee(who).permission(p).build()
    }

    fn owner() -> Grantee {
        Grantee::builder()
            .r#type(GranteeType::CanonicalUser)
            .id("me")
            .build()
            .expect("grantee")
    }

    fn all_users() -> Grantee {
        Grantee::builder()
            .r#type(GranteeType::Group)
            .uri(ALL_USERS)
            .build()
            .expect("grantee")
    }

    fn policy(grants: Vec<Grant>) -> AccessControlPolicy {
        AccessControlPolicy::builder()
            .owner(Owner::builder().id("me").build())
            .set_grants(Some(grants))
            .build()
    }

    #[test]
    fn private_public_and_custom() {
        let private = classify(policy(vec![grant(owner(), Permission::FullControl)]));
        assert_eq!(private.canned, Some(ObjectAcl::Private));
        assert!(!private.public);
        let public = classify(policy(vec![
            grant(owner(), Permission::FullControl),
            grant(all_users(), Permission::Read),
        ]));
        assert_eq!(public.canned, Some(ObjectAcl::PublicRead));
        assert!(public.public);
        let custom = classify(policy(vec![
            grant(owner(), Permission::FullControl),
            grant(all_users(), Permission::Write),
        ]));
        assert_eq!(custom.canned, None);
        assert!(!custom.public);
    }
}
