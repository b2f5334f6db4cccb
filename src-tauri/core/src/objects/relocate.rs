//! Rename, move and copy of files and folders, within a Space, between Spaces and between
//! accounts. Every key is copied first; only keys whose copy succeeded are then deleted
//! (for a move), so a failure never loses a file.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use super::acl::read_acl;
use super::bulk::{run_each, Outcome};
use super::copy::{server_copy, stream_copy};
use super::delete::delete_keys;
use super::keys::{check_key_length, last_segment, moved_key, renamed_key, validate_name};
use super::meta::head;
use super::selection::{expand, keys_under, Expanded};
use super::{Ctx, KeyInfo, ObjectRef, OnProgress, OpPhase, OpReport};
use crate::error::{Error, Result};

/// What to do with a key that already exists at the destination.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Existing {
    /// Replace it (a merge of folders).
    #[default]
    Overwrite,
    /// Leave it, and leave the source too.
    Skip,
}

/// Where a copy or move goes, as the UI names it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Destination {
    pub account_id: String,
    pub bucket: String,
    /// A folder prefix ("" for the top of the Space).
    pub prefix: String,
}

/// The side of a copy or move: a client, and whether it is the same account as the other.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub ctx: Ctx<'a>,
    pub bucket: &'a str,
}

/// One key to copy and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub from: KeyInfo,
    pub to: String,
}

/// A copy or move request.
pub struct Relocation<'a> {
    pub src: Side<'a>,
    pub dst: Side<'a>,
    /// Both sides on one account: the server copies.
    pub same_account: bool,
    pub remove_source: bool,
    pub existing: Existing,
}

/// Copy or move the selected items into the folder `dest_prefix` of the destination.
#[tracing::instrument(skip_all, fields(items = items.len(), dest = dest_prefix), err)]
pub async fn relocate(
    r: &Relocation<'_>,
    items: &[String],
    dest_prefix: &str,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let dest = crate::names::folder_prefix(dest_prefix);
    let expanded = expand(r.src.ctx.s3, r.src.bucket, items, cancel, on_progress).await?;
    check_not_into_itself(r, &expanded, &dest)?;
    let pairs = expanded
        .iter()
        .flat_map(|e| {
            e.keys.iter().map(|k| Pair {
                from: k.clone(),
                to: moved_key(&e.item, &k.key, &dest),
            })
        })
        .collect::<Vec<_>>();
    run_pairs(r, pairs, cancel, on_progress).await
}

/// Rename one file or folder in its own folder. Refuses a name that is taken.
#[tracing::instrument(skip_all, fields(bucket, item), err)]
pub async fn rename(
    ctx: Ctx<'_>,
    bucket: &str,
    item: &str,
    new_name: &str,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    let is_folder = item.ends_with('/');
    validate_name(new_name, if is_folder { "folder" } else { "file" })?;
    let target = renamed_key(item, item, new_name);
    check_key_length(&target)?;
    if target == item {
        return Err(Error::InvalidInput(
            "The new name is the same as the old one.".into(),
        ));
    }
    if !exists_at(ctx, bucket, &target, cancel).await?.is_empty() {
        let kind = if is_folder { "folder" } else { "file" };
        return Err(Error::Conflict(format!(
            "A {kind} named \"{new_name}\" already exists here. Choose another name."
        )));
    }
    let expanded = expand(ctx.s3, bucket, &[item.to_owned()], cancel, on_progress).await?;
    let pairs = expanded[0]
        .keys
        .iter()
        .map(|k| Pair {
            from: k.clone(),
            to: renamed_key(item, &k.key, new_name),
        })
        .collect();
    let side = Side { ctx, bucket };
    let r = Relocation {
        src: side,
        dst: side,
        same_account: true,
        remove_source: true,
        existing: Existing::Overwrite,
    };
    run_pairs(&r, pairs, cancel, on_progress).await
}

/// The keys at `target` (an exact file key, or every key under a folder prefix).
pub async fn exists_at(
    ctx: Ctx<'_>,
    bucket: &str,
    target: &str,
    cancel: &CancellationToken,
) -> Result<Vec<String>> {
    let found = keys_under(ctx.s3, bucket, target, cancel).await?;
    let folder = target.ends_with('/');
    Ok(found
        .into_iter()
        .map(|k| k.key)
        .filter(|k| folder || k == target)
        .collect())
}

/// Which selected folders already exist in the destination folder (a move asks to merge).
pub async fn folders_in_the_way(
    dst: Side<'_>,
    items: &[String],
    dest_prefix: &str,
    cancel: &CancellationToken,
) -> Result<Vec<String>> {
    let dest = crate::names::folder_prefix(dest_prefix);
    let mut taken = Vec::new();
    for item in items.iter().filter(|i| i.ends_with('/')) {
        let target = format!("{dest}{}", last_segment(item));
        if !exists_at(dst.ctx, dst.bucket, &target, cancel)
            .await?
            .is_empty()
        {
            taken.push(item.clone());
        }
    }
    Ok(taken)
}

fn check_not_into_itself(r: &Relocation<'_>, expanded: &[Expanded], dest: &str) -> Result<()> {
    if r.src.bucket != r.dst.bucket || !r.same_account {
        return Ok(());
    }
    for e in expanded {
        let target = moved_key(&e.item, &e.item, dest);
        if target == e.item {
            return Err(Error::InvalidInput(format!(
                "\"{}\" is already in that folder.",
                last_segment(&e.item)
            )));
        }
        if e.is_folder() && dest.starts_with(&e.item) {
            return Err(Error::InvalidInput(format!(
                "The folder \"{}\" cannot be moved or copied into itself.",
                last_segment(&e.item).trim_end_matches('/')
            )));
        }
    }
    Ok(())
}

/// Copy every pair; then, for a move, delete the sources whose copy succeeded.
async fn run_pairs(
    r: &Relocation<'_>,
    pairs: Vec<Pair>,
    cancel: &CancellationToken,
    on_progress: OnProgress<'_>,
) -> Result<OpReport> {
    for p in &pairs {
        check_key_length(&p.to)?;
    }
    let skip = match r.existing {
        Existing::Skip => existing_targets(r, &pairs, cancel).await?,
        Existing::Overwrite => HashSet::new(),
    };
    let (mut report, copied) = run_each(
        pairs,
        OpPhase::Copying,
        cancel,
        on_progress,
        |p: &Pair| p.from.key.clone(),
        |p| {
            let skip = skip.contains(&p.to);
            let p = p.clone();
            async move {
                if skip {
                    return Ok(Outcome::Skipped);
                }
                copy_pair(r, &p).await?;
                Ok(Outcome::Done)
            }
        },
    )
    .await;
    if r.remove_source && !copied.is_empty() {
        let sources = copied.into_iter().map(|p| p.from.key).collect();
        let deleted = delete_keys(r.src.ctx, r.src.bucket, sources, cancel, on_progress).await?;
        // The count stays the copies; a source that could not go is a failure to see.
        report.failed.extend(deleted.failed);
        report.cancelled |= deleted.cancelled;
    }
    Ok(report)
}

async fn existing_targets(
    r: &Relocation<'_>,
    pairs: &[Pair],
    cancel: &CancellationToken,
) -> Result<HashSet<String>> {
    let wanted: HashSet<&str> = pairs.iter().map(|p| p.to.as_str()).collect();
    let mut roots: Vec<String> = pairs
        .iter()
        .map(|p| super::keys::parent_of(&p.to).to_owned())
        .collect();
    roots.sort();
    roots.dedup();
    // Listing the shortest common folders once covers every deeper one.
    roots.dedup_by(|b, a| b.starts_with(a.as_str()));
    let mut found = HashSet::new();
    for root in roots {
        for k in keys_under(r.dst.ctx.s3, r.dst.bucket, &root, cancel).await? {
            if wanted.contains(k.key.as_str()) {
                found.insert(k.key);
            }
        }
    }
    Ok(found)
}

async fn copy_pair(r: &Relocation<'_>, p: &Pair) -> Result<()> {
    let src = ObjectRef {
        bucket: r.src.bucket.to_owned(),
        key: p.from.key.clone(),
    };
    let dst = ObjectRef {
        bucket: r.dst.bucket.to_owned(),
        key: p.to.clone(),
    };
    let head = head(r.src.ctx, &src.bucket, &src.key).await?;
    let acl = read_acl(r.src.ctx, &src.bucket, &src.key).await?;
    if r.same_account {
        server_copy(r.src.ctx, &src, &dst, &head, None, &acl).await
    } else {
        stream_copy(r.src.ctx, &src, r.dst.ctx, &dst, &head, acl.public).await
    }
}
