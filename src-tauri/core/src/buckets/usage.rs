//! Storage usage of a Space (or of a folder in it): objects and bytes, in all and by folder
//! one level down, from one recursive listing with progress. The result is kept with its time
//! in `space-usage.json` beside the accounts, since a large Space takes a while to list.
//! Only current versions count: older versions kept by versioning are not listed here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::browse::{for_each_page, RawListing};
use crate::error::{Error, Result};
use crate::fsutil::{load_json, write_atomic};
use crate::names::folder_prefix;
use crate::objects::bulk::Throttle;
use crate::objects::{Ctx, OnProgress, OpPhase, OpProgress};

const FILE: &str = "space-usage.json";
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Objects and bytes of one folder (its whole subtree).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FolderUsage {
    /// The folder's full prefix, ending in `/`: what to measure to click into it.
    pub prefix: String,
    pub name: String,
    #[ts(type = "number")]
    pub objects: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Usage under a prefix ("" for the whole Space).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpaceUsage {
    pub bucket: String,
    pub prefix: String,
    #[ts(type = "number")]
    pub objects: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Files directly in the prefix, outside any folder.
    #[ts(type = "number")]
    pub loose_objects: u64,
    #[ts(type = "number")]
    pub loose_bytes: u64,
    /// Each folder one level down, largest first.
    pub folders: Vec<FolderUsage>,
    /// When it was measured, epoch milliseconds.
    #[ts(type = "number")]
    pub measured_at: i64,
    /// The monthly price of storing this much at Spaces' published rates, no outbound
    /// transfer counted: an estimate only.
    pub cost: CostEstimate,
}

/// An estimate of a month of Spaces: the $5 subscription includes 250 GiB stored and 1 TiB
/// outbound; beyond, $0.02 per GiB stored and $0.01 per GiB out (DigitalOcean's published
/// prices). The subscription covers every Space of an account together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CostEstimate {
    pub usd_per_month: f64,
    pub storage_gib: f64,
    /// Stored GiB beyond the 250 included.
    pub extra_storage_gib: f64,
    /// Outbound GiB beyond the 1,024 included.
    pub extra_transfer_gib: f64,
}

pub const BASE_USD: f64 = 5.0;
pub const INCLUDED_STORAGE_GIB: f64 = 250.0;
pub const INCLUDED_TRANSFER_GIB: f64 = 1024.0;
pub const USD_PER_EXTRA_STORED_GIB: f64 = 0.02;
pub const USD_PER_EXTRA_OUTBOUND_GIB: f64 = 0.01;

/// The monthly cost of storing `stored_bytes` and sending `outbound_bytes` out.
pub fn estimate_cost(stored_bytes: u64, outbound_bytes: u64) -> CostEstimate {
    let storage_gib = stored_bytes as f64 / GIB;
    let extra_storage_gib = (storage_gib - INCLUDED_STORAGE_GIB).max(0.0);
    let extra_transfer_gib = (outbound_bytes as f64 / GIB - INCLUDED_TRANSFER_GIB).max(0.0);
    let usd = BASE_USD
        + extra_storage_gib * USD_PER_EXTRA_STORED_GIB
        + extra_transfer_gib * USD_PER_EXTRA_OUTBOUND_GIB;
    CostEstimate {
        // Cents are the precision of a bill.
        usd_per_month: (usd * 100.0).round() / 100.0,
        storage_gib,
        extra_storage_gib,
        extra_transfer_gib,
    }
}

/// Measure usage under `prefix`, every key listed.
#[tracing::instrument(skip_all, fields(bucket = %bucket, prefix = %prefix), err)]
pub async fn measure(
    ctx: Ctx<'_>,
    bucket: &str,
    prefix: &str,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<SpaceUsage> {
    let prefix = folder_prefix(prefix);
    let mut tally = Tally::new(&prefix);
    let throttle = Throttle::new(on_progress);
    let raw = RawListing {
        bucket,
        prefix: &prefix,
        delimited: false,
    };
    for_each_page(ctx.s3, &raw, cancel, |page| {
        for o in page.contents() {
            let size = o.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0);
            tally.add(o.key().unwrap_or_default(), size);
        }
        throttle.report(tally.progress(), false);
        Ok(())
    })
    .await?;
    throttle.report(tally.progress(), true);
    Ok(tally.finish(bucket))
}

/// Running totals of a listing, by the first path segment under the prefix.
struct Tally<'a> {
    prefix: &'a str,
    objects: u64,
    bytes: u64,
    loose: (u64, u64),
    folders: BTreeMap<String, (u64, u64)>,
}

impl<'a> Tally<'a> {
    fn new(prefix: &'a str) -> Self {
        Tally {
            prefix,
            objects: 0,
            bytes: 0,
            loose: (0, 0),
            folders: BTreeMap::new(),
        }
    }

    fn add(&mut self, key: &str, size: u64) {
        self.objects += 1;
        self.bytes += size;
        let rest = key.strip_prefix(self.prefix).unwrap_or(key);
        let slot = match rest.find('/') {
            Some(i) => self.folders.entry(rest[..=i].to_owned()).or_default(),
            None => &mut self.loose,
        };
        slot.0 += 1;
        slot.1 += size;
    }

    fn progress(&self) -> OpProgress {
        OpProgress {
            phase: OpPhase::Listing,
            done: self.objects,
            ..OpProgress::default()
        }
    }

    fn finish(self, bucket: &str) -> SpaceUsage {
        let mut folders: Vec<FolderUsage> = self
            .folders
            .into_iter()
            .map(|(segment, (objects, bytes))| FolderUsage {
                prefix: format!("{}{segment}", self.prefix),
                name: segment.trim_end_matches('/').to_owned(),
                objects,
                bytes,
            })
            .collect();
        folders.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        SpaceUsage {
            bucket: bucket.to_owned(),
            prefix: self.prefix.to_owned(),
            objects: self.objects,
            bytes: self.bytes,
            loose_objects: self.loose.0,
            loose_bytes: self.loose.1,
            folders,
            measured_at: chrono::Utc::now().timestamp_millis(),
            cost: estimate_cost(self.bytes, 0),
        }
    }
}

/// account id -> bucket -> prefix -> last measure.
type AllUsage = BTreeMap<String, BTreeMap<String, BTreeMap<String, SpaceUsage>>>;

/// The last measure of each Space and folder, so the Spaces index shows sizes at once.
pub struct UsageCache {
    path: PathBuf,
}

impl UsageCache {
    pub fn new(config_dir: &Path) -> Self {
        UsageCache {
            path: config_dir.join(FILE),
        }
    }

    pub fn get(&self, account_id: &str, bucket: &str, prefix: &str) -> Result<Option<SpaceUsage>> {
        let all: AllUsage = load_json(&self.path)?;
        Ok(all
            .get(account_id)
            .and_then(|spaces| spaces.get(bucket))
            .and_then(|prefixes| prefixes.get(&folder_prefix(prefix)))
            .cloned())
    }

    pub fn put(&self, account_id: &str, usage: &SpaceUsage) -> Result<()> {
        let mut all: AllUsage = load_json(&self.path)?;
        all.entry(account_id.to_owned())
            .or_default()
            .entry(usage.bucket.clone())
            .or_default()
            .insert(usage.prefix.clone(), usage.clone());
        self.save(&all)
    }

    /// Forget a Space (it was destroyed).
    pub fn forget(&self, account_id: &str, bucket: &str) -> Result<()> {
        let mut all: AllUsage = load_json(&self.path)?;
        if let Some(spaces) = all.get_mut(account_id) {
            spaces.remove(bucket);
        }
        self.save(&all)
    }

    fn save(&self, all: &AllUsage) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(all)
            .map_err(|e| Error::Internal(format!("Could not encode storage usage: {e}.")))?;
        write_atomic(&self.path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB_BYTES: u64 = 1024 * 1024 * 1024;

    #[test]
    fn cost_is_the_base_until_the_allowance_is_used() {
        assert_eq!(estimate_cost(0, 0).usd_per_month, 5.0);
        assert_eq!(
            estimate_cost(250 * GIB_BYTES, 1024 * GIB_BYTES).usd_per_month,
            5.0
        );
        // 100 GiB over: $2; 500 GiB out over: $5.
        let more = estimate_cost(350 * GIB_BYTES, 1524 * GIB_BYTES);
        assert_eq!(more.usd_per_month, 12.0);
        assert_eq!(more.extra_storage_gib, 100.0);
        assert_eq!(more.extra_transfer_gib, 500.0);
    }

    #[test]
    fn folders_one_level_down_largest_first() {
        let mut t = Tally::new("a/");
        for (key, size) in [
            ("a/x.txt", 1),
            ("a/b/1", 10),
            ("a/b/c/2", 10),
            ("a/d/3", 5),
            ("a/", 0),
        ] {
            t.add(key, size);
        }
        let u = t.finish("s");
        assert_eq!((u.objects, u.bytes), (5, 26));
        assert_eq!((u.loose_objects, u.loose_bytes), (2, 1));
        let got: Vec<_> = u
            .folders
            .iter()
            .map(|f| (f.prefix.as_str(), f.name.as_str(), f.objects, f.bytes))
            .collect();
        assert_eq!(got, [("a/b/", "b", 2, 20), ("a/d/", "d", 1, 5)]);
    }

    #[test]
    fn the_cache_keeps_each_prefix_with_its_time() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = UsageCache::new(dir.path());
        assert_eq!(cache.get("acc", "s", "").expect("empty"), None);
        let mut whole = Tally::new("").finish("s");
        whole.objects = 3;
        let photos = Tally::new("photos/").finish("s");
        cache.put("acc", &whole).expect("put");
        cache.put("acc", &photos).expect("put");
        assert_eq!(cache.get("acc", "s", "").expect("get"), Some(whole.clone()));
        assert_eq!(cache.get("acc", "s", "photos").expect("get"), Some(photos));
        assert_eq!(cache.get("other", "s", "").expect("get"), None);
        cache.forget("acc", "s").expect("forget");
        assert_eq!(cache.get("acc", "s", "").expect("get"), None);
    }
}
