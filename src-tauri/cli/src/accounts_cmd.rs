//! `spaceport-cli accounts list|add|remove|test`.

use std::io::{BufRead, IsTerminal};

use spaceport_core::browse;
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::keychain::Secret;
use spaceport_core::model::AccountDraft;
use spaceport_core::{Error, Result};

use crate::args::{AccountsCommand, AddArgs, TargetArgs};
use crate::output::{emit, json_line};
use crate::target::{account_store, env_first, provider_from_flags};

pub async fn run(cmd: AccountsCommand, flags: &TargetArgs, json: bool) -> Result<()> {
    match cmd {
        AccountsCommand::List => list(json),
        AccountsCommand::Add(args) => add(args, flags, json).await,
        AccountsCommand::Remove { name } => {
            let store = account_store()?;
            let account = store.find_by_name(&name)?;
            store.remove(&account.id)?;
            if !json {
                println!(
                    "Removed account \"{}\" and its keychain entry.",
                    account.name
                );
            }
            Ok(())
        }
        AccountsCommand::Test { name } => {
            let store = account_store()?;
            let account = store.find_by_name(&name)?;
            let secret = store.secret(&account.id)?;
            let report =
                browse::test_connection(&S3::new(&account, &secret, ClientOptions::probe()))
                    .await?;
            let mut out = std::io::stdout().lock();
            let line = if json {
                json_line(&report)?
            } else {
                report.message
            };
            emit(&mut out, &line)
        }
    }
}

fn list(json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for account in account_store()?.list()? {
        let line = if json {
            json_line(&account)?
        } else {
            let (endpoint, _) = spaceport_core::client::endpoint_of(&account.provider);
            format!("{}\t{}\t{}", account.name, endpoint, account.access_key_id)
        };
        emit(&mut out, &line)?;
    }
    Ok(())
}

async fn add(args: AddArgs, flags: &TargetArgs, json: bool) -> Result<()> {
    let provider = provider_from_flags(flags)?;
    let access_key_id = args
        .access_key
        .or_else(|| env_first(&["SPACES_KEY", "AWS_ACCESS_KEY_ID"]))
        .ok_or_else(|| {
            Error::InvalidInput("Give the access key with --access-key (or SPACES_KEY).".into())
        })?;
    let secret_key = read_secret(args.secret_stdin)?;
    let draft = AccountDraft {
        name: args.name,
        provider,
        access_key_id,
        secret_key,
    };
    let store = account_store()?;
    if !args.no_test {
        let (profile, secret) =
            spaceport_core::account::probe_profile(&store, draft.clone(), None)?;
        let report =
            browse::test_connection(&S3::new(&profile, &secret, ClientOptions::probe())).await?;
        if !json {
            eprintln!("{}", report.message);
        }
    }
    let account = store.add(draft)?;
    let line = if json {
        json_line(&account)?
    } else {
        format!("Saved account \"{}\".", account.name)
    };
    emit(&mut std::io::stdout().lock(), &line)
}

/// The secret comes from the environment, stdin, or a prompt that does not echo; never
/// from a flag, where other users could read it in the process list.
fn read_secret(from_stdin: bool) -> Result<Secret> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::io("Could not read the secret from stdin", &e))?;
        return Ok(Secret::new(line.trim()));
    }
    if let Some(secret) = env_first(&["SPACES_SECRET", "AWS_SECRET_ACCESS_KEY"]) {
        return Ok(Secret::new(secret));
    }
    if std::io::stdin().is_terminal() {
        let typed = rpassword::prompt_password("Secret key: ")
            .map_err(|e| Error::io("Could not read the secret key", &e))?;
        return Ok(Secret::new(typed.trim()));
    }
    Err(Error::InvalidInput(
        "No secret key: set SPACES_SECRET, or pass it on stdin with --secret-stdin.".into(),
    ))
}
