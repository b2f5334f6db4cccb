//! Every link issued, per account, newest first, in `share-history.json` beside the
//! accounts. Links are bearer credentials for one file, so the file is readable by its
//! owner only. Kept to the newest 1,000 per account.

use std::path::{Path, PathBuf};

use super::ShareLink;
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

const FILE: &str = "share-history.json";
const KEEP_PER_ACCOUNT: usize = 1000;

pub struct History {
    path: PathBuf,
}

impl History {
    pub fn new(config_dir: &Path) -> Self {
        History {
            path: config_dir.join(FILE),
        }
    }

    fn load(&self) -> Result<Vec<ShareLink>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::Io(format!(
                    "The share history {} is damaged ({e}). Move it away to start a new one.",
                    self.path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(Error::io(
                &format!("Could not read {}", self.path.display()),
                &e,
            )),
        }
    }

    fn save(&self, links: &[ShareLink]) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(links)
            .map_err(|e| Error::Internal(format!("Could not encode the share history: {e}.")))?;
        write_atomic(&self.path, &bytes)?;
        restrict(&self.path)
    }

    pub fn add(&self, link: &ShareLink) -> Result<()> {
        let mut links = self.load()?;
        links.insert(0, link.clone());
        let mut kept = 0;
        links.retain(|l| {
            if l.account_id != link.account_id {
                return true;
            }
            kept += 1;
            kept <= KEEP_PER_ACCOUNT
        });
        self.save(&links)
    }

    /// The account's links, newest first.
    pub fn list(&self, account_id: &str) -> Result<Vec<ShareLink>> {
        Ok(self
            .load()?
            .into_iter()
            .filter(|l| l.account_id == account_id)
            .collect())
    }

    /// Forget one link (it stays valid until it expires: a signed link cannot be revoked).
    pub fn remove(&self, id: &str) -> Result<()> {
        let mut links = self.load()?;
        links.retain(|l| l.id != id);
        self.save(&links)
    }

    /// Forget every link of an account, or only the expired ones.
    pub fn clear(&self, account_id: &str, only_expired_before: Option<i64>) -> Result<usize> {
        let mut links = self.load()?;
        let before = links.len();
        links.retain(|l| {
            l.account_id != account_id
                || only_expired_before.is_some_and(|now| l.expires_at.is_none_or(|at| at > now))
        });
        self.save(&links)?;
        Ok(before - links.len())
    }
}

#[cfg(unix)]
fn restrict(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| Error::io(&format!("Could not protect {}", path.display()), &e))
}

#[cfg(not(unix))]
fn restrict(_: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::LinkKind;

    fn link(id: &str, account: &str, expires_at: Option<i64>) -> ShareLink {
        ShareLink {
            id: id.into(),
            account_id: account.into(),
            bucket: "b".into(),
            key: "k".into(),
            url: format!("http://x/{id}"),
            kind: LinkKind::Presigned,
            created_at: 0,
            expires_at,
            curl: None,
        }
    }

    #[test]
    fn per_account_newest_first_and_clearing() {
        let dir = tempfile::tempdir().expect("dir");
        let h = History::new(dir.path());
        h.add(&link("1", "a", Some(10))).expect("add");
        h.add(&link("2", "b", Some(10))).expect("add");
        h.add(&link("3", "a", Some(1000))).expect("add");
        h.add(&link("4", "a", None)).expect("add");
        let ids: Vec<_> = h
            .list("a")
            .expect("list")
            .into_iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(ids, ["4", "3", "1"]);
        assert_eq!(h.clear("a", Some(500)).expect("clear"), 1);
        let ids: Vec<_> = h
            .list("a")
            .expect("list")
            .into_iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(ids, ["4", "3"]);
        h.remove("3").expect("remove");
        assert_eq!(h.list("a").expect("list").len(), 1);
        assert_eq!(h.clear("a", None).expect("clear"), 1);
        assert_eq!(
            h.list("b").expect("list").len(),
            1,
            "other accounts untouched"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
