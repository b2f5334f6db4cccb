//! How results and errors are printed: columns for people, JSON lines for machines.

use std::io::Write;

use spaceport_core::model::{Entry, EntryKind};
use spaceport_core::{Error, Result};

/// Set once stdout's reader has gone (`| head`): the command then ends quietly, exit 0.
pub static READER_GONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Write a line to stdout.
pub fn emit(out: &mut impl Write, line: &str) -> Result<()> {
    writeln!(out, "{line}").map_err(|e| write_error(&e))
}

/// A failed write to stdout: a closed pipe stops the command without being an error.
pub fn write_error(e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        READER_GONE.store(true, std::sync::atomic::Ordering::Relaxed);
        return Error::Cancelled;
    }
    Error::io("Could not write the output", e)
}

pub fn json_line<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Internal(format!("Could not encode output: {e}")))
}

/// `   12.3 MiB  2026-11-22 14:03  name` (local time), or `DIR` for folders.
pub fn entry_line(entry: &Entry) -> String {
    match entry.kind {
        EntryKind::Folder => format!("{:>10}  {:16}  {}/", "DIR", "", entry.name),
        EntryKind::File => format!(
            "{:>10}  {:16}  {}",
            human_size(entry.size),
            entry.last_modified.map(local_time).unwrap_or_default(),
            entry.name
        ),
    }
}

pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

pub fn local_time(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Print an error the way the `{kind, message}` contract says.
pub fn print_error(err: &Error, json: bool) {
    if json {
        let body = serde_json::json!({ "error": err.payload() });
        eprintln!("{body}");
    } else {
        eprintln!("spaceport-cli: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(5 * 1024 * 1024 * 1024 * 1024), "5.0 TiB");
    }

    #[test]
    fn folder_lines_end_with_a_slash() {
        let e = Entry {
            key: "a/b c/".into(),
            name: "b c".into(),
            kind: EntryKind::Folder,
            size: 0,
            last_modified: None,
            etag: None,
            storage_class: None,
        };
        assert!(entry_line(&e).ends_with("b c/"));
    }
}
