//! Object actions. A bulk action takes an `op_id` (so `cancel_op` can stop it) and a
//! Channel that hears its progress; it answers with the report of what was done and what
//! failed.

use futures::stream::{self, StreamExt};
use spaceport_core::model::{ListEvent, ObjectAcl};
use spaceport_core::objects::acl::KeyAcl;
use spaceport_core::objects::info::{self, ObjectInfo, Preview};
use spaceport_core::objects::meta::{self, MetaPatch, MetaSummary};
use spaceport_core::objects::relocate::{self, Destination, Existing, Relocation, Side};
use spaceport_core::objects::selection::{self, SelectionCount};
use spaceport_core::objects::{acl, delete, folder, search, Ctx, OpProgress, OpReport};
use spaceport_core::{Error, Result};
use tauri::ipc::Channel;
use tauri::State;
use tokio_util::sync::CancellationToken;

use crate::state::AppState;

/// Runs `f` with the op's cancel handle and a progress listener, and forgets the op after.
pub(crate) async fn with_op<T, F, Fut>(
    state: &AppState,
    op_id: &str,
    channel: Channel<OpProgress>,
    f: F,
) -> Result<T>
where
    F: FnOnce(CancellationToken, Box<dyn Fn(OpProgress) + Send + Sync>) -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let cancel = state.start_listing(op_id)?;
    let on = Box::new(move |p: OpProgress| {
        // A window that stopped listening does not stop the action.
        let _ = channel.send(p);
    });
    let result = f(cancel, on).await;
    state.finish_listing(op_id)?;
    result
}

#[tauri::command]
pub fn cancel_op(state: State<'_, AppState>, op_id: String) -> Result<()> {
    state.cancel_listing(&op_id)
}

/// What a delete would remove: "3 files and 2 folders, 1,204 objects".
#[tauri::command]
pub async fn count_selection(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    items: Vec<String>,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<SelectionCount> {
    let s3 = state.client(&account_id)?;
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        let expanded = selection::expand(&s3, &bucket, &items, &cancel, &*on).await?;
        Ok(selection::count(&expanded))
    })
    .await
}

#[tauri::command]
pub async fn delete_items(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    items: Vec<String>,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<OpReport> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        delete::delete_items(ctx, &bucket, &items, &cancel, &*on).await
    })
    .await
}

#[tauri::command]
pub async fn create_folder(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    parent: String,
    name: String,
) -> Result<String> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    folder::create_folder(ctx, &bucket, &parent, &name).await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn rename_item(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    item: String,
    new_name: String,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<OpReport> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        relocate::rename(ctx, &bucket, &item, &new_name, &cancel, &*on).await
    })
    .await
}

/// Selected folders that already exist at the destination (the UI asks to merge).
#[tauri::command]
pub async fn folders_in_the_way(
    state: State<'_, AppState>,
    items: Vec<String>,
    dest: Destination,
) -> Result<Vec<String>> {
    let s3 = state.client(&dest.account_id)?;
    let side = Side {
        ctx: Ctx {
            s3: &s3,
            sched: &state.sched,
        },
        bucket: &dest.bucket,
    };
    relocate::folders_in_the_way(side, &items, &dest.prefix, &CancellationToken::new()).await
}

/// Copy or move the selected items into `dest` (another folder, Space or account).
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn relocate_items(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    items: Vec<String>,
    dest: Destination,
    remove_source: bool,
    existing: Existing,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<OpReport> {
    let src_s3 = state.client(&account_id)?;
    let dst_s3 = state.client(&dest.account_id)?;
    let r = Relocation {
        src: Side {
            ctx: Ctx {
                s3: &src_s3,
                sched: &state.sched,
            },
            bucket: &bucket,
        },
        dst: Side {
            ctx: Ctx {
                s3: &dst_s3,
                sched: &state.sched,
            },
            bucket: &dest.bucket,
        },
        same_account: account_id == dest.account_id,
        remove_source,
        existing,
    };
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        relocate::relocate(&r, &items, &dest.prefix, &cancel, &*on).await
    })
    .await
}

#[tauri::command]
pub async fn set_acl(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    items: Vec<String>,
    acl: ObjectAcl,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<OpReport> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        acl::set_acl(ctx, &bucket, &items, acl, &cancel, &*on).await
    })
    .await
}

/// The permissions of the files on screen, read 16 at a time.
#[tauri::command]
pub async fn object_acls(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    keys: Vec<String>,
) -> Result<Vec<KeyAcl>> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    let bucket = &bucket;
    Ok(stream::iter(keys)
        .map(|key| async move {
            let acl = acl::read_public(ctx, bucket, &key).await.ok();
            KeyAcl { key, acl }
        })
        .buffer_unordered(16)
        .collect()
        .await)
}

#[tauri::command]
pub async fn meta_summary(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    items: Vec<String>,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<MetaSummary> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        meta::read_summary(ctx, &bucket, &items, &cancel, &*on).await
    })
    .await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn set_meta(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    items: Vec<String>,
    patch: MetaPatch,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<OpReport> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        meta::set_meta(ctx, &bucket, &items, &patch, &cancel, &*on).await
    })
    .await
}

#[tauri::command]
pub async fn object_info(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
) -> Result<ObjectInfo> {
    let s3 = state.client(&account_id)?;
    let account = state.accounts().get(&account_id)?;
    let prefs = state.space_prefs()?.get(&account_id, &bucket)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    info::object_info(ctx, &account, &bucket, &key, &prefs).await
}

#[tauri::command]
pub async fn object_preview(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
    size: u64,
    content_type: Option<String>,
) -> Result<Preview> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    info::preview(ctx, &bucket, &key, size, content_type.as_deref()).await
}

/// Search under `prefix` for names containing `text`, streamed as `ListEvent` pages; ends
/// with `Done` (files = keys found, folders = 0). Cancelled with `cancel_listing`.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn search_space(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    prefix: String,
    text: String,
    listing_id: String,
    on_event: Channel<ListEvent>,
) -> Result<()> {
    let cancel = state.start_listing(&listing_id)?;
    let s3 = state.client(&account_id);
    let mut found = 0u32;
    let result = match s3 {
        Ok(s3) => {
            search::search(&s3, &bucket, &prefix, &text, &cancel, |entries| {
                found += u32::try_from(entries.len()).unwrap_or(u32::MAX);
                on_event
                    .send(ListEvent::Page { entries })
                    .map_err(|_| Error::Cancelled)
            })
            .await
        }
        Err(e) => Err(e),
    };
    state.finish_listing(&listing_id)?;
    result?;
    on_event
        .send(ListEvent::Done {
            folders: 0,
            files: found,
            bytes: 0,
        })
        .map_err(|_| Error::Cancelled)
}
