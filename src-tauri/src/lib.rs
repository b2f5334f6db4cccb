//! The Tauri builder: plugins, managed state and the command list. Behaviour lives in
//! `spaceport-core`; commands only translate.

mod commands;
mod logging;
mod single_instance;
mod state;
mod window_state;

use std::sync::Arc;

use tauri::{Emitter, Manager};

pub fn run() {
    let log_guard = logging::init();
    let context = tauri::generate_context!();
    let identifier = context.config().identifier.clone();
    let result = tauri::Builder::default()
        .plugin(single_instance::plugin(&identifier))
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(window_state::on_event)
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                window_state::restore(&window);
            }
            let handle = app.handle().clone();
            // The transfer panel is app-wide: every change is a broadcast.
            let on_transfer = Arc::new(move |info| {
                let _ = handle.emit("transfer", info);
            });
            let handle = app.handle().clone();
            // So is every sync pair's status.
            let on_sync = Arc::new(move |pair| {
                let _ = handle.emit("sync", pair);
            });
            let state = state::AppState::new(on_transfer, on_sync)?;
            let sync = state.sync.clone();
            tauri::async_runtime::spawn(async move {
                if let Err(e) = sync.start_all() {
                    tracing::error!(error = %e, "sync pairs could not start");
                }
            });
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
            commands::buckets::space_name_problem,
            commands::buckets::create_space,
            commands::buckets::count_space_contents,
            commands::buckets::destroy_space,
            commands::buckets::space_usage,
            commands::buckets::cached_space_usage,
            commands::buckets::estimate_space_cost,
            commands::buckets::space_urls,
            commands::buckets::space_file_listing,
            commands::buckets::set_space_file_listing,
            commands::buckets::space_cors,
            commands::buckets::set_space_cors,
            commands::buckets::space_lifecycle,
            commands::buckets::set_space_lifecycle,
            commands::buckets::space_versioning,
            commands::buckets::set_space_versioning,
            commands::buckets::space_policy,
            commands::buckets::set_space_policy,
            commands::buckets::space_logging,
            commands::buckets::set_space_logging,
            commands::buckets::list_versions,
            commands::buckets::restore_version,
            commands::buckets::delete_version,
            commands::buckets::download_version,
            commands::buckets::deleted_files,
            commands::buckets::undelete_files,
            commands::objects::cancel_op,
            commands::objects::count_selection,
            commands::objects::delete_items,
            commands::objects::create_folder,
            commands::objects::rename_item,
            commands::objects::folders_in_the_way,
            commands::objects::relocate_items,
            commands::objects::set_acl,
            commands::objects::object_acls,
            commands::objects::meta_summary,
            commands::objects::set_meta,
            commands::objects::object_info,
            commands::objects::object_preview,
            commands::objects::search_space,
            commands::share::quick_share,
            commands::share::upload_link,
            commands::share::share_history,
            commands::share::forget_share,
            commands::share::clear_share_history,
            commands::share::space_prefs,
            commands::share::set_space_prefs,
            commands::sync::list_sync_pairs,
            commands::sync::add_sync_pair,
            commands::sync::preview_sync_pair,
            commands::sync::start_sync_pair,
            commands::sync::pause_sync_pair,
            commands::sync::resume_sync_pair,
            commands::sync::remove_sync_pair,
            commands::sync::preview_cleanup,
            commands::sync::run_cleanup,
            commands::transfers::stage_upload,
            commands::transfers::start_uploads,
            commands::transfers::start_downloads,
            commands::transfers::list_transfers,
            commands::transfers::pause_transfer,
            commands::transfers::resume_transfer,
            commands::transfers::cancel_transfer,
            commands::transfers::clear_finished_transfers,
            commands::transfers::interrupted_transfers,
            commands::transfers::resume_interrupted,
            commands::transfers::discard_interrupted,
            commands::transfers::find_leftover_uploads,
            commands::transfers::abort_leftover_uploads,
            commands::prefs::preferences,
            commands::prefs::set_preferences,
            commands::prefs::last_location,
            commands::prefs::set_last_location,
            commands::prefs::open_log_folder,
        ])
        .run(context);
    if let Err(e) = result {
        tracing::error!(error = %e, "the app stopped with an error");
    }
    drop(log_guard);
}
