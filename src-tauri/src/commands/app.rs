use spaceport_core::model::AppInfo;

#[tauri::command]
pub fn app_info() -> AppInfo {
    spaceport_core::app_info(env!("CARGO_PKG_VERSION"))
}
