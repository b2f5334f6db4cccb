//! The Space verbs (mb, rb, du, settings, versions, restore) against a real moto server,
//! each result checked with the aws CLI.

mod common;

use std::path::Path;

use common::{aws, cli, json_lines, new_bucket, ok, stdout};
use serde_json::{json, Value};

fn aws_json(args: &[&str]) -> Value {
    serde_json::from_slice(&aws(args).stdout).expect("aws json")
}

fn put_text(bucket: &str, key: &str, text: &str, dir: &Path) {
    let file = dir.join("body");
    std::fs::write(&file, text).expect("write");
    let body = file.to_str().expect("utf-8");
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        bucket,
        "--key",
        key,
        "--body",
        body,
    ]);
}

fn bucket_exists(bucket: &str) -> bool {
    aws_json(&["s3api", "list-buckets"])["Buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|b| b["Name"] == bucket)
}

fn listable_by_all(bucket: &str) -> bool {
    aws_json(&["s3api", "get-bucket-acl", "--bucket", bucket])["Grants"]
        .to_string()
        .contains("AllUsers")
}

/// A plain delete: under versioning, a delete marker on top.
fn delete_key(bucket: &str, key: &str) {
    aws(&["s3api", "delete-object", "--bucket", bucket, "--key", key]);
}

fn enable_versioning(bucket: &str) {
    aws(&[
        "s3api",
        "put-bucket-versioning",
        "--bucket",
        bucket,
        "--versioning-configuration",
        "Status=Enabled",
    ]);
}

#[test]
fn mb_makes_spaces_and_rb_needs_force_for_one_that_holds_anything() {
    let cwd = tempfile::tempdir().expect("cwd");
    let name = format!(
        "cli-mb-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let open = format!("{name}-pub");
    ok(&["mb", &format!("s3://{name}")], cwd.path());
    ok(
        &["mb", "--public-listing", &format!("s3://{open}")],
        cwd.path(),
    );
    assert!(bucket_exists(&name) && bucket_exists(&open));
    assert!(!listable_by_all(&name), "restricted by default");
    assert!(listable_by_all(&open));
    let bad = cli(&["mb", "s3://Bad_Name"], cwd.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("capitals are not allowed"));
    assert!(!bucket_exists("Bad_Name"));

    enable_versioning(&name);
    put_text(&name, "a.txt", "one", cwd.path());
    put_text(&name, "a.txt", "two", cwd.path());
    aws(&[
        "s3api",
        "create-multipart-upload",
        "--bucket",
        &name,
        "--key",
        "big",
    ]);
    let refused = cli(&["rb", &format!("s3://{name}")], cwd.path());
    assert_eq!(refused.status.code(), Some(6));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("1 file")
            && said.contains("1 older version")
            && said.contains("1 unfinished upload")
            && said.contains("--force"),
        "{said}"
    );
    assert!(bucket_exists(&name), "left alone");

    let out = ok(
        &["--json", "rb", "--force", &format!("s3://{name}")],
        cwd.path(),
    );
    let report = &json_lines(&out)[0];
    assert_eq!(report["destroyed"], true);
    assert_eq!(report["emptied"]["done"], 3);
    assert!(!bucket_exists(&name));
    ok(&["rb", &format!("s3://{open}")], cwd.path());
    assert!(!bucket_exists(&open), "an empty Space goes without --force");
}

#[test]
fn an_unwritable_usage_cache_does_not_fail_a_destroy_or_a_measure() {
    let cwd = tempfile::tempdir().expect("cwd");
    // The config "directory" is a file: the usage cache can be neither read nor written.
    std::fs::write(cwd.path().join("config"), "not a directory").expect("write");
    let b = new_bucket("ducache");
    put_text(&b, "a.txt", "abc", cwd.path());
    let out = ok(&["--json", "du", &format!("s3://{b}")], cwd.path());
    assert_eq!(json_lines(&out)[0]["bytes"], 3);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("usage cache"),
        "said on stderr"
    );
    let out = ok(&["rb", "--force", &format!("s3://{b}")], cwd.path());
    assert!(stdout(&out).contains("Destroyed the Space"));
    assert!(!bucket_exists(&b), "destroyed, as it said");
}

#[test]
fn du_totals_and_folders_match_the_aws_listing() {
    let cwd = tempfile::tempdir().expect("cwd");
    let b = new_bucket("du");
    for (key, text) in [
        ("docs/a.pdf", "aaaaaaaaaa"),
        ("docs/b.pdf", "bbbb"),
        ("img/x/1.png", "12"),
        ("top.txt", "t"),
    ] {
        put_text(&b, key, text, cwd.path());
    }
    let out = ok(&["--json", "du", &format!("s3://{b}")], cwd.path());
    let usage = &json_lines(&out)[0];
    let listing = aws_json(&["s3api", "list-objects-v2", "--bucket", &b]);
    let contents = listing["Contents"].as_array().expect("contents");
    let total: u64 = contents
        .iter()
        .map(|o| o["Size"].as_u64().expect("size"))
        .sum();
    assert_eq!(usage["objects"], contents.len());
    assert_eq!(usage["bytes"], total);
    assert_eq!(usage["folders"][0]["prefix"], "docs/");
    assert_eq!(usage["folders"][0]["bytes"], 14);
    assert_eq!(usage["cost"]["usdPerMonth"], 5.0);
    let human = stdout(&ok(
        &["du", "--by-folder", &format!("s3://{b}/docs")],
        cwd.path(),
    ));
    assert!(
        human.contains("2 objects") && human.contains("docs/ in all"),
        "{human}"
    );
    assert!(human.contains("Estimated cost: $5.00"), "{human}");
}

#[test]
fn settings_set_then_read_back_with_the_aws_cli() {
    let cwd = tempfile::tempdir().expect("cwd");
    let (b, logs) = (new_bucket("set"), new_bucket("setlogs"));
    let space = format!("s3://{b}");
    let set = |what: &str, value: &str| ok(&["settings", "set", &space, what, value], cwd.path());
    let get = |what: &str| -> Value {
        serde_json::from_slice(&ok(&["settings", "get", &space, what], cwd.path()).stdout)
            .expect("json")
    };

    set(
        "cors",
        r#"[{"allowedOrigins":["https://app.example.com"],"allowedMethods":["GET","PUT"],"maxAgeSeconds":600}]"#,
    );
    let cors = aws_json(&["s3api", "get-bucket-cors", "--bucket", &b]);
    assert_eq!(
        cors["CORSRules"],
        json!([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 600}])
    );
    assert_eq!(get("cors")[0]["allowedMethods"], json!(["GET", "PUT"]));
    let bad = cli(
        &[
            "settings",
            "set",
            &space,
            "cors",
            r#"[{"allowedOrigins":["*"],"allowedMethods":["FETCH"]}]"#,
        ],
        cwd.path(),
    );
    assert_eq!(bad.status.code(), Some(2), "checked before sending");

    let rules = cwd.path().join("lifecycle.json");
    std::fs::write(&rules, r#"[{"id":"tmp","enabled":true,"prefix":"tmp/","expireDays":7},{"id":"mpu","enabled":true,"abortIncompleteUploadDays":2}]"#).expect("write");
    ok(
        &[
            "settings",
            "set",
            &space,
            "lifecycle",
            "--file",
            rules.to_str().expect("utf-8"),
        ],
        cwd.path(),
    );
    let lc = aws_json(&[
        "s3api",
        "get-bucket-lifecycle-configuration",
        "--bucket",
        &b,
    ]);
    let ids: Vec<&str> = lc["Rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["ID"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["tmp", "mpu"]);
    assert_eq!(lc["Rules"][0]["Expiration"]["Days"], 7);
    assert_eq!(
        lc["Rules"][1]["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"],
        2
    );
    assert_eq!(get("lifecycle")[0]["expireDays"], 7);

    set("versioning", "enabled");
    assert_eq!(
        aws_json(&["s3api", "get-bucket-versioning", "--bucket", &b])["Status"],
        "Enabled"
    );
    assert_eq!(get("versioning"), "enabled");

    let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{b}/*")}]});
    set("policy", &doc.to_string());
    let stored = aws_json(&["s3api", "get-bucket-policy", "--bucket", &b]);
    assert_eq!(
        serde_json::from_str::<Value>(stored["Policy"].as_str().expect("policy")).expect("json"),
        doc
    );
    assert_eq!(get("policy"), doc);

    aws(&[
        "s3api",
        "put-bucket-acl",
        "--bucket",
        &logs,
        "--acl",
        "log-delivery-write",
    ]);
    set(
        "logging",
        &json!({"targetBucket": logs, "targetPrefix": "access/"}).to_string(),
    );
    let logging = aws_json(&["s3api", "get-bucket-logging", "--bucket", &b]);
    assert_eq!(
        logging["LoggingEnabled"],
        json!({"TargetBucket": logs, "TargetPrefix": "access/"})
    );
    set("logging", "null");
    assert_eq!(get("logging"), Value::Null);

    set("listing", "public");
    assert!(listable_by_all(&b));
    assert_eq!(get("listing"), "public");
}

#[test]
fn settings_set_refuses_a_misspelt_field() {
    let cwd = tempfile::tempdir().expect("cwd");
    let b = new_bucket("typo");
    let space = format!("s3://{b}");
    for (what, value, field) in [
        (
            "lifecycle",
            r#"[{"id":"tmp","enabled":true,"expireDay":7}]"#,
            "expireDay",
        ),
        (
            "cors",
            r#"[{"allowedOrigins":["*"],"allowedMethod":["GET"]}]"#,
            "allowedMethod",
        ),
        (
            "logging",
            r#"{"targetBucket":"x","prefix":"logs/"}"#,
            "prefix",
        ),
    ] {
        let out = cli(&["settings", "set", &space, what, value], cwd.path());
        assert_eq!(out.status.code(), Some(2), "{what}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&format!("unknown field `{field}`")),
            "{what}: {said}"
        );
    }
}

#[test]
fn versions_then_restore_an_old_version_and_a_deleted_file() {
    let cwd = tempfile::tempdir().expect("cwd");
    let b = new_bucket("vers");
    enable_versioning(&b);
    put_text(&b, "notes.txt", "first", cwd.path());
    put_text(&b, "notes.txt", "second!", cwd.path());
    let out = ok(
        &["--json", "versions", &format!("s3://{b}/notes.txt")],
        cwd.path(),
    );
    let listed = json_lines(&out);
    assert_eq!(listed.len(), 2);
    assert_eq!(
        (listed[0]["isLatest"].clone(), listed[0]["size"].clone()),
        (json!(true), json!(7))
    );
    let first = listed[1]["versionId"].as_str().expect("id").to_owned();
    let theirs = aws_json(&[
        "s3api",
        "list-object-versions",
        "--bucket",
        &b,
        "--prefix",
        "notes.txt",
    ]);
    assert!(theirs["Versions"].to_string().contains(&first));

    ok(
        &[
            "restore",
            &format!("s3://{b}/notes.txt"),
            "--version",
            &first,
        ],
        cwd.path(),
    );
    let got = cwd.path().join("got");
    aws(&[
        "s3api",
        "get-object",
        "--bucket",
        &b,
        "--key",
        "notes.txt",
        got.to_str().expect("utf-8"),
    ]);
    assert_eq!(std::fs::read_to_string(&got).expect("read"), "first");

    delete_key(&b, "notes.txt");
    let deleted = stdout(&ok(
        &["versions", "--deleted", &format!("s3://{b}/")],
        cwd.path(),
    ));
    assert!(deleted.contains("notes.txt"), "{deleted}");
    ok(&["restore", &format!("s3://{b}/notes.txt")], cwd.path());
    let head = aws_json(&["s3api", "head-object", "--bucket", &b, "--key", "notes.txt"]);
    assert_eq!(
        head["ContentLength"], 5,
        "back, as the restored first version"
    );
    // Deleted twice: both delete markers go.
    for _ in 0..2 {
        delete_key(&b, "notes.txt");
    }
    let said = stdout(&ok(
        &["restore", &format!("s3://{b}/notes.txt")],
        cwd.path(),
    ));
    assert!(said.contains("delete markers"), "{said}");
    let head = aws_json(&["s3api", "head-object", "--bucket", &b, "--key", "notes.txt"]);
    assert_eq!(head["ContentLength"], 5, "back after two deletes");
    let again = cli(&["restore", &format!("s3://{b}/notes.txt")], cwd.path());
    assert_eq!(
        again.status.code(),
        Some(2),
        "not deleted: a version is needed"
    );
}
