use spaceport_core::browse::{self, ListRequest};
use spaceport_core::model::{ListEvent, SpaceList};
use spaceport_core::{Error, Result};
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn list_spaces(state: State<'_, AppState>, account_id: String) -> Result<SpaceList> {
    let client = state.client(&account_id)?;
    let account = state.accounts().get(&account_id)?;
    browse::list_spaces(&client, &account).await
}

/// Stream a folder to the UI page by page. Ends when listed, cancelled (`cancel_listing`,
/// sent when the user leaves the folder) or when the window stops listening.
#[tauri::command]
pub async fn list_folder(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    prefix: String,
    filter: Option<String>,
    listing_id: String,
    on_event: Channel<ListEvent>,
) -> Result<()> {
    let cancel = state.start_listing(&listing_id)?;
    let client = match state.client(&account_id) {
        Ok(client) => client,
        Err(e) => {
            state.finish_listing(&listing_id)?;
            return Err(e);
        }
    };
    let req = ListRequest {
        bucket,
        prefix,
        recursive: false,
    };
    let filter = filter.unwrap_or_default();
    let result = browse::list_filtered(&client, &req, &filter, &cancel, |entries| {
        on_event
            .send(ListEvent::Page { entries })
            .map_err(|_| Error::Cancelled)
    })
    .await;
    state.finish_listing(&listing_id)?;
    let totals = result?;
    on_event
        .send(ListEvent::Done {
            folders: totals.folders,
            files: totals.files,
            bytes: totals.bytes,
        })
        .map_err(|_| Error::Cancelled)
}

#[tauri::command]
pub fn cancel_listing(state: State<'_, AppState>, listing_id: String) -> Result<()> {
    state.cancel_listing(&listing_id)
}
