//! App-wide settings in `settings.json` beside the accounts: for now the transfer scheduler's
//! bounds. A missing file means the defaults; a damaged one is reported and the defaults used,
//! so a typo never stops the app from starting.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::transfer::scheduler::Limits;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct TransferSettings {
    /// Requests moving at once, across every transfer (1 to 64).
    #[ts(type = "number")]
    pub requests_in_flight: usize,
    /// Requests started per second to DigitalOcean Spaces at most; 0 for no limit (Spaces
    /// allows 800 per Space, older Spaces 500). Other servers are not held back.
    pub requests_per_second: u32,
}

impl Default for TransferSettings {
    fn default() -> Self {
        let limits = Limits::default();
        TransferSettings {
            requests_in_flight: limits.requests_in_flight,
            requests_per_second: limits.requests_per_second,
        }
    }
}

impl TransferSettings {
    /// The scheduler's limits, with out-of-range values brought into range.
    pub fn limits(self) -> Limits {
        let s = self.clamped();
        Limits {
            requests_in_flight: s.requests_in_flight,
            requests_per_second: s.requests_per_second,
            ..Limits::default()
        }
    }

    pub fn clamped(self) -> Self {
        TransferSettings {
            requests_in_flight: self.requests_in_flight.clamp(1, 64),
            requests_per_second: self.requests_per_second.min(10_000),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub transfers: TransferSettings,
}

/// The settings in `config_dir/settings.json`, or the defaults.
pub fn load(config_dir: &Path) -> Settings {
    let path = config_dir.join("settings.json");
    let Ok(bytes) = std::fs::read(&path) else {
        return Settings::default();
    };
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        tracing::warn!(error = %e, path = %path.display(), "settings.json is not valid; using the defaults");
        Settings::default()
    })
}

/// Write the settings (atomically: a crash leaves the old file or the new one).
pub fn save(config_dir: &Path, settings: &Settings) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(settings)
        .map_err(|e| Error::Internal(format!("settings encode: {e}")))?;
    std::fs::create_dir_all(config_dir)
        .map_err(|e| Error::io("Could not create the settings folder", &e))?;
    write_atomic(&config_dir.join("settings.json"), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_partial_damaged_and_out_of_range_settings() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(dir.path()), Settings::default());
        assert_eq!(load(dir.path()).transfers.limits(), Limits::default());

        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"transfers": {"requestsPerSecond": 300}}"#,
        )
        .expect("write");
        let limits = load(dir.path()).transfers.limits();
        assert_eq!(limits.requests_per_second, 300);
        assert_eq!(limits.requests_in_flight, 16);

        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"transfers": {"requestsInFlight": 500}}"#,
        )
        .expect("write");
        assert_eq!(load(dir.path()).transfers.limits().requests_in_flight, 64);

        std::fs::write(dir.path().join("settings.json"), "{not json").expect("write");
        assert_eq!(load(dir.path()), Settings::default());

        let mine = Settings {
            transfers: TransferSettings {
                requests_in_flight: 4,
                requests_per_second: 0,
            },
        };
        save(dir.path(), &mine).expect("save");
        assert_eq!(load(dir.path()), mine);
    }
}
