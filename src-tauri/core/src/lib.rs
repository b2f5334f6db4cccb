//! Spaceport's core: accounts, keychain, S3 clients, browsing. No Tauri here; the desktop app
//! and the CLI are thin front ends over these functions.

pub mod account;
pub mod browse;
pub mod buckets;
pub mod client;
pub mod error;
pub mod fsutil;
pub mod keychain;
pub mod model;
pub mod names;
pub mod objects;
pub mod paths;
pub mod remote;
pub mod s3_error;
pub mod settings;
pub mod share;
pub mod space_prefs;
pub mod sync;
pub mod transfer;
pub mod window_state;

pub use error::{Error, ErrorKind, Result};

/// What the UI needs to know at start.
pub fn app_info(version: &str) -> model::AppInfo {
    let shown =
        |p: Result<std::path::PathBuf>| p.map(|d| d.display().to_string()).unwrap_or_default();
    model::AppInfo {
        version: version.to_owned(),
        regions: account::DO_REGIONS
            .iter()
            .map(|r| (*r).to_owned())
            .collect(),
        config_dir: shown(paths::config_dir()),
        log_dir: shown(paths::log_dir()),
    }
}
