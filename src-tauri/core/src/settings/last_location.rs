//! The account, Space and folder last opened, in `last-location.json` in the config dir, so
//! the app opens there again. Apart from settings.json: it changes on every folder opened,
//! and a save of it never races a save of the preferences.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

const FILE: &str = "last-location.json";

/// A folder in a Space of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LastLocation {
    pub account_id: String,
    pub bucket: String,
    /// '' for the Space's root, else ending in '/'.
    pub prefix: String,
}

impl LastLocation {
    fn check(&self) -> Result<()> {
        if self.account_id.is_empty() || self.bucket.is_empty() {
            return Err(Error::InvalidInput(
                "A folder to reopen needs its account and its Space.".into(),
            ));
        }
        if !self.prefix.is_empty() && !self.prefix.ends_with('/') {
            return Err(Error::InvalidInput(format!(
                "\"{}\" is not a folder: a folder's path ends with \"/\".",
                self.prefix
            )));
        }
        Ok(())
    }
}

/// The folder last opened, or None (never saved, or a damaged file: nothing to reopen).
pub fn load(config_dir: &Path) -> Option<LastLocation> {
    let bytes = std::fs::read(config_dir.join(FILE)).ok()?;
    let loc: LastLocation = serde_json::from_slice(&bytes)
        .inspect_err(|e| tracing::warn!(error = %e, "{FILE} is not valid; opening nothing"))
        .ok()?;
    loc.check().ok().map(|()| loc)
}

/// Remember a folder (atomically); None forgets it.
pub fn save(config_dir: &Path, location: Option<&LastLocation>) -> Result<()> {
    let path = config_dir.join(FILE);
    let Some(loc) = location else {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io("Could not forget the last folder", &e))
            }
            _ => Ok(()),
        };
    };
    loc.check()?;
    let bytes = serde_json::to_vec_pretty(loc)
        .map_err(|e| Error::Internal(format!("last location encode: {e}")))?;
    std::fs::create_dir_all(config_dir)
        .map_err(|e| Error::io("Could not create the settings folder", &e))?;
    write_atomic(&path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(prefix: &str) -> LastLocation {
        LastLocation {
            account_id: "a1".into(),
            bucket: "photos".into(),
            prefix: prefix.into(),
        }
    }

    #[test]
    fn saved_loaded_replaced_and_forgotten() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(dir.path()), None);
        save(dir.path(), Some(&at("2024/june/"))).expect("save");
        assert_eq!(load(dir.path()), Some(at("2024/june/")));
        let raw = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
        assert!(raw.contains("\"accountId\": \"a1\""), "{raw}");
        save(dir.path(), Some(&at(""))).expect("save");
        assert_eq!(load(dir.path()), Some(at("")));
        save(dir.path(), None).expect("forget");
        assert_eq!(load(dir.path()), None);
        // Forgetting twice is fine.
        save(dir.path(), None).expect("forget again");
    }

    #[test]
    fn what_is_not_a_folder_is_refused_and_a_damaged_file_opens_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        match save(dir.path(), Some(&at("2024/june"))) {
            Err(Error::InvalidInput(m)) => assert!(m.contains("ends with \"/\""), "{m}"),
            other => panic!("expected InvalidInput, got {other:?}"),
        }
        let no_bucket = LastLocation {
            bucket: String::new(),
            ..at("")
        };
        assert!(matches!(
            save(dir.path(), Some(&no_bucket)),
            Err(Error::InvalidInput(_))
        ));
        assert!(!dir.path().join(FILE).exists());
        std::fs::write(dir.path().join(FILE), "{\"accountId\": 1}").expect("write");
        assert_eq!(load(dir.path()), None);
        std::fs::write(
            dir.path().join(FILE),
            r#"{"accountId": "a1", "bucket": "b", "prefix": "no-slash"}"#,
        )
        .expect("write");
        assert_eq!(load(dir.path()), None);
    }
}
