//! Where Spaceport keeps its files. `SPACEPORT_CONFIG_DIR` / `SPACEPORT_LOG_DIR` override the
//! OS defaults, so tests and side-by-side installs stay isolated.

use std::ffi::OsStr;
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

/// The name a running app answers a second launch by (the single-instance guard): the app's
/// identifier, plus a suffix from an overridden config dir, so an isolated install (or a test
/// profile) is an instance of its own while two launches of one install meet.
pub fn instance_id(identifier: &str) -> String {
    instance_id_for(
        identifier,
        std::env::var_os("SPACEPORT_CONFIG_DIR").as_deref(),
    )
}

fn instance_id_for(identifier: &str, config_dir: Option<&OsStr>) -> String {
    match config_dir {
        None => identifier.to_owned(),
        // FNV-1a: the same dir gives the same name in every process (std's hasher does not
        // promise that). A D-Bus name element may not start with a digit, hence "dir".
        Some(dir) => {
            let hash = dir
                .as_encoded_bytes()
                .iter()
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
                });
            format!("{identifier}.dir{hash:016x}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_differ_by_config_dir_only() {
        let id = "com.spaceport.desktop";
        assert_eq!(instance_id_for(id, None), id);
        let a = instance_id_for(id, Some(OsStr::new("/tmp/a")));
        assert_eq!(a, instance_id_for(id, Some(OsStr::new("/tmp/a"))));
        assert_ne!(a, instance_id_for(id, Some(OsStr::new("/tmp/b"))));
        // A valid D-Bus well-known name: dot-separated elements of [A-Za-z0-9_-], none
        // starting with a digit.
        let last = a.rsplit('.').next().unwrap_or_default();
        assert!(last.starts_with("dir") && last[3..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(last.len(), 19);
    }
}
