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
use spaceport_core::transfer::batch::{
    self, DownloadItem, ItemResult, Tuning, UploadItem, UploadTarget,
};
use spaceport_core::transfer::journal::Journal;
use spaceport_core::transfer::plan::MIB;
use spaceport_core::transfer::upload::Progress;
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

use crate::args::{AclArg, CpArgs, TargetArgs};
use crate::output::{emit, human_size, json_line};

pub async fn run(args: CpArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let tuning = Tuning {
        part_threshold: args.part_threshold_mib.clamp(5, 1024) * MIB,
        files_in_flight: args.concurrency.max(1),
    };
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
                upload(&args, flags, &src, &dst, tuning, &cancel).await?,
            ),
            (Location::Remote(src), Location::Local(dst)) => (
                "Downloaded",
                download(&args, flags, &src, &dst, tuning, &cancel).await?,
            ),
            (Location::Remote(_), Location::Remote(_)) => {
                return Err(Error::Unsupported(
                    "Copying between Spaces is not in the CLI yet: download, then upload.".into(),
                ))
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
    tuning: Tuning,
    cancel: &CancellationToken,
) -> Result<Vec<ItemResult>> {
    let meta = std::fs::metadata(src).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::NotFound(format!("{} does not exist.", src.display()))
        }
        _ => Error::io(&format!("Could not read {}", src.display()), &e),
    })?;
    let items = if meta.is_dir() {
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
    let s3 = crate::target::client_for(dst, flags, ClientOptions::transfers())?;
    let options = UploadOptions {
        acl: match args.acl {
            AclArg::Private => ObjectAcl::Private,
            AclArg::PublicRead => ObjectAcl::PublicRead,
        },
        cache_control: args.cache_control.clone(),
        content_type: args.content_type.clone(),
    };
    let (progress, ticker) = progress_line(items.iter().map(|i| i.size).sum(), items.len());
    let journal = Journal::open_default()?;
    let target = UploadTarget {
        bucket: &dst.bucket,
        options: &options,
        journal: Some(&journal),
    };
    let results = batch::upload_all(&s3, &target, items, tuning, cancel, progress).await;
    ticker.abort();
    Ok(results)
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
    tuning: Tuning,
    cancel: &CancellationToken,
) -> Result<Vec<ItemResult>> {
    let s3 = crate::target::client_for(src, flags, ClientOptions::transfers())?;
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
            dst.join(name)
        } else {
            PathBuf::from(dst)
        };
        vec![DownloadItem {
            key: src.prefix.clone(),
            local,
            size: 0,
        }]
    };
    let (progress, ticker) = progress_line(items.iter().map(|i| i.size).sum(), items.len());
    let results = batch::download_all(&s3, &src.bucket, items, tuning, cancel, progress).await;
    ticker.abort();
    Ok(results)
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
    let (mut ok, mut bytes) = (0usize, 0u64);
    for item in results {
        match item.result {
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
        eprintln!(
            "{verb} {ok} file{} ({}) in {:.1} s",
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
