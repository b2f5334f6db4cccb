//! `versions` and `restore`: a file's versions, deleted files, and bringing either back.

use spaceport_core::buckets::versions::{self, ObjectVersion};
use spaceport_core::objects::Ctx;
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

use crate::args::{RestoreArgs, TargetArgs, VersionsArgs};
use crate::output::{human_size, json_line, local_time};
use crate::remote_ops::{remote, scheduler};

fn version_line(v: &ObjectVersion) -> String {
    let state = match (v.is_latest, v.is_delete_marker) {
        (true, true) => "deleted",
        (true, false) => "latest",
        (false, true) => "(marker)",
        (false, false) => "",
    };
    let size = if v.is_delete_marker {
        String::new()
    } else {
        human_size(v.size)
    };
    let when = v.last_modified.map(local_time).unwrap_or_default();
    format!("{state:<9} {when:16}  {size:>10}  {}", v.version_id)
}

pub async fn versions(args: VersionsArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let r = remote(&args.path, flags)?;
    let sched = scheduler()?;
    let ctx = Ctx {
        s3: &r.s3,
        sched: &sched,
    };
    let cancel = CancellationToken::new();
    if args.deleted {
        for f in versions::deleted_files(ctx, &r.path.bucket, &r.path.prefix, &cancel).await? {
            if json {
                println!("{}", json_line(&f)?);
            } else {
                println!(
                    "{:16}  {}",
                    f.deleted_at.map(local_time).unwrap_or_default(),
                    f.key
                );
            }
        }
        return Ok(());
    }
    let key = r.item()?;
    let list = versions::list_versions(ctx, &r.path.bucket, &key, &cancel).await?;
    if list.is_empty() {
        return Err(Error::NotFound(format!(
            "\"{key}\" has no versions in the Space \"{}\".",
            r.path.bucket
        )));
    }
    for v in &list {
        println!("{}", if json { json_line(v)? } else { version_line(v) });
    }
    Ok(())
}

pub async fn restore(args: RestoreArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let r = remote(&args.path, flags)?;
    let key = r.item()?;
    let sched = scheduler()?;
    let ctx = Ctx {
        s3: &r.s3,
        sched: &sched,
    };
    let bucket = &r.path.bucket;
    let Some(from) = &args.version else {
        let markers = undelete(ctx, bucket, &key).await?;
        if json {
            let out = serde_json::json!({ "key": key, "from": markers[0], "markers": markers });
            println!("{}", json_line(&out)?);
        } else {
            let s = if markers.len() == 1 { "" } else { "s" };
            println!(
                "Brought back {key} (removed its delete marker{s} {}).",
                markers.join(", ")
            );
        }
        return Ok(());
    };
    let now = versions::restore_version(ctx, bucket, &key, from).await?;
    if json {
        let out = serde_json::json!({ "key": key, "from": from, "versionId": now });
        println!("{}", json_line(&out)?);
    } else {
        println!("Restored {key} from version {from}.");
    }
    Ok(())
}

/// Remove every delete marker that hides `key`; answers them, newest first.
async fn undelete(ctx: Ctx<'_>, bucket: &str, key: &str) -> Result<Vec<String>> {
    let removed = versions::undelete_key(ctx, bucket, key, &CancellationToken::new()).await?;
    if removed.is_empty() {
        return Err(Error::InvalidInput(format!(
            "\"{key}\" is not deleted: name the --version to restore (`spaceport-cli versions` lists them)."
        )));
    }
    Ok(removed)
}
