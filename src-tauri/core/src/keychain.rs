//! The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) through the
//! keyring crate, and the `Secret` newtype that keeps secret keys out of logs and files.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Deserialize;

use crate::error::{Error, Result};

/// A secret key. Debug prints a placeholder; it cannot be serialized, only read on purpose.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where secrets are kept, one per account id.
pub trait SecretStore: Send + Sync {
    fn get(&self, account_id: &str) -> Result<Secret>;
    fn set(&self, account_id: &str, secret: &Secret) -> Result<()>;
    fn delete(&self, account_id: &str) -> Result<()>;
}

/// The OS keychain. Entries are (service, account id).
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub const DEFAULT_SERVICE: &'static str = "Spaceport";

    pub fn new(service: impl Into<String>) -> Self {
        KeyringStore {
            service: service.into(),
        }
    }

    fn entry(&self, account_id: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, account_id).map_err(|e| keychain_error(&e))
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        KeyringStore::new(Self::DEFAULT_SERVICE)
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, account_id: &str) -> Result<Secret> {
        self.entry(account_id)?
            .get_password()
            .map(Secret)
            .map_err(|e| keychain_error(&e))
    }

    fn set(&self, account_id: &str, secret: &Secret) -> Result<()> {
        self.entry(account_id)?
            .set_password(secret.expose())
            .map_err(|e| keychain_error(&e))
    }

    fn delete(&self, account_id: &str) -> Result<()> {
        match self.entry(account_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(&e)),
        }
    }
}

/// keyring's errors never carry the secret; still, the sentence is ours.
fn keychain_error(err: &keyring::Error) -> Error {
    match err {
        keyring::Error::NoEntry => Error::Keychain(
            "The secret key for this account is not in the system keychain. Edit the account and enter the secret key again.".into(),
        ),
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => Error::Keychain(
            "The system keychain could not be reached or is locked. Unlock it (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running), then try again.".into(),
        ),
        _ => Error::Keychain("The system keychain refused the request. Unlock it and try again.".into()),
    }
}

/// In-memory store for unit tests and `--no-keychain` one-off CLI use.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, Secret>>,
}

impl MemoryStore {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, Secret>>> {
        self.secrets
            .lock()
            .map_err(|_| Error::Internal("The in-memory secret store was poisoned.".into()))
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account_id: &str) -> Result<Secret> {
        self.lock()?
            .get(account_id)
            .cloned()
            .ok_or_else(|| keychain_error(&keyring::Error::NoEntry))
    }
    fn set(&self, account_id: &str, secret: &Secret) -> Result<()> {
        self.lock()?.insert(account_id.to_owned(), secret.clone());
        Ok(())
    }
    fn delete(&self, account_id: &str) -> Result<()> {
        self.lock()?.remove(account_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let s = Secret::new("wJalrXUtnFEMI/K7MDENG");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert!(!format!("{:?}", Some(&s)).contains("wJalr"));
    }

    #[test]
    fn memory_store_round_trip() {
        let store = MemoryStore::default();
        store.set("a", &Secret::new("one")).expect("set");
        assert_eq!(store.get("a").expect("get").expose(), "one");
        store.delete("a").expect("delete");
        assert!(store.get("a").is_err());
    }
}
