//! Where Spaceport keeps its files. `SPACEPORT_CONFIG_DIR` / `SPACEPORT_LOG_DIR` override the
//! OS defaults, so tests and side-by-side installs stay isolated.

use std::path::PathBuf;

use crate::error::{Error, Result};

fn project_dirs() -> Result<directories::ProjectDirs> {
    directories::ProjectDirs::from("com", "Spaceport", "Spaceport").ok_or_else(|| {
        Error::Io("Your home folder could not be found, so settings cannot be saved.".into())
    })
}

pub fn config_dir() -> Result<PathBuf> {
    match std::env::var_os("SPACEPORT_CONFIG_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(project_dirs()?.config_dir().to_path_buf()),
    }
}

pub fn log_dir() -> Result<PathBuf> {
    match std::env::var_os("SPACEPORT_LOG_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(project_dirs()?.data_local_dir().join("logs")),
    }
}

/// Where transfer journals live (resume after a crash). `SPACEPORT_DATA_DIR` overrides; an
/// overridden config dir keeps them beside it, so an isolated install (or a test) never
/// offers to resume another one's transfers.
pub fn journal_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("SPACEPORT_DATA_DIR") {
        return Ok(PathBuf::from(dir).join("transfers"));
    }
    match std::env::var_os("SPACEPORT_CONFIG_DIR") {
        Some(dir) => Ok(PathBuf::from(dir).join("transfers")),
        None => Ok(project_dirs()?.data_local_dir().join("transfers")),
    }
}

/// Where sync pairs keep what they last uploaded (beside the transfer journals).
pub fn sync_state_dir() -> Result<PathBuf> {
    Ok(journal_dir()?.with_file_name("sync"))
}
