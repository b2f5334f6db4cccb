//! `spaceport-cli ls PATH [--recursive]`.

use std::io::Write;

use spaceport_core::browse::{self, ListRequest};
use spaceport_core::client::ClientOptions;
use spaceport_core::remote::{parse_location, Location};
use spaceport_core::{Error, Result};
use tokio_util::sync::CancellationToken;

use crate::args::{LsArgs, TargetArgs};
use crate::output::{emit, entry_line, json_line};

pub async fn run(args: LsArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let Location::Remote(path) = parse_location(&args.path)? else {
        return Err(Error::InvalidInput(format!(
            "\"{}\" is a local path. List a Space with ACCOUNT:SPACE/FOLDER or s3://SPACE/FOLDER.",
            args.path
        )));
    };
    let client = crate::target::client_for(&path, flags, ClientOptions::interactive())?;
    let req = ListRequest {
        bucket: path.bucket,
        prefix: path.prefix,
        recursive: args.recursive,
    };
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let totals = browse::list_folder(&client, &req, &cancel, |entries| {
        for entry in &entries {
            let line = if json {
                json_line(entry)?
            } else {
                entry_line(entry)
            };
            emit(&mut out, &line)?;
        }
        // Each page reaches a pipe as soon as it arrives.
        out.flush().map_err(|e| crate::output::write_error(&e))
    })
    .await?;
    if !json {
        let summary = format!(
            "{} folders, {} files, {}",
            totals.folders,
            totals.files,
            crate::output::human_size(totals.bytes)
        );
        eprintln!("{summary}");
    }
    Ok(())
}
