//! The rules for naming a new Space, checked as the user types, each broken rule with its
//! own sentence. Spaces allows 3–63 lowercase letters, digits and dashes, starting and ending
//! with a letter or digit; other S3 servers also allow dots (AWS's rules). Whether a name is
//! free can only be known by trying: names are global across every user.

use crate::error::{Error, Result};
use crate::model::Provider;

const MIN: usize = 3;
const MAX: usize = 63;

/// What is wrong with `name` as a new Space's name, or `None` when it follows the rules.
/// `spaces`: DigitalOcean's rules (no dots) rather than generic S3 ones.
pub fn name_problem(name: &str, spaces: bool) -> Option<String> {
    let len = name.chars().count();
    if len < MIN {
        return Some(format!("A Space name needs at least {MIN} characters."));
    }
    if len > MAX {
        return Some(format!(
            "A Space name has at most {MAX} characters ({len} now)."
        ));
    }
    if let Some(bad) = name.chars().find(|&c| !allowed(c, spaces)) {
        return Some(bad_char(bad, spaces));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) {
        return Some("A Space name must start with a lowercase letter or a digit.".into());
    }
    if !edge_ok(name.chars().last()) {
        return Some("A Space name must end with a lowercase letter or a digit.".into());
    }
    dot_problem(name)
}

fn allowed(c: char, spaces: bool) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (c == '.' && !spaces)
}

fn bad_char(c: char, spaces: bool) -> String {
    let shown = if c == ' ' {
        "spaces".to_owned()
    } else {
        format!("\"{c}\"")
    };
    let rule = if spaces {
        "lowercase letters, digits and dashes"
    } else {
        "lowercase letters, digits, dashes and dots"
    };
    let hint = if c.is_ascii_uppercase() {
        " (capitals are not allowed)"
    } else {
        ""
    };
    format!("A Space name may contain only {rule}, not {shown}{hint}.")
}

/// S3's rules for names with dots: no empty labels, no dash beside a dot, not an IP address.
fn dot_problem(name: &str) -> Option<String> {
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return Some("A dot in a Space name must stand between letters or digits.".into());
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some("A Space name cannot look like an IP address.".into());
    }
    None
}

/// Whether the provider is DigitalOcean Spaces (its rules, its regions).
pub fn is_spaces(provider: &Provider) -> bool {
    matches!(provider, Provider::DigitalOcean { .. })
}

/// `name_problem` as an error, for the create call itself.
pub fn check_new_name(name: &str, spaces: bool) -> Result<()> {
    match name_problem(name, spaces) {
        None => Ok(()),
        Some(problem) => Err(Error::InvalidInput(problem)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names() {
        for ok in ["abc", "my-space-1", "0ab", "a1b2c3", &"a".repeat(63)] {
            assert_eq!(name_problem(ok, true), None, "{ok}");
        }
        assert_eq!(name_problem("my.site", false), None);
    }

    #[test]
    fn each_rule_has_its_own_sentence() {
        let says = |name: &str, spaces: bool, text: &str| {
            let problem = name_problem(name, spaces).unwrap_or_default();
            assert!(problem.contains(text), "{name:?}: {problem}");
        };
        says("ab", true, "at least 3");
        says(&"a".repeat(64), true, "at most 63 characters (64 now)");
        says("My-space", true, "capitals are not allowed");
        says("my space", true, "not spaces");
        says("a_b", true, "not \"_\"");
        says("my.site", true, "not \".\"");
        says("-abc", true, "must start");
        says("abc-", true, "must end");
        says("a..b", false, "between letters or digits");
        says("a.-b", false, "between letters or digits");
        says("192.168.1.1", false, "IP address");
    }

    #[test]
    fn check_is_invalid_input() {
        let err = check_new_name("AB", true).expect_err("too short");
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
        assert!(check_new_name("fine-name", true).is_ok());
    }
}
