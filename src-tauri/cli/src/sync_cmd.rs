//! `sync LOCAL REMOTE` (one reconcile; `--dry-run`, `--delete`, `--watch`) and `cleanup
//! REMOTE --older-than DAYS`, over the core's sync and the same engine as `cp`. What a
//! sync uploaded is remembered per folder and target, so the next run compares exactly.

use std::sync::Arc;

use spaceport_core::model::ObjectAcl;
use spaceport_core::objects::{Ctx, OpReport};
use spaceport_core::sync::cleanup::{self, CleanupRule};
use spaceport_core::sync::ignore::DEFAULT_IGNORE;
use spaceport_core::sync::index::index_path;
use spaceport_core::sync::pair::{checked, SyncOptions};
use spaceport_core::sync::reconcile::{SyncPlan, UploadReason};
use spaceport_core::sync::run::{self, PairEnv, SyncAction, SyncActivity, SyncOutcome};
use spaceport_core::sync::worker::{Reporter, SyncStatus, Worker};
use spaceport_core::sync::{NewSyncPair, SyncPair};
use spaceport_core::transfer::integrity::{hex, md5};
use spaceport_core::transfer::journal::Journal;
use spaceport_core::transfer::Env;
use spaceport_core::{Error, Result};

use crate::args::{AclArg, CleanupArgs, SyncArgs, TargetArgs};
use crate::output::{human_size, json_line, local_time};
use crate::remote_ops::{clear_progress, ctrl_c, plural, progress_line, remote, report, scheduler};

pub async fn sync(args: SyncArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let target = remote(&args.remote, flags)?;
    let pair = pair_for(&args, &target.account.id, &target.path)?;
    let index = index_path(&spaceport_core::paths::sync_state_dir()?, &pair.id);
    let sched = Arc::new(scheduler()?);
    let journal = Journal::open_default()?;
    let cancel = ctrl_c();
    let pe = PairEnv {
        env: Env {
            s3: &target.s3,
            sched: &sched,
            journal: Some(&journal),
            account_id: &pair.account_id,
        },
        pair: &pair,
        index_path: &index,
    };
    let plan = run::reconcile(pe, &cancel).await?;
    print_plan(&plan, &pair, args.dry_run, json)?;
    if args.dry_run {
        return Ok(());
    }
    if args.watch {
        let worker = Worker {
            s3: target.s3.clone(),
            sched,
            journal: Some(journal.clone()),
            pair: pair.clone(),
            index_path: index.clone(),
        };
        eprintln!("Watching {} (Ctrl-C stops).", pair.local);
        let printer = Arc::new(Printer {
            json,
            review: std::sync::Mutex::new(None),
        });
        worker.run(Some(plan), cancel, printer.clone()).await;
        let review = printer.review.lock().ok().and_then(|mut r| r.take());
        return review.map_or(Ok(()), |message| Err(Error::Conflict(message)));
    }
    refuse_emptied_folder(&plan, &pair)?;
    let print = |a: SyncActivity| print_activity(&a, json);
    let outcome = run::execute(pe, &plan, &cancel, &print).await?;
    finish(&outcome, json)
}

/// A folder with nothing in it and files to delete is far likelier an unmounted drive or a
/// wrong path than a wish to empty the Space.
fn refuse_emptied_folder(plan: &SyncPlan, pair: &SyncPair) -> Result<()> {
    let empty = plan.uploads.is_empty() && plan.unchanged == 0;
    if empty && !plan.deletes.is_empty() {
        return Err(Error::Conflict(format!(
            "{} is empty, so --delete would delete all {} files in {}/{}. Nothing was deleted. If that is what you want, use `spaceport-cli rm -r`.",
            pair.local,
            plan.deletes.len(),
            pair.bucket,
            pair.prefix
        )));
    }
    Ok(())
}

/// The pair a command line describes. Its id comes from the folder and the target, so
/// the next run of the same sync finds what this one uploaded.
fn pair_for(
    args: &SyncArgs,
    account_id: &str,
    path: &spaceport_core::remote::RemotePath,
) -> Result<SyncPair> {
    let mut ignore: Vec<String> = if args.no_default_ignores {
        Vec::new()
    } else {
        DEFAULT_IGNORE.iter().map(|p| (*p).to_owned()).collect()
    };
    ignore.extend(args.ignore.iter().cloned());
    let options = SyncOptions {
        delete_remote: args.delete,
        acl: match args.acl {
            AclArg::Private => ObjectAcl::Private,
            AclArg::PublicRead => ObjectAcl::PublicRead,
        },
        cache_control: args.cache_control.clone(),
        ignore,
        compare_checksums: args.checksum,
    };
    let mut pair = checked(NewSyncPair {
        local: args.local.clone(),
        account_id: account_id.to_owned(),
        bucket: path.bucket.clone(),
        prefix: path.prefix.clone(),
        options,
    })?;
    let seed = format!(
        "{}\0{}\0{}\0{}",
        pair.local, pair.account_id, pair.bucket, pair.prefix
    );
    pair.id = format!("cli-{}", hex(&md5(seed.as_bytes())));
    Ok(pair)
}

fn print_plan(plan: &SyncPlan, pair: &SyncPair, dry_run: bool, json: bool) -> Result<()> {
    if json {
        if dry_run {
            println!("{}", json_line(plan)?);
        }
        return Ok(());
    }
    let mut line = format!(
        "{} to upload ({}), {} to delete, {} unchanged",
        plan.uploads.len(),
        human_size(plan.upload_bytes),
        plan.deletes.len(),
        plan.unchanged
    );
    if plan.kept_remote > 0 {
        line.push_str(&format!(
            ", {} only in the Space (kept; --delete removes them)",
            plan.kept_remote
        ));
    }
    println!("{}: {line}.", pair.label());
    if dry_run {
        for u in &plan.uploads {
            let why = match u.reason {
                UploadReason::New => "new",
                UploadReason::Changed => "changed",
            };
            println!("  upload  {} ({why}, {})", u.path, human_size(u.size));
        }
        for d in &plan.deletes {
            println!("  delete  {d}");
        }
    }
    Ok(())
}

fn print_activity(a: &SyncActivity, json: bool) {
    if json {
        if let Ok(line) = json_line(a) {
            println!("{line}");
        }
        return;
    }
    match a.action {
        SyncAction::Uploaded => println!("uploaded {} ({})", a.path, human_size(a.bytes)),
        SyncAction::Deleted => println!("deleted  {}", a.path),
        SyncAction::Failed => eprintln!(
            "failed   {}: {}",
            a.path,
            a.message.as_deref().unwrap_or("unknown error")
        ),
    }
}

fn finish(outcome: &SyncOutcome, json: bool) -> Result<()> {
    if json {
        println!("{}", json_line(outcome)?);
    } else {
        println!(
            "Uploaded {} file{} ({}), deleted {}.",
            outcome.uploaded,
            plural(outcome.uploaded),
            human_size(outcome.bytes),
            outcome.deleted
        );
    }
    match outcome.failed {
        0 => Ok(()),
        n => Err(Error::Conflict(format!(
            "{n} file{} could not be synced; see the list above.",
            plural(n)
        ))),
    }
}

/// What `--watch` prints as it goes; a stop for a review ends the command with its reason.
struct Printer {
    json: bool,
    review: std::sync::Mutex<Option<String>>,
}

impl Reporter for Printer {
    fn status(&self, status: SyncStatus) {
        if let SyncStatus::Error { message, .. } = status {
            eprintln!("error    {message} (trying again)");
        }
    }

    fn activity(&self, activity: SyncActivity) {
        print_activity(&activity, self.json);
    }

    fn synced(&self, _at_ms: i64, _outcome: &SyncOutcome) {}

    fn needs_review(&self, message: String) {
        if let Ok(mut r) = self.review.lock() {
            *r = Some(message);
        }
    }
}

pub async fn cleanup(args: CleanupArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let target = remote(&args.path, flags)?;
    let sched = scheduler()?;
    let ctx = Ctx {
        s3: &target.s3,
        sched: &sched,
    };
    let rule = CleanupRule {
        bucket: target.path.bucket.clone(),
        prefix: target.path.prefix.clone(),
        older_than_days: args.older_than,
    };
    let cancel = ctrl_c();
    let preview = cleanup::preview(ctx, &rule, spaceport_core::sync::now_ms(), &cancel).await?;
    if json && !args.yes {
        println!("{}", json_line(&preview)?);
        return Ok(());
    }
    if !json {
        println!(
            "{} file{} ({}) older than {} ({} day{}); {} newer stay.",
            preview.count,
            plural(preview.count),
            human_size(preview.bytes),
            local_time(preview.cutoff_ms),
            args.older_than,
            plural(u64::from(args.older_than)),
            preview.kept
        );
        if !args.yes {
            for f in &preview.files {
                println!(
                    "  {}  {}  {}",
                    local_time(f.last_modified),
                    human_size(f.size),
                    f.key
                );
            }
            if preview.count > preview.files.len() as u64 {
                println!(
                    "  … and {} more",
                    preview.count - preview.files.len() as u64
                );
            }
            if preview.count > 0 {
                println!("Nothing was deleted. Run again with --yes to delete them.");
            }
            return Ok(());
        }
    }
    if preview.count == 0 {
        return report("Deleted", &OpReport::default(), json);
    }
    let on = progress_line(json);
    let now = spaceport_core::sync::now_ms();
    let done = cleanup::run(ctx, &rule, preview.cutoff_ms, now, &cancel, &on).await?;
    clear_progress(json);
    report("Deleted", &done, json)
}
