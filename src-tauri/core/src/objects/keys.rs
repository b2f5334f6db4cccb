//! Pure rules for keys the user names: folder and file names, where a moved key lands, and
//! the `x-amz-copy-source` header value.

use crate::error::{Error, Result};

/// S3 keys are at most 1024 bytes of UTF-8.
pub const MAX_KEY_BYTES: usize = 1024;

/// A name typed for a new folder or a rename: one path segment.
pub fn validate_name(name: &str, what: &str) -> Result<()> {
    let problem = if name.trim().is_empty() {
        Some("cannot be empty")
    } else if name.contains('/') {
        Some("cannot contain \"/\" (it separates folders)")
    } else if name == "." || name == ".." {
        Some("cannot be \".\" or \"..\"")
    } else if name.chars().any(char::is_control) {
        Some("cannot contain control characters")
    } else if name != name.trim() {
        Some("cannot start or end with a space")
    } else {
        None
    };
    match problem {
        Some(p) => Err(Error::InvalidInput(format!("A {what} name {p}."))),
        None => Ok(()),
    }
}

/// A full key must fit the S3 limit.
pub fn check_key_length(key: &str) -> Result<()> {
    if key.len() > MAX_KEY_BYTES {
        return Err(Error::InvalidInput(format!(
            "The name is too long: keys are at most {MAX_KEY_BYTES} bytes including their folders ({} here).",
            key.len()
        )));
    }
    Ok(())
}

/// The last segment of a key or folder prefix, with its trailing `/` for a folder.
pub fn last_segment(key: &str) -> &str {
    let trimmed = key.strip_suffix('/').unwrap_or(key);
    let start = trimmed.rfind('/').map_or(0, |i| i + 1);
    &key[start..]
}

/// The folder a key or folder prefix is in ("" at the top).
pub fn parent_of(key: &str) -> &str {
    let trimmed = key.strip_suffix('/').unwrap_or(key);
    trimmed.rfind('/').map_or("", |i| &key[..=i])
}

/// Where `key` (found under the selected `item`) lands when `item` is moved to `dest`.
/// `item` is a file key or a folder prefix ending in `/`; `dest` a folder prefix.
pub fn moved_key(item: &str, key: &str, dest: &str) -> String {
    let rest = key.strip_prefix(parent_of(item)).unwrap_or(key);
    format!("{dest}{rest}")
}

/// Where `key` lands when `item` is renamed to `new_name` in its own folder.
pub fn renamed_key(item: &str, key: &str, new_name: &str) -> String {
    let slash = if item.ends_with('/') { "/" } else { "" };
    let renamed = format!("{}{new_name}{slash}", parent_of(item));
    match key.strip_prefix(item) {
        Some(rest) => format!("{renamed}{rest}"),
        None => renamed,
    }
}

/// `x-amz-copy-source`: bucket and key, percent-encoded except `/` and unreserved bytes.
pub fn copy_source(bucket: &str, key: &str) -> String {
    format!("{bucket}/{}", encode_key(key))
}

/// A key as a URL path: every byte but `/` and unreserved ones percent-encoded.
pub fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 8);
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["a", "My photos", "ü+%#?&", "x.y"] {
            assert!(validate_name(ok, "folder").is_ok(), "{ok}");
        }
        for bad in ["", " ", "a/b", ".", "..", " a", "a ", "a\nb"] {
            assert!(validate_name(bad, "folder").is_err(), "{bad:?}");
        }
        assert!(check_key_length(&"a".repeat(1024)).is_ok());
        assert!(check_key_length(&"a".repeat(1025)).is_err());
    }

    #[test]
    fn segments_and_parents() {
        assert_eq!(last_segment("a/b/c.txt"), "c.txt");
        assert_eq!(last_segment("a/b/"), "b/");
        assert_eq!(last_segment("top"), "top");
        assert_eq!(parent_of("a/b/c.txt"), "a/b/");
        assert_eq!(parent_of("a/b/"), "a/");
        assert_eq!(parent_of("a/"), "");
        assert_eq!(parent_of("top"), "");
    }

    #[test]
    fn moving_keeps_the_structure_below_the_item() {
        assert_eq!(moved_key("x/f.txt", "x/f.txt", "d/"), "d/f.txt");
        assert_eq!(moved_key("x/sub/", "x/sub/a/b.txt", "d/"), "d/sub/a/b.txt");
        assert_eq!(moved_key("x/sub/", "x/sub/", ""), "sub/");
        assert_eq!(moved_key("top.txt", "top.txt", "d/e/"), "d/e/top.txt");
    }

    #[test]
    fn renaming_files_and_folders() {
        assert_eq!(
            renamed_key("a/old.txt", "a/old.txt", "new.txt"),
            "a/new.txt"
        );
        assert_eq!(renamed_key("a/old/", "a/old/x/y", "new"), "a/new/x/y");
        assert_eq!(renamed_key("old/", "old/", "new"), "new/");
    }

    #[test]
    fn copy_source_encodes_all_but_slashes_and_unreserved() {
        assert_eq!(
            copy_source("b", "a b/ü+%#?.txt"),
            "b/a%20b/%C3%BC%2B%25%23%3F.txt"
        );
        assert_eq!(copy_source("b", "plain/key-1_~.x"), "b/plain/key-1_~.x");
    }
}
