//! Local file names for keys. A key's segment may be any text, but Windows refuses names with
//! `< > : " / \ | ? *` or control characters, names that end in a dot or a space (it strips
//! them, so the file would land under another name), and the device names CON, PRN, AUX, NUL,
//! COM1-9 and LPT1-9 with or without an extension ("con.txt" is the console). On Windows a
//! download maps such a segment to a safe name; elsewhere names are kept as they are.
//! The mapping is plain text so its tests run on every OS.

use std::borrow::Cow;

/// A key segment as this OS's file name.
pub fn for_this_os(segment: &str) -> Cow<'_, str> {
    #[cfg(windows)]
    {
        windows_safe(segment)
    }
    #[cfg(not(windows))]
    {
        Cow::Borrowed(segment)
    }
}

/// `segment` as a name Windows accepts: each refused character becomes `_`, a trailing dot or
/// space becomes `_`, and a device name gets a leading `_` ("_con.txt"). Names Windows already
/// accepts are returned unchanged.
pub fn windows_safe(segment: &str) -> Cow<'_, str> {
    let refused =
        |c: char| c < ' ' || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*');
    let bad_end = segment.ends_with(['.', ' ']);
    if !segment.contains(refused) && !bad_end && !is_device_name(segment) {
        return Cow::Borrowed(segment);
    }
    let mut name: String = segment
        .chars()
        .map(|c| if refused(c) { '_' } else { c })
        .collect();
    let kept = name.trim_end_matches(['.', ' ']).len();
    let trailing = name.len() - kept;
    name.truncate(kept);
    name.extend(std::iter::repeat_n('_', trailing));
    if is_device_name(&name) {
        name.insert(0, '_');
    }
    Cow::Owned(name)
}

/// CON, PRN, AUX, NUL, COM1-9, LPT1-9 (any case), also with an extension or spaces before
/// it: Windows resolves the part before the first dot to the device.
fn is_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    match upper.as_bytes() {
        [a, b, c] => matches!(&[*a, *b, *c], b"CON" | b"PRN" | b"AUX" | b"NUL"),
        [a, b, c, d] => matches!(&[*a, *b, *c], b"COM" | b"LPT") && (b'1'..=b'9').contains(d),
        _ => {
            // The superscript digits ¹ ² ³ count too (COM¹ is a device).
            let head = upper.get(..3).unwrap_or_default();
            matches!(head, "COM" | "LPT") && matches!(upper.get(3..), Some("¹" | "²" | "³"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_accepts_are_kept() {
        for ok in [
            "a.txt",
            "notes",
            "ünïcode ✓.md",
            ".env",
            "a b",
            "console.txt",
            "com10",
            "lpt",
            "x.con",
        ] {
            assert!(matches!(windows_safe(ok), Cow::Borrowed(_)), "{ok}");
        }
    }

    #[test]
    fn refused_characters_become_underscores() {
        assert_eq!(windows_safe("a:b"), "a_b");
        assert_eq!(windows_safe("x?"), "x_");
        assert_eq!(windows_safe(r#"<a>|"b"*c\d"#), "_a___b__c_d");
        assert_eq!(windows_safe("tab\there\u{1}"), "tab_here_");
    }

    #[test]
    fn trailing_dots_and_spaces_are_kept_visible() {
        assert_eq!(windows_safe("x."), "x_");
        assert_eq!(windows_safe("name. ."), "name___");
        assert_eq!(windows_safe("trailing "), "trailing_");
        assert_eq!(windows_safe("..."), "___");
    }

    #[test]
    fn device_names_get_a_prefix() {
        assert_eq!(windows_safe("con.txt"), "_con.txt");
        assert_eq!(windows_safe("CON"), "_CON");
        assert_eq!(windows_safe("Nul.tar.gz"), "_Nul.tar.gz");
        assert_eq!(windows_safe("com1"), "_com1");
        assert_eq!(windows_safe("LPT9.log"), "_LPT9.log");
        assert_eq!(windows_safe("aux .txt"), "_aux .txt");
        assert_eq!(windows_safe("COM¹"), "_COM¹");
        // A name that is a device only once mapped: "prn." -> "prn_" is not one.
        assert_eq!(windows_safe("prn."), "prn_");
    }

    #[test]
    fn other_systems_keep_every_name() {
        if cfg!(not(windows)) {
            assert_eq!(for_this_os("a:b"), "a:b");
            assert_eq!(for_this_os("con.txt"), "con.txt");
        } else {
            assert_eq!(for_this_os("a:b"), "a_b");
        }
    }
}
