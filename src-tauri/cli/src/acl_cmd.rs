//! `acl get` and `acl set`.

use spaceport_core::model::ObjectAcl;
use spaceport_core::objects::acl::{read_public, set_acl};
use spaceport_core::objects::selection;
use spaceport_core::objects::Ctx;
use spaceport_core::Result;

use crate::args::{AclArg, AclCommand, TargetArgs};
use crate::objects_cmd::items_of;
use crate::output::json_line;
use crate::remote_ops::{ctrl_c, progress_line, report, scheduler};

fn acl_name(acl: ObjectAcl) -> &'static str {
    match acl {
        ObjectAcl::Private => "private",
        ObjectAcl::PublicRead => "public-read",
    }
}

pub async fn run(cmd: AclCommand, flags: &TargetArgs, json: bool) -> Result<()> {
    let sched = scheduler()?;
    let cancel = ctrl_c();
    let on = progress_line(json);
    match cmd {
        AclCommand::Get { path, recursive } => {
            let (r, items) = items_of(&[path], flags, recursive, &sched).await?;
            let ctx = Ctx {
                s3: &r.s3,
                sched: &sched,
            };
            let expanded = selection::expand(&r.s3, &r.path.bucket, &items, &cancel, &on).await?;
            for k in selection::all_keys(&expanded) {
                let acl = acl_name(read_public(ctx, &r.path.bucket, &k.key).await?);
                if json {
                    println!(
                        "{}",
                        json_line(&serde_json::json!({ "key": k.key, "acl": acl }))?
                    );
                } else {
                    println!("{acl:<12} {}", k.key);
                }
            }
            Ok(())
        }
        AclCommand::Set {
            acl,
            paths,
            recursive,
        } => {
            let (r, items) = items_of(&paths, flags, recursive, &sched).await?;
            let ctx = Ctx {
                s3: &r.s3,
                sched: &sched,
            };
            let acl = match acl {
                AclArg::Private => ObjectAcl::Private,
                AclArg::PublicRead => ObjectAcl::PublicRead,
            };
            let done = set_acl(ctx, &r.path.bucket, &items, acl, &cancel, &on).await?;
            report("Updated", &done, json)
        }
    }
}
