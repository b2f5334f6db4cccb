//! Share links, their history, and the per-Space CDN settings links use.

use std::time::Duration;

use spaceport_core::objects::Ctx;
use spaceport_core::share::history::History;
use spaceport_core::share::{self, ShareLink, Target};
use spaceport_core::space_prefs::SpacePrefs;
use spaceport_core::Result;
use tauri::State;

use crate::state::AppState;

fn history(state: &AppState) -> Result<History> {
    Ok(History::new(&state.config_dir()?))
}

/// A link for a file: its public (or CDN) URL when public, else signed for `expires_secs`.
/// Every link issued is kept in the history.
#[tauri::command]
pub async fn quick_share(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
    expires_secs: u64,
) -> Result<ShareLink> {
    let s3 = state.client(&account_id)?;
    let account = state.accounts().get(&account_id)?;
    let prefs = state.space_prefs()?.get(&account_id, &bucket)?;
    let t = Target {
        ctx: Ctx {
            s3: &s3,
            sched: &state.sched,
        },
        account: &account,
        bucket: &bucket,
        key: &key,
    };
    let link = share::quick_share(&t, Duration::from_secs(expires_secs), &prefs).await?;
    history(&state)?.add(&link)?;
    Ok(link)
}

/// A signed PUT link someone else can upload one file to `key` with.
#[tauri::command]
pub async fn upload_link(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
    expires_secs: u64,
    content_type: Option<String>,
) -> Result<ShareLink> {
    let s3 = state.client(&account_id)?;
    let account = state.accounts().get(&account_id)?;
    let t = Target {
        ctx: Ctx {
            s3: &s3,
            sched: &state.sched,
        },
        account: &account,
        bucket: &bucket,
        key: &key,
    };
    let link = share::presign_put(
        &t,
        Duration::from_secs(expires_secs),
        content_type.as_deref(),
    )
    .await?;
    history(&state)?.add(&link)?;
    Ok(link)
}

#[tauri::command]
pub fn share_history(state: State<'_, AppState>, account_id: String) -> Result<Vec<ShareLink>> {
    history(&state)?.list(&account_id)
}

#[tauri::command]
pub fn forget_share(state: State<'_, AppState>, id: String) -> Result<()> {
    history(&state)?.remove(&id)
}

/// Forget an account's links: all, or those expired before `now_ms`.
#[tauri::command]
pub fn clear_share_history(
    state: State<'_, AppState>,
    account_id: String,
    expired_before: Option<i64>,
) -> Result<usize> {
    history(&state)?.clear(&account_id, expired_before)
}

#[tauri::command]
pub fn space_prefs(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<SpacePrefs> {
    state.space_prefs()?.get(&account_id, &bucket)
}

#[tauri::command]
pub fn set_space_prefs(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    prefs: SpacePrefs,
) -> Result<SpacePrefs> {
    state.space_prefs()?.set(&account_id, &bucket, prefs)
}
