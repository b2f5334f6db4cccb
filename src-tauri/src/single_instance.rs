//! One running app per install: a second launch hands over to the first, which brings its
//! window to the front, and exits (tauri-plugin-single-instance).

use tauri::{plugin::TauriPlugin, AppHandle, Manager, Runtime};

/// The guard, to register before every other plugin so a second launch stops before the rest
/// of the setup (state, sync watchers) runs twice.
pub fn plugin<R: Runtime>(identifier: &str) -> TauriPlugin<R> {
    let builder =
        tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| focus(app));
    // On Linux the instances meet on the session bus under this name; an overridden config
    // dir gets a name of its own. Windows and macOS key on the identifier alone (the plugin
    // takes no other name there).
    #[cfg(target_os = "linux")]
    let builder = builder.dbus_id(spaceport_core::paths::instance_id(identifier));
    #[cfg(not(target_os = "linux"))]
    let _ = identifier;
    builder.build()
}

fn focus<R: Runtime>(app: &AppHandle<R>) {
    tracing::info!("Spaceport was launched again: showing the open window");
    if let Some(window) = app.get_webview_window("main") {
        let shown = window
            .unminimize()
            .and_then(|()| window.show())
            .and_then(|()| window.set_focus());
        if let Err(e) = shown {
            tracing::warn!(error = %e, "the open window could not be brought to the front");
        }
    }
}
