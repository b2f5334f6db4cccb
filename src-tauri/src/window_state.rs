//! The main window opens at the size and place it was closed at. Geometry is written
//! (atomically, by core) half a second after the last move or resize and when the window is
//! closed, so neither a drag's stream of events nor a crash costs more than that.

use std::sync::Mutex;
use std::time::Duration;

use spaceport_core::window_state::{self, Area, WindowGeometry};
use tauri::{PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, Window, WindowEvent};

const MAIN: &str = "main";
const QUIET: Duration = Duration::from_millis(500);

struct Pending {
    /// Bumped by every move or resize: a delayed write goes ahead only if none came since.
    generation: u64,
    /// The last size and place while neither maximized nor minimized: what a maximized
    /// window is saved as, so it returns there when unmaximized after a restart.
    normal: Option<WindowGeometry>,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending {
    generation: 0,
    normal: None,
});

/// Put the main window where it was last left (called from setup).
pub fn restore<R: Runtime>(window: &WebviewWindow<R>) {
    let saved = match window_state::path().and_then(|p| window_state::load(&p)) {
        Ok(Some(saved)) => saved,
        Ok(None) => return,
        Err(e) => return tracing::warn!(error = %e, "the saved window size is unreadable"),
    };
    let monitors: Vec<Area> = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|m| Area {
            x: m.position().x,
            y: m.position().y,
            width: m.size().width,
            height: m.size().height,
        })
        .collect();
    let place = window_state::fit(&saved, &monitors);
    let mut done = window.set_size(PhysicalSize::new(place.width, place.height));
    if let Some((x, y)) = place.position {
        done = done.and_then(|()| window.set_position(PhysicalPosition::new(x, y)));
    }
    if place.maximized {
        done = done.and_then(|()| window.maximize());
    }
    if let Err(e) = done {
        tracing::warn!(error = %e, "the window could not be put back where it was");
    }
}

/// The builder's window-event hook.
pub fn on_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if window.label() != MAIN {
        return;
    }
    match event {
        WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
            let Some(geometry) = current(window) else {
                return;
            };
            let generation = {
                let Ok(mut pending) = PENDING.lock() else {
                    return;
                };
                pending.generation += 1;
                pending.generation
            };
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(QUIET).await;
                let latest = PENDING.lock().map(|p| p.generation == generation);
                if latest.unwrap_or(false) {
                    write(&geometry);
                }
            });
        }
        WindowEvent::CloseRequested { .. } => {
            if let Some(geometry) = current(window) {
                write(&geometry);
            }
        }
        _ => {}
    }
}

/// The geometry to save now, or None while minimized (its position is meaningless then).
fn current<R: Runtime>(window: &Window<R>) -> Option<WindowGeometry> {
    if window.is_minimized().unwrap_or(false) {
        return None;
    }
    let position = window.outer_position().ok()?;
    let size = window.inner_size().ok()?;
    let here = WindowGeometry {
        x: position.x,
        y: position.y,
        width: size.width,
        height: size.height,
        maximized: false,
    };
    let mut pending = PENDING.lock().ok()?;
    if window.is_maximized().unwrap_or(false) {
        Some(WindowGeometry {
            maximized: true,
            ..pending.normal.unwrap_or(here)
        })
    } else {
        pending.normal = Some(here);
        Some(here)
    }
}

fn write(geometry: &WindowGeometry) {
    if let Err(e) = window_state::path().and_then(|p| window_state::save(&p, geometry)) {
        tracing::warn!(error = %e, "the window size could not be saved");
    }
}
