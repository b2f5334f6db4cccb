//! The object verbs (mkdir, rm, mv, remote cp, acl, meta, share, find) against a real moto
//! server, each result checked with the aws CLI.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{aws, aws_listing, cli, env_cli, json_lines, new_bucket, ok, open_moto, stdout};
use serde_json::Value;

/// `n` tiny files under `prefix`, uploaded with the CLI itself.
fn seed(bucket: &str, prefix: &str, n: usize, cwd: &Path) {
    let dir = tempfile::tempdir().expect("dir");
    for i in 0..n {
        let sub = dir.path().join(format!("d{}", i % 5));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("{i:04}.txt")), format!("{i}")).expect("write");
    }
    let src = dir.path().to_str().expect("utf-8").to_owned();
    ok(
        &[
            "cp",
            "-r",
            &format!("{src}/"),
            &format!("s3://{bucket}/{prefix}"),
        ],
        cwd,
    );
}

fn head(bucket: &str, key: &str) -> Value {
    serde_json::from_slice(&aws(&["s3api", "head-object", "--bucket", bucket, "--key", key]).stdout)
        .expect("json")
}

fn is_public(bucket: &str, key: &str) -> bool {
    let acl: Value = serde_json::from_slice(
        &aws(&["s3api", "get-object-acl", "--bucket", bucket, "--key", key]).stdout,
    )
    .expect("json");
    acl["Grants"].as_array().into_iter().flatten().any(|g| {
        g["Permission"] == "READ"
            && g["Grantee"]["URI"] == "http://acs.amazonaws.com/groups/global/AllUsers"
    })
}

fn query(url: &str, name: &str) -> Option<String> {
    url.split_once('?')?.1.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

#[test]
fn mkdir_rm_dry_run_and_recursive_delete_of_a_large_folder() {
    let cwd = tempfile::tempdir().expect("cwd");
    let b = new_bucket("rm");
    ok(&["mkdir", &format!("s3://{b}/My folder ü+%#?")], cwd.path());
    assert_eq!(aws_listing(&b, "", false), ["My folder ü+%#?/"]);
    let again = cli(&["mkdir", &format!("s3://{b}/My folder ü+%#?")], cwd.path());
    assert_eq!(
        again.status.code(),
        Some(6),
        "an existing folder is a conflict"
    );
    seed(&b, "big/", 1200, cwd.path());
    let no_r = cli(&["rm", &format!("s3://{b}/big/")], cwd.path());
    assert_eq!(no_r.status.code(), Some(2), "a folder needs --recursive");
    let dry = ok(
        &["rm", "-r", "--dry-run", &format!("s3://{b}/big")],
        cwd.path(),
    );
    assert_eq!(stdout(&dry).lines().count(), 1200);
    assert!(
        String::from_utf8_lossy(&dry.stderr).contains("0 files and 1 folder, 1200 objects in all")
    );
    assert_eq!(
        aws_listing(&b, "big/", false).len(),
        1200,
        "a dry run deletes nothing"
    );
    let out = ok(
        &[
            "--json",
            "rm",
            "-r",
            &format!("s3://{b}/big"),
            &format!("s3://{b}/My folder ü+%#?/"),
        ],
        cwd.path(),
    );
    let report = &json_lines(&out)[0];
    assert_eq!(report["done"], 1201);
    assert_eq!(report["failed"], Value::Array(vec![]));
    assert!(aws_listing(&b, "", false).is_empty());
}

#[test]
fn mv_renames_moves_folders_and_crosses_spaces() {
    let cwd = tempfile::tempdir().expect("cwd");
    let (b, other) = (new_bucket("mv"), new_bucket("mvdst"));
    seed(&b, "old/", 40, cwd.path());
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        &b,
        "--key",
        "a b+c#?.txt",
        "--body",
        "/etc/hostname",
        "--acl",
        "public-read",
        "--cache-control",
        "no-cache",
    ]);
    ok(
        &[
            "mv",
            &format!("s3://{b}/a b+c#?.txt"),
            &format!("s3://{b}/renamed ü.txt"),
        ],
        cwd.path(),
    );
    assert_eq!(aws_listing(&b, "", true), ["old/", "renamed ü.txt"]);
    assert!(
        is_public(&b, "renamed ü.txt"),
        "the ACL moves with the file"
    );
    assert_eq!(head(&b, "renamed ü.txt")["CacheControl"], "no-cache");
    ok(
        &[
            "mv",
            "-r",
            &format!("s3://{b}/old"),
            &format!("s3://{b}/new"),
        ],
        cwd.path(),
    );
    assert!(aws_listing(&b, "old/", false).is_empty());
    assert_eq!(aws_listing(&b, "new/", false).len(), 40);
    ok(
        &[
            "mv",
            "-r",
            &format!("s3://{b}/new/"),
            &format!("s3://{other}/archive/"),
        ],
        cwd.path(),
    );
    assert_eq!(aws_listing(&other, "archive/new/", false).len(), 40);
    assert!(aws_listing(&b, "new/", false).is_empty());
    let out = ok(
        &[
            "cp",
            &format!("s3://{b}/renamed ü.txt"),
            &format!("s3://{other}/archive/"),
        ],
        cwd.path(),
    );
    assert!(stdout(&out).contains("Copied 1 object"));
    assert_eq!(
        aws_listing(&b, "", true),
        ["renamed ü.txt"],
        "cp keeps the source"
    );
    assert!(is_public(&other, "archive/renamed ü.txt"));
    let skip = ok(
        &[
            "cp",
            "--no-clobber",
            &format!("s3://{b}/renamed ü.txt"),
            &format!("s3://{other}/archive/"),
        ],
        cwd.path(),
    );
    assert!(stdout(&skip).contains("skipped 1"), "{}", stdout(&skip));
}

#[test]
fn acl_and_meta_recursively() {
    let cwd = tempfile::tempdir().expect("cwd");
    let b = new_bucket("aclmeta");
    seed(&b, "site/", 30, cwd.path());
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        &b,
        "--key",
        "site/logo.png",
        "--body",
        "/etc/hostname",
        "--content-type",
        "image/png",
        "--metadata",
        "owner=ana",
    ]);
    ok(
        &["acl", "set", "public-read", "-r", &format!("s3://{b}/site")],
        cwd.path(),
    );
    assert!(is_public(&b, "site/d3/0003.txt"));
    assert!(is_public(&b, "site/logo.png"));
    let got = ok(
        &["acl", "get", &format!("s3://{b}/site/logo.png")],
        cwd.path(),
    );
    assert!(stdout(&got).starts_with("public-read"), "{}", stdout(&got));
    ok(
        &[
            "meta",
            "set",
            &format!("s3://{b}/site/logo.png"),
            "--set",
            "Cache-Control=max-age=86400",
        ],
        cwd.path(),
    );
    let h = head(&b, "site/logo.png");
    assert_eq!(h["CacheControl"], "max-age=86400");
    assert_eq!(h["ContentType"], "image/png");
    assert_eq!(h["Metadata"]["owner"], "ana");
    assert!(
        is_public(&b, "site/logo.png"),
        "the ACL survives a metadata edit"
    );
    let mixed = ok(
        &["meta", "get", "-r", &format!("s3://{b}/site")],
        cwd.path(),
    );
    assert!(
        stdout(&mixed).contains("content-type: (mixed)"),
        "{}",
        stdout(&mixed)
    );
    let bad = cli(
        &[
            "meta",
            "set",
            &format!("s3://{b}/site/logo.png"),
            "--set",
            "x-amz-meta-a b=1",
        ],
        cwd.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
}

fn open_aws(args: &[&str]) -> Output {
    common::aws_at(open_moto(), args)
}

#[test]
fn share_links_and_upload_links_work_with_plain_http() {
    let cwd = tempfile::tempdir().expect("cwd");
    let open = |args: &[&str]| {
        let out = env_cli(&open_moto().endpoint, cwd.path())
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let b = format!(
        "cli-share-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    open_aws(&["s3api", "create-bucket", "--bucket", &b]);
    let key = "docs/report ü+%#?.txt";
    open_aws(&[
        "s3api",
        "put-object",
        "--bucket",
        &b,
        "--key",
        key,
        "--body",
        "/etc/hostname",
    ]);
    let out = open(&[
        "--json",
        "share",
        "--expires",
        "6h",
        &format!("s3://{b}/{key}"),
    ]);
    let link = &json_lines(&out)[0];
    let url = link["url"].as_str().expect("url");
    assert_eq!(query(url, "X-Amz-Expires").as_deref(), Some("21600"));
    assert!(query(url, "X-Amz-Signature").is_some());
    let fetched = Command::new("curl")
        .args(["-sS", "--fail", url])
        .output()
        .expect("curl");
    assert!(
        fetched.status.success(),
        "{url}: {}",
        String::from_utf8_lossy(&fetched.stderr)
    );
    assert_eq!(
        fetched.stdout,
        std::fs::read("/etc/hostname").expect("read")
    );
    let up = open(&[
        "--json",
        "share",
        "--upload",
        "--expires",
        "1d",
        &format!("s3://{b}/inbox/their file.txt"),
    ]);
    let curl_cmd = json_lines(&up)[0]["curl"]
        .as_str()
        .expect("curl")
        .to_owned();
    std::fs::write(cwd.path().join("their file.txt"), b"sent by someone").expect("write");
    let status = Command::new("sh")
        .arg("-c")
        .arg(&curl_cmd)
        .current_dir(cwd.path())
        .status()
        .expect("sh");
    assert!(status.success(), "{curl_cmd}");
    let h: Value = serde_json::from_slice(
        &open_aws(&[
            "s3api",
            "head-object",
            "--bucket",
            &b,
            "--key",
            "inbox/their file.txt",
        ])
        .stdout,
    )
    .expect("json");
    assert_eq!(h["ContentLength"], 15);
    let history = open(&["--json", "share", "--history"]);
    assert_eq!(
        json_lines(&history).len(),
        2,
        "both links are in the history"
    );
    let too_long = env_cli(&open_moto().endpoint, cwd.path())
        .args(["share", "--expires", "8d", &format!("s3://{b}/{key}")])
        .output()
        .expect("run");
    assert_eq!(too_long.status.code(), Some(2));
}

#[test]
fn find_streams_matches() {
    let cwd = tempfile::tempdir().expect("cwd");
    let b = new_bucket("find");
    for key in [
        "photos/2024/Beach day.jpg",
        "beach/readme.txt",
        "photos/cat.jpg",
    ] {
        aws(&[
            "s3api",
            "put-object",
            "--bucket",
            &b,
            "--key",
            key,
            "--body",
            "/etc/hostname",
        ]);
    }
    let out = ok(
        &["--json", "find", &format!("s3://{b}/"), "BEACH"],
        cwd.path(),
    );
    let keys: Vec<_> = json_lines(&out)
        .iter()
        .map(|e| e["key"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(keys, ["photos/2024/Beach day.jpg"]);
}
