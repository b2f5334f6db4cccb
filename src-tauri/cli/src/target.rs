//! From the command line's flags and a path to an account, a secret and a client.

use spaceport_core::account::{AccountStore, DO_REGIONS};
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::keychain::{KeyringStore, Secret};
use spaceport_core::model::{Account, Provider};
use spaceport_core::remote::RemotePath;
use spaceport_core::{Error, Result};
use std::sync::Arc;

use crate::args::TargetArgs;

pub fn account_store() -> Result<AccountStore> {
    Ok(AccountStore::new(
        spaceport_core::paths::config_dir()?,
        Arc::new(KeyringStore::default()),
    ))
}

/// The client for a remote path: its saved account, `--account`, or the flags and env keys.
pub fn client_for(path: &RemotePath, flags: &TargetArgs, options: ClientOptions) -> Result<S3> {
    account_client(path, flags, options).map(|(s3, _)| s3)
}

/// The client and the id of the account it uses ("environment" for keys from the env).
pub fn account_client(
    path: &RemotePath,
    flags: &TargetArgs,
    options: ClientOptions,
) -> Result<(S3, String)> {
    let (account, secret) = resolve_account(path, flags)?;
    Ok((S3::new(&account, &secret, options), account.id))
}

/// The account a remote path names (or `--account`), else one from the flags and env keys.
pub fn resolve_account(path: &RemotePath, flags: &TargetArgs) -> Result<(Account, Secret)> {
    match path.account.as_ref().or(flags.account.as_ref()) {
        Some(name) => {
            let store = account_store()?;
            let account = store.find_by_name(name)?;
            let secret = store.secret(&account.id)?;
            Ok((account, secret))
        }
        None => ad_hoc_account(flags),
    }
}

/// An unsaved account from --endpoint/--region and keys in the environment.
pub fn ad_hoc_account(flags: &TargetArgs) -> Result<(Account, Secret)> {
    let provider = provider_from_flags(flags)?;
    let access_key = env_first(&["SPACES_KEY", "AWS_ACCESS_KEY_ID"]).ok_or_else(|| {
        Error::InvalidInput(
            "No access key: set SPACES_KEY (or AWS_ACCESS_KEY_ID), or use a saved account.".into(),
        )
    })?;
    let secret = env_first(&["SPACES_SECRET", "AWS_SECRET_ACCESS_KEY"]).ok_or_else(|| {
        Error::InvalidInput(
            "No secret key: set SPACES_SECRET (or AWS_SECRET_ACCESS_KEY), or use a saved account."
                .into(),
        )
    })?;
    let account = Account {
        id: "environment".into(),
        name: "environment".into(),
        provider,
        access_key_id: access_key,
        added_spaces: Vec::new(),
    };
    Ok((account, Secret::new(secret)))
}

pub fn provider_from_flags(flags: &TargetArgs) -> Result<Provider> {
    let provider = match (&flags.endpoint, &flags.region) {
        (Some(endpoint), region) => Provider::S3Compatible {
            endpoint: endpoint.clone(),
            region: region.clone().unwrap_or_else(|| "us-east-1".into()),
            path_style: !flags.virtual_hosted,
        },
        (None, Some(region)) if DO_REGIONS.contains(&region.as_str()) => {
            Provider::DigitalOcean { region: region.clone() }
        }
        _ => {
            return Err(Error::InvalidInput(
                "Say where the Space is: --account NAME, a Spaces --region (nyc3, ams3, ...), or --endpoint URL --region REGION.".into(),
            ))
        }
    };
    spaceport_core::account::validate_provider(&provider)?;
    Ok(provider)
}

pub fn env_first(names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|n| std::env::var(n).ok())
        .find(|v| !v.trim().is_empty())
}
