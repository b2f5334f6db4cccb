//! The record of unfinished transfers, so a crash or restart resumes from the parts already
//! moved instead of from zero. Each transfer is a header written once, atomically
//! (`ID.json`), and an append-only list of finished parts (`ID.parts`, one line each,
//! fsynced); a line torn by a crash (no newline yet) is ignored.
//!
//! Uploads record each part's ETag and MD5 (checked against ListParts on resume); downloads
//! record which ranges of their temporary file are written.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::model::{InterruptedTransfer, TransferDirection, UploadOptions};

/// What identifies an upload and how it was cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadHeader {
    pub id: String,
    /// The account it runs under, to offer it again after a restart.
    #[serde(default)]
    pub account_id: String,
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

/// What identifies a download: the object's version (ETag) and the temporary file its
/// ranges are written into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownloadHeader {
    pub id: String,
    pub account_id: String,
    pub endpoint: String,
    pub bucket: String,
    pub key: String,
    /// The final path of the file.
    pub local: PathBuf,
    pub temp: PathBuf,
    pub size: u64,
    pub etag: String,
    pub part_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "direction", rename_all = "camelCase")]
enum Header {
    Upload(UploadHeader),
    Download(DownloadHeader),
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

#[derive(Debug, Clone)]
pub struct DownloadRecord {
    pub header: DownloadHeader,
    /// The numbers of the ranges already written.
    pub ranges: BTreeSet<i32>,
}

/// An unfinished transfer found in the journal.
#[derive(Debug, Clone)]
pub enum Pending {
    Upload(UploadRecord),
    Download(DownloadRecord),
}

/// Where a transfer runs: endpoint, bucket, key and local file.
type Place<'a> = (&'a str, &'a str, &'a str, &'a Path);

impl Pending {
    fn place(&self) -> Place<'_> {
        match self {
            Pending::Upload(r) => {
                let h = &r.header;
                (
                    h.endpoint.as_str(),
                    h.bucket.as_str(),
                    h.key.as_str(),
                    h.local.as_path(),
                )
            }
            Pending::Download(r) => {
                let h = &r.header;
                (
                    h.endpoint.as_str(),
                    h.bucket.as_str(),
                    h.key.as_str(),
                    h.local.as_path(),
                )
            }
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Pending::Upload(r) => &r.header.id,
            Pending::Download(r) => &r.header.id,
        }
    }

    /// How the transfer panel offers it.
    pub fn summary(&self) -> InterruptedTransfer {
        let (direction, account_id, size) = match self {
            Pending::Upload(r) => (
                TransferDirection::Upload,
                &r.header.account_id,
                r.header.size,
            ),
            Pending::Download(r) => (
                TransferDirection::Download,
                &r.header.account_id,
                r.header.size,
            ),
        };
        let (_, bucket, key, local) = self.place();
        InterruptedTransfer {
            id: self.id().to_owned(),
            direction,
            account_id: account_id.clone(),
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            local: local.display().to_string(),
            size,
            done: self.bytes_done(),
        }
    }

    fn bytes_done(&self) -> u64 {
        let (size, part_size, done): (u64, u64, BTreeSet<i32>) = match self {
            Pending::Upload(r) => (
                r.header.size,
                r.header.part_size,
                r.parts.keys().copied().collect(),
            ),
            Pending::Download(r) => (r.header.size, r.header.part_size, r.ranges.clone()),
        };
        super::plan::parts(size, part_size)
            .iter()
            .filter(|p| done.contains(&p.number))
            .map(|p| p.len)
            .sum()
    }
}

fn part_line(number: i32, part: &DonePart) -> String {
    let hex = super::integrity::hex(&part.md5);
    format!("{number} {} {hex}\n", part.etag)
}

#[derive(Debug, Clone)]
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

    pub fn begin_upload(&self, header: &UploadHeader) -> Result<()> {
        self.begin(&header.id, &Header::Upload(header.clone()))
    }

    pub fn begin_download(&self, header: &DownloadHeader) -> Result<()> {
        self.begin(&header.id, &Header::Download(header.clone()))
    }

    fn begin(&self, id: &str, header: &Header) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(header)
            .map_err(|e| Error::Internal(format!("journal encode: {e}")))?;
        write_atomic(&self.header_path(id), &bytes)
    }

    pub fn record_part(&self, id: &str, number: i32, part: &DonePart) -> Result<()> {
        self.append(id, &part_line(number, part))
    }

    pub fn record_range(&self, id: &str, number: i32) -> Result<()> {
        self.append(id, &format!("{number}\n"))
    }

    /// `record_part` off the async threads: the fsync can wait for a journal commit that
    /// flushes other files' data, which must not stall every transfer.
    pub async fn record_part_async(&self, id: &str, number: i32, part: &DonePart) -> Result<()> {
        self.append_async(id, part_line(number, part)).await
    }

    /// `record_range` off the async threads (see `record_part_async`).
    pub async fn record_range_async(&self, id: &str, number: i32) -> Result<()> {
        self.append_async(id, format!("{number}\n")).await
    }

    async fn append_async(&self, id: &str, line: String) -> Result<()> {
        let journal = self.clone();
        let id = id.to_owned();
        tokio::task::spawn_blocking(move || journal.append(&id, &line))
            .await
            .map_err(|e| Error::Internal(format!("A journal write failed: {e}")))?
    }

    fn append(&self, id: &str, line: &str) -> Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.parts_path(id))
            .map_err(|e| Error::io("Could not write the transfer journal", &e))?;
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io("Could not write the transfer journal", &e))
    }

    /// Forget a transfer (finished, cancelled or failed for good).
    pub fn finish(&self, id: &str) {
        let _ = std::fs::remove_file(self.parts_path(id));
        let _ = std::fs::remove_file(self.header_path(id));
    }

    /// One unfinished transfer by its id.
    pub fn get(&self, id: &str) -> Option<Pending> {
        // Ids are ours (hex); anything else must not become a path.
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        self.load(&self.header_path(id))
    }

    /// Every unfinished transfer, oldest first.
    pub fn pending(&self) -> Vec<Pending> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut records: Vec<(std::time::SystemTime, Pending)> = entries
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
    pub fn find_upload(
        &self,
        endpoint: &str,
        bucket: &str,
        key: &str,
        local: &Path,
    ) -> Option<UploadRecord> {
        self.find((endpoint, bucket, key, local), |p| match p {
            Pending::Upload(r) => Some(r),
            Pending::Download(_) => None,
        })
    }

    /// The unfinished download of this object to this file, if any.
    pub fn find_download(
        &self,
        endpoint: &str,
        bucket: &str,
        key: &str,
        local: &Path,
    ) -> Option<DownloadRecord> {
        self.find((endpoint, bucket, key, local), |p| match p {
            Pending::Download(r) => Some(r),
            Pending::Upload(_) => None,
        })
    }

    fn find<T>(&self, at: Place<'_>, pick: impl Fn(Pending) -> Option<T>) -> Option<T> {
        self.pending()
            .into_iter()
            .filter(|p| p.place() == at)
            .find_map(pick)
    }

    fn load(&self, header_path: &Path) -> Option<Pending> {
        let header: Header = serde_json::from_slice(&std::fs::read(header_path).ok()?).ok()?;
        let id = match &header {
            Header::Upload(h) => &h.id,
            Header::Download(h) => &h.id,
        };
        let text = std::fs::read_to_string(self.parts_path(id)).unwrap_or_default();
        // Only whole lines: the last piece after the final newline is empty or torn.
        let mut lines: Vec<&str> = text.split('\n').collect();
        lines.pop();
        Some(match header {
            Header::Upload(header) => Pending::Upload(UploadRecord {
                header,
                parts: lines.into_iter().filter_map(parse_part_line).collect(),
            }),
            Header::Download(header) => Pending::Download(DownloadRecord {
                header,
                ranges: lines.into_iter().filter_map(|l| l.parse().ok()).collect(),
            }),
        })
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
            account_id: "a".into(),
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
        j.begin_upload(&header("one")).expect("begin");
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
            .find_upload("http://e", "b", "k", Path::new("/tmp/f"))
            .expect("found");
        assert_eq!(found.parts.len(), 1);
        assert_eq!(found.parts[&2], part);
        assert!(j
            .find_upload("http://e", "b", "other", Path::new("/tmp/f"))
            .is_none());
        j.finish("one");
        assert!(j.pending().is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
    }

    #[test]
    fn download_ranges_survive_and_a_torn_number_is_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let j = Journal::new(dir.path().to_path_buf());
        let h = DownloadHeader {
            id: "two".into(),
            account_id: "a".into(),
            endpoint: "http://e".into(),
            bucket: "b".into(),
            key: "k".into(),
            local: "/tmp/out".into(),
            temp: "/tmp/.out.part".into(),
            size: 30,
            etag: "abc".into(),
            part_size: 10,
        };
        j.begin_download(&h).expect("begin");
        j.record_range("two", 1).expect("range");
        j.record_range("two", 3).expect("range");
        // A crash in the middle of writing "12\n" leaves "1": it must not count as range 1.
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join("two.parts"))
            .and_then(|mut f| f.write_all(b"2"))
            .expect("torn write");
        let found = j
            .find_download("http://e", "b", "k", Path::new("/tmp/out"))
            .expect("found");
        assert_eq!(found.header, h);
        assert_eq!(found.ranges, BTreeSet::from([1, 3]));
        assert!(j
            .find_upload("http://e", "b", "k", Path::new("/tmp/out"))
            .is_none());
        assert_eq!(j.pending().len(), 1);
    }
}
