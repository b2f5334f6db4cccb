//! Folder sync pairs and the cleanup rule. Pair changes reach the window as "sync"
//! broadcasts; previews and cleanups take an `op_id` that `cancel_op` stops.

use spaceport_core::objects::{Ctx, OpProgress, OpReport};
use spaceport_core::sync::cleanup::{self, CleanupPreview, CleanupRule};
use spaceport_core::sync::service::SyncPairState;
use spaceport_core::sync::{NewSyncPair, SyncPlan};
use spaceport_core::Result;
use tauri::ipc::Channel;
use tauri::State;

use super::objects::with_op;
use crate::state::AppState;

#[tauri::command]
pub fn list_sync_pairs(state: State<'_, AppState>) -> Result<Vec<SyncPairState>> {
    state.sync.states()
}

#[tauri::command]
pub fn add_sync_pair(state: State<'_, AppState>, pair: NewSyncPair) -> Result<SyncPairState> {
    state.sync.add(pair)
}

/// The plan of a pair's first sync, shown before it runs.
#[tauri::command]
pub async fn preview_sync_pair(
    state: State<'_, AppState>,
    pair_id: String,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<SyncPlan> {
    let sync = state.sync.clone();
    with_op(&state, &op_id, on_progress, |cancel, _| async move {
        sync.preview(&pair_id, &cancel).await
    })
    .await
}

/// Run the previewed plan, then watch the folder. Async, so the pair's worker is spawned on
/// the async runtime (a sync command runs on the main thread, outside it).
#[tauri::command]
pub async fn start_sync_pair(state: State<'_, AppState>, pair_id: String) -> Result<()> {
    state.sync.agree(&pair_id)
}

#[tauri::command]
pub fn pause_sync_pair(state: State<'_, AppState>, pair_id: String) -> Result<()> {
    state.sync.pause(&pair_id)
}

#[tauri::command]
pub async fn resume_sync_pair(state: State<'_, AppState>, pair_id: String) -> Result<()> {
    state.sync.resume(&pair_id)
}

#[tauri::command]
pub fn remove_sync_pair(state: State<'_, AppState>, pair_id: String) -> Result<()> {
    state.sync.remove(&pair_id)
}

#[tauri::command]
pub async fn preview_cleanup(
    state: State<'_, AppState>,
    account_id: String,
    rule: CleanupRule,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<CleanupPreview> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    let now = spaceport_core::sync::now_ms();
    with_op(&state, &op_id, on_progress, |cancel, _| async move {
        cleanup::preview(ctx, &rule, now, &cancel).await
    })
    .await
}

/// Delete what the preview with `cutoff_ms` showed.
#[tauri::command]
pub async fn run_cleanup(
    state: State<'_, AppState>,
    account_id: String,
    rule: CleanupRule,
    cutoff_ms: i64,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<OpReport> {
    let s3 = state.client(&account_id)?;
    let ctx = Ctx {
        s3: &s3,
        sched: &state.sched,
    };
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        cleanup::run(
            ctx,
            &rule,
            cutoff_ms,
            spaceport_core::sync::now_ms(),
            &cancel,
            &*on,
        )
        .await
    })
    .await
}
