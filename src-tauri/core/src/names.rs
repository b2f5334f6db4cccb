//! Keys, prefixes and names: the pure rules behind the folder metaphor.

use crate::error::{Error, Result};

/// Space (bucket) names: 3–63 of a-z, 0-9, '-' and '.', starting and ending with a letter
/// or digit.
pub fn validate_space_name(name: &str) -> Result<()> {
    let ok_len = (3..=63).contains(&name.len());
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    let ok_ends = name
        .chars()
        .next()
        .zip(name.chars().last())
        .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
    if ok_len && ok_chars && ok_ends {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!(
            "\"{name}\" is not a valid Space name: use 3 to 63 lowercase letters, digits, dashes and dots, starting and ending with a letter or digit."
        )))
    }
}

/// Buckets whose names contain dots cannot use virtual-hosted addressing over TLS
/// (the wildcard certificate covers one label only).
pub fn needs_path_style(bucket: &str) -> bool {
    bucket.contains('.')
}

/// A folder prefix: as given, with a trailing `/` unless empty. Leading slashes are kept:
/// `/images/a.png` is a real key, under a folder named "/".
pub fn folder_prefix(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_owned()
    } else {
        format!("{prefix}/")
    }
}

/// The display name of a key relative to the folder being listed: the last segment,
/// without a trailing `/`.
pub fn display_name(key: &str, parent_prefix: &str) -> String {
    let rest = key.strip_prefix(parent_prefix).unwrap_or(key);
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.is_empty() {
        // A key that is only "/" (or the prefix itself): show it literally.
        return key.to_owned();
    }
    rest.to_owned()
}

/// The parent folder of a prefix: "a/b/" -> "a/", "a/" -> "".
pub fn parent_prefix(prefix: &str) -> String {
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    match trimmed.rfind('/') {
        Some(i) => trimmed[..=i].to_owned(),
        None => String::new(),
    }
}

/// A key that sorts after every key beginning with `prefix` (bar pathological ones), used
/// to skip past a whole common prefix when resuming a listing with StartAfter.
pub fn after_all_under(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_names() {
        for ok in ["abc", "my-space-1", "a.b.c", "0ab"] {
            assert!(validate_space_name(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "-abc", "abc-", "ABC", "a_b", "a b", &"a".repeat(64)] {
            assert!(validate_space_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(folder_prefix(""), "");
        assert_eq!(folder_prefix("/"), "/");
        assert_eq!(folder_prefix("a/b"), "a/b/");
        assert_eq!(folder_prefix("/a/b/"), "/a/b/");
        assert_eq!(parent_prefix("a/b/"), "a/");
        assert_eq!(parent_prefix("a/"), "");
        assert_eq!(parent_prefix(""), "");
    }

    #[test]
    fn names_of_odd_keys() {
        assert_eq!(display_name("a/b c/", "a/"), "b c");
        assert_eq!(display_name("a/ü+%#?&.txt", "a/"), "ü+%#?&.txt");
        assert_eq!(display_name("top.txt", ""), "top.txt");
        assert_eq!(display_name("a//", "a/"), "a//");
    }

    #[test]
    fn start_after_skips_the_prefix() {
        let marker = after_all_under("a/b/");
        assert!(marker.as_str() > "a/b/zzzz");
        assert!(marker.as_str() > "a/b/ü/deep");
        assert!(marker.as_str() < "a/c");
    }

    #[test]
    fn dotted_buckets_use_path_style() {
        assert!(needs_path_style("my.site"));
        assert!(!needs_path_style("mysite"));
    }
}
