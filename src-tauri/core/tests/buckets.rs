//! Managing Spaces against moto: create, destroy, every setting, versions and usage. Each
//! result is read back with an independent client, the aws CLI, never the code under test.

mod common;

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Mutex;

use common::*;
use serde_json::{json, Value};
use spaceport_core::buckets::cors::{get_cors, set_cors, CorsRule};
use spaceport_core::buckets::create::{create_space, NewSpace};
use spaceport_core::buckets::destroy::{
    count_contents, destroy_space, DestroyReport, SpaceContents,
};
use spaceport_core::buckets::lifecycle::{get_lifecycle, set_lifecycle, LifecycleRule};
use spaceport_core::buckets::listing::{get_listing, set_listing, FileListing};
use spaceport_core::buckets::logging::{get_logging, set_logging, AccessLogging};
use spaceport_core::buckets::policy::{get_policy, set_policy};
use spaceport_core::buckets::usage::{measure, UsageCache};
use spaceport_core::buckets::versioning::{get_versioning, set_versioning, Versioning};
use spaceport_core::buckets::versions::{
    delete_version, deleted_files, download_version, list_versions, restore_version, undelete,
};
use spaceport_core::client::S3;
use spaceport_core::model::Provider;
use spaceport_core::objects::{no_progress, Ctx, OnProgress, OpPhase, OpProgress};
use spaceport_core::ErrorKind;
use tokio_util::sync::CancellationToken;

fn ctx(s3: &S3) -> Ctx<'_> {
    Ctx { s3, sched: sched() }
}

fn provider() -> Provider {
    account_for(server(), &server().access_key).provider
}

fn aws(args: &[&str]) -> Value {
    aws_json(server(), args)
}

/// The error text of an aws CLI command that must fail.
fn aws_error(args: &[&str]) -> String {
    let out = aws_cli_unchecked(server(), args);
    assert!(!out.status.success(), "aws {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn new_space(name: &str, public_listing: bool) -> NewSpace {
    NewSpace {
        name: name.to_owned(),
        region: None,
        public_listing,
    }
}

fn all_users_read(bucket: &str) -> bool {
    let acl = aws(&["s3api", "get-bucket-acl", "--bucket", bucket]);
    acl["Grants"].as_array().into_iter().flatten().any(|g| {
        g["Permission"] == "READ"
            && g["Grantee"]["URI"] == "http://acs.amazonaws.com/groups/global/AllUsers"
    })
}

fn our_buckets() -> Vec<String> {
    aws(&["s3api", "list-buckets"])["Buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["Name"].as_str().map(str::to_owned))
        .collect()
}

/// Make `bucket` as another account (an assumed role in account 111111111111; moto tells
/// accounts apart by access key), so the name is taken for us.
fn create_as_stranger(bucket: &str) {
    let role = aws(&[
        "sts",
        "assume-role",
        "--role-arn",
        "arn:aws:iam::111111111111:role/stranger",
        "--role-session-name",
        "stranger",
    ]);
    let creds = &role["Credentials"];
    let out = Command::new("aws")
        .args([
            "--endpoint-url",
            &server().endpoint,
            "--region",
            "us-east-1",
        ])
        .args(["s3api", "create-bucket", "--bucket", bucket])
        .env(
            "AWS_ACCESS_KEY_ID",
            creds["AccessKeyId"].as_str().expect("key"),
        )
        .env(
            "AWS_SECRET_ACCESS_KEY",
            creds["SecretAccessKey"].as_str().expect("secret"),
        )
        .env_remove("AWS_PROFILE")
        .output()
        .expect("aws");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn versioned_bucket(s3: &S3, tag: &str) -> String {
    let b = bucket(tag);
    make_bucket(s3, &b).await;
    aws(&[
        "s3api",
        "put-bucket-versioning",
        "--bucket",
        &b,
        "--versioning-configuration",
        "Status=Enabled",
    ]);
    b
}

/// Every version and delete marker as the aws CLI lists them (it follows every page).
fn aws_versions(bucket: &str, prefix: &str) -> (Vec<Value>, Vec<Value>) {
    let all = aws(&[
        "s3api",
        "list-object-versions",
        "--bucket",
        bucket,
        "--prefix",
        prefix,
    ]);
    let list = |name: &str| all[name].as_array().cloned().unwrap_or_default();
    (list("Versions"), list("DeleteMarkers"))
}

#[tokio::test]
async fn create_makes_a_restricted_space_or_a_publicly_listable_one() {
    let s3 = client(server());
    let private = bucket("mk");
    let made = create_space(ctx(&s3), &provider(), &new_space(&private, false))
        .await
        .expect("create");
    assert_eq!(made.name, private);
    assert!(our_buckets().contains(&private));
    assert!(!all_users_read(&private), "restricted by default");
    let open = bucket("mkpub");
    create_space(ctx(&s3), &provider(), &new_space(&open, true))
        .await
        .expect("create public");
    assert!(all_users_read(&open), "anyone may list");
}

#[tokio::test]
async fn invalid_names_are_refused_before_any_request() {
    let s3 = client(server());
    let spaces = Provider::DigitalOcean {
        region: "ams3".into(),
    };
    // moto itself would make a bucket called "Bad_Name": the rules are ours. Dots are fine
    // on other S3 servers, but Spaces refuses them.
    for (name, rules, says) in [
        ("Bad_Name", provider(), "capitals are not allowed"),
        ("ab", provider(), "at least 3"),
        ("-lead", provider(), "must start"),
        ("192.168.0.1", provider(), "IP address"),
        ("has.dot", spaces, "not \".\""),
    ] {
        let err = create_space(ctx(&s3), &rules, &new_space(name, false))
            .await
            .expect_err(name);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}");
        assert!(err.to_string().contains(says), "{name}: {err}");
        assert!(!our_buckets().contains(&name.to_owned()));
    }
}

#[tokio::test]
async fn a_taken_name_and_an_owned_name_each_get_their_own_message() {
    let s3 = client(server());
    let taken = bucket("taken");
    create_as_stranger(&taken);
    let err = create_space(ctx(&s3), &provider(), &new_space(&taken, false))
        .await
        .expect_err("taken");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let msg = err.to_string();
    assert!(
        msg.contains("is taken") && msg.contains("stays reserved"),
        "{msg}"
    );
    assert!(!our_buckets().contains(&taken), "still the stranger's");

    let mine = bucket("mine");
    make_bucket(&s3, &mine).await;
    let err = create_space(ctx(&s3), &provider(), &new_space(&mine, false))
        .await
        .expect_err("owned");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().contains("You already have"), "{err}");
}

#[tokio::test]
async fn destroy_counts_then_empties_every_version_marker_and_upload() {
    let s3 = client(server());
    let b = versioned_bucket(&s3, "rb").await;
    put_many(&s3, &b, (0..1005).map(|i| format!("many/{i:04}")).collect()).await;
    put(&s3, &b, "doc.txt", b"one").await;
    put(&s3, &b, "doc.txt", b"two").await;
    aws(&["s3api", "delete-object", "--bucket", &b, "--key", "doc.txt"]);
    put(&s3, &b, "gone.txt", b"x").await;
    aws(&[
        "s3api",
        "delete-object",
        "--bucket",
        &b,
        "--key",
        "gone.txt",
    ]);
    aws(&[
        "s3api",
        "create-multipart-upload",
        "--bucket",
        &b,
        "--key",
        "big.bin",
    ]);

    let cancel = CancellationToken::new();
    let counted = count_contents(ctx(&s3), &b, &cancel, &no_progress)
        .await
        .expect("count");
    let (versions, markers) = aws_versions(&b, "");
    let latest = versions.iter().filter(|v| v["IsLatest"] == true).count() as u64;
    let expected = SpaceContents {
        objects: latest,
        bytes: 1005,
        older_versions: versions.len() as u64 - latest,
        delete_markers: markers.len() as u64,
        uploads: 1,
    };
    assert_eq!(counted, expected);
    assert_eq!(
        (
            counted.objects,
            counted.older_versions,
            counted.delete_markers
        ),
        (1005, 3, 2)
    );

    let refused = destroy_space(
        ctx(&s3),
        &provider(),
        &b,
        false,
        None,
        &cancel,
        &no_progress,
    )
    .await
    .expect_err("not empty");
    assert_eq!(refused.kind(), ErrorKind::Conflict);
    assert!(refused.to_string().contains("not empty"), "{refused}");
    aws(&["s3api", "head-bucket", "--bucket", &b]);

    let last = Mutex::new(OpProgress::default());
    let on = |p: OpProgress| *last.lock().expect("lock") = p;
    let report = destroy_counted(&s3, &b, &counted, &on)
        .await
        .expect("destroy");
    assert!(report.destroyed);
    assert_eq!(report.emptied.failed, vec![]);
    assert_eq!(report.emptied.done, 1005 + 3 + 2 + 1);
    assert_eq!(report.note, None, "no reserved-name note off Spaces");
    let p = *last.lock().expect("lock");
    assert_eq!((p.done, p.total), (1011, 1011));
    let gone = aws_error(&["s3api", "head-bucket", "--bucket", &b]);
    assert!(gone.contains("404") || gone.contains("Not Found"), "{gone}");
}

fn aws_keys(bucket: &str) -> Vec<String> {
    aws(&["s3api", "list-objects-v2", "--bucket", bucket])["Contents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["Key"].as_str().map(str::to_owned))
        .collect()
}

/// An empty object written by the aws CLI.
fn aws_put_empty(b: &str, key: &str) {
    let file = tempfile::NamedTempFile::new().expect("tmp");
    let body = file.path().to_str().expect("utf-8");
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        b,
        "--key",
        key,
        "--body",
        body,
    ]);
}

/// Empty and destroy `b`, deleting no more than `counted`.
async fn destroy_counted(
    s3: &S3,
    b: &str,
    counted: &SpaceContents,
    on: OnProgress<'_>,
) -> spaceport_core::Result<DestroyReport> {
    let cancel = CancellationToken::new();
    destroy_space(ctx(s3), &provider(), b, true, Some(counted), &cancel, on).await
}

/// A new Space holding a.txt and b.txt, and its count as the destroy dialog shows it.
async fn two_files_counted(s3: &S3, tag: &str) -> (String, SpaceContents) {
    let b = bucket(tag);
    make_bucket(s3, &b).await;
    put(s3, &b, "a.txt", b"a").await;
    put(s3, &b, "b.txt", b"b").await;
    let counted = count_contents(ctx(s3), &b, &CancellationToken::new(), &no_progress)
        .await
        .expect("count");
    (b, counted)
}

#[tokio::test]
async fn destroy_deletes_nothing_when_more_arrived_since_the_count() {
    let s3 = client(server());
    let cancel = CancellationToken::new();
    let (b, counted) = two_files_counted(&s3, "rbmore").await;
    assert_eq!(counted.objects, 2);
    // Added after the dialog showed its count.
    put(&s3, &b, "late.txt", b"late").await;
    let err = destroy_counted(&s3, &b, &counted, &no_progress)
        .await
        .expect_err("changed");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(
        err.to_string(),
        "The Space changed since it was counted: 1 more item. Count it again before destroying it."
    );
    assert_eq!(
        aws_keys(&b),
        ["a.txt", "b.txt", "late.txt"],
        "nothing deleted"
    );

    let again = count_contents(ctx(&s3), &b, &cancel, &no_progress)
        .await
        .expect("recount");
    let report = destroy_counted(&s3, &b, &again, &no_progress)
        .await
        .expect("destroy");
    assert!(report.destroyed);
    assert!(!our_buckets().contains(&b));
}

#[tokio::test]
async fn an_emptied_space_the_server_will_not_destroy_says_what_was_emptied() {
    let s3 = client(server());
    let (b, counted) = two_files_counted(&s3, "rbkept").await;
    // Once everything counted is deleted, and before DeleteBucket, another client writes.
    let sneaked = std::sync::atomic::AtomicBool::new(false);
    let on = |p: OpProgress| {
        let emptied = p.phase == OpPhase::Deleting && p.total > 0 && p.done == p.total;
        if emptied && !sneaked.swap(true, std::sync::atomic::Ordering::SeqCst) {
            aws_put_empty(&b, "new.txt");
        }
    };
    let report = destroy_counted(&s3, &b, &counted, &on)
        .await
        .expect("a report, not an error");
    assert!(sneaked.into_inner());
    assert!(!report.destroyed);
    assert_eq!((report.emptied.done, report.emptied.failed.len()), (2, 0));
    let note = report.note.expect("a note");
    assert!(
        note.contains("was emptied (2 items deleted)") && note.contains("is still there"),
        "{note}"
    );
    assert!(our_buckets().contains(&b), "the Space is still there");
    assert_eq!(aws_keys(&b), ["new.txt"]);
}

#[tokio::test]
async fn versions_are_all_counted_when_a_truncated_page_has_no_markers() {
    let s3 = client(server());
    let b = versioned_bucket(&s3, "nomark").await;
    put_many(&s3, &b, (0..1003).map(|i| format!("k/{i:04}")).collect()).await;
    let proxy = fault_proxy();
    proxy.set(json!({"strip_markers": true}));
    let through = client_via(&proxy.endpoint);
    let counted = count_contents(ctx(&through), &b, &CancellationToken::new(), &no_progress)
        .await
        .expect("count past the first page");
    let (versions, _) = aws_versions(&b, "");
    assert_eq!(versions.len(), 1003);
    assert_eq!(counted.objects, 1003);
}

#[tokio::test]
async fn cors_round_trip() {
    let s3 = client(server());
    let b = bucket("cors");
    make_bucket(&s3, &b).await;
    assert_eq!(get_cors(ctx(&s3), &b).await.expect("none"), vec![]);
    let rules = vec![
        CorsRule {
            id: Some("web".into()),
            allowed_origins: vec!["https://app.example.com".into()],
            allowed_methods: vec!["get".into(), "PUT".into()],
            allowed_headers: vec!["*".into()],
            expose_headers: vec!["ETag".into()],
            max_age_seconds: Some(3000),
        },
        CorsRule {
            allowed_origins: vec!["*".into()],
            allowed_methods: vec!["HEAD".into()],
            ..CorsRule::default()
        },
    ];
    set_cors(ctx(&s3), &b, &rules).await.expect("set");
    let seen = aws(&["s3api", "get-bucket-cors", "--bucket", &b]);
    assert_eq!(
        seen["CORSRules"],
        json!([
            {"ID": "web", "AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "PUT"],
             "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000},
            {"AllowedOrigins": ["*"], "AllowedMethods": ["HEAD"]}
        ])
    );
    let back = get_cors(ctx(&s3), &b).await.expect("get");
    assert_eq!(back[0].allowed_methods, ["GET", "PUT"]);
    assert_eq!(back[1], rules[1]);

    let mut bad = rules.clone();
    bad[1].allowed_methods = vec!["FETCH".into()];
    let err = set_cors(ctx(&s3), &b, &bad).await.expect_err("bad method");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        aws(&["s3api", "get-bucket-cors", "--bucket", &b]),
        seen,
        "unchanged"
    );

    set_cors(ctx(&s3), &b, &[]).await.expect("remove");
    assert!(aws_error(&["s3api", "get-bucket-cors", "--bucket", &b])
        .contains("NoSuchCORSConfiguration"));
}

/// A lifecycle rule with a part Spaceport does not edit (a transition), written by the aws CLI.
fn put_archive_rule(b: &str) {
    aws(&[
        "s3api",
        "put-bucket-lifecycle-configuration",
        "--bucket",
        b,
        "--lifecycle-configuration",
        r#"{"Rules":[{"ID":"archive","Status":"Enabled","Filter":{"Prefix":"cold/"},"Transitions":[{"Days":30,"StorageClass":"GLACIER"}]}]}"#,
    ]);
}

#[tokio::test]
async fn lifecycle_round_trip_keeps_rules_it_cannot_edit() {
    let s3 = client(server());
    let b = bucket("lc");
    make_bucket(&s3, &b).await;
    assert_eq!(get_lifecycle(ctx(&s3), &b).await.expect("none"), vec![]);
    put_archive_rule(&b);
    let mut rules = get_lifecycle(ctx(&s3), &b).await.expect("get");
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].other_parts, ["transitions"]);
    rules.push(LifecycleRule {
        id: "tmp".into(),
        enabled: true,
        prefix: "tmp/".into(),
        expire_days: Some(7),
        ..LifecycleRule::default()
    });
    rules.push(LifecycleRule {
        id: "uploads".into(),
        enabled: false,
        abort_incomplete_upload_days: Some(3),
        noncurrent_expire_days: Some(30),
        ..LifecycleRule::default()
    });
    set_lifecycle(ctx(&s3), &b, &rules).await.expect("set");
    let seen = aws(&[
        "s3api",
        "get-bucket-lifecycle-configuration",
        "--bucket",
        &b,
    ]);
    let by_id: BTreeMap<String, Value> = seen["Rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| (r["ID"].as_str().expect("id").to_owned(), r.clone()))
        .collect();
    assert_eq!(by_id.len(), 3);
    assert_eq!(
        by_id["archive"]["Transitions"],
        json!([{"Days": 30, "StorageClass": "GLACIER"}])
    );
    assert_eq!(by_id["tmp"]["Filter"]["Prefix"], "tmp/");
    assert_eq!(by_id["tmp"]["Expiration"], json!({"Days": 7}));
    assert_eq!(by_id["tmp"]["Status"], "Enabled");
    assert_eq!(by_id["uploads"]["Status"], "Disabled");
    assert_eq!(
        by_id["uploads"]["AbortIncompleteMultipartUpload"],
        json!({"DaysAfterInitiation": 3})
    );
    assert_eq!(
        by_id["uploads"]["NoncurrentVersionExpiration"]["NoncurrentDays"],
        30
    );
    assert_eq!(get_lifecycle(ctx(&s3), &b).await.expect("again"), rules);

    set_lifecycle(ctx(&s3), &b, &[]).await.expect("remove");
    let none = aws_error(&[
        "s3api",
        "get-bucket-lifecycle-configuration",
        "--bucket",
        &b,
    ]);
    assert!(none.contains("NoSuchLifecycleConfiguration"), "{none}");
}

#[tokio::test]
async fn a_kept_lifecycle_rule_can_still_be_turned_off_and_on() {
    let s3 = client(server());
    let b = bucket("lckept");
    make_bucket(&s3, &b).await;
    put_archive_rule(&b);
    let rule = |b: &str| {
        aws(&["s3api", "get-bucket-lifecycle-configuration", "--bucket", b])["Rules"][0].clone()
    };
    let mut rules = get_lifecycle(ctx(&s3), &b).await.expect("get");
    assert_eq!(rules[0].other_parts, ["transitions"]);
    // What the UI sends for a kept rule: the rule as read, with `enabled` changed.
    rules[0].enabled = false;
    set_lifecycle(ctx(&s3), &b, &rules).await.expect("off");
    let seen = rule(&b);
    assert_eq!(seen["Status"], "Disabled", "{seen}");
    assert_eq!(
        seen["Transitions"],
        json!([{"Days": 30, "StorageClass": "GLACIER"}]),
        "the rest kept"
    );
    assert_eq!(seen["Filter"]["Prefix"], "cold/");
    rules[0].enabled = true;
    set_lifecycle(ctx(&s3), &b, &rules).await.expect("on");
    assert_eq!(rule(&b)["Status"], "Enabled");
}

#[tokio::test]
async fn versioning_round_trip() {
    let s3 = client(server());
    let b = bucket("ver");
    make_bucket(&s3, &b).await;
    let status =
        |b: &str| aws(&["s3api", "get-bucket-versioning", "--bucket", b])["Status"].clone();
    assert_eq!(
        get_versioning(ctx(&s3), &b).await.expect("get"),
        Versioning::Off
    );
    set_versioning(ctx(&s3), &b, Versioning::Enabled)
        .await
        .expect("on");
    assert_eq!(status(&b), "Enabled");
    set_versioning(ctx(&s3), &b, Versioning::Suspended)
        .await
        .expect("suspend");
    assert_eq!(status(&b), "Suspended");
    assert_eq!(
        get_versioning(ctx(&s3), &b).await.expect("get"),
        Versioning::Suspended
    );
    let off = set_versioning(ctx(&s3), &b, Versioning::Off)
        .await
        .expect_err("off");
    assert_eq!(off.kind(), ErrorKind::InvalidInput);
    assert_eq!(status(&b), "Suspended");
}

#[tokio::test]
async fn policy_round_trip_refuses_a_malformed_one() {
    let s3 = client(server());
    let b = bucket("pol");
    make_bucket(&s3, &b).await;
    assert_eq!(get_policy(ctx(&s3), &b).await.expect("none"), None);
    let written = json!({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "read", "Effect": "Allow", "Principal": "*",
                       "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{b}/*")}]
    });
    set_policy(ctx(&s3), &b, Some(&written.to_string()))
        .await
        .expect("set");
    let seen = aws(&["s3api", "get-bucket-policy", "--bucket", &b]);
    let stored: Value =
        serde_json::from_str(seen["Policy"].as_str().expect("policy")).expect("json");
    assert_eq!(stored, written);
    let back = get_policy(ctx(&s3), &b).await.expect("get").expect("some");
    assert_eq!(serde_json::from_str::<Value>(&back).expect("json"), written);

    // moto stores any text as a policy; the check is ours.
    let err = set_policy(ctx(&s3), &b, Some("{\"Statement\": ["))
        .await
        .expect_err("bad");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("not valid JSON"), "{err}");
    let seen_again = aws(&["s3api", "get-bucket-policy", "--bucket", &b]);
    assert_eq!(seen_again, seen, "unchanged");

    set_policy(ctx(&s3), &b, None).await.expect("remove");
    assert!(
        aws_error(&["s3api", "get-bucket-policy", "--bucket", &b]).contains("NoSuchBucketPolicy")
    );
}

/// A Space, and another its access logs can go to: moto (like AWS) wants the target to
/// let the log-delivery group write.
async fn space_and_log_target(s3: &S3, tag: &str) -> (String, String) {
    let (b, logs) = (bucket(tag), bucket(&format!("{tag}s")));
    for name in [&b, &logs] {
        make_bucket(s3, name).await;
    }
    aws(&[
        "s3api",
        "put-bucket-acl",
        "--bucket",
        &logs,
        "--acl",
        "log-delivery-write",
    ]);
    (b, logs)
}

#[tokio::test]
async fn logging_round_trip() {
    let s3 = client(server());
    let (b, logs) = space_and_log_target(&s3, "log").await;
    let closed = bucket("nolog");
    make_bucket(&s3, &closed).await;
    assert_eq!(get_logging(ctx(&s3), &b).await.expect("off"), None);
    let target = AccessLogging {
        target_bucket: logs.clone(),
        target_prefix: "access/".into(),
    };
    set_logging(ctx(&s3), &b, Some(&target)).await.expect("on");
    let seen = aws(&["s3api", "get-bucket-logging", "--bucket", &b]);
    assert_eq!(
        seen["LoggingEnabled"],
        json!({"TargetBucket": logs, "TargetPrefix": "access/"})
    );
    assert_eq!(get_logging(ctx(&s3), &b).await.expect("get"), Some(target));

    let refused = AccessLogging {
        target_bucket: closed,
        target_prefix: String::new(),
    };
    let err = set_logging(ctx(&s3), &b, Some(&refused))
        .await
        .expect_err("no delivery");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("logging target"), "{err}");

    set_logging(ctx(&s3), &b, None).await.expect("off");
    let off = aws(&["s3api", "get-bucket-logging", "--bucket", &b]);
    assert!(off.get("LoggingEnabled").is_none(), "{off}");
}

#[tokio::test]
async fn file_listing_round_trip() {
    let s3 = client(server());
    let b = bucket("acl");
    make_bucket(&s3, &b).await;
    assert_eq!(
        get_listing(ctx(&s3), &b).await.expect("get"),
        FileListing::Restricted
    );
    set_listing(ctx(&s3), &b, FileListing::Public)
        .await
        .expect("public");
    assert!(all_users_read(&b));
    assert_eq!(
        get_listing(ctx(&s3), &b).await.expect("get"),
        FileListing::Public
    );
    set_listing(ctx(&s3), &b, FileListing::Restricted)
        .await
        .expect("restricted");
    assert!(!all_users_read(&b));
}

/// The bucket's grants as the aws CLI reads them: (grantee URI or ID, permission).
fn aws_grants(bucket: &str) -> Vec<(String, String)> {
    let acl = aws(&["s3api", "get-bucket-acl", "--bucket", bucket]);
    let mut grants: Vec<(String, String)> = acl["Grants"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| {
            let who = g["Grantee"]["URI"].as_str().or(g["Grantee"]["ID"].as_str());
            let what = g["Permission"].as_str().unwrap_or_default();
            (who.unwrap_or_default().to_owned(), what.to_owned())
        })
        .collect();
    grants.sort();
    grants
}

#[tokio::test]
async fn file_listing_changes_only_anyones_read_grant() {
    let s3 = client(server());
    let b = bucket("aclkeep");
    make_bucket(&s3, &b).await;
    // What access logging to this Space needs: the log-delivery group may write. (Given
    // grant by grant: moto shows only READ_ACP of the canned log-delivery-write.)
    let owner = aws(&["s3api", "get-bucket-acl", "--bucket", &b])["Owner"]["ID"].clone();
    let owner = format!("id={}", owner.as_str().expect("owner"));
    let log_delivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    let delivery = format!("uri={log_delivery}");
    let grants = ["--grant-full-control", &owner, "--grant-write", &delivery];
    let put_acl = ["s3api", "put-bucket-acl", "--bucket", &b];
    aws(&[&put_acl[..], &grants[..], &["--grant-read-acp", &delivery]].concat());
    let before = aws_grants(&b);
    assert!(
        before
            .iter()
            .any(|(who, what)| who == log_delivery && what == "WRITE"),
        "{before:?}"
    );
    set_listing(ctx(&s3), &b, FileListing::Public)
        .await
        .expect("public");
    let public = aws_grants(&b);
    let all_users = (
        "http://acs.amazonaws.com/groups/global/AllUsers".to_owned(),
        "READ".to_owned(),
    );
    let mut expected = before.clone();
    expected.push(all_users);
    expected.sort();
    assert_eq!(public, expected, "anyone's READ added, the rest kept");
    set_listing(ctx(&s3), &b, FileListing::Restricted)
        .await
        .expect("restricted");
    assert_eq!(
        aws_grants(&b),
        before,
        "back as it was, log delivery included"
    );
}

#[tokio::test]
async fn logging_keeps_the_target_grants_it_does_not_edit() {
    let s3 = client(server());
    let (b, logs) = space_and_log_target(&s3, "loggr").await;
    let status = json!({"LoggingEnabled": {
        "TargetBucket": logs, "TargetPrefix": "old/",
        "TargetGrants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}, "Permission": "READ"}]
    }});
    let status = status.to_string();
    aws(&[
        "s3api",
        "put-bucket-logging",
        "--bucket",
        &b,
        "--bucket-logging-status",
        &status,
    ]);
    let target_grants = |b: &str| -> Vec<(String, String)> {
        let seen = aws(&["s3api", "get-bucket-logging", "--bucket", b]);
        let grants = seen["LoggingEnabled"]["TargetGrants"].as_array().cloned();
        let pair = |g: &Value| (g["Grantee"]["URI"].to_string(), g["Permission"].to_string());
        grants.unwrap_or_default().iter().map(pair).collect()
    };
    let grants = target_grants(&b);
    assert_eq!(grants.len(), 1, "moto keeps them");
    let target = AccessLogging {
        target_bucket: logs.clone(),
        target_prefix: "new/".into(),
    };
    set_logging(ctx(&s3), &b, Some(&target)).await.expect("on");
    let seen = aws(&["s3api", "get-bucket-logging", "--bucket", &b]);
    assert_eq!(seen["LoggingEnabled"]["TargetPrefix"], "new/");
    assert_eq!(target_grants(&b), grants, "{seen}");
}

#[tokio::test]
async fn versions_list_restore_delete_and_download() {
    let s3 = client(server());
    let b = versioned_bucket(&s3, "vers").await;
    let v1_file = tempfile::NamedTempFile::new().expect("tmp");
    std::fs::write(v1_file.path(), b"first version").expect("write");
    let v1_path = v1_file.path().to_str().expect("utf-8");
    let key = "notes ü+#.txt";
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        &b,
        "--key",
        key,
        "--body",
        v1_path,
        "--content-type",
        "text/plain",
        "--metadata",
        "owner=ana",
        "--acl",
        "public-read",
    ]);
    put(&s3, &b, key, b"second, plain").await;
    put(&s3, &b, &format!("{key}.bak"), b"other key").await;
    let cancel = CancellationToken::new();

    let listed = list_versions(ctx(&s3), &b, key, &cancel)
        .await
        .expect("list");
    let (theirs, _) = aws_versions(&b, key);
    let theirs: Vec<&Value> = theirs.iter().filter(|v| v["Key"] == key).collect();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.len(), theirs.len());
    assert!(listed[0].is_latest && !listed[1].is_latest);
    assert_eq!((listed[0].size, listed[1].size), (13, 13));
    let latest_id = theirs
        .iter()
        .find(|v| v["IsLatest"] == true)
        .expect("latest")["VersionId"]
        .clone();
    assert_eq!(listed[0].version_id, latest_id.as_str().expect("id"));
    let (v1, v2) = (listed[1].version_id.clone(), listed[0].version_id.clone());

    let made = restore_version(ctx(&s3), &b, key, &v1)
        .await
        .expect("restore");
    let got = tempfile::tempdir().expect("dir");
    let out = got.path().join("latest");
    aws(&[
        "s3api",
        "get-object",
        "--bucket",
        &b,
        "--key",
        key,
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(std::fs::read(&out).expect("read"), b"first version");
    let head = aws(&["s3api", "head-object", "--bucket", &b, "--key", key]);
    assert_eq!(head["ContentType"], "text/plain");
    assert_eq!(head["Metadata"], json!({"owner": "ana"}));
    assert_eq!(
        Some(head["VersionId"].as_str().expect("id").to_owned()),
        made
    );
    let acl = aws(&["s3api", "get-object-acl", "--bucket", &b, "--key", key]);
    assert!(
        acl["Grants"].to_string().contains("AllUsers"),
        "the permission came back too"
    );
    assert_eq!(
        aws_versions(&b, key)
            .0
            .iter()
            .filter(|v| v["Key"] == key)
            .count(),
        3
    );

    delete_version(ctx(&s3), &b, key, &v2)
        .await
        .expect("delete version");
    let left: Vec<String> = aws_versions(&b, key)
        .0
        .iter()
        .filter(|v| v["Key"] == key)
        .map(|v| v["VersionId"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&v2));

    let saved = got.path().join("v1.txt");
    let n = download_version(ctx(&s3), &b, key, &v1, &saved)
        .await
        .expect("download");
    assert_eq!(
        (n, std::fs::read(&saved).expect("read")),
        (13, b"first version".to_vec())
    );
}

#[tokio::test]
async fn a_restore_whose_permission_cannot_be_set_says_it_was_restored() {
    let s3 = client(server());
    let b = versioned_bucket(&s3, "restacl").await;
    let dir = tempfile::tempdir().expect("dir");
    let body = dir.path().join("body");
    let body_path = body.to_str().expect("utf-8");
    // The first version is readable by any signed-in user: not a canned ACL, so the restore
    // writes the grants back after its copy.
    std::fs::write(&body, "first").expect("write");
    let signed_in = "uri=http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    let put = [
        "s3api",
        "put-object",
        "--bucket",
        &b,
        "--key",
        "f.txt",
        "--body",
        body_path,
    ];
    let first = aws(&[&put[..], &["--grant-read", signed_in]].concat())["VersionId"].clone();
    std::fs::write(&body, "second").expect("write");
    aws(&put);

    let proxy = fault_proxy();
    proxy.set(json!({"deny_acl_put": true}));
    let through = client_via(&proxy.endpoint);
    let err = restore_version(ctx(&through), &b, "f.txt", first.as_str().expect("id"))
        .await
        .expect_err("the permission is refused");
    assert_eq!(
        proxy.set(json!({}))["denied"],
        1,
        "only the ACL write refused"
    );
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    assert!(
        err.to_string()
            .starts_with("\"f.txt\" was restored, but its permission could not be set: "),
        "{err}"
    );
    assert_eq!(aws_read(&b, "f.txt"), b"first", "restored");
}

#[tokio::test]
async fn a_delete_marker_is_said_to_be_one_when_restored() {
    let s3 = client(server());
    let b = versioned_bucket(&s3, "marker").await;
    put(&s3, &b, "m.txt", b"m").await;
    aws(&["s3api", "delete-object", "--bucket", &b, "--key", "m.txt"]);
    let marker = aws_versions(&b, "m.txt").1[0]["VersionId"].clone();
    let marker = marker.as_str().expect("id");
    let said = "That version of \"m.txt\" is a delete marker, not a file version";
    let restored = restore_version(ctx(&s3), &b, "m.txt", marker)
        .await
        .expect_err("a marker");
    assert!(restored.to_string().starts_with(said), "{restored}");
    assert_eq!(restored.kind(), ErrorKind::InvalidInput);
    // S3 answers a GET of a marker with MethodNotAllowed too (worded the same by
    // download_version); moto answers NoSuchVersion instead, so only the refusal is checked.
    let dir = tempfile::tempdir().expect("dir");
    download_version(ctx(&s3), &b, "m.txt", marker, &dir.path().join("m"))
        .await
        .expect_err("a marker");
}

#[tokio::test]
async fn deleted_files_show_and_come_back() {
    let s3 = client(server());
    let b = versioned_bucket(&s3, "undel").await;
    for key in [
        "folder/a.txt",
        "folder/b.txt",
        "folder/sub/c.txt",
        "top.txt",
    ] {
        put(&s3, &b, key, key.as_bytes()).await;
    }
    for key in ["folder/a.txt", "folder/sub/c.txt"] {
        aws(&["s3api", "delete-object", "--bucket", &b, "--key", key]);
    }
    let cancel = CancellationToken::new();
    let deleted = deleted_files(ctx(&s3), &b, "folder", &cancel)
        .await
        .expect("deleted");
    let names: Vec<&str> = deleted.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["a.txt"], "only this folder's own files");
    let (_, markers) = aws_versions(&b, "folder/a.txt");
    assert_eq!(
        deleted[0].marker_version_id,
        markers[0]["VersionId"].as_str().expect("id")
    );
    let hidden = aws_error(&[
        "s3api",
        "head-object",
        "--bucket",
        &b,
        "--key",
        "folder/a.txt",
    ]);
    assert!(
        hidden.contains("404"),
        "deleted before the undelete: {hidden}"
    );

    let report = undelete(ctx(&s3), &b, &deleted, &cancel, &no_progress)
        .await
        .expect("undelete");
    assert_eq!((report.done, report.failed.len()), (1, 0));
    let head = aws(&[
        "s3api",
        "head-object",
        "--bucket",
        &b,
        "--key",
        "folder/a.txt",
    ]);
    assert_eq!(head["ContentLength"], 12);
    assert!(deleted_files(ctx(&s3), &b, "folder/", &cancel)
        .await
        .expect("again")
        .is_empty());
}

/// The latest content of `key`, as the aws CLI downloads it.
fn aws_read(b: &str, key: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("got");
    let out_path = out.to_str().expect("utf-8");
    aws(&["s3api", "get-object", "--bucket", b, "--key", key, out_path]);
    std::fs::read(&out).expect("read")
}

#[tokio::test]
async fn a_file_deleted_twice_comes_back_and_one_never_written_stays_deleted() {
    let s3 = client(server());
    let b = versioned_bucket(&s3, "undel2").await;
    put(&s3, &b, "twice.txt", b"still here").await;
    put(&s3, &b, "ghost.txt", b"gone for good").await;
    // Two deletes: two delete markers above the version. The other key keeps only its
    // marker: its one version is deleted for good.
    for key in ["twice.txt", "twice.txt", "ghost.txt"] {
        aws(&["s3api", "delete-object", "--bucket", &b, "--key", key]);
    }
    let ghost = aws_versions(&b, "ghost.txt").0[0]["VersionId"].clone();
    let ghost = ["--version-id", ghost.as_str().expect("id")];
    let delete = [
        "s3api",
        "delete-object",
        "--bucket",
        &b,
        "--key",
        "ghost.txt",
    ];
    aws(&[&delete[..], &ghost[..]].concat());
    assert_eq!(aws_versions(&b, "twice.txt").1.len(), 2, "two markers");
    let cancel = CancellationToken::new();
    let deleted = deleted_files(ctx(&s3), &b, "", &cancel)
        .await
        .expect("deleted");
    assert_eq!(deleted.len(), 2);
    let report = undelete(ctx(&s3), &b, &deleted, &cancel, &no_progress)
        .await
        .expect("undelete");
    assert_eq!(report.done, 1);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].key, "ghost.txt");
    assert!(
        report.failed[0].message.contains("stays deleted"),
        "{:?}",
        report.failed
    );
    assert_eq!(aws_read(&b, "twice.txt"), b"still here");
    assert_eq!(aws_versions(&b, "twice.txt").1.len(), 0, "no markers left");
}

#[tokio::test]
async fn usage_totals_match_an_independent_listing() {
    let s3 = client(server());
    let b = bucket("du");
    make_bucket(&s3, &b).await;
    let mut keys = Vec::new();
    for i in 0..40 {
        keys.push((format!("photos/2024/img{i}.jpg"), 100 + i));
    }
    for i in 0..7 {
        keys.push((format!("docs/{i}.pdf"), 1000 * (i + 1)));
    }
    keys.push(("readme.txt".into(), 5));
    keys.push(("photos/cover.png".into(), 50));
    for (key, size) in &keys {
        put(&s3, &b, key, &vec![b'x'; *size]).await;
    }
    let cancel = CancellationToken::new();
    let last = Mutex::new(OpProgress::default());
    let on = |p: OpProgress| *last.lock().expect("lock") = p;
    let whole = measure(ctx(&s3), &b, "", &cancel, &on)
        .await
        .expect("measure");

    let listing = aws(&["s3api", "list-objects-v2", "--bucket", &b]);
    let contents = listing["Contents"].as_array().expect("contents");
    let size = |o: &Value| o["Size"].as_u64().expect("size");
    let total: u64 = contents.iter().map(size).sum();
    assert_eq!((whole.objects, whole.bytes), (contents.len() as u64, total));
    assert_eq!(last.lock().expect("lock").done, whole.objects);
    let mut by_top: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for o in contents {
        let key = o["Key"].as_str().expect("key");
        if let Some((top, _)) = key.split_once('/') {
            let slot = by_top.entry(format!("{top}/")).or_default();
            *slot = (slot.0 + 1, slot.1 + size(o));
        }
    }
    let ours: BTreeMap<String, (u64, u64)> = whole
        .folders
        .iter()
        .map(|f| (f.prefix.clone(), (f.objects, f.bytes)))
        .collect();
    assert_eq!(ours, by_top);
    assert_eq!(whole.folders[0].name, "docs", "largest first");
    assert_eq!((whole.loose_objects, whole.loose_bytes), (1, 5));
    assert_eq!(whole.cost.usd_per_month, 5.0);

    let photos = measure(ctx(&s3), &b, "photos", &cancel, &no_progress)
        .await
        .expect("photos");
    assert_eq!(photos.prefix, "photos/");
    assert_eq!(photos.folders.len(), 1);
    assert_eq!(photos.folders[0].prefix, "photos/2024/");
    assert_eq!(photos.folders[0].objects, 40);
    assert_eq!((photos.loose_objects, photos.loose_bytes), (1, 50));

    let dir = tempfile::tempdir().expect("dir");
    let cache = UsageCache::new(dir.path());
    cache.put("test", &whole).expect("cache");
    assert_eq!(cache.get("test", &b, "").expect("cached"), Some(whole));
}
