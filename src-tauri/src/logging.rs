//! The app's only tracing subscriber: a daily-rotated file in the app's log dir.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Install the subscriber. The guard flushes the file when dropped; keep it for the app's life.
pub fn init() -> Option<WorkerGuard> {
    let dir = spaceport_core::paths::log_dir().ok()?;
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("spaceport")
        .filename_suffix("log")
        .max_log_files(7)
        .build(&dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    // SPACEPORT_LOG wins; else the level saved in Preferences (read here, before anything
    // logs, which is why a new level applies from the next start).
    let filter = EnvFilter::try_from_env("SPACEPORT_LOG").unwrap_or_else(|_| {
        let level = spaceport_core::paths::config_dir()
            .map(|dir| spaceport_core::settings::load(&dir).log_level)
            .unwrap_or_default();
        EnvFilter::new(level.filter())
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Spaceport started");
    Some(guard)
}
