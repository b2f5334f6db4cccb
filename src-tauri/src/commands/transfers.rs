use std::path::PathBuf;

use spaceport_core::model::{
    ConflictPolicy, DownloadSelection, InterruptedTransfer, LeftoverUpload, StagedFile,
    TransferInfo, UploadOptions,
};
use spaceport_core::settings;
use spaceport_core::transfer::download::DownloadRequest;
use spaceport_core::transfer::leftovers;
use spaceport_core::transfer::staging::{self, Selected};
use spaceport_core::transfer::upload::UploadRequest;
use spaceport_core::Result;
use tauri::State;
use tokio_util::sync::CancellationToken;

use crate::state::AppState;

/// Dropped or picked paths as the files they stand for, with keys under `prefix`.
#[tauri::command]
pub async fn stage_upload(paths: Vec<String>, prefix: String) -> Result<Vec<StagedFile>> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    tokio::task::spawn_blocking(move || staging::stage_paths(&paths, &prefix))
        .await
        .map_err(|e| spaceport_core::Error::Internal(format!("Staging failed: {e}")))?
}

#[tauri::command]
pub async fn start_uploads(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    files: Vec<StagedFile>,
    options: UploadOptions,
    conflict: ConflictPolicy,
) -> Result<Vec<u64>> {
    let s3 = state.client(&account_id)?;
    let prefs = settings::load(&state.config_dir()?).transfers;
    let files =
        staging::settle_upload_conflicts(&s3, &bucket, files, conflict, &CancellationToken::new())
            .await?;
    let ids = files
        .into_iter()
        .map(|file| {
            let mut options = options.clone();
            options.content_type = options.content_type.or(Some(file.content_type));
            let req = UploadRequest {
                local: PathBuf::from(file.local),
                bucket: bucket.clone(),
                key: file.key,
                options,
                multipart_threshold: prefs.multipart_threshold(),
                part_size: prefs.part_size(),
            };
            state.transfers.add_upload(&account_id, req, file.size)
        })
        .collect();
    Ok(ids)
}

#[tauri::command]
pub async fn start_downloads(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    selection: Vec<DownloadSelection>,
    dest: String,
    conflict: ConflictPolicy,
) -> Result<Vec<u64>> {
    let s3 = state.client(&account_id)?;
    let prefs = settings::load(&state.config_dir()?).transfers;
    let selected: Vec<Selected> = selection
        .into_iter()
        .map(|s| Selected {
            key: s.key,
            kind: s.kind,
            size: s.size,
        })
        .collect();
    let items = staging::plan_downloads(
        &s3,
        &bucket,
        &selected,
        &PathBuf::from(dest),
        conflict,
        &CancellationToken::new(),
    )
    .await?;
    let ids = items
        .into_iter()
        .map(|item| {
            let req = DownloadRequest {
                bucket: bucket.clone(),
                key: item.key,
                local: item.local,
                ranged_threshold: prefs.multipart_threshold(),
                part_size: prefs.part_size(),
                size_hint: Some(item.size),
            };
            state.transfers.add_download(&account_id, req, item.size)
        })
        .collect();
    Ok(ids)
}

#[tauri::command]
pub fn list_transfers(state: State<'_, AppState>) -> Vec<TransferInfo> {
    state.transfers.list()
}

#[tauri::command]
pub async fn pause_transfer(state: State<'_, AppState>, id: u64) -> Result<()> {
    state.transfers.pause(id)
}

#[tauri::command]
pub async fn resume_transfer(state: State<'_, AppState>, id: u64) -> Result<()> {
    state.transfers.resume(id)
}

#[tauri::command]
pub async fn cancel_transfer(state: State<'_, AppState>, id: u64) -> Result<()> {
    state.transfers.cancel(id)
}

#[tauri::command]
pub fn clear_finished_transfers(state: State<'_, AppState>) {
    state.transfers.clear_finished();
}

/// Transfers a crash or restart interrupted, to offer resuming them.
#[tauri::command]
pub fn interrupted_transfers(state: State<'_, AppState>) -> Vec<InterruptedTransfer> {
    state.transfers.interrupted()
}

#[tauri::command]
pub async fn resume_interrupted(state: State<'_, AppState>, id: String) -> Result<u64> {
    state.transfers.resume_interrupted(&id)
}

#[tauri::command]
pub async fn discard_interrupted(state: State<'_, AppState>, id: String) -> Result<()> {
    state.transfers.discard_interrupted(&id).await
}

/// Unfinished multipart uploads in a Space that no journal here knows about.
#[tauri::command]
pub async fn find_leftover_uploads(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<Vec<LeftoverUpload>> {
    let s3 = state.client(&account_id)?;
    leftovers::find_leftovers(state.env(&s3, &account_id), &bucket).await
}

/// Abort leftover uploads; every one is tried, and the first failure is reported.
#[tauri::command]
pub async fn abort_leftover_uploads(
    state: State<'_, AppState>,
    account_id: String,
    uploads: Vec<LeftoverUpload>,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    let env = state.env(&s3, &account_id);
    let mut first_error = None;
    for upload in &uploads {
        if let Err(e) = leftovers::abort_leftover(env, upload).await {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}
