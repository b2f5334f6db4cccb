//! What the object verbs share: a remote path resolved to its account and client, the
//! scheduler every request goes through (limits from the app's settings.json), Ctrl-C,
//! a progress line on a terminal, and the report of a bulk action.

use std::io::{IsTerminal, Write};

use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::model::Account;
use spaceport_core::objects::{OpPhase, OpProgress, OpReport};
use spaceport_core::remote::{parse_location, Location, RemotePath};
use spaceport_core::settings;
use spaceport_core::transfer::scheduler::Scheduler;
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

use crate::args::TargetArgs;
use crate::output::json_line;

/// A remote path with the account and client that reach it.
pub struct Remote {
    pub s3: S3,
    pub account: Account,
    pub path: RemotePath,
}

impl Remote {
    /// The key the path names, which must not be the whole Space.
    pub fn item(&self) -> Result<String> {
        let key = &self.path.prefix;
        if key.is_empty() {
            return Err(Error::InvalidInput(format!(
                "Name a file or folder inside the Space \"{}\", not the whole Space.",
                self.path.bucket
            )));
        }
        Ok(key.clone())
    }
}

pub fn remote(text: &str, flags: &TargetArgs) -> Result<Remote> {
    let Location::Remote(path) = parse_location(text)? else {
        return Err(Error::InvalidInput(format!(
            "\"{text}\" is a local path. Name a remote one: ACCOUNT:SPACE/KEY or s3://SPACE/KEY."
        )));
    };
    let (account, secret) = crate::target::resolve_account(&path, flags)?;
    let s3 = S3::new(&account, &secret, ClientOptions::transfers());
    Ok(Remote { s3, account, path })
}

/// The scheduler with the app's saved limits (the same as `cp` without flags).
pub fn scheduler() -> Result<Scheduler> {
    let saved = settings::load(&spaceport_core::paths::config_dir()?).transfers;
    Ok(Scheduler::new(saved.limits()))
}

/// A token that Ctrl-C cancels: the action stops starting new requests and reports.
pub fn ctrl_c() -> CancellationToken {
    let cancel = CancellationToken::new();
    let on = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on.cancel();
        }
    });
    cancel
}

/// "Deleting 340 of 1,502" on a terminal's stderr; nothing when piped or with --json.
pub fn progress_line(json: bool) -> impl Fn(OpProgress) + Send + Sync {
    let show = !json && std::io::stderr().is_terminal();
    move |p: OpProgress| {
        if !show {
            return;
        }
        let verb = match p.phase {
            OpPhase::Listing => "Listing",
            OpPhase::Copying => "Copying",
            OpPhase::Deleting => "Deleting",
            OpPhase::Updating => "Updating",
            OpPhase::Reading => "Reading",
        };
        let line = if p.total > 0 {
            format!("\r{verb} {} of {}", p.done, p.total)
        } else {
            format!("\r{verb}: {} found", p.done)
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{line}\x1b[K");
        let _ = err.flush();
    }
}

/// Wipe the progress line before printing a result.
pub fn clear_progress(json: bool) {
    if !json && std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
}

/// Print what a bulk action did, and every failed key with its reason on stderr. Any
/// failure makes the command fail (exit code 6), so scripts notice a partial result.
pub fn report(verb: &str, report: &OpReport, json: bool) -> Result<()> {
    clear_progress(json);
    if json {
        println!("{}", json_line(report)?);
    } else {
        let mut line = format!("{verb} {} object{}", report.done, plural(report.done));
        if report.skipped > 0 {
            line.push_str(&format!(
                ", skipped {} that already existed",
                report.skipped
            ));
        }
        println!("{line}.");
        for f in &report.failed {
            eprintln!("  failed: {}: {}", f.key, f.message);
        }
    }
    if report.cancelled {
        return Err(Error::Cancelled);
    }
    match report.failed.len() {
        0 => Ok(()),
        n => Err(Error::Conflict(format!(
            "{n} object{} could not be {}; see the list above.",
            plural(n as u64),
            verb.to_lowercase()
        ))),
    }
}

pub fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
