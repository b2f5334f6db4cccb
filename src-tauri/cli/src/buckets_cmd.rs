//! `mb`, `rb` and `du`: making, destroying and measuring Spaces.

use spaceport_core::buckets::create::{self, NewSpace};
use spaceport_core::buckets::destroy::{self, SpaceContents};
use spaceport_core::buckets::usage::{self, SpaceUsage, UsageCache};
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::objects::Ctx;
use spaceport_core::remote::{parse_location, Location, RemotePath};
use spaceport_core::{Error, Result};

use crate::args::{DuArgs, MbArgs, RbArgs, TargetArgs};
use crate::output::{human_size, json_line};
use crate::remote_ops::{clear_progress, ctrl_c, plural, progress_line, remote, report, scheduler};
use crate::target::resolve_account;

/// A path that names a whole Space and nothing inside it.
fn space_only(text: &str) -> Result<RemotePath> {
    match parse_location(text)? {
        Location::Remote(path) if path.prefix.trim_matches('/').is_empty() => Ok(path),
        _ => Err(Error::InvalidInput(format!(
            "\"{text}\" is not a Space: write ACCOUNT:NAME or s3://NAME."
        ))),
    }
}

pub async fn mb(args: MbArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let path = space_only(&args.path)?;
    let (saved, secret) = resolve_account(&path, flags)?;
    // With a saved account, --region says where the new Space goes.
    let account = create::account_in_region(&saved, flags.region.as_deref())?;
    let s3 = S3::new(&account, &secret, ClientOptions::interactive());
    let sched = scheduler()?;
    let new = NewSpace {
        name: path.bucket,
        region: None,
        public_listing: args.public_listing,
    };
    let ctx = Ctx {
        s3: &s3,
        sched: &sched,
    };
    let made = create::create_space(ctx, &account.provider, &new).await?;
    if json {
        println!("{}", json_line(&made)?);
    } else {
        let listing = if args.public_listing {
            "public"
        } else {
            "restricted"
        };
        println!(
            "Made the Space {} in {}; file listing {listing}.",
            made.name, made.region
        );
    }
    Ok(())
}

fn contents_text(c: &SpaceContents) -> String {
    format!(
        "{} file{} ({}), {} older version{}, {} delete marker{} and {} unfinished upload{}",
        c.objects,
        plural(c.objects),
        human_size(c.bytes),
        c.older_versions,
        plural(c.older_versions),
        c.delete_markers,
        plural(c.delete_markers),
        c.uploads,
        plural(c.uploads)
    )
}

pub async fn rb(args: RbArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let bucket = space_only(&args.path)?.bucket;
    let r = remote(&args.path, flags)?;
    let sched = scheduler()?;
    let ctx = Ctx {
        s3: &r.s3,
        sched: &sched,
    };
    let (cancel, on) = (ctrl_c(), progress_line(json));
    // Counted first either way: --force deletes what was counted, and refuses when more
    // arrived meanwhile.
    let contents = destroy::count_contents(ctx, &bucket, &cancel, &on).await?;
    clear_progress(json);
    if !args.force && !contents.is_empty() {
        return Err(Error::Conflict(format!(
            "The Space \"{bucket}\" holds {}. Add --force to delete all of it, then the Space.",
            contents_text(&contents)
        )));
    }
    let provider = &r.account.provider;
    let done = destroy::destroy_space(
        ctx,
        provider,
        &bucket,
        args.force,
        Some(&contents),
        &cancel,
        &on,
    )
    .await?;
    if !done.destroyed {
        report("Deleted", &done.emptied, json)?;
        return Err(Error::Conflict(done.note.unwrap_or_else(|| {
            format!("The Space \"{bucket}\" was not destroyed.")
        })));
    }
    keep_cache(|c| c.forget(&r.account.id, &bucket));
    clear_progress(json);
    if json {
        println!("{}", json_line(&done)?);
        return Ok(());
    }
    if args.force {
        println!(
            "Deleted {} object{}.",
            done.emptied.done,
            plural(done.emptied.done)
        );
    }
    println!("Destroyed the Space {bucket}.");
    if let Some(note) = &done.note {
        println!("{note}");
    }
    Ok(())
}

pub async fn du(args: DuArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let r = remote(&args.path, flags)?;
    let sched = scheduler()?;
    let ctx = Ctx {
        s3: &r.s3,
        sched: &sched,
    };
    let (cancel, on) = (ctrl_c(), progress_line(json));
    let measured = usage::measure(ctx, &r.path.bucket, &r.path.prefix, &cancel, &on).await?;
    clear_progress(json);
    keep_cache(|c| c.put(&r.account.id, &measured));
    if json {
        println!("{}", json_line(&measured)?);
    } else {
        print_usage(&measured, args.by_folder);
    }
    Ok(())
}

/// Update the usage cache the app reads. The Space was already destroyed or measured: a
/// cache that cannot be written is said on stderr, not turned into a failure.
fn keep_cache(update: impl FnOnce(&UsageCache) -> Result<()>) {
    let done = spaceport_core::paths::config_dir().and_then(|dir| update(&UsageCache::new(&dir)));
    if let Err(e) = done {
        eprintln!("Note: the storage usage cache was not updated: {e}");
    }
}

fn print_usage(u: &SpaceUsage, by_folder: bool) {
    let line = |bytes: u64, objects: u64, name: &str| {
        println!(
            "{:>10}  {objects:>9} object{:1}  {name}",
            human_size(bytes),
            plural(objects)
        );
    };
    if by_folder {
        for f in &u.folders {
            line(f.bytes, f.objects, &format!("{}/", f.name));
        }
        if u.loose_objects > 0 {
            line(u.loose_bytes, u.loose_objects, "(files outside folders)");
        }
    }
    line(
        u.bytes,
        u.objects,
        &format!("{}/{} in all", u.bucket, u.prefix),
    );
    println!(
        "Estimated cost: ${:.2} a month at Spaces' published prices for this much storage (no outbound transfer counted; one $5 subscription covers every Space of an account).",
        u.cost.usd_per_month
    );
}
