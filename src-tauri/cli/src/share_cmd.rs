//! `share`: Quick Share links, upload links and the history of links issued.

use spaceport_core::objects::Ctx;
use spaceport_core::share::history::History;
use spaceport_core::share::{duration, presign_put, quick_share, ShareLink, Target};
use spaceport_core::space_prefs::SpacePrefsStore;
use spaceport_core::{Error, Result};

use crate::args::{ShareArgs, TargetArgs};
use crate::output::{json_line, local_time};
use crate::remote_ops::{remote, scheduler};

pub async fn run(args: ShareArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let config = spaceport_core::paths::config_dir()?;
    let history = History::new(&config);
    if args.history {
        return list_history(&history, args.path.as_deref(), flags, json);
    }
    let path = args
        .path
        .ok_or_else(|| Error::InvalidInput("Name the file to share.".into()))?;
    let r = remote(&path, flags)?;
    let key = r.item()?;
    let sched = scheduler()?;
    let expires = duration::parse(&args.expires)?;
    let t = Target {
        ctx: Ctx {
            s3: &r.s3,
            sched: &sched,
        },
        account: &r.account,
        bucket: &r.path.bucket,
        key: &key,
    };
    let link = if args.upload {
        presign_put(&t, expires, args.content_type.as_deref()).await?
    } else {
        let prefs = SpacePrefsStore::new(&config).get(&r.account.id, &r.path.bucket)?;
        quick_share(&t, expires, &prefs).await?
    };
    history.add(&link)?;
    print_link(&link, json)
}

fn print_link(link: &ShareLink, json: bool) -> Result<()> {
    if json {
        println!("{}", json_line(link)?);
        return Ok(());
    }
    println!("{}", link.url);
    match link.expires_at {
        Some(at) => eprintln!("Valid until {}.", local_time(at)),
        None => eprintln!("The file is public: this link does not expire."),
    }
    if let Some(curl) = &link.curl {
        eprintln!("Upload a file with:\n{curl}");
    }
    Ok(())
}

fn list_history(
    history: &History,
    account: Option<&str>,
    flags: &TargetArgs,
    json: bool,
) -> Result<()> {
    let id = match account.or(flags.account.as_deref()) {
        Some(name) => crate::target::account_store()?.find_by_name(name)?.id,
        None => "environment".to_owned(),
    };
    for link in history.list(&id)? {
        if json {
            println!("{}", json_line(&link)?);
        } else {
            let until = link.expires_at.map_or("never expires".to_owned(), |at| {
                format!("until {}", local_time(at))
            });
            println!(
                "{}  {}/{}  {until}\n  {}",
                local_time(link.created_at),
                link.bucket,
                link.key,
                link.url
            );
        }
    }
    Ok(())
}
