//! Saved accounts: profiles in `accounts.json` (no secrets), secrets in the keychain.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::keychain::{Secret, SecretStore};
use crate::model::{Account, AccountDraft, Provider};
use crate::names;

/// DigitalOcean Spaces regions, in the order the region picker shows them.
pub const DO_REGIONS: [&str; 11] = [
    "nyc3", "sfo2", "sfo3", "ams3", "sgp1", "lon1", "fra1", "tor1", "blr1", "syd1", "atl1",
];

#[derive(Debug, Default, Serialize, Deserialize)]
struct ConfigFile {
    #[serde(default)]
    accounts: Vec<Account>,
}

pub struct AccountStore {
    path: PathBuf,
    secrets: Arc<dyn SecretStore>,
}

impl AccountStore {
    /// `config_dir` holds `accounts.json`.
    pub fn new(config_dir: PathBuf, secrets: Arc<dyn SecretStore>) -> Self {
        AccountStore {
            path: config_dir.join("accounts.json"),
            secrets,
        }
    }

    pub fn list(&self) -> Result<Vec<Account>> {
        Ok(self.load()?.accounts)
    }

    pub fn get(&self, id: &str) -> Result<Account> {
        self.list()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| {
                Error::NotFound(
                    "That account no longer exists. It may have been removed in another window."
                        .into(),
                )
            })
    }

    /// Find by name (case-insensitive), as the CLI's `ACCOUNT:SPACE/...` paths do.
    pub fn find_by_name(&self, name: &str) -> Result<Account> {
        self.list()?
            .into_iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "There is no saved account named \"{name}\". List them with `spaceport-cli accounts list`."
                ))
            })
    }

    pub fn secret(&self, id: &str) -> Result<Secret> {
        self.secrets.get(id)
    }

    /// Save a new account: secret to the keychain first, so a failure leaves no profile
    /// without its secret.
    pub fn add(&self, draft: AccountDraft) -> Result<Account> {
        let mut config = self.load()?;
        validate_draft(&draft, &config.accounts, None)?;
        if draft.secret_key.is_empty() {
            return Err(Error::InvalidInput("Enter the secret key.".into()));
        }
        let account = Account {
            id: uuid::Uuid::new_v4().to_string(),
            name: draft.name.trim().to_owned(),
            provider: normalize_provider(draft.provider),
            access_key_id: draft.access_key_id.trim().to_owned(),
            added_spaces: Vec::new(),
        };
        self.secrets.set(&account.id, &trimmed(&draft.secret_key))?;
        config.accounts.push(account.clone());
        if let Err(e) = self.save(&config) {
            let _ = self.secrets.delete(&account.id);
            return Err(e);
        }
        tracing::info!(account = %account.id, "account added");
        Ok(account)
    }

    /// Edit name, provider or keys. An empty secret keeps the stored one.
    pub fn update(&self, id: &str, draft: AccountDraft) -> Result<Account> {
        let mut config = self.load()?;
        validate_draft(&draft, &config.accounts, Some(id))?;
        let slot = config
            .accounts
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::NotFound("That account no longer exists.".into()))?;
        slot.name = draft.name.trim().to_owned();
        slot.provider = normalize_provider(draft.provider);
        slot.access_key_id = draft.access_key_id.trim().to_owned();
        let updated = slot.clone();
        if draft.secret_key.is_empty() {
            self.save(&config)?;
            return Ok(updated);
        }
        // Keep profile and secret in step: if the profile cannot be saved, the old secret
        // goes back, so the stored access key never meets another key's secret.
        let previous = self.secrets.get(id).ok();
        self.secrets.set(id, &trimmed(&draft.secret_key))?;
        if let Err(e) = self.save(&config) {
            if let Some(old) = previous {
                let _ = self.secrets.set(id, &old);
            }
            return Err(e);
        }
        Ok(updated)
    }

    /// Remove the profile and its keychain entry.
    pub fn remove(&self, id: &str) -> Result<()> {
        let mut config = self.load()?;
        let before = config.accounts.len();
        config.accounts.retain(|a| a.id != id);
        if config.accounts.len() == before {
            return Err(Error::NotFound("That account no longer exists.".into()));
        }
        let previous = self.secrets.get(id).ok();
        self.secrets.delete(id)?;
        if let Err(e) = self.save(&config) {
            if let Some(old) = previous {
                let _ = self.secrets.set(id, &old);
            }
            return Err(e);
        }
        tracing::info!(account = %id, "account removed");
        Ok(())
    }

    /// Remember a Space by name for keys that cannot list buckets.
    pub fn add_space(&self, id: &str, space: &str) -> Result<Account> {
        names::validate_space_name(space)?;
        self.modify(id, |account| {
            if !account.added_spaces.iter().any(|s| s == space) {
                account.added_spaces.push(space.to_owned());
            }
        })
    }

    pub fn forget_space(&self, id: &str, space: &str) -> Result<Account> {
        self.modify(id, |account| account.added_spaces.retain(|s| s != space))
    }

    fn modify(&self, id: &str, change: impl FnOnce(&mut Account)) -> Result<Account> {
        let mut config = self.load()?;
        let account = config
            .accounts
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::NotFound("That account no longer exists.".into()))?;
        change(account);
        let updated = account.clone();
        self.save(&config)?;
        Ok(updated)
    }

    fn load(&self) -> Result<ConfigFile> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::Io(format!(
                    "The settings file {} is damaged ({e}). Move it aside to start fresh.",
                    self.path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
            Err(e) => Err(Error::io(
                &format!("Could not read {}", self.path.display()),
                &e,
            )),
        }
    }

    fn save(&self, config: &ConfigFile) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(config)
            .map_err(|e| Error::Internal(format!("Could not encode settings: {e}")))?;
        write_atomic(&self.path, &bytes)
    }
}

/// The profile and secret to probe with "Test connection", before anything is saved. A blank
/// secret while editing (`editing` = the account's id) means "use the stored one".
pub fn probe_profile(
    store: &AccountStore,
    draft: AccountDraft,
    editing: Option<&str>,
) -> Result<(Account, Secret)> {
    if draft.access_key_id.trim().is_empty() {
        return Err(Error::InvalidInput("Enter the access key.".into()));
    }
    validate_provider(&draft.provider)?;
    let secret = match (draft.secret_key.is_empty(), editing) {
        (false, _) => trimmed(&draft.secret_key),
        (true, Some(id)) => store.secret(id)?,
        (true, None) => return Err(Error::InvalidInput("Enter the secret key.".into())),
    };
    let profile = Account {
        id: editing.unwrap_or("probe").to_owned(),
        name: draft.name.trim().to_owned(),
        provider: normalize_provider(draft.provider),
        access_key_id: draft.access_key_id.trim().to_owned(),
        added_spaces: Vec::new(),
    };
    Ok((profile, secret))
}

fn trimmed(secret: &Secret) -> Secret {
    Secret::new(secret.expose().trim())
}

fn normalize_provider(provider: Provider) -> Provider {
    match provider {
        Provider::DigitalOcean { region } => Provider::DigitalOcean {
            region: region.trim().to_lowercase(),
        },
        Provider::S3Compatible {
            endpoint,
            region,
            path_style,
        } => Provider::S3Compatible {
            endpoint: endpoint.trim().trim_end_matches('/').to_owned(),
            region: region.trim().to_owned(),
            path_style,
        },
    }
}

/// Check a draft's fields; `editing` is the id of the account being edited.
pub fn validate_draft(
    draft: &AccountDraft,
    existing: &[Account],
    editing: Option<&str>,
) -> Result<()> {
    let name = draft.name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput("Give the account a name.".into()));
    }
    if name.contains(':') || name.contains('/') {
        return Err(Error::InvalidInput(
            "An account name may not contain \":\" or \"/\" (they separate parts of a path in the CLI).".into(),
        ));
    }
    let clash = existing
        .iter()
        .any(|a| a.name.eq_ignore_ascii_case(name) && Some(a.id.as_str()) != editing);
    if clash {
        return Err(Error::Conflict(format!(
            "An account named \"{name}\" already exists. Choose another name."
        )));
    }
    if draft.access_key_id.trim().is_empty() {
        return Err(Error::InvalidInput("Enter the access key.".into()));
    }
    validate_provider(&draft.provider)
}

pub fn validate_provider(provider: &Provider) -> Result<()> {
    match provider {
        Provider::DigitalOcean { region } => {
            if DO_REGIONS.contains(&region.trim().to_lowercase().as_str()) {
                Ok(())
            } else {
                Err(Error::InvalidInput(format!(
                    "\"{region}\" is not a Spaces region. Pick one of {}.",
                    DO_REGIONS.join(", ")
                )))
            }
        }
        Provider::S3Compatible {
            endpoint, region, ..
        } => {
            let url = url::Url::parse(endpoint.trim()).map_err(|_| {
                Error::InvalidInput(format!(
                    "\"{endpoint}\" is not a valid endpoint URL. Write it in full, like https://s3.example.com."
                ))
            })?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(Error::InvalidInput(
                    "The endpoint URL must start with https:// (or http:// for a local server)."
                        .into(),
                ));
            }
            if region.trim().is_empty() {
                return Err(Error::InvalidInput(
                    "Enter the region (for servers that ignore it, us-east-1 works).".into(),
                ));
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::MemoryStore;

    fn draft(name: &str) -> AccountDraft {
        AccountDraft {
            name: name.into(),
            provider: Provider::DigitalOcean {
                region: "ams3".into(),
            },
            access_key_id: "DO00KEY".into(),
            secret_key: Secret::new("s3cr3t-value"),
        }
    }

    fn store() -> (tempfile::TempDir, AccountStore, Arc<MemoryStore>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let secrets = Arc::new(MemoryStore::default());
        let store = AccountStore::new(dir.path().to_path_buf(), secrets.clone());
        (dir, store, secrets)
    }

    #[test]
    fn add_persists_without_secret() {
        let (dir, store, secrets) = store();
        let account = store.add(draft("Work")).expect("add");
        let file = std::fs::read_to_string(dir.path().join("accounts.json")).expect("read");
        assert!(file.contains("Work"));
        assert!(!file.contains("s3cr3t-value"));
        assert_eq!(
            secrets.get(&account.id).expect("secret").expose(),
            "s3cr3t-value"
        );
        let reopened = AccountStore::new(dir.path().to_path_buf(), secrets);
        assert_eq!(reopened.list().expect("list"), vec![account]);
    }

    #[test]
    fn duplicate_names_are_refused() {
        let (_dir, store, _) = store();
        store.add(draft("Work")).expect("add");
        let err = store.add(draft("work")).expect_err("duplicate");
        assert_eq!(err.kind(), crate::error::ErrorKind::Conflict);
    }

    #[test]
    fn update_keeps_secret_when_blank_and_remove_deletes_it() {
        let (_dir, store, secrets) = store();
        let account = store.add(draft("Work")).expect("add");
        let mut edit = draft("Home");
        edit.secret_key = Secret::new("");
        let updated = store.update(&account.id, edit).expect("update");
        assert_eq!(updated.name, "Home");
        assert_eq!(
            secrets.get(&account.id).expect("kept").expose(),
            "s3cr3t-value"
        );
        store.remove(&account.id).expect("remove");
        assert!(secrets.get(&account.id).is_err());
        assert!(store.list().expect("list").is_empty());
    }

    #[test]
    fn provider_validation() {
        let bad_region = Provider::DigitalOcean {
            region: "mars1".into(),
        };
        assert!(validate_provider(&bad_region).is_err());
        let bad_url = Provider::S3Compatible {
            endpoint: "not a url".into(),
            region: "x".into(),
            path_style: true,
        };
        assert!(validate_provider(&bad_url).is_err());
        let ftp = Provider::S3Compatible {
            endpoint: "ftp://host".into(),
            region: "x".into(),
            path_style: true,
        };
        assert!(validate_provider(&ftp).is_err());
        let ok = Provider::S3Compatible {
            endpoint: "http://127.0.0.1:9000".into(),
            region: "us-east-1".into(),
            path_style: true,
        };
        assert!(validate_provider(&ok).is_ok());
    }

    #[test]
    fn added_spaces_are_remembered_once() {
        let (_dir, store, _) = store();
        let account = store.add(draft("Work")).expect("add");
        store.add_space(&account.id, "media").expect("add space");
        let again = store.add_space(&account.id, "media").expect("again");
        assert_eq!(again.added_spaces, vec!["media".to_string()]);
        assert!(store.add_space(&account.id, "Bad_Name").is_err());
        let gone = store.forget_space(&account.id, "media").expect("forget");
        assert!(gone.added_spaces.is_empty());
    }
}
