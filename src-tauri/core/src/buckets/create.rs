//! Making a Space: its name checked by the rules first, then made in its region with its file
//! listing permission (restricted unless asked). A name already taken answers with its own
//! sentence (names are global, and a destroyed Space's name stays reserved for a while).

use aws_sdk_s3::types::{BucketCannedAcl, BucketLocationConstraint, CreateBucketConfiguration};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::names::{check_new_name, is_spaces};
use crate::account::DO_REGIONS;
use crate::client::region_label;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Account, Provider, SpaceInfo};
use crate::objects::Ctx;

/// What the Create a Space form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewSpace {
    pub name: String,
    /// A Spaces region (nyc3, ams3, ...) or another server's region; `None`: the account's.
    #[serde(default)]
    pub region: Option<String>,
    /// Anyone may list the Space's files. Off ("restricted") by default, as in the control
    /// panel; it never makes the files themselves readable.
    #[serde(default)]
    pub public_listing: bool,
}

/// The account as it is in `region`: a Space is made through its own region's endpoint, so
/// for Spaces the region is part of the endpoint.
pub fn account_in_region(account: &Account, region: Option<&str>) -> Result<Account> {
    let Some(region) = region.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(account.clone());
    };
    let mut moved = account.clone();
    match &mut moved.provider {
        Provider::DigitalOcean { region: r } => {
            if !DO_REGIONS.contains(&region) {
                return Err(Error::InvalidInput(format!(
                    "\"{region}\" is not a Spaces region. Pick one of {}.",
                    DO_REGIONS.join(", ")
                )));
            }
            region.clone_into(r);
        }
        Provider::S3Compatible { region: r, .. } => region.clone_into(r),
    }
    Ok(moved)
}

/// Make the Space through `ctx`, whose client must talk to `provider`'s region.
#[tracing::instrument(skip_all, fields(bucket = %new.name), err)]
pub async fn create_space(ctx: Ctx<'_>, provider: &Provider, new: &NewSpace) -> Result<SpaceInfo> {
    let name = new.name.trim();
    check_new_name(name, is_spaces(provider))?;
    if already_yours(ctx, name).await? {
        return Err(Error::Conflict(format!(
            "You already have a Space named \"{name}\"."
        )));
    }
    let acl = if new.public_listing {
        BucketCannedAcl::PublicRead
    } else {
        BucketCannedAcl::Private
    };
    let call = ctx
        .s3
        .for_bucket(name)
        .create_bucket()
        .bucket(name)
        .acl(acl)
        .set_create_bucket_configuration(location(provider))
        .send();
    ctx.send("creating the Space", &super::space(name), 0, call)
        .await?;
    Ok(SpaceInfo {
        name: name.to_owned(),
        created: Some(chrono::Utc::now().timestamp_millis()),
        region: region_label(provider),
        added_by_name: false,
    })
}

/// AWS (and servers like it) want the region named unless it is us-east-1; Spaces takes the
/// region from the endpoint and wants nothing.
fn location(provider: &Provider) -> Option<CreateBucketConfiguration> {
    match provider {
        Provider::S3Compatible { region, .. } if region != "us-east-1" => Some(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region.as_str()))
                .build(),
        ),
        _ => None,
    }
}

/// In us-east-1 AWS (and moto) answer "created" for a bucket one already owns, so look first.
/// A key that may not list Spaces just skips the check.
async fn already_yours(ctx: Ctx<'_>, name: &str) -> Result<bool> {
    let call = ctx.s3.service().list_buckets().send();
    match ctx
        .send("listing Spaces", "the list of Spaces", 0, call)
        .await
    {
        Ok(out) => Ok(out.buckets().iter().any(|b| b.name() == Some(name))),
        Err(e) if e.kind() == ErrorKind::AccessDenied => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(provider: Provider) -> Account {
        Account {
            id: "a".into(),
            name: "a".into(),
            provider,
            access_key_id: "K".into(),
            added_spaces: vec![],
        }
    }

    #[test]
    fn spaces_regions_move_the_endpoint() {
        let a = account(Provider::DigitalOcean {
            region: "nyc3".into(),
        });
        let moved = account_in_region(&a, Some("ams3")).expect("ams3");
        assert_eq!(
            moved.provider,
            Provider::DigitalOcean {
                region: "ams3".into()
            }
        );
        assert_eq!(account_in_region(&a, None).expect("same"), a);
        assert!(account_in_region(&a, Some("mars1")).is_err());
    }

    #[test]
    fn only_other_regions_are_named() {
        let other = |region: &str| Provider::S3Compatible {
            endpoint: "http://x".into(),
            region: region.into(),
            path_style: true,
        };
        assert!(location(&other("us-east-1")).is_none());
        assert!(location(&other("eu-west-1")).is_some());
        assert!(location(&Provider::DigitalOcean {
            region: "ams3".into()
        })
        .is_none());
    }
}
