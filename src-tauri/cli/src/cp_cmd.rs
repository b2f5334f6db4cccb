//! `spaceport-cli cp SRC DST [--recursive]`: uploads and downloads through the core's
//! transfer engine, with a progress line on a terminal and none when piped.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use spaceport_core::client::ClientOptions;
use spaceport_core::model::{ObjectAcl, UploadOptions};
use spaceport_core::names::folder_prefix;
use spaceport_core::remote::{parse_location, Location, RemotePath};
use spaceport_core::settings::{self, TransferSettings};
use spaceport_core::transfer::batch::{
    self, DownloadItem, ItemResult, Tuning, UploadItem, UploadTarget,
};
use spaceport_core::transfer::journal::Journal;
use spaceport_core::transfer::plan::MIB;
use spaceport_core::transfer::scheduler::{Limits, Scheduler};
use spaceport_core::transfer::upload::Progress;
use spaceport_core::transfer::Env;
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

use crate::args::{AclArg, CpArgs, TargetArgs};
use crate::output::{emit, human_size, json_line};

/// How a copy runs: the engine's settings from the flags, and the journal.
struct Engine {
    tuning: Tuning,
    sched: Scheduler,
    journal: Journal,
}

impl Engine {
    fn new(args: &CpArgs) -> Result<Self> {
        // The flags win; else the app's settings.json; else the defaults.
        let saved = settings::load(&spaceport_core::paths::config_dir()?).transfers;
        let limits = limits_for(args.concurrency, args.rate_limit, saved);
        Ok(Engine {
            tuning: Tuning {
                part_threshold: args
                    .part_threshold_mib
                    .map_or(saved.multipart_threshold(), |mib| mib.clamp(5, 1024) * MIB),
                // Parts at least as large as Preferences say (there is no flag for it).
                part_size: saved.part_size(),
                // Twice the requests, so small files keep every request slot busy.
                files_in_flight: limits.requests_in_flight * 2,
            },
            sched: Scheduler::new(limits),
            journal: Journal::open_default()?,
        })
    }

    fn env<'a>(&'a self, s3: &'a spaceport_core::client::S3, account_id: &'a str) -> Env<'a> {
        Env {
            s3,
            sched: &self.sched,
            journal: Some(&self.journal),
            account_id,
        }
    }
}

/// The flags win over the saved settings. A rate limit given as a flag is meant for the
/// server at hand, whatever it is; the saved one holds back DigitalOcean Spaces only.
fn limits_for(concurrency: Option<usize>, rate: Option<u32>, saved: TransferSettings) -> Limits {
    let mut limits = TransferSettings {
        requests_in_flight: concurrency.unwrap_or(saved.requests_in_flight),
        requests_per_second: rate.unwrap_or(saved.requests_per_second),
        ..saved
    }
    .limits();
    limits.limit_every_server = rate.is_some();
    limits
}

pub async fn run(args: CpArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let engine = Engine::new(&args)?;
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let started = Instant::now();
    let (verb, results) =
        match (
            parse_location(&args.source)?,
            parse_location(&args.destination)?,
        ) {
            (Location::Local(src), Location::Remote(dst)) => (
                "Uploaded",
                upload(&args, flags, &src, &dst, &engine, &cancel).await?,
            ),
            (Location::Remote(src), Location::Local(dst)) => (
                "Downloaded",
                download(&args, flags, &src, &dst, &engine, &cancel).await?,
            ),
            (Location::Remote(_), Location::Remote(_)) => {
                return crate::objects_cmd::cp_remote(
                    &args.source,
                    &args.destination,
                    args.recursive,
                    args.no_clobber,
                    flags,
                    json,
                )
                .await
            }
            (Location::Local(_), Location::Local(_)) => return Err(Error::InvalidInput(
                "Both paths are local. One side must be ACCOUNT:SPACE/PREFIX or s3://SPACE/PREFIX."
                    .into(),
            )),
        };
    report(verb, results, started.elapsed(), json)
}

async fn upload(
    args: &CpArgs,
    flags: &TargetArgs,
    src: &Path,
    dst: &RemotePath,
    engine: &Engine,
    cancel: &CancellationToken,
) -> Result<Vec<ItemResult>> {
    let meta = std::fs::metadata(src).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::NotFound(format!("{} does not exist.", src.display()))
        }
        _ => Error::io(&format!("Could not read {}", src.display()), &e),
    })?;
    let tree = meta.is_dir();
    let items = if tree {
        if !args.recursive {
            return Err(Error::InvalidInput(format!(
                "{} is a folder: add --recursive to upload everything in it.",
                src.display()
            )));
        }
        batch::plan_upload_tree(src, &folder_prefix(&dst.prefix))?
    } else {
        vec![UploadItem {
            local: src.to_path_buf(),
            key: single_key(src, &dst.prefix),
            size: meta.len(),
        }]
    };
    let (s3, account_id) = crate::target::account_client(dst, flags, ClientOptions::transfers())?;
    let options = UploadOptions {
        acl: match args.acl {
            AclArg::Private => ObjectAcl::Private,
            AclArg::PublicRead => ObjectAcl::PublicRead,
        },
        cache_control: args.cache_control.clone(),
        content_type: args.content_type.clone(),
    };
    let env = engine.env(&s3, &account_id);
    let (items, mut skipped) = if args.resume {
        uploads_to_resume(env, dst, tree, items, cancel).await?
    } else {
        (items, Vec::new())
    };
    let (progress, ticker) = progress_line(items.iter().map(|i| i.size).sum(), items.len());
    let target = UploadTarget {
        bucket: &dst.bucket,
        options: &options,
    };
    let mut results = batch::upload_all(env, &target, items, engine.tuning, cancel, progress).await;
    ticker.abort();
    results.append(&mut skipped);
    Ok(results)
}

/// `--resume`: the files not yet at the destination with their size, and the skipped rest.
async fn uploads_to_resume(
    env: Env<'_>,
    dst: &RemotePath,
    tree: bool,
    items: Vec<UploadItem>,
    cancel: &CancellationToken,
) -> Result<(Vec<UploadItem>, Vec<ItemResult>)> {
    let there: std::collections::HashMap<String, u64> = if tree {
        batch::remote_sizes(env.s3, &dst.bucket, &folder_prefix(&dst.prefix), cancel).await?
    } else {
        let mut one = std::collections::HashMap::new();
        for item in &items {
            if let Some(size) = batch::remote_size(env, &dst.bucket, &item.key).await? {
                one.insert(item.key.clone(), size);
            }
        }
        one
    };
    let (done, todo): (Vec<UploadItem>, Vec<UploadItem>) = items
        .into_iter()
        .partition(|i| there.get(&i.key) == Some(&i.size));
    let skipped = done
        .into_iter()
        .map(|i| ItemResult::skipped(i.key, i.size))
        .collect();
    Ok((todo, skipped))
}

/// A file uploaded to "photos/" keeps its name; to "photos/a.jpg" it takes that key.
fn single_key(src: &Path, prefix: &str) -> String {
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if prefix.is_empty() || prefix.ends_with('/') {
        format!("{prefix}{name}")
    } else {
        prefix.to_owned()
    }
}

async fn download(
    args: &CpArgs,
    flags: &TargetArgs,
    src: &RemotePath,
    dst: &Path,
    engine: &Engine,
    cancel: &CancellationToken,
) -> Result<Vec<ItemResult>> {
    let (s3, account_id) = crate::target::account_client(src, flags, ClientOptions::transfers())?;
    let items = if args.recursive {
        batch::plan_download_tree(&s3, &src.bucket, &src.prefix, dst, cancel).await?
    } else {
        let name = src
            .prefix
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "\"{}\" names a folder: add --recursive to download everything in it.",
                    src.prefix
                ))
            })?;
        let into_dir = dst.is_dir() || dst.to_string_lossy().ends_with(['/', '\\']);
        let local = if into_dir {
            // The key's name made one this OS accepts (on Windows "a:b" lands as "a_b").
            batch::local_path_for(dst, name).ok_or_else(|| {
                Error::InvalidInput(format!(
                    "\"{}\" cannot be saved under that name.",
                    src.prefix
                ))
            })?
        } else {
            PathBuf::from(dst)
        };
        vec![DownloadItem {
            key: src.prefix.clone(),
            local,
            size: 0,
        }]
    };
    let env = engine.env(&s3, &account_id);
    let (items, mut skipped) = if args.resume {
        downloads_to_resume(env, &src.bucket, items).await?
    } else {
        (items, Vec::new())
    };
    let (progress, ticker) = progress_line(items.iter().map(|i| i.size).sum(), items.len());
    let mut results =
        batch::download_all(env, &src.bucket, items, engine.tuning, cancel, progress).await;
    ticker.abort();
    results.append(&mut skipped);
    Ok(results)
}

/// `--resume`: the objects not yet saved with their size, and the skipped rest.
async fn downloads_to_resume(
    env: Env<'_>,
    bucket: &str,
    items: Vec<DownloadItem>,
) -> Result<(Vec<DownloadItem>, Vec<ItemResult>)> {
    let mut todo = Vec::new();
    let mut skipped = Vec::new();
    for mut item in items {
        if item.size == 0 {
            // A single object named on the command line: its size is not known yet.
            item.size = batch::remote_size(env, bucket, &item.key)
                .await?
                .unwrap_or(0);
        }
        let local = std::fs::metadata(&item.local).map(|m| m.len()).ok();
        if local == Some(item.size) {
            skipped.push(ItemResult::skipped(item.key, item.size));
        } else {
            todo.push(item);
        }
    }
    Ok((todo, skipped))
}

/// A progress line redrawn every 150 ms on a terminal; on a pipe, nothing.
fn progress_line(total: u64, files: usize) -> (Progress, tokio::task::JoinHandle<()>) {
    let done = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&done);
    let progress: Progress = Arc::new(move |n| {
        counter.fetch_add(n, Ordering::Relaxed);
    });
    let show = std::io::stderr().is_terminal();
    let ticker = tokio::spawn(async move {
        if !show {
            return;
        }
        let started = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_millis(150)).await;
            let sent = done.load(Ordering::Relaxed);
            let rate = sent as f64 / started.elapsed().as_secs_f64().max(0.001);
            let of_total = if total > 0 {
                format!(" / {}", human_size(total))
            } else {
                String::new()
            };
            eprint!(
                "\r\x1b[K{}{of_total}  {}/s  ({files} file{})",
                human_size(sent),
                human_size(rate as u64),
                if files == 1 { "" } else { "s" }
            );
        }
    });
    (progress, ticker)
}

fn report(verb: &str, results: Vec<ItemResult>, took: Duration, json: bool) -> Result<()> {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
    let mut out = std::io::stdout().lock();
    let mut first_error: Option<Error> = None;
    let (mut ok, mut bytes, mut skipped) = (0usize, 0u64, 0usize);
    for item in results {
        match item.result {
            Ok(()) if item.skipped => {
                skipped += 1;
                if json {
                    let line =
                        serde_json::json!({ "name": item.name, "ok": true, "skipped": true });
                    emit(&mut out, &json_line(&line)?)?;
                }
            }
            Ok(()) => {
                ok += 1;
                bytes += item.bytes;
                if json {
                    emit(
                        &mut out,
                        &json_line(&serde_json::json!({ "name": item.name, "ok": true }))?,
                    )?;
                }
            }
            Err(err) => {
                if json {
                    emit(
                        &mut out,
                        &json_line(
                            &serde_json::json!({ "name": item.name, "ok": false, "error": err.payload() }),
                        )?,
                    )?;
                } else {
                    eprintln!("failed: {}: {err}", item.name);
                }
                first_error.get_or_insert(err);
            }
        }
    }
    if !json {
        let already = if skipped > 0 {
            format!("; {skipped} already there")
        } else {
            String::new()
        };
        eprintln!(
            "{verb} {ok} file{} ({}) in {:.1} s{already}",
            if ok == 1 { "" } else { "s" },
            human_size(bytes),
            took.as_secs_f64()
        );
    }
    match first_error {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_flag_holds_back_every_server_and_the_saved_one_only_spaces() {
        let saved = TransferSettings {
            requests_in_flight: 8,
            requests_per_second: 700,
            ..TransferSettings::default()
        };
        let from_settings = limits_for(None, None, saved);
        assert_eq!(
            (
                from_settings.requests_in_flight,
                from_settings.requests_per_second
            ),
            (8, 700)
        );
        assert!(!from_settings.limit_every_server);
        let flagged = limits_for(Some(4), Some(50), saved);
        assert_eq!(
            (flagged.requests_in_flight, flagged.requests_per_second),
            (4, 50)
        );
        assert!(flagged.limit_every_server);
    }
}
