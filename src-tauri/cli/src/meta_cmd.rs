//! `meta get` and `meta set`.

use spaceport_core::objects::meta::{read_summary, set_meta, MetaPatch};
use spaceport_core::objects::Ctx;
use spaceport_core::{Error, Result};

use crate::args::{MetaCommand, TargetArgs};
use crate::objects_cmd::items_of;
use crate::output::json_line;
use crate::remote_ops::{ctrl_c, progress_line, report, scheduler};

pub async fn run(cmd: MetaCommand, flags: &TargetArgs, json: bool) -> Result<()> {
    let sched = scheduler()?;
    let cancel = ctrl_c();
    let on = progress_line(json);
    match cmd {
        MetaCommand::Get { paths, recursive } => {
            let (r, items) = items_of(&paths, flags, recursive, &sched).await?;
            let ctx = Ctx {
                s3: &r.s3,
                sched: &sched,
            };
            let summary = read_summary(ctx, &r.path.bucket, &items, &cancel, &on).await?;
            if json {
                println!("{}", json_line(&summary)?);
                return Ok(());
            }
            if summary.objects != 1 {
                println!("{} files", summary.objects);
            }
            for (name, value) in &summary.headers {
                println!("{name}: {}", value.as_deref().unwrap_or("(mixed)"));
            }
            Ok(())
        }
        MetaCommand::Set {
            paths,
            recursive,
            set,
            remove,
        } => {
            let patch = patch_of(&set, remove)?;
            let (r, items) = items_of(&paths, flags, recursive, &sched).await?;
            let ctx = Ctx {
                s3: &r.s3,
                sched: &sched,
            };
            let done = set_meta(ctx, &r.path.bucket, &items, &patch, &cancel, &on).await?;
            report("Updated", &done, json)
        }
    }
}

fn patch_of(set: &[String], remove: Vec<String>) -> Result<MetaPatch> {
    let mut patch = MetaPatch {
        remove,
        ..MetaPatch::default()
    };
    for pair in set {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            Error::InvalidInput(format!(
                "\"{pair}\" is not NAME=VALUE, e.g. Cache-Control=max-age=60."
            ))
        })?;
        patch.set.insert(name.to_owned(), value.to_owned());
    }
    Ok(patch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_the_first_equals() {
        let p = patch_of(&["Cache-Control=max-age=60".into()], vec![]).expect("patch");
        assert_eq!(p.set["Cache-Control"], "max-age=60");
        assert!(patch_of(&["novalue".into()], vec![]).is_err());
    }
}
