//! spaceport-cli against a real moto server (signatures checked) and the real keychain.
//! Server state is read back with the aws CLI, an independent client.

mod common;

use common::{aws, aws_listing, env_cp, json_lines, moto};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A Space with a small tree, made with the aws CLI.
fn seeded_bucket(tag: &str) -> String {
    let bucket = format!(
        "cli-{tag}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    aws(&["s3api", "create-bucket", "--bucket", &bucket]);
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [
        "top.txt",
        "docs/a.txt",
        "docs/odd name +%#?&ü.txt",
        "docs/sub/deep.txt",
        "docs/sub/deeper/x.bin",
    ];
    for (i, f) in files.iter().enumerate() {
        let path = dir.path().join(f);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, "x".repeat(i * 10 + 1)).expect("write");
    }
    let src = dir.path().to_str().expect("utf8");
    aws(&[
        "s3",
        "cp",
        "--recursive",
        "--quiet",
        src,
        &format!("s3://{bucket}/"),
    ]);
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        &bucket,
        "--key",
        "docs/empty/",
    ]);
    bucket
}

struct Cli {
    config: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Cli {
            config: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn run(&self, args: &[&str], secret: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_spaceport-cli"));
        cmd.args(args)
            .env("SPACEPORT_CONFIG_DIR", self.config.path())
            .env_remove("SPACES_KEY")
            .env_remove("SPACES_SECRET")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY");
        if let Some(secret) = secret {
            cmd.env("SPACES_SECRET", secret);
        }
        cmd.output().expect("run spaceport-cli")
    }

    fn add_account(&self, name: &str, secret: &str) -> Output {
        let s = moto();
        self.run(
            &[
                "accounts",
                "add",
                "--name",
                name,
                "--endpoint",
                &s.endpoint,
                "--region",
                "us-east-1",
                "--access-key",
                &s.access_key,
            ],
            Some(secret),
        )
    }
}

fn keys_of(lines: &[Value]) -> Vec<String> {
    let mut keys: Vec<String> = lines
        .iter()
        .map(|v| v["key"].as_str().expect("key").to_owned())
        .collect();
    keys.sort();
    keys
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("list").flatten() {
        if e.path().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
#[ignore = "needs a Secret Service: run by `make test` in a D-Bus session with GNOME Keyring"]
fn add_then_ls_matches_the_aws_cli() {
    let cli = Cli::new();
    let bucket = seeded_bucket("ls");
    let added = cli.add_account("work", &moto().secret_key);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let listed = cli.run(&["accounts", "list", "--json"], None);
    let accounts = json_lines(&listed);
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0]["name"], "work");
    for file in files_under(cli.config.path()) {
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(
            !text.contains(&moto().secret_key),
            "secret in {}",
            file.display()
        );
    }

    let ls = cli.run(&["ls", "--json", &format!("work:{bucket}/docs/")], None);
    assert!(
        ls.status.success(),
        "{}",
        String::from_utf8_lossy(&ls.stderr)
    );
    let rows = json_lines(&ls);
    assert_eq!(keys_of(&rows), aws_listing(&bucket, "docs/", true));
    let odd = rows
        .iter()
        .find(|r| r["name"] == "odd name +%#?&ü.txt")
        .expect("odd name row");
    assert_eq!(odd["kind"], "file");
    assert_eq!(odd["size"], 21);
    let empty = rows
        .iter()
        .find(|r| r["name"] == "empty")
        .expect("marker folder");
    assert_eq!(empty["kind"], "folder");

    let recursive = cli.run(
        &["ls", "--json", "--recursive", &format!("work:{bucket}")],
        None,
    );
    assert!(recursive.status.success());
    assert_eq!(
        keys_of(&json_lines(&recursive)),
        aws_listing(&bucket, "", false)
    );

    let human = cli.run(&["ls", &format!("work:{bucket}/docs")], None);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.lines().next().is_some_and(|l| l.contains("DIR")),
        "folders first:\n{text}"
    );
    assert!(text.contains("odd name +%#?&ü.txt"));

    let removed = cli.run(&["accounts", "remove", "work"], None);
    assert!(removed.status.success());
    assert!(json_lines(&cli.run(&["accounts", "list", "--json"], None)).is_empty());
}

#[test]
#[ignore = "needs a Secret Service: run by `make test` in a D-Bus session with GNOME Keyring"]
fn a_wrong_secret_fails_with_auth_failed_and_saves_nothing() {
    let cli = Cli::new();
    let out = cli.add_account("bad", "definitely-not-the-secret");
    assert_eq!(out.status.code(), Some(3), "AuthFailed exits 3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("secret key does not match"), "{stderr}");
    assert!(!stderr.contains("definitely-not-the-secret"));
    assert!(json_lines(&cli.run(&["accounts", "list", "--json"], None)).is_empty());

    let as_json = cli.run(
        &[
            "--json",
            "accounts",
            "add",
            "--name",
            "bad",
            "--endpoint",
            &moto().endpoint,
            "--access-key",
            &moto().access_key,
        ],
        Some("still-wrong"),
    );
    assert_eq!(as_json.status.code(), Some(3));
    let err: Value = serde_json::from_slice(&as_json.stderr).expect("json error");
    assert_eq!(err["error"]["kind"], "AuthFailed");
}

#[test]
fn s3_paths_with_endpoint_and_env_keys_need_no_saved_account() {
    let cli = Cli::new();
    let bucket = seeded_bucket("env");
    let s = moto();
    let out = Command::new(env!("CARGO_BIN_EXE_spaceport-cli"))
        .args([
            "ls",
            "--json",
            "--endpoint",
            &s.endpoint,
            "--region",
            "us-east-1",
            &format!("s3://{bucket}/docs/sub"),
        ])
        .env("SPACEPORT_CONFIG_DIR", cli.config.path())
        .env("SPACES_KEY", &s.access_key)
        .env("SPACES_SECRET", &s.secret_key)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        keys_of(&json_lines(&out)),
        aws_listing(&bucket, "docs/sub/", true)
    );
}

#[test]
fn bad_paths_and_unknown_accounts_are_clear_errors() {
    let cli = Cli::new();
    let local = cli.run(&["ls", "./some/dir"], None);
    assert_eq!(local.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&local.stderr).contains("is a local path"));
    let unknown = cli.run(&["ls", "nobody:space"], None);
    assert_eq!(unknown.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no saved account named \"nobody\""));
    let no_target = cli.run(&["ls", "s3://space"], None);
    assert_eq!(no_target.status.code(), Some(2));
}

/// A small tree with odd names, written locally.
fn local_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, body) in [
        ("site/index.html", "<h1>home</h1>".to_string()),
        ("site/img/logo ü.png", "png".repeat(100)),
        ("site/docs/a+b #1.txt", "text".into()),
        ("site/empty.txt", String::new()),
    ] {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, body).expect("write");
    }
    dir
}

#[test]
fn cp_uploads_a_tree_with_acl_and_headers_and_downloads_it_back() {
    let bucket = format!(
        "cli-cp-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    aws(&["s3api", "create-bucket", "--bucket", &bucket]);
    let tree = local_tree();
    let src = tree.path().join("site");
    let up = env_cp(
        &[
            "cp",
            "--recursive",
            "--acl",
            "public-read",
            "--cache-control",
            "max-age=60",
            src.to_str().expect("utf8"),
            &format!("s3://{bucket}/web/"),
        ],
        tree.path(),
    );
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    assert!(String::from_utf8_lossy(&up.stderr).contains("Uploaded 4 files"));
    assert_eq!(
        aws_listing(&bucket, "web/", false),
        vec![
            "web/docs/a+b #1.txt",
            "web/empty.txt",
            "web/img/logo ü.png",
            "web/index.html"
        ]
    );
    let head: Value = serde_json::from_slice(
        &aws(&[
            "s3api",
            "head-object",
            "--bucket",
            &bucket,
            "--key",
            "web/index.html",
        ])
        .stdout,
    )
    .expect("json");
    assert_eq!(head["ContentType"], "text/html");
    assert_eq!(head["CacheControl"], "max-age=60");
    let acl: Value = serde_json::from_slice(
        &aws(&[
            "s3api",
            "get-object-acl",
            "--bucket",
            &bucket,
            "--key",
            "web/img/logo ü.png",
        ])
        .stdout,
    )
    .expect("json");
    let public = acl["Grants"].as_array().expect("grants").iter().any(|g| {
        g["Grantee"]["URI"]
            .as_str()
            .is_some_and(|u| u.ends_with("AllUsers"))
            && g["Permission"] == "READ"
    });
    assert!(public, "{acl}");

    let down = env_cp(
        &["cp", "--recursive", &format!("s3://{bucket}/web/"), "back"],
        tree.path(),
    );
    assert!(
        down.status.success(),
        "{}",
        String::from_utf8_lossy(&down.stderr)
    );
    for rel in [
        "index.html",
        "img/logo ü.png",
        "docs/a+b #1.txt",
        "empty.txt",
    ] {
        assert_eq!(
            std::fs::read(tree.path().join("back").join(rel)).expect("downloaded"),
            std::fs::read(src.join(rel)).expect("source"),
            "{rel}"
        );
    }
}

#[test]
fn cp_single_files_and_clear_failures() {
    let bucket = format!(
        "cli-cp1-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    aws(&["s3api", "create-bucket", "--bucket", &bucket]);
    let tree = local_tree();
    let file = tree.path().join("site/index.html");
    let up = env_cp(
        &[
            "cp",
            file.to_str().expect("utf8"),
            &format!("s3://{bucket}/pages/"),
        ],
        tree.path(),
    );
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    assert_eq!(aws_listing(&bucket, "", false), vec!["pages/index.html"]);
    let renamed = env_cp(
        &[
            "cp",
            file.to_str().expect("utf8"),
            &format!("s3://{bucket}/home.html"),
        ],
        tree.path(),
    );
    assert!(renamed.status.success());
    assert_eq!(
        aws_listing(&bucket, "", false),
        vec!["home.html", "pages/index.html"]
    );

    std::fs::create_dir(tree.path().join("dl")).expect("mkdir");
    let down = env_cp(
        &["cp", &format!("s3://{bucket}/home.html"), "dl"],
        tree.path(),
    );
    assert!(
        down.status.success(),
        "{}",
        String::from_utf8_lossy(&down.stderr)
    );
    assert_eq!(
        std::fs::read(tree.path().join("dl/home.html")).expect("read"),
        b"<h1>home</h1>"
    );

    let missing = env_cp(
        &["cp", "no-such-file.txt", &format!("s3://{bucket}/x")],
        tree.path(),
    );
    assert_eq!(
        missing.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
    let folder = env_cp(&["cp", "site", &format!("s3://{bucket}/x/")], tree.path());
    assert_eq!(folder.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&folder.stderr).contains("--recursive"));
    let absent = env_cp(
        &["cp", &format!("s3://{bucket}/absent.txt"), "dl/"],
        tree.path(),
    );
    assert_eq!(absent.status.code(), Some(5));
    assert!(!tree.path().join("dl/absent.txt").exists());
}
