//! The Preferences window, the folder reopened at start, and the log folder.

use spaceport_core::settings::last_location::{self, LastLocation};
use spaceport_core::settings::{self, Settings};
use spaceport_core::{Error, Result};
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use crate::state::AppState;

/// The saved preferences (the defaults where none are saved).
#[tauri::command]
pub fn preferences(state: State<'_, AppState>) -> Result<Settings> {
    Ok(settings::load(&state.config_dir()?))
}

/// Save new preferences; answers with what was kept. Running transfers follow the new
/// limits at once; the log level applies from the next start.
#[tauri::command]
pub async fn set_preferences(state: State<'_, AppState>, settings: Settings) -> Result<Settings> {
    let kept = settings::update(&state.config_dir()?, settings)?;
    state.sched.set_limits(kept.transfers.limits());
    Ok(kept)
}

#[tauri::command]
pub fn last_location(state: State<'_, AppState>) -> Result<Option<LastLocation>> {
    Ok(last_location::load(&state.config_dir()?))
}

/// Remember the folder just opened (None forgets it).
#[tauri::command]
pub fn set_last_location(state: State<'_, AppState>, location: Option<LastLocation>) -> Result<()> {
    last_location::save(&state.config_dir()?, location.as_ref())
}

/// Show the log folder in the system's file manager.
#[tauri::command]
pub fn open_log_folder(app: tauri::AppHandle) -> Result<()> {
    let dir = spaceport_core::paths::log_dir()?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("Could not create the log folder", &e))?;
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| {
            Error::Unsupported(format!(
                "The log folder {} could not be opened: {e}.",
                dir.display()
            ))
        })
}
