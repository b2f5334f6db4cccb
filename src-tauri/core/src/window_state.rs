//! The main window's size and position, kept in `window-state.json` in the config dir so the
//! window opens where it was closed. The app crate reads and writes the window; what to keep
//! and where a saved window may go on today's monitors is decided here, without Tauri.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::fsutil;

/// The window as it was last left, in physical pixels: the outer top-left corner and the inner
/// (content) size, which is what a window is created and resized with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowGeometry {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    /// Maximized when closed: x, y, width and height are then the size it returns to.
    #[serde(default)]
    pub maximized: bool,
}

/// A monitor's area in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// Where and how large to open the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub width: u32,
    pub height: u32,
    /// None: leave the position to the window system (the saved one is off every monitor).
    pub position: Option<(i32, i32)>,
    pub maximized: bool,
}

/// How much of the window's top edge must lie on a monitor for the saved position to be
/// kept: enough to grab the title bar and drag the window back.
const GRAB_WIDTH: i64 = 100;
const GRAB_HEIGHT: i64 = 30;

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    main: Option<WindowGeometry>,
}

pub fn path() -> Result<PathBuf> {
    Ok(crate::paths::config_dir()?.join("window-state.json"))
}

/// The saved geometry, or None when nothing was saved yet.
pub fn load(path: &Path) -> Result<Option<WindowGeometry>> {
    Ok(fsutil::load_json::<File>(path)?.main)
}

/// Save atomically: a crash mid-write leaves the previous file whole.
pub fn save(path: &Path, geometry: &WindowGeometry) -> Result<()> {
    let file = File {
        main: Some(*geometry),
    };
    let json = serde_json::to_vec_pretty(&file)
        .map_err(|e| crate::Error::Internal(format!("window state: {e}")))?;
    fsutil::write_atomic(path, &json)
}

/// The saved window fitted to the monitors there are now: the size no larger than the largest
/// monitor, and the position kept only if the title bar would be on one of them (a monitor
/// unplugged since would otherwise open the window where nobody can see it).
pub fn fit(saved: &WindowGeometry, monitors: &[Area]) -> Placement {
    let max_w = monitors.iter().map(|m| m.width).max().unwrap_or(u32::MAX);
    let max_h = monitors.iter().map(|m| m.height).max().unwrap_or(u32::MAX);
    let width = saved.width.clamp(1, max_w.max(1));
    let height = saved.height.clamp(1, max_h.max(1));
    // The title bar: the window's top GRAB_HEIGHT pixels, across its width.
    let (left, top) = (i64::from(saved.x), i64::from(saved.y));
    let (right, bottom) = (left + i64::from(width), top + GRAB_HEIGHT);
    let grabbable = |m: &Area| {
        let (m_left, m_top) = (i64::from(m.x), i64::from(m.y));
        let (m_right, m_bottom) = (m_left + i64::from(m.width), m_top + i64::from(m.height));
        let across = right.min(m_right) - left.max(m_left);
        let down = bottom.min(m_bottom) - top.max(m_top);
        across >= GRAB_WIDTH.min(i64::from(width)) && down >= GRAB_HEIGHT
    };
    let on_screen = monitors.is_empty() || monitors.iter().any(grabbable);
    Placement {
        width,
        height,
        position: on_screen.then_some((saved.x, saved.y)),
        maximized: saved.maximized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HD: Area = Area {
        x: 0,
        y: 0,
        width: 1920,
        height: 1080,
    };

    fn geometry(x: i32, y: i32, width: u32, height: u32) -> WindowGeometry {
        WindowGeometry {
            x,
            y,
            width,
            height,
            maximized: false,
        }
    }

    #[test]
    fn a_window_on_screen_opens_where_it_was() {
        let p = fit(&geometry(200, 100, 1000, 700), &[HD]);
        assert_eq!(
            p,
            Placement {
                width: 1000,
                height: 700,
                position: Some((200, 100)),
                maximized: false
            }
        );
    }

    #[test]
    fn a_window_on_an_unplugged_monitor_keeps_its_size_only() {
        // It was on a second monitor to the right, which is gone.
        let p = fit(&geometry(2100, 100, 1000, 700), &[HD]);
        assert_eq!((p.width, p.height, p.position), (1000, 700, None));
        // Title bar above the top edge: it could not be dragged back.
        assert_eq!(fit(&geometry(100, -500, 800, 600), &[HD]).position, None);
        // Only a sliver left on screen, less than a title bar to grab.
        assert_eq!(fit(&geometry(1880, 100, 800, 600), &[HD]).position, None);
    }

    #[test]
    fn a_window_partly_off_screen_but_grabbable_stays() {
        assert_eq!(
            fit(&geometry(-600, 50, 800, 600), &[HD]).position,
            Some((-600, 50))
        );
        // On a second monitor to the left of the first.
        let left = Area {
            x: -1280,
            y: 0,
            width: 1280,
            height: 1024,
        };
        assert_eq!(
            fit(&geometry(-1200, 40, 900, 700), &[left, HD]).position,
            Some((-1200, 40))
        );
    }

    #[test]
    fn a_window_larger_than_every_monitor_shrinks_to_the_largest() {
        let small = Area {
            x: 1920,
            y: 0,
            width: 1280,
            height: 720,
        };
        let p = fit(&geometry(0, 0, 4000, 3000), &[HD, small]);
        assert_eq!((p.width, p.height), (1920, 1080));
    }

    #[test]
    fn no_monitor_reported_keeps_what_was_saved() {
        let saved = WindowGeometry {
            maximized: true,
            ..geometry(10, 20, 900, 600)
        };
        assert_eq!(
            fit(&saved, &[]),
            Placement {
                width: 900,
                height: 600,
                position: Some((10, 20)),
                maximized: true
            }
        );
    }

    #[test]
    fn saved_and_loaded_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("window-state.json");
        assert_eq!(load(&path).expect("load"), None);
        let g = geometry(-5, 7, 1300, 800);
        save(&path, &g).expect("save");
        assert_eq!(load(&path).expect("load"), Some(g));
    }
}
