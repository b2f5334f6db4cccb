//! The ETag a local file would have, to compare contents with an object when size and time
//! cannot tell: one MD5, or for an object that went up in parts the MD5 of the parts' MD5s.
//! Files are read in part-sized pieces, never whole.

use std::io::Read;
use std::path::Path;

use md5::{Digest, Md5};

use crate::transfer::integrity::{hex, multipart_etag};
use crate::transfer::plan;

/// The file's ETag in the form of `remote_etag`, or None when it cannot be told: the file is
/// unreadable, or the object's parts were cut another way than ours (another tool, another
/// part size), so a mismatch would prove nothing.
pub fn file_etag(path: &Path, remote_etag: &str) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let Some((_, count)) = remote_etag.split_once('-') else {
        let digest = digest_of(&mut file, u64::MAX)?;
        return Some(hex(&digest));
    };
    let part = plan::part_size(size);
    let expected: u64 = count.parse().ok()?;
    if size.div_ceil(part).max(1) != expected {
        return None;
    }
    let mut digests = Vec::new();
    let mut left = size;
    while left > 0 || digests.is_empty() {
        let len = left.min(part);
        digests.push(digest_of(&mut file, len)?);
        left -= len;
    }
    Some(multipart_etag(&digests))
}

/// The MD5 of the next `len` bytes (or all that is left), read 1 MiB at a time.
fn digest_of(file: &mut std::fs::File, len: u64) -> Option<[u8; 16]> {
    let mut hasher = Md5::new();
    let mut buf = vec![0u8; 1024 * 1024];
    let mut left = len;
    while left > 0 {
        let want = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
        let n = file.read(&mut buf[..want]).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        left -= n as u64;
    }
    Some(hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::integrity::md5;

    #[test]
    fn single_and_multipart_etags_and_foreign_part_counts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        let body: Vec<u8> = (0..(9 * 1024 * 1024 + 5))
            .map(|i| (i % 251) as u8)
            .collect();
        std::fs::write(&path, &body).expect("write");
        let single = file_etag(&path, "0123456789abcdef0123456789abcdef").expect("etag");
        assert_eq!(single, hex(&md5(&body)));
        let part = usize::try_from(plan::part_size(body.len() as u64)).expect("part");
        let ours: Vec<[u8; 16]> = body.chunks(part).map(md5).collect();
        assert_eq!(file_etag(&path, "x-2"), Some(multipart_etag(&ours)));
        assert_eq!(
            file_etag(&path, "x-3"),
            None,
            "parts cut another way tell nothing"
        );
        assert_eq!(file_etag(&dir.path().join("missing"), "x"), None);
    }
}
