//! The Tauri builder: plugins, managed state and the command list. Behaviour lives in
//! `spaceport-core`; commands only translate.

mod commands;
mod logging;
mod state;

use tauri::Manager;

pub fn run() {
    let log_guard = logging::init();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let state = state::AppState::new()?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::accounts::list_accounts,
            commands::accounts::test_connection,
            commands::accounts::add_account,
            commands::accounts::update_account,
            commands::accounts::remove_account,
            commands::accounts::add_space,
            commands::accounts::forget_space,
            commands::browse::list_spaces,
            commands::browse::list_folder,
            commands::browse::cancel_listing,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the app stopped with an error");
    }
    drop(log_guard);
}
