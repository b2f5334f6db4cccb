//! Paths as the CLI takes them: `ACCOUNT:SPACE/PREFIX` for a saved account, `s3://SPACE/PREFIX`
//! with an account given some other way, anything else a local path.

use std::path::PathBuf;

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Remote(RemotePath),
    Local(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemotePath {
    /// The saved account named in the path; `None` for `s3://` paths.
    pub account: Option<String>,
    pub bucket: String,
    pub prefix: String,
}

pub fn parse_location(text: &str) -> Result<Location> {
    if let Some(rest) = text.strip_prefix("s3://") {
        return Ok(Location::Remote(split_bucket(None, rest, text)?));
    }
    if let Some((account, rest)) = text.split_once(':') {
        // "C:\dir" and "C:/dir" are Windows drives, not accounts.
        let is_drive = account.len() == 1 && account.chars().all(|c| c.is_ascii_alphabetic());
        if !is_drive && !account.is_empty() && !account.contains('/') && !account.contains('\\') {
            return Ok(Location::Remote(split_bucket(
                Some(account.to_owned()),
                rest,
                text,
            )?));
        }
    }
    Ok(Location::Local(PathBuf::from(text)))
}

fn split_bucket(account: Option<String>, rest: &str, whole: &str) -> Result<RemotePath> {
    let rest = rest.trim_start_matches('/');
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(Error::InvalidInput(format!(
            "\"{whole}\" names no Space. Write ACCOUNT:SPACE/FOLDER or s3://SPACE/FOLDER."
        )));
    }
    Ok(RemotePath {
        account,
        bucket: bucket.to_owned(),
        prefix: prefix.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(account: Option<&str>, bucket: &str, prefix: &str) -> Location {
        Location::Remote(RemotePath {
            account: account.map(str::to_owned),
            bucket: bucket.into(),
            prefix: prefix.into(),
        })
    }

    #[test]
    fn forms() {
        assert_eq!(
            parse_location("work:media/a/b").expect("ok"),
            remote(Some("work"), "media", "a/b")
        );
        assert_eq!(
            parse_location("work:media").expect("ok"),
            remote(Some("work"), "media", "")
        );
        assert_eq!(
            parse_location("s3://media/a b/ü").expect("ok"),
            remote(None, "media", "a b/ü")
        );
        assert_eq!(
            parse_location("./local/file").expect("ok"),
            Location::Local("./local/file".into())
        );
        assert_eq!(
            parse_location("C:\\Users\\x").expect("ok"),
            Location::Local("C:\\Users\\x".into())
        );
        assert_eq!(
            parse_location("dir/with:colon").expect("ok"),
            Location::Local("dir/with:colon".into())
        );
    }

    #[test]
    fn missing_space_is_an_error() {
        assert!(parse_location("s3://").is_err());
        assert!(parse_location("work:").is_err());
    }
}
