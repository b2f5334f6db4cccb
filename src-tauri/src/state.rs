//! What the app holds between commands: the account store, a client per account, and the
//! cancel handles of running listings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use spaceport_core::account::AccountStore;
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::keychain::KeyringStore;
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

pub struct AppState {
    pub accounts: AccountStore,
    clients: Mutex<HashMap<String, S3>>,
    listings: Mutex<HashMap<String, CancellationToken>>,
}

impl AppState {
    pub fn new() -> Result<Self> {
        let config_dir = spaceport_core::paths::config_dir()?;
        let secrets = Arc::new(KeyringStore::default());
        Ok(AppState {
            accounts: AccountStore::new(config_dir, secrets),
            clients: Mutex::new(HashMap::new()),
            listings: Mutex::new(HashMap::new()),
        })
    }

    /// The client of an account, built on first use from its profile and keychain secret.
    pub fn client(&self, account_id: &str) -> Result<S3> {
        if let Some(client) = lock(&self.clients)?.get(account_id) {
            return Ok(client.clone());
        }
        let account = self.accounts.get(account_id)?;
        let secret = self.accounts.secret(account_id)?;
        let client = S3::new(&account, &secret, ClientOptions::interactive());
        lock(&self.clients)?.insert(account_id.to_owned(), client.clone());
        Ok(client)
    }

    /// Drop a cached client after its account changed or went away.
    pub fn forget_client(&self, account_id: &str) -> Result<()> {
        lock(&self.clients)?.remove(account_id);
        Ok(())
    }

    pub fn start_listing(&self, listing_id: &str) -> Result<CancellationToken> {
        let token = CancellationToken::new();
        lock(&self.listings)?.insert(listing_id.to_owned(), token.clone());
        Ok(token)
    }

    pub fn finish_listing(&self, listing_id: &str) -> Result<()> {
        lock(&self.listings)?.remove(listing_id);
        Ok(())
    }

    pub fn cancel_listing(&self, listing_id: &str) -> Result<()> {
        if let Some(token) = lock(&self.listings)?.remove(listing_id) {
            token.cancel();
        }
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> Result<std::sync::MutexGuard<'_, T>> {
    m.lock().map_err(|_| {
        Error::Internal(
            "The app's state was damaged by an earlier failure. Restart Spaceport.".into(),
        )
    })
}
