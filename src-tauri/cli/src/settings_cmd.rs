//! `settings get|set SPACE SETTING [JSON | --file F]`: a Space's settings as JSON, in the
//! same form both ways, so `get` output edited and given to `set` round-trips.

use std::io::Read;

use serde::de::DeserializeOwned;
use serde_json::Value;
use spaceport_core::buckets::{cors, lifecycle, listing, logging, policy, versioning};
use spaceport_core::objects::Ctx;
use spaceport_core::{Error, Result};

use crate::args::{SettingArg, SettingsCommand, TargetArgs};
use crate::remote_ops::{remote, scheduler};

pub async fn run(cmd: SettingsCommand, flags: &TargetArgs) -> Result<()> {
    let sched = scheduler()?;
    match cmd {
        SettingsCommand::Get { space, setting } => {
            let r = remote(&space, flags)?;
            let ctx = Ctx {
                s3: &r.s3,
                sched: &sched,
            };
            let value = get(ctx, &r.path.bucket, setting).await?;
            let text = serde_json::to_string_pretty(&value)
                .map_err(|e| Error::Internal(format!("Could not encode the setting: {e}.")))?;
            println!("{text}");
            Ok(())
        }
        SettingsCommand::Set {
            space,
            setting,
            value,
            file,
        } => {
            let text = match (value, file) {
                (Some(text), _) => text,
                (None, Some(path)) => read_input(&path)?,
                (None, None) => {
                    return Err(Error::InvalidInput(
                        "Give the new value as JSON, or --file.".into(),
                    ))
                }
            };
            let r = remote(&space, flags)?;
            let ctx = Ctx {
                s3: &r.s3,
                sched: &sched,
            };
            set(ctx, &r.path.bucket, setting, &text).await?;
            eprintln!(
                "Saved the {} of the Space {}.",
                name(setting),
                r.path.bucket
            );
            Ok(())
        }
    }
}

fn name(setting: SettingArg) -> &'static str {
    match setting {
        SettingArg::Cors => "CORS rules",
        SettingArg::Lifecycle => "lifecycle rules",
        SettingArg::Versioning => "versioning",
        SettingArg::Policy => "bucket policy",
        SettingArg::Logging => "access logging",
        SettingArg::Listing => "file listing permission",
    }
}

fn read_input(path: &std::path::Path) -> Result<String> {
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(drop)
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map_err(|e| Error::io(&format!("Could not read {}", path.display()), &e))?;
    Ok(text)
}

fn to_json<T: serde::Serialize>(value: T) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::Internal(format!("Could not encode the setting: {e}.")))
}

async fn get(ctx: Ctx<'_>, bucket: &str, setting: SettingArg) -> Result<Value> {
    match setting {
        SettingArg::Cors => to_json(cors::get_cors(ctx, bucket).await?),
        SettingArg::Lifecycle => to_json(lifecycle::get_lifecycle(ctx, bucket).await?),
        SettingArg::Versioning => to_json(versioning::get_versioning(ctx, bucket).await?),
        SettingArg::Logging => to_json(logging::get_logging(ctx, bucket).await?),
        SettingArg::Listing => to_json(listing::get_listing(ctx, bucket).await?),
        // A policy is printed as the document itself (a string only if it is not JSON).
        SettingArg::Policy => Ok(match policy::get_policy(ctx, bucket).await? {
            Some(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
            None => Value::Null,
        }),
    }
}

async fn set(ctx: Ctx<'_>, bucket: &str, setting: SettingArg, text: &str) -> Result<()> {
    let what = name(setting);
    match setting {
        SettingArg::Cors => cors::set_cors(ctx, bucket, &parse::<Vec<_>>(text, what)?).await,
        SettingArg::Lifecycle => {
            lifecycle::set_lifecycle(ctx, bucket, &parse::<Vec<_>>(text, what)?).await
        }
        SettingArg::Versioning => versioning::set_versioning(ctx, bucket, word(text, what)?).await,
        SettingArg::Logging => {
            logging::set_logging(ctx, bucket, parse::<Option<_>>(text, what)?.as_ref()).await
        }
        SettingArg::Listing => listing::set_listing(ctx, bucket, word(text, what)?).await,
        // Sent as written (the core checks it); `null` removes it.
        SettingArg::Policy => {
            let text = text.trim();
            let policy = (text != "null").then_some(text);
            policy::set_policy(ctx, bucket, policy).await
        }
    }
}

fn parse<T: DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        Error::InvalidInput(format!(
            "The {what} are not in the expected JSON form: {e}. Print the current ones with `settings get` to see it."
        ))
    })
}

/// A one-word setting, quoted as JSON or not: "enabled" and enabled both do.
fn word<T: DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    let text = text.trim();
    serde_json::from_str(text)
        .or_else(|_| serde_json::from_value(Value::String(text.to_owned())))
        .map_err(|_| Error::InvalidInput(format!("\"{text}\" is not a value for the {what}; `spaceport-cli settings set --help` lists them.")))
}
