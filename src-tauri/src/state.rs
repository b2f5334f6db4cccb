//! What the app holds between commands: the accounts and a client per account, the transfer
//! queue, and the cancel handles of running listings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use spaceport_core::account::AccountStore;
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::keychain::KeyringStore;
use spaceport_core::space_prefs::SpacePrefsStore;
use spaceport_core::sync::service::{OnPairChange, SyncService};
use spaceport_core::transfer::journal::Journal;
use spaceport_core::transfer::manager::{ClientSource, OnChange, TransferManager};
use spaceport_core::transfer::scheduler::Scheduler;
use spaceport_core::transfer::Env;
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

/// Accounts and their clients, built on first use from profile and keychain secret: one
/// for browsing (short timeouts) and one for transfers (no clock on a part).
pub struct Clients {
    pub accounts: AccountStore,
    cache: Mutex<HashMap<(String, bool), S3>>,
}

impl Clients {
    fn get(&self, account_id: &str, for_transfers: bool) -> Result<S3> {
        let slot = (account_id.to_owned(), for_transfers);
        if let Some(client) = lock(&self.cache)?.get(&slot) {
            return Ok(client.clone());
        }
        let account = self.accounts.get(account_id)?;
        let secret = self.accounts.secret(account_id)?;
        let options = if for_transfers {
            ClientOptions::transfers()
        } else {
            ClientOptions::interactive()
        };
        let client = S3::new(&account, &secret, options);
        lock(&self.cache)?.insert(slot, client.clone());
        Ok(client)
    }
}

/// What the transfer queue and sync pairs ask for clients.
struct TransferClients(Arc<Clients>);

impl ClientSource for TransferClients {
    fn client(&self, account_id: &str) -> Result<S3> {
        self.0.get(account_id, true)
    }
}

/// Files moving at once; the scheduler bounds their requests, so many small files overlap.
const FILES_IN_FLIGHT: usize = 32;

pub struct AppState {
    pub clients: Arc<Clients>,
    pub transfers: TransferManager,
    /// Shared by every transfer request (and leftover-upload checks).
    pub sched: Arc<Scheduler>,
    pub journal: Journal,
    pub sync: SyncService,
    listings: Mutex<HashMap<String, CancellationToken>>,
}

impl AppState {
    /// `on_transfer` hears every change of every transfer, `on_sync` of every sync pair.
    pub fn new(on_transfer: OnChange, on_sync: OnPairChange) -> Result<Self> {
        let config_dir = spaceport_core::paths::config_dir()?;
        let clients = Arc::new(Clients {
            accounts: AccountStore::new(config_dir.clone(), Arc::new(KeyringStore::default())),
            cache: Mutex::new(HashMap::new()),
        });
        let journal = Journal::open_default()?;
        let source = Arc::new(TransferClients(clients.clone()));
        let limits = spaceport_core::settings::load(&config_dir)
            .transfers
            .limits();
        let sched = Arc::new(Scheduler::new(limits));
        let sync = SyncService::new(
            &config_dir,
            spaceport_core::paths::sync_state_dir()?,
            source.clone(),
            sched.clone(),
            Some(journal.clone()),
            on_sync,
        );
        let transfers = TransferManager::new(
            source,
            Some(journal.clone()),
            sched.clone(),
            FILES_IN_FLIGHT,
            on_transfer,
        );
        Ok(AppState {
            clients,
            transfers,
            sched,
            journal,
            sync,
            listings: Mutex::new(HashMap::new()),
        })
    }

    pub fn config_dir(&self) -> Result<std::path::PathBuf> {
        spaceport_core::paths::config_dir()
    }

    pub fn space_prefs(&self) -> Result<SpacePrefsStore> {
        Ok(SpacePrefsStore::new(&self.config_dir()?))
    }

    pub fn accounts(&self) -> &AccountStore {
        &self.clients.accounts
    }

    pub fn client(&self, account_id: &str) -> Result<S3> {
        self.clients.get(account_id, false)
    }

    /// What a transfer-engine call for this account runs with.
    pub fn env<'a>(&'a self, s3: &'a S3, account_id: &'a str) -> Env<'a> {
        Env {
            s3,
            sched: &self.sched,
            journal: Some(&self.journal),
            account_id,
        }
    }

    /// Drop the cached clients of an account that changed or went away.
    pub fn forget_client(&self, account_id: &str) -> Result<()> {
        lock(&self.clients.cache)?.retain(|(id, _), _| id != account_id);
        Ok(())
    }

    /// The cancel handle of a listing. A cancel that arrived first leaves a cancelled
    /// token here, so the listing stops at once instead of running unseen.
    pub fn start_listing(&self, listing_id: &str) -> Result<CancellationToken> {
        let mut listings = lock(&self.listings)?;
        Ok(listings.entry(listing_id.to_owned()).or_default().clone())
    }

    pub fn finish_listing(&self, listing_id: &str) -> Result<()> {
        lock(&self.listings)?.remove(listing_id);
        Ok(())
    }

    pub fn cancel_listing(&self, listing_id: &str) -> Result<()> {
        let mut listings = lock(&self.listings)?;
        match listings.remove(listing_id) {
            Some(token) => token.cancel(),
            None => {
                let token = CancellationToken::new();
                token.cancel();
                listings.insert(listing_id.to_owned(), token);
            }
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
