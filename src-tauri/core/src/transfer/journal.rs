//! The record of unfinished multipart uploads, so a crash or restart resumes from the parts
//! already sent instead of from zero. Each upload is a header written once, atomically
//! (`ID.json`), and an append-only list of finished parts (`ID.parts`, one line each,
//! fsynced); a line torn by a crash is ignored.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::model::UploadOptions;

/// What identifies an upload and how it was cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadHeader {
    pub id: String,
    pub endpoint: String,
    pub bucket: String,
    pub key: String,
    pub local: PathBuf,
    pub size: u64,
    /// The source file's modification time (ms); a changed file is not resumed.
    pub modified_ms: i64,
    pub part_size: u64,
    pub upload_id: String,
    pub options: UploadOptions,
}

/// A part the server acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonePart {
    pub etag: String,
    pub md5: [u8; 16],
}

#[derive(Debug, Clone)]
pub struct UploadRecord {
    pub header: UploadHeader,
    pub parts: BTreeMap<i32, DonePart>,
}

pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    pub fn new(dir: PathBuf) -> Self {
        Journal { dir }
    }

    /// The journal in the app's data dir.
    pub fn open_default() -> Result<Self> {
        Ok(Journal::new(crate::paths::journal_dir()?))
    }

    fn header_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    fn parts_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.parts"))
    }

    pub fn begin(&self, header: &UploadHeader) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(header)
            .map_err(|e| Error::Internal(format!("journal encode: {e}")))?;
        write_atomic(&self.header_path(&header.id), &bytes)
    }

    pub fn record_part(&self, id: &str, number: i32, part: &DonePart) -> Result<()> {
        let path = self.parts_path(id);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io("Could not write the transfer journal", &e))?;
        let line = format!(
            "{number} {} {}\n",
            part.etag,
            super::integrity::hex(&part.md5)
        );
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io("Could not write the transfer journal", &e))
    }

    /// Forget an upload (finished, cancelled or failed for good).
    pub fn finish(&self, id: &str) {
        let _ = std::fs::remove_file(self.parts_path(id));
        let _ = std::fs::remove_file(self.header_path(id));
    }

    /// Every unfinished upload, oldest first.
    pub fn pending(&self) -> Vec<UploadRecord> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut records: Vec<(std::time::SystemTime, UploadRecord)> = entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| {
                let when = e.metadata().and_then(|m| m.modified()).ok()?;
                Some((when, self.load(&e.path())?))
            })
            .collect();
        records.sort_by_key(|(when, _)| *when);
        records.into_iter().map(|(_, r)| r).collect()
    }

    /// The unfinished upload of this file to this key, if any.
    pub fn find(
        &self,
        endpoint: &str,
        bucket: &str,
        key: &str,
        local: &Path,
    ) -> Option<UploadRecord> {
        self.pending().into_iter().find(|r| {
            r.header.endpoint == endpoint
                && r.header.bucket == bucket
                && r.header.key == key
                && r.header.local == local
        })
    }

    fn load(&self, header_path: &Path) -> Option<UploadRecord> {
        let header: UploadHeader =
            serde_json::from_slice(&std::fs::read(header_path).ok()?).ok()?;
        let text = std::fs::read_to_string(self.parts_path(&header.id)).unwrap_or_default();
        let parts = text.lines().filter_map(parse_part_line).collect();
        Some(UploadRecord { header, parts })
    }
}

fn parse_part_line(line: &str) -> Option<(i32, DonePart)> {
    let mut fields = line.split(' ');
    let number = fields.next()?.parse().ok()?;
    let etag = fields.next()?.to_owned();
    let hex = fields.next()?;
    if hex.len() != 32 || fields.next().is_some() {
        return None;
    }
    let mut md5 = [0u8; 16];
    for (i, byte) in md5.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some((number, DonePart { etag, md5 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(id: &str) -> UploadHeader {
        UploadHeader {
            id: id.into(),
            endpoint: "http://e".into(),
            bucket: "b".into(),
            key: "k".into(),
            local: "/tmp/f".into(),
            size: 10,
            modified_ms: 1,
            part_size: 5,
            upload_id: "u".into(),
            options: UploadOptions::default(),
        }
    }

    #[test]
    fn parts_survive_and_torn_lines_are_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let j = Journal::new(dir.path().to_path_buf());
        j.begin(&header("one")).expect("begin");
        let part = DonePart {
            etag: "\"abc\"".into(),
            md5: [7; 16],
        };
        j.record_part("one", 2, &part).expect("part");
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join("one.parts"))
            .and_then(|mut f| f.write_all(b"3 \"de"))
            .expect("torn write");
        let found = j
            .find("http://e", "b", "k", Path::new("/tmp/f"))
            .expect("found");
        assert_eq!(found.parts.len(), 1);
        assert_eq!(found.parts[&2], part);
        assert!(j
            .find("http://e", "b", "other", Path::new("/tmp/f"))
            .is_none());
        j.finish("one");
        assert!(j.pending().is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
    }
}
