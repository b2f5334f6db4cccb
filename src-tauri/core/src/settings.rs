//! App-wide settings (the Preferences window) in `settings.json` beside the accounts: the
//! theme, the transfer scheduler's bounds and how files are cut into parts, what new uploads
//! get, where downloads go, whether deleting asks first, and how much the log says. A missing
//! file means the defaults and a missing field its default, so files from older versions still
//! load; a damaged one is reported and the defaults used, so a typo never stops the app from
//! starting. Values are brought into range (numbers) or refused with a sentence (text) here,
//! once, for the app and the CLI alike.

pub mod last_location;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::model::ObjectAcl;
use crate::transfer::plan::{MIB, MIN_PART_SIZE, MULTIPART_THRESHOLD};
use crate::transfer::scheduler::Limits;

/// The multipart threshold and the part size, in MiB: S3's 5 MiB part minimum up to 4 GiB.
pub const PART_MIB_MIN: u32 = 5;
pub const PART_MIB_MAX: u32 = 4096;

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
    /// Files above this many MiB go up (and come down) in parts (5 to 4096).
    pub multipart_threshold_mib: u32,
    /// Parts are at least this many MiB (5 to 4096); larger when a file would otherwise need
    /// more than 10,000 parts.
    pub part_size_mib: u32,
}

impl Default for TransferSettings {
    fn default() -> Self {
        let limits = Limits::default();
        TransferSettings {
            requests_in_flight: limits.requests_in_flight,
            requests_per_second: limits.requests_per_second,
            multipart_threshold_mib: mib(MULTIPART_THRESHOLD),
            part_size_mib: mib(MIN_PART_SIZE),
        }
    }
}

fn mib(bytes: u64) -> u32 {
    u32::try_from(bytes / MIB).unwrap_or(u32::MAX)
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
            multipart_threshold_mib: self
                .multipart_threshold_mib
                .clamp(PART_MIB_MIN, PART_MIB_MAX),
            part_size_mib: self.part_size_mib.clamp(PART_MIB_MIN, PART_MIB_MAX),
        }
    }

    /// Files above this many bytes move in parts.
    pub fn multipart_threshold(self) -> u64 {
        u64::from(self.clamped().multipart_threshold_mib) * MIB
    }

    /// The smallest part, in bytes (`plan::part_size_at_least` may pick larger).
    pub fn part_size(self) -> u64 {
        u64::from(self.clamped().part_size_mib) * MIB
    }
}

/// The window's colours: the system's light or dark mode, or always one of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// How much the log file says about Spaceport itself (libraries stay at info or less).
/// Read once, when the app starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    /// What earlier versions always logged.
    #[default]
    Debug,
    Trace,
}

impl LogLevel {
    /// A tracing `EnvFilter` directive for this level.
    pub fn filter(self) -> String {
        let level = match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        };
        // Other crates are as quiet as Spaceport, or at info when Spaceport says more.
        let others = match self {
            LogLevel::Error | LogLevel::Warn => level,
            _ => "info",
        };
        format!("{others},spaceport={level},spaceport_core={level},aws_smithy_runtime=warn,aws_sdk_s3=warn")
    }
}

/// What a new upload starts with in the upload dialog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct UploadDefaults {
    /// Used unless the user chose otherwise for the account in the upload dialog.
    pub acl: ObjectAcl,
    /// None sends no Cache-Control header.
    pub cache_control: Option<String>,
}

/// Everything the Preferences window edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct Settings {
    pub theme: Theme,
    pub transfers: TransferSettings,
    pub uploads: UploadDefaults,
    /// The folder the download dialog offers first; None asks with the system's folder
    /// picker each time.
    pub download_folder: Option<String>,
    /// Ask before deleting files and folders (destroying a Space always asks).
    pub confirm_delete: bool,
    pub log_level: LogLevel,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::default(),
            transfers: TransferSettings::default(),
            uploads: UploadDefaults::default(),
            download_folder: None,
            confirm_delete: true,
            log_level: LogLevel::default(),
        }
    }
}

impl Settings {
    /// The settings as they may be saved: numbers brought into range, text trimmed (empty
    /// text is no value), and an InvalidInput saying what is wrong with text that cannot be used.
    pub fn validated(mut self) -> Result<Settings> {
        let cache_control = match non_empty(self.uploads.cache_control.take()) {
            Some(v) => Some(check_cache_control(v)?),
            None => None,
        };
        let download_folder = match non_empty(self.download_folder.take()) {
            Some(folder) => Some(check_download_folder(folder)?),
            None => None,
        };
        Ok(self.with_text(cache_control, download_folder))
    }

    /// Settings read from a file: what `validated` would refuse is dropped (with a warning)
    /// rather than stopping the app, except a download folder that is gone for now (an
    /// unplugged drive): the download dialog says so when it is used.
    fn loaded(mut self) -> Settings {
        let cache_control = non_empty(self.uploads.cache_control.take()).and_then(|v| {
            check_cache_control(v)
                .inspect_err(|e| tracing::warn!(error = %e, "dropping the saved Cache-Control"))
                .ok()
        });
        let download_folder =
            non_empty(self.download_folder.take()).filter(|folder| Path::new(folder).is_absolute());
        self.with_text(cache_control, download_folder)
    }

    /// These settings with their numbers in range and this text.
    fn with_text(self, cache_control: Option<String>, download_folder: Option<String>) -> Settings {
        Settings {
            transfers: self.transfers.clamped(),
            uploads: UploadDefaults {
                acl: self.uploads.acl,
                cache_control,
            },
            download_folder,
            ..self
        }
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A header value: visible ASCII and spaces only, as servers and browsers expect.
fn check_cache_control(value: String) -> Result<String> {
    if value.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
        Ok(value)
    } else {
        Err(Error::InvalidInput(
            "A Cache-Control value can hold only plain ASCII letters, digits and punctuation, without line breaks.".into(),
        ))
    }
}

fn check_download_folder(folder: String) -> Result<String> {
    let path = Path::new(&folder);
    if !path.is_absolute() {
        return Err(Error::InvalidInput(format!(
            "\"{folder}\" is not a full path: give the whole path of the download folder, starting at the top of the disk."
        )));
    }
    if !path.is_dir() {
        return Err(Error::InvalidInput(format!(
            "There is no folder \"{folder}\". Create it first, or choose another download folder."
        )));
    }
    Ok(folder)
}

/// The settings in `config_dir/settings.json`, or the defaults.
pub fn load(config_dir: &Path) -> Settings {
    let path = config_dir.join("settings.json");
    let Ok(bytes) = std::fs::read(&path) else {
        return Settings::default();
    };
    serde_json::from_slice::<Settings>(&bytes)
        .map(Settings::loaded)
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, path = %path.display(), "settings.json is not valid; using the defaults");
            Settings::default()
        })
}

/// Validate and save new settings, answering with what was kept.
pub fn update(config_dir: &Path, settings: Settings) -> Result<Settings> {
    let settings = settings.validated()?;
    save(config_dir, &settings)?;
    Ok(settings)
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
                ..TransferSettings::default()
            },
            ..Settings::default()
        };
        save(dir.path(), &mine).expect("save");
        assert_eq!(load(dir.path()), mine);
    }

    #[test]
    fn an_older_file_loads_with_the_new_fields_at_their_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"transfers": {"requestsInFlight": 4, "requestsPerSecond": 300}}"#,
        )
        .expect("write");
        let s = load(dir.path());
        assert_eq!(s.theme, Theme::System);
        assert!(s.confirm_delete);
        assert_eq!(s.log_level, LogLevel::Debug);
        assert_eq!(s.uploads, UploadDefaults::default());
        assert_eq!(s.uploads.acl, ObjectAcl::Private);
        assert_eq!(s.download_folder, None);
        assert_eq!(s.transfers.requests_in_flight, 4);
        assert_eq!(s.transfers.multipart_threshold_mib, 16);
        assert_eq!(s.transfers.part_size_mib, 8);
        assert_eq!(s.transfers.multipart_threshold(), MULTIPART_THRESHOLD);
        assert_eq!(s.transfers.part_size(), MIN_PART_SIZE);
    }

    #[test]
    fn every_preference_round_trips_through_the_file_as_camel_case() {
        let dir = tempfile::tempdir().expect("tempdir");
        let downloads = dir.path().join("Downloads");
        std::fs::create_dir(&downloads).expect("mkdir");
        let mine = Settings {
            theme: Theme::Dark,
            transfers: TransferSettings {
                requests_in_flight: 3,
                requests_per_second: 100,
                multipart_threshold_mib: 64,
                part_size_mib: 32,
            },
            uploads: UploadDefaults {
                acl: ObjectAcl::PublicRead,
                cache_control: Some("max-age=600".into()),
            },
            download_folder: Some(downloads.display().to_string()),
            confirm_delete: false,
            log_level: LogLevel::Warn,
        };
        assert_eq!(update(dir.path(), mine.clone()).expect("update"), mine);
        assert_eq!(load(dir.path()), mine);
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("settings.json")).expect("read"))
                .expect("json");
        assert_eq!(raw["theme"], "dark");
        assert_eq!(raw["logLevel"], "warn");
        assert_eq!(raw["confirmDelete"], false);
        assert_eq!(raw["uploads"]["acl"], "publicRead");
        assert_eq!(raw["uploads"]["cacheControl"], "max-age=600");
        assert_eq!(raw["transfers"]["multipartThresholdMib"], 64);
        assert_eq!(raw["transfers"]["partSizeMib"], 32);
        assert_eq!(mine.transfers.multipart_threshold(), 64 * MIB);
        assert_eq!(mine.transfers.part_size(), 32 * MIB);
    }

    #[test]
    fn validation_clamps_numbers_trims_text_and_refuses_what_cannot_be_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let wild = Settings {
            transfers: TransferSettings {
                requests_in_flight: 0,
                requests_per_second: 50_000,
                multipart_threshold_mib: 1,
                part_size_mib: 100_000,
            },
            uploads: UploadDefaults {
                acl: ObjectAcl::Private,
                cache_control: Some("  no-cache  ".into()),
            },
            download_folder: Some("   ".into()),
            ..Settings::default()
        };
        let kept = wild.validated().expect("valid");
        assert_eq!(
            kept.transfers,
            TransferSettings {
                requests_in_flight: 1,
                requests_per_second: 10_000,
                multipart_threshold_mib: 5,
                part_size_mib: 4096,
            }
        );
        assert_eq!(kept.uploads.cache_control.as_deref(), Some("no-cache"));
        assert_eq!(kept.download_folder, None);
        let blank = Settings {
            uploads: UploadDefaults {
                cache_control: Some(String::new()),
                ..UploadDefaults::default()
            },
            ..Settings::default()
        };
        assert_eq!(
            blank.validated().expect("valid").uploads.cache_control,
            None
        );

        let refused = |s: Settings| match s.validated() {
            Err(Error::InvalidInput(m)) => m,
            other => panic!("expected InvalidInput, got {other:?}"),
        };
        let header = refused(Settings {
            uploads: UploadDefaults {
                cache_control: Some("max-age=1\r\nX-Evil: 1".into()),
                ..UploadDefaults::default()
            },
            ..Settings::default()
        });
        assert!(header.contains("without line breaks"), "{header}");
        let relative = refused(Settings {
            download_folder: Some("Downloads".into()),
            ..Settings::default()
        });
        assert!(
            relative.contains("\"Downloads\" is not a full path"),
            "{relative}"
        );
        let gone = dir.path().join("nope");
        let missing = refused(Settings {
            download_folder: Some(gone.display().to_string()),
            ..Settings::default()
        });
        assert!(missing.starts_with("There is no folder"), "{missing}");
        // Nothing refused reached the disk.
        assert!(update(
            dir.path(),
            Settings {
                download_folder: Some("Downloads".into()),
                ..Settings::default()
            }
        )
        .is_err());
        assert!(!dir.path().join("settings.json").exists());
    }

    #[test]
    fn a_hand_edited_file_loses_only_its_unusable_values() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"theme": "light", "uploads": {"acl": "publicRead", "cacheControl": "a\nb"},
                "downloadFolder": "relative/dir", "transfers": {"partSizeMib": 2}}"#,
        )
        .expect("write");
        let s = load(dir.path());
        assert_eq!(s.theme, Theme::Light);
        assert_eq!(s.uploads.acl, ObjectAcl::PublicRead);
        assert_eq!(s.uploads.cache_control, None);
        assert_eq!(s.download_folder, None);
        assert_eq!(s.transfers.part_size_mib, 5);
        // A value of an unknown kind spoils the file: the defaults.
        std::fs::write(dir.path().join("settings.json"), r#"{"theme": "purple"}"#).expect("write");
        assert_eq!(load(dir.path()), Settings::default());
    }

    #[test]
    fn log_levels_as_filters() {
        assert_eq!(
            LogLevel::default().filter(),
            "info,spaceport=debug,spaceport_core=debug,aws_smithy_runtime=warn,aws_sdk_s3=warn"
        );
        assert!(LogLevel::Error
            .filter()
            .starts_with("error,spaceport=error,"));
        assert!(LogLevel::Trace
            .filter()
            .starts_with("info,spaceport=trace,"));
    }
}
