//! What the user says about a Space that the server does not: whether its CDN is on and a
//! custom CDN domain, used by share links. In `space-prefs.json` beside the accounts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fsutil::{load_json, write_atomic};

const FILE: &str = "space-prefs.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SpacePrefs {
    pub cdn_enabled: bool,
    /// e.g. "cdn.example.com"; used instead of the Spaces CDN host when set.
    pub cdn_domain: Option<String>,
}

impl SpacePrefs {
    pub fn validated(mut self) -> Result<Self> {
        self.cdn_domain = self
            .cdn_domain
            .map(|d| d.trim().trim_end_matches('/').to_owned())
            .filter(|d| !d.is_empty());
        if let Some(d) = &self.cdn_domain {
            let host = d.split_once("://").map_or(d.as_str(), |(_, h)| h);
            let ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
            if !ok {
                return Err(Error::InvalidInput(format!(
                    "\"{d}\" is not a domain name, such as cdn.example.com."
                )));
            }
        }
        Ok(self)
    }
}

type AllPrefs = BTreeMap<String, BTreeMap<String, SpacePrefs>>;

pub struct SpacePrefsStore {
    path: PathBuf,
}

impl SpacePrefsStore {
    pub fn new(config_dir: &Path) -> Self {
        SpacePrefsStore {
            path: config_dir.join(FILE),
        }
    }

    fn load(&self) -> Result<AllPrefs> {
        load_json(&self.path)
    }

    pub fn get(&self, account_id: &str, bucket: &str) -> Result<SpacePrefs> {
        Ok(self
            .load()?
            .get(account_id)
            .and_then(|spaces| spaces.get(bucket))
            .cloned()
            .unwrap_or_default())
    }

    pub fn set(&self, account_id: &str, bucket: &str, prefs: SpacePrefs) -> Result<SpacePrefs> {
        let prefs = prefs.validated()?;
        let mut all = self.load()?;
        all.entry(account_id.to_owned())
            .or_default()
            .insert(bucket.to_owned(), prefs.clone());
        let bytes = serde_json::to_vec_pretty(&all)
            .map_err(|e| Error::Internal(format!("Could not encode Space settings: {e}.")))?;
        write_atomic(&self.path, &bytes)?;
        Ok(prefs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_validation() {
        let dir = tempfile::tempdir().expect("dir");
        let store = SpacePrefsStore::new(dir.path());
        assert_eq!(store.get("a", "b").expect("get"), SpacePrefs::default());
        let saved = store
            .set(
                "a",
                "b",
                SpacePrefs {
                    cdn_enabled: true,
                    cdn_domain: Some(" cdn.example.com/ ".into()),
                },
            )
            .expect("set");
        assert_eq!(saved.cdn_domain.as_deref(), Some("cdn.example.com"));
        assert_eq!(store.get("a", "b").expect("get"), saved);
        assert_eq!(store.get("a", "c").expect("get"), SpacePrefs::default());
        let bad = SpacePrefs {
            cdn_enabled: false,
            cdn_domain: Some("not a domain".into()),
        };
        assert!(store.set("a", "b", bad).is_err());
    }
}
