//! Ignore patterns: a pattern without `/` matches any one name in the path (`.git`,
//! `*.tmp`); a pattern with `/` matches the whole path from the folder's root
//! (`build/*.o`). `*` is any run of characters within a name, `?` one character, `**` any
//! run of names. A trailing `/` matches folders only.

/// The patterns a new pair starts with: version control and dependencies, and the temporary
/// files of editors, office suites and browsers (a stalled download's part would otherwise
/// go up and stay).
pub const DEFAULT_IGNORE: [&str; 10] = [
    ".git",
    "node_modules",
    "*.tmp",
    ".DS_Store",
    "*.swp",
    "*~",
    "~$*",
    ".~lock.*#",
    "*.part",
    "*.crdownload",
];

#[derive(Debug, Clone, Default)]
pub struct IgnoreSet {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
struct Pattern {
    glob: Vec<char>,
    anchored: bool,
    dirs_only: bool,
}

impl IgnoreSet {
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Self {
        let patterns = patterns
            .iter()
            .map(|p| p.as_ref().trim())
            .filter(|p| !p.is_empty() && !p.starts_with('#'))
            .map(|p| {
                let dirs_only = p.ends_with('/');
                let p = p.trim_end_matches('/').trim_start_matches('/');
                Pattern {
                    glob: p.chars().collect(),
                    anchored: p.contains('/'),
                    dirs_only,
                }
            })
            .collect();
        IgnoreSet { patterns }
    }

    /// Whether `rel` ("a/b/c.txt", `/` separated) or any folder above it is ignored.
    pub fn is_ignored(&self, rel: &str, is_dir: bool) -> bool {
        let names: Vec<&str> = rel.split('/').filter(|n| !n.is_empty()).collect();
        (0..names.len()).any(|end| {
            let last = end + 1 == names.len();
            let path_is_dir = !last || is_dir;
            self.matches(&names[..=end], path_is_dir)
        })
    }

    fn matches(&self, names: &[&str], is_dir: bool) -> bool {
        let Some(name) = names.last() else {
            return false;
        };
        let path = names.join("/");
        self.patterns.iter().any(|p| {
            if p.dirs_only && !is_dir {
                return false;
            }
            let text: Vec<char> = if p.anchored {
                path.chars().collect()
            } else {
                name.chars().collect()
            };
            glob_match(&p.glob, &text)
        })
    }
}

/// `*` stops at `/`, `**` does not.
fn glob_match(glob: &[char], text: &[char]) -> bool {
    match glob.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) if rest.first() == Some(&'*') => match rest[1..].split_first() {
            // `**/` is zero or more whole names.
            Some(('/', after)) => (0..=text.len())
                .filter(|&i| i == 0 || text[i - 1] == '/')
                .any(|i| glob_match(after, &text[i..])),
            _ => (0..=text.len()).any(|i| glob_match(&rest[1..], &text[i..])),
        },
        Some(('*', rest)) => {
            let run = text.iter().take_while(|c| **c != '/').count();
            (0..=run).any(|i| glob_match(rest, &text[i..]))
        }
        Some(('?', rest)) => text
            .split_first()
            .is_some_and(|(c, t)| *c != '/' && glob_match(rest, t)),
        Some((g, rest)) => text
            .split_first()
            .is_some_and(|(c, t)| c == g && glob_match(rest, t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_names_anywhere() {
        let set = IgnoreSet::new(&DEFAULT_IGNORE);
        assert!(set.is_ignored(".git", true));
        assert!(set.is_ignored(".git/config", false));
        assert!(set.is_ignored("web/node_modules/x/index.js", false));
        assert!(set.is_ignored("a/b/c.tmp", false));
        assert!(set.is_ignored("photos/.DS_Store", false));
        assert!(!set.is_ignored("a/b/c.tmpl", false));
        assert!(!set.is_ignored("gitx/readme", false));
        assert!(!set.is_ignored("notes.txt", false));
        assert!(set.is_ignored("docs/.report.txt.swp", false));
        assert!(set.is_ignored("report.txt~", false));
        assert!(set.is_ignored("~$budget.xlsx", false));
        assert!(set.is_ignored(".~lock.budget.ods#", false));
        assert!(set.is_ignored("movie.mkv.part", false));
        assert!(set.is_ignored("a.zip.crdownload", false));
    }

    #[test]
    fn slashes_anchor_and_double_stars_cross_folders() {
        let set = IgnoreSet::new(&["build/*.o", "logs/**/old", "cache/", "?.bak"]);
        assert!(set.is_ignored("build/a.o", false));
        assert!(!set.is_ignored("src/build/a.o", false));
        assert!(!set.is_ignored("build/sub/a.o", false));
        assert!(set.is_ignored("logs/old", true));
        assert!(set.is_ignored("logs/2024/05/old/x.txt", false));
        assert!(!set.is_ignored("logs/xold", false));
        assert!(set.is_ignored("cache/x", false));
        assert!(
            !set.is_ignored("cache", false),
            "a file named cache is kept"
        );
        assert!(set.is_ignored("a.bak", false));
        assert!(!set.is_ignored("ab.bak", false));
    }

    #[test]
    fn blank_lines_and_comments_are_not_patterns() {
        let set = IgnoreSet::new(&["", "  ", "# note"]);
        assert!(!set.is_ignored("# note", false));
        assert!(!set.is_ignored("x", false));
    }
}
