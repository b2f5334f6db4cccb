//! spaceport-cli: the terminal companion of Spaceport, over the same core, accounts and keychain.

mod accounts_cmd;
mod acl_cmd;
mod args;
mod buckets_cmd;
mod cp_cmd;
mod ls_cmd;
mod meta_cmd;
mod objects_cmd;
mod output;
mod remote_ops;
mod settings_cmd;
mod share_cmd;
mod sync_cmd;
mod target;
mod versions_cmd;

use clap::Parser;
use spaceport_core::{Error, Result};

fn main() {
    let cli = args::Cli::parse();
    let json = cli.json;
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("Could not start: {e}")))
        .and_then(|rt| rt.block_on(dispatch(cli)));
    match outcome {
        Ok(()) => {}
        // `| head` closed the pipe: not a failure.
        Err(Error::Cancelled) if output::READER_GONE.load(std::sync::atomic::Ordering::Relaxed) => {
        }
        Err(err) => {
            output::print_error(&err, json);
            std::process::exit(err.kind().exit_code());
        }
    }
}

async fn dispatch(cli: args::Cli) -> Result<()> {
    match cli.command {
        args::Command::Accounts(cmd) => accounts_cmd::run(cmd, &cli.target, cli.json).await,
        args::Command::Ls(ls) => ls_cmd::run(ls, &cli.target, cli.json).await,
        args::Command::Cp(cp) => cp_cmd::run(cp, &cli.target, cli.json).await,
        args::Command::Mkdir { path } => objects_cmd::mkdir(&path, &cli.target, cli.json).await,
        args::Command::Rm(rm) => objects_cmd::rm(rm, &cli.target, cli.json).await,
        args::Command::Mv(mv) => objects_cmd::mv(mv, &cli.target, cli.json).await,
        args::Command::Acl(cmd) => acl_cmd::run(cmd, &cli.target, cli.json).await,
        args::Command::Meta(cmd) => meta_cmd::run(cmd, &cli.target, cli.json).await,
        args::Command::Share(share) => share_cmd::run(share, &cli.target, cli.json).await,
        args::Command::Find { path, text } => {
            objects_cmd::find(&path, &text, &cli.target, cli.json).await
        }
        args::Command::Mb(mb) => buckets_cmd::mb(mb, &cli.target, cli.json).await,
        args::Command::Rb(rb) => buckets_cmd::rb(rb, &cli.target, cli.json).await,
        args::Command::Du(du) => buckets_cmd::du(du, &cli.target, cli.json).await,
        args::Command::Settings(cmd) => settings_cmd::run(cmd, &cli.target).await,
        args::Command::Versions(v) => versions_cmd::versions(v, &cli.target, cli.json).await,
        args::Command::Restore(r) => versions_cmd::restore(r, &cli.target, cli.json).await,
        args::Command::Sync(s) => sync_cmd::sync(s, &cli.target, cli.json).await,
        args::Command::Cleanup(c) => sync_cmd::cleanup(c, &cli.target, cli.json).await,
    }
}
