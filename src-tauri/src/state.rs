//! What the app holds between commands: the accounts and a client per account, the transfer
//! queue, and the cancel handles of running listings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use spaceport_core::account::AccountStore;
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::keychain::KeyringStore;
use spaceport_core::transfer::journal::Journal;
use spaceport_core::transfer::manager::{ClientSource, OnChange, TransferManager};
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

/// Accounts and their clients, built on first use from profile and keychain secret.
pub struct Clients {
    pub accounts: AccountStore,
    cache: Mutex<HashMap<String, S3>>,
}

impl ClientSource for Clients {
    fn client(&self, account_id: &str) -> Result<S3> {
        if let Some(client) = lock(&self.cache)?.get(account_id) {
            return Ok(client.clone());
        }
        let account = self.accounts.get(account_id)?;
        let secret = self.accounts.secret(account_id)?;
        let client = S3::new(&account, &secret, ClientOptions::interactive());
        lock(&self.cache)?.insert(account_id.to_owned(), client.clone());
        Ok(client)
    }
}

pub struct AppState {
    pub clients: Arc<Clients>,
    pub transfers: TransferManager,
    listings: Mutex<HashMap<String, CancellationToken>>,
}

impl AppState {
    /// `on_transfer` hears every change of every transfer.
    pub fn new(on_transfer: OnChange) -> Result<Self> {
        let config_dir = spaceport_core::paths::config_dir()?;
        let clients = Arc::new(Clients {
            accounts: AccountStore::new(config_dir, Arc::new(KeyringStore::default())),
            cache: Mutex::new(HashMap::new()),
        });
        let journal = Journal::open_default()?;
        let transfers = TransferManager::new(clients.clone(), Some(journal), 8, on_transfer);
        Ok(AppState {
            clients,
            transfers,
            listings: Mutex::new(HashMap::new()),
        })
    }

    pub fn accounts(&self) -> &AccountStore {
        &self.clients.accounts
    }

    pub fn client(&self, account_id: &str) -> Result<S3> {
        self.clients.client(account_id)
    }

    /// Drop a cached client after its account changed or went away.
    pub fn forget_client(&self, account_id: &str) -> Result<()> {
        lock(&self.clients.cache)?.remove(account_id);
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
