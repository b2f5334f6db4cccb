//! `mkdir`, `rm`, `mv`, remote-to-remote `cp` and `find`, over spaceport-core's objects.

use std::io::Write;

use spaceport_core::objects::keys::{last_segment, parent_of};
use spaceport_core::objects::relocate::{self, Existing, Relocation, Side};
use spaceport_core::objects::selection::{self, SelectionCount};
use spaceport_core::objects::{delete, folder, search, Ctx, OpReport};
use spaceport_core::{Error, Result};

use crate::args::{MvArgs, RmArgs, TargetArgs};
use crate::output::{emit, entry_line, json_line};
use crate::remote_ops::{ctrl_c, plural, progress_line, remote, report, scheduler, Remote};

pub async fn mkdir(path: &str, flags: &TargetArgs, json: bool) -> Result<()> {
    let r = remote(path, flags)?;
    let item = spaceport_core::names::folder_prefix(&r.item()?);
    let sched = scheduler()?;
    let ctx = Ctx {
        s3: &r.s3,
        sched: &sched,
    };
    let name = last_segment(&item).trim_end_matches('/');
    let made = folder::create_folder(ctx, &r.path.bucket, parent_of(&item), name).await?;
    if json {
        println!("{}", json_line(&serde_json::json!({ "created": made }))?);
    } else {
        println!("Made the folder {made}");
    }
    Ok(())
}

/// The items of one Space named by paths. With `recursive`, a path without a trailing "/"
/// stands for the file of that name and the folder of that name, whichever exist.
pub async fn items_of(
    paths: &[String],
    flags: &TargetArgs,
    recursive: bool,
    ctx_sched: &spaceport_core::transfer::scheduler::Scheduler,
) -> Result<(Remote, Vec<String>)> {
    let mut first: Option<Remote> = None;
    let mut items = Vec::new();
    for p in paths {
        let r = remote(p, flags)?;
        if let Some(f) = &first {
            if f.path.bucket != r.path.bucket || f.path.account != r.path.account {
                return Err(Error::InvalidInput(
                    "Give paths in one Space at a time.".into(),
                ));
            }
        }
        let item = r.item()?;
        if item.ends_with('/') && !recursive {
            return Err(Error::InvalidInput(format!(
                "\"{item}\" is a folder: add --recursive to act on everything under it."
            )));
        }
        if recursive && !item.ends_with('/') {
            let ctx = Ctx {
                s3: &r.s3,
                sched: ctx_sched,
            };
            items.extend(file_or_folder(ctx, &r.path.bucket, &item).await?);
        } else {
            items.push(item);
        }
        first.get_or_insert(r);
    }
    let r = first.ok_or_else(|| Error::InvalidInput("Name at least one path.".into()))?;
    Ok((r, items))
}

async fn file_or_folder(ctx: Ctx<'_>, bucket: &str, key: &str) -> Result<Vec<String>> {
    let cancel = tokio_util::sync::CancellationToken::new();
    let mut found = Vec::new();
    if !relocate::exists_at(ctx, bucket, key, &cancel)
        .await?
        .is_empty()
    {
        found.push(key.to_owned());
    }
    let folder = format!("{key}/");
    if !relocate::exists_at(ctx, bucket, &folder, &cancel)
        .await?
        .is_empty()
    {
        found.push(folder);
    }
    if found.is_empty() {
        return Err(Error::NotFound(format!(
            "There is no file or folder \"{key}\" in the Space \"{bucket}\"."
        )));
    }
    Ok(found)
}

pub fn count_text(c: &SelectionCount) -> String {
    format!(
        "{} file{} and {} folder{}, {} object{} in all",
        c.files,
        plural(u64::from(c.files)),
        c.folders,
        plural(u64::from(c.folders)),
        c.objects,
        plural(c.objects)
    )
}

pub async fn rm(args: RmArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let sched = scheduler()?;
    let (r, items) = items_of(&args.paths, flags, args.recursive, &sched).await?;
    let ctx = Ctx {
        s3: &r.s3,
        sched: &sched,
    };
    let cancel = ctrl_c();
    let on = progress_line(json);
    if args.dry_run {
        let expanded = selection::expand(&r.s3, &r.path.bucket, &items, &cancel, &on).await?;
        let keys = selection::all_keys(&expanded);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for k in &keys {
            let line = if json {
                json_line(&serde_json::json!({ "wouldDelete": k.key }))?
            } else {
                format!("would delete {}", k.key)
            };
            emit(&mut out, &line)?;
        }
        out.flush().map_err(|e| crate::output::write_error(&e))?;
        eprintln!(
            "Dry run: {} would be deleted. Nothing was deleted.",
            count_text(&selection::count(&expanded))
        );
        return Ok(());
    }
    let done = delete::delete_items(ctx, &r.path.bucket, &items, &cancel, &on).await?;
    report("Deleted", &done, json)
}

pub async fn mv(args: MvArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let existing = if args.no_clobber {
        Existing::Skip
    } else {
        Existing::Overwrite
    };
    let done = copy_or_move(
        &args.source,
        &args.destination,
        args.recursive,
        existing,
        true,
        flags,
    )
    .await?;
    report("Moved", &done, json)
}

/// Remote to remote `cp`.
pub async fn cp_remote(
    src: &str,
    dst: &str,
    recursive: bool,
    no_clobber: bool,
    flags: &TargetArgs,
    json: bool,
) -> Result<()> {
    let existing = if no_clobber {
        Existing::Skip
    } else {
        Existing::Overwrite
    };
    let done = copy_or_move(src, dst, recursive, existing, false, flags).await?;
    report("Copied", &done, json)
}

async fn copy_or_move(
    src_text: &str,
    dst_text: &str,
    recursive: bool,
    existing: Existing,
    remove_source: bool,
    flags: &TargetArgs,
) -> Result<OpReport> {
    let src = remote(src_text, flags)?;
    let dst = remote(dst_text, flags)?;
    let sched = scheduler()?;
    let (_, mut items) = items_of(&[src_text.to_owned()], flags, recursive, &sched).await?;
    if items.len() != 1 {
        return Err(Error::InvalidInput(format!(
            "\"{src_text}\" is both a file and a folder: end it with \"/\" for the folder."
        )));
    }
    let item = items.remove(0);
    let same_account = src.account.id == dst.account.id;
    let cancel = ctrl_c();
    let on = progress_line(false);
    let src_ctx = Ctx {
        s3: &src.s3,
        sched: &sched,
    };
    let r = Relocation {
        src: Side {
            ctx: src_ctx,
            bucket: &src.path.bucket,
        },
        dst: Side {
            ctx: Ctx {
                s3: &dst.s3,
                sched: &sched,
            },
            bucket: &dst.path.bucket,
        },
        same_account,
        remove_source,
        existing,
    };
    match destination(&item, &src, &dst, same_account)? {
        Target::Into(folder) => relocate::relocate(&r, &[item], &folder, &cancel, &on).await,
        Target::Rename(name) if remove_source => {
            relocate::rename(src_ctx, &src.path.bucket, &item, &name, &cancel, &on).await
        }
        Target::Rename(_) => Err(Error::InvalidInput(
            "cp keeps names: give a folder ending in \"/\" as the destination.".into(),
        )),
    }
}

enum Target {
    /// Into this folder prefix, names kept.
    Into(String),
    /// A new name in the item's own folder.
    Rename(String),
}

/// "dir/" or a Space's top: into it. "dir/same-name": into "dir/". Else a rename, which
/// must stay in the item's folder.
fn destination(item: &str, src: &Remote, dst: &Remote, same_account: bool) -> Result<Target> {
    let dest = &dst.path.prefix;
    if dest.is_empty() || dest.ends_with('/') {
        return Ok(Target::Into(dest.clone()));
    }
    let name = last_segment(item).trim_end_matches('/');
    let dest_name = last_segment(dest);
    if dest_name == name {
        return Ok(Target::Into(parent_of(dest).to_owned()));
    }
    let same_place =
        same_account && src.path.bucket == dst.path.bucket && parent_of(dest) == parent_of(item);
    if same_place {
        return Ok(Target::Rename(dest_name.to_owned()));
    }
    Err(Error::InvalidInput(format!(
        "\"{dest}\" is a new name in another folder or Space: move into a folder (end it with \"/\"), then rename there."
    )))
}

pub async fn find(path: &str, text: &str, flags: &TargetArgs, json: bool) -> Result<()> {
    let r = remote(path, flags)?;
    let cancel = ctrl_c();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut found = 0u64;
    let scanned = search::search(
        &r.s3,
        &r.path.bucket,
        &r.path.prefix,
        text,
        &cancel,
        |entries| {
            for e in &entries {
                found += 1;
                let line = if json { json_line(e)? } else { entry_line(e) };
                emit(&mut out, &line)?;
            }
            out.flush().map_err(|e| crate::output::write_error(&e))
        },
    )
    .await?;
    if !json {
        eprintln!("{found} found among {scanned} keys.");
    }
    Ok(())
}
