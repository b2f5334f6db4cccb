//! The cleanup rule: delete the files under a prefix older than N days, run on demand, for
//! servers without lifecycle rules. The preview lists exactly what would go; the run
//! deletes only previewed files that are still that old (a file replaced since is kept).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::browse::{list_folder, ListRequest};
use crate::error::{Error, Result};
use crate::model::EntryKind;
use crate::objects::delete::delete_keys;
use crate::objects::{Ctx, OnProgress, OpReport};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Files named in the preview; the totals count them all.
const PREVIEW_LISTED: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CleanupRule {
    pub bucket: String,
    /// "" for the whole Space.
    pub prefix: String,
    pub older_than_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CleanupFile {
    pub key: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub last_modified: i64,
}

/// What the rule would delete now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CleanupPreview {
    /// Files modified before this (epoch ms) go.
    #[ts(type = "number")]
    pub cutoff_ms: i64,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Oldest first, at most 1,000.
    pub files: Vec<CleanupFile>,
    /// Files under the prefix that stay.
    #[ts(type = "number")]
    pub kept: u64,
}

/// Every file under the rule's prefix older than its cutoff.
pub async fn preview(
    ctx: Ctx<'_>,
    rule: &CleanupRule,
    now_ms: i64,
    cancel: &CancellationToken,
) -> Result<CleanupPreview> {
    let cutoff_ms = cutoff(rule, now_ms)?;
    let (mut old, kept) = old_files(ctx, rule, cutoff_ms, cancel).await?;
    old.sort_by(|a, b| (a.last_modified, &a.key).cmp(&(b.last_modified, &b.key)));
    let bytes = old.iter().map(|f| f.size).sum();
    let count = old.len() as u64;
    old.truncate(PREVIEW_LISTED);
    Ok(CleanupPreview {
        cutoff_ms,
        count,
        bytes,
        files: old,
        kept,
    })
}

/// Delete what the preview with this cutoff showed, as long as each file is still older
/// than it. `cutoff_ms` is the preview's, so the user gets what they saw; one less than
/// the rule's days before `now_ms` is refused.
pub async fn run(
    ctx: Ctx<'_>,
    rule: &CleanupRule,
    cutoff_ms: i64,
    now_ms: i64,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    check(rule)?;
    if cutoff_ms > cutoff(rule, now_ms)? {
        return Err(Error::InvalidInput(format!(
            "That cutoff is less than {} days ago. Preview again.",
            rule.older_than_days
        )));
    }
    let (old, _) = old_files(ctx, rule, cutoff_ms, cancel).await?;
    let keys: BTreeSet<String> = old.into_iter().map(|f| f.key).collect();
    delete_keys(
        ctx,
        &rule.bucket,
        keys.into_iter().collect(),
        cancel,
        on_progress,
    )
    .await
}

fn cutoff(rule: &CleanupRule, now_ms: i64) -> Result<i64> {
    check(rule)?;
    Ok(now_ms - i64::from(rule.older_than_days) * DAY_MS)
}

fn check(rule: &CleanupRule) -> Result<()> {
    if rule.older_than_days == 0 {
        return Err(Error::InvalidInput(
            "Give an age of at least 1 day; files younger than that are never cleaned up.".into(),
        ));
    }
    if rule.bucket.trim().is_empty() {
        return Err(Error::InvalidInput("Choose the Space to clean up.".into()));
    }
    Ok(())
}

async fn old_files(
    ctx: Ctx<'_>,
    rule: &CleanupRule,
    cutoff_ms: i64,
    cancel: &CancellationToken,
) -> Result<(Vec<CleanupFile>, u64)> {
    let req = ListRequest {
        bucket: rule.bucket.clone(),
        prefix: rule.prefix.clone(),
        recursive: true,
    };
    let mut old = Vec::new();
    let mut kept = 0;
    list_folder(ctx.s3, &req, cancel, |entries| {
        for e in entries.into_iter().filter(|e| e.kind == EntryKind::File) {
            match e.last_modified {
                Some(at) if at < cutoff_ms => old.push(CleanupFile {
                    key: e.key,
                    size: e.size,
                    last_modified: at,
                }),
                _ => kept += 1,
            }
        }
        Ok(())
    })
    .await?;
    Ok((old, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_n_days_back_and_zero_days_is_refused() {
        let rule = CleanupRule {
            bucket: "b".into(),
            prefix: "logs/".into(),
            older_than_days: 30,
        };
        assert_eq!(cutoff(&rule, 100 * DAY_MS).expect("cutoff"), 70 * DAY_MS);
        let zero = CleanupRule {
            older_than_days: 0,
            ..rule
        };
        assert_eq!(
            cutoff(&zero, 0).expect_err("zero").kind(),
            crate::ErrorKind::InvalidInput
        );
    }
}
