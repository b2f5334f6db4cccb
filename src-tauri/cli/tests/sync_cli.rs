//! `sync` and `cleanup` against a real moto server, each result checked with the aws CLI.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{aws, aws_listing, cli, env_cli, json_lines, moto, new_bucket, ok, stdout};
use serde_json::Value;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn head(bucket: &str, key: &str) -> Value {
    let out = aws(&["s3api", "head-object", "--bucket", bucket, "--key", key]);
    serde_json::from_slice(&out.stdout).expect("aws json")
}

#[test]
fn sync_plans_uploads_and_deletes_only_with_delete() {
    let b = new_bucket("sync");
    let cwd = tempfile::tempdir().expect("tempdir");
    let local = cwd.path().join("site");
    write(&local, "index.html", "<p>hi</p>");
    write(&local, "css/a b.css", "p{}");
    write(&local, ".git/HEAD", "ref");
    write(&local, "build.log", "log");
    let local_s = local.to_str().expect("utf-8");
    let remote = format!("s3://{b}/www");
    let base = ["sync", local_s, remote.as_str()];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| (*s).to_owned()).collect()
    };
    let run = |extra: &[&str]| {
        let args = with(extra);
        ok(
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            cwd.path(),
        )
    };

    let dry = run(&["--dry-run", "--ignore", "*.log"]);
    let text = stdout(&dry);
    assert!(text.contains("2 to upload"), "{text}");
    assert!(text.contains("upload  css/a b.css (new"), "{text}");
    assert!(
        aws_listing(&b, "", false).is_empty(),
        "a dry run uploads nothing"
    );
    let json = cli(
        &with(&["--dry-run", "--json", "--ignore", "*.log"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        cwd.path(),
    );
    let plan = &json_lines(&json)[0];
    assert_eq!(plan["uploads"].as_array().map(Vec::len), Some(2), "{plan}");

    run(&[
        "--ignore",
        "*.log",
        "--acl",
        "public-read",
        "--cache-control",
        "max-age=60",
    ]);
    assert_eq!(
        aws_listing(&b, "", false),
        vec!["www/css/a b.css", "www/index.html"]
    );
    let h = head(&b, "www/index.html");
    assert_eq!(
        (h["CacheControl"].as_str(), h["ContentType"].as_str()),
        (Some("max-age=60"), Some("text/html"))
    );
    let again = stdout(&run(&["--ignore", "*.log"]));
    assert!(
        again.contains("0 to upload") && again.contains("2 unchanged"),
        "{again}"
    );

    std::fs::remove_file(local.join("index.html")).expect("rm");
    let kept = stdout(&run(&["--ignore", "*.log"]));
    assert!(kept.contains("1 only in the Space (kept"), "{kept}");
    assert_eq!(
        aws_listing(&b, "", false).len(),
        2,
        "no --delete: nothing removed"
    );
    let deleted = stdout(&run(&["--ignore", "*.log", "--delete"]));
    assert!(deleted.contains("deleted  index.html"), "{deleted}");
    assert_eq!(aws_listing(&b, "", false), vec!["www/css/a b.css"]);

    // An emptied folder (an unmounted drive, a wrong path) never empties the Space.
    std::fs::remove_dir_all(local.join("css")).expect("rm");
    let args = with(&["--ignore", "*.log", "--delete"]);
    let refused = cli(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        cwd.path(),
    );
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("is empty") && err.contains("Nothing was deleted"),
        "{err}"
    );
    assert_eq!(aws_listing(&b, "", false), vec!["www/css/a b.css"]);
}

#[test]
fn sync_refuses_a_missing_folder_and_a_local_target() {
    let cwd = tempfile::tempdir().expect("tempdir");
    let b = new_bucket("sync-bad");
    let missing = cli(
        &["sync", "no-such-folder", &format!("s3://{b}/x")],
        cwd.path(),
    );
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("does not exist"), "{err}");
    let local = cli(&["sync", ".", "elsewhere"], cwd.path());
    assert_eq!(
        local.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&local.stderr)
    );
}

#[test]
fn sync_watch_uploads_changes_until_interrupted() {
    let b = new_bucket("sync-watch");
    let cwd = tempfile::tempdir().expect("tempdir");
    let local = cwd.path().join("notes");
    write(&local, "first.txt", "1");
    let child = env_cli(&moto().endpoint, cwd.path())
        .args([
            "sync",
            local.to_str().expect("utf-8"),
            &format!("s3://{b}/n/"),
            "--watch",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let seen = |key: &str| aws_listing(&b, "", false).iter().any(|k| k == key);
    let wait = |key: &str| {
        let until = Instant::now() + Duration::from_secs(30);
        while Instant::now() < until && !seen(key) {
            std::thread::sleep(Duration::from_millis(200));
        }
        assert!(seen(key), "{key} never arrived");
    };
    wait("n/first.txt");
    write(&local, "later/second.txt", "2");
    wait("n/later/second.txt");
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(interrupted.success());
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("uploaded later/second.txt"), "{printed}");
}

#[test]
fn cleanup_previews_without_yes_and_refuses_zero_days() {
    let b = new_bucket("cleanup");
    let cwd = tempfile::tempdir().expect("tempdir");
    write(cwd.path(), "f", "x");
    let body = cwd.path().join("f");
    for key in ["logs/a.log", "logs/b.log"] {
        aws(&[
            "s3api",
            "put-object",
            "--bucket",
            &b,
            "--key",
            key,
            "--body",
            body.to_str().expect("utf-8"),
        ]);
    }
    let space = format!("s3://{b}/logs/");
    let preview = stdout(&ok(&["cleanup", &space, "--older-than", "7"], cwd.path()));
    assert!(
        preview.contains("0 files") && preview.contains("2 newer stay"),
        "{preview}"
    );
    let json = ok(
        &["--json", "cleanup", &space, "--older-than", "7"],
        cwd.path(),
    );
    assert_eq!(json_lines(&json)[0]["kept"], 2);
    let zero = cli(
        &["cleanup", &space, "--older-than", "0", "--yes"],
        cwd.path(),
    );
    assert_eq!(zero.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("at least 1 day"));
    assert_eq!(aws_listing(&b, "", false).len(), 2, "nothing deleted");
}
