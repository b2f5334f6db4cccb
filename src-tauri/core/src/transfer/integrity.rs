//! Content-MD5 for requests and ETag checks for results.

use base64::Engine;
use md5::{Digest, Md5};

pub fn md5(bytes: &[u8]) -> [u8; 16] {
    Md5::digest(bytes).into()
}

/// The Content-MD5 header value.
pub fn content_md5(digest: &[u8; 16]) -> String {
    base64::engine::general_purpose::STANDARD.encode(digest)
}

pub fn hex(digest: &[u8; 16]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The ETag S3 gives a multipart object: MD5 of the parts' MD5s, then "-" and the count.
pub fn multipart_etag(part_digests: &[[u8; 16]]) -> String {
    let mut all = Vec::with_capacity(part_digests.len() * 16);
    for d in part_digests {
        all.extend_from_slice(d);
    }
    format!("{}-{}", hex(&md5(&all)), part_digests.len())
}

/// Whether an ETag is one we can check: an MD5 (32 hex digits) or a multipart ETag
/// ("MD5-N"). Encrypted objects and some gateways use other forms.
pub fn is_checkable(etag: &str) -> bool {
    let (digest, count) = etag.split_once('-').unwrap_or((etag, "1"));
    digest.len() == 32
        && digest.bytes().all(|b| b.is_ascii_hexdigit())
        && count.parse::<u32>().is_ok()
}

/// ETags come quoted from the server.
pub fn normalize_etag(etag: &str) -> String {
    etag.trim().trim_matches('"').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(content_md5(&md5(b"")), "1B2M2Y8AsgTpgAmY7PhCfg==");
    }

    #[test]
    fn multipart_etag_shape() {
        let parts = [md5(b"a"), md5(b"b")];
        let etag = multipart_etag(&parts);
        assert!(etag.ends_with("-2"));
        assert_eq!(etag.len(), 32 + 2);
        assert_eq!(normalize_etag("\"ABC-2\""), "abc-2");
        assert!(is_checkable(&etag));
        assert!(is_checkable("d41d8cd98f00b204e9800998ecf8427e"));
        assert!(!is_checkable("kms-encrypted-etag"));
    }
}
