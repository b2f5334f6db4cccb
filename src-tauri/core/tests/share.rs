//! Share links against moto, fetched with plain HTTP (curl). moto does not check
//! signatures or expiry, so those are checked on the URL itself.

mod common;

use std::process::Command;
use std::time::Duration;

use aws_sdk_s3::types::ObjectCannedAcl;
use common::*;
use spaceport_core::model::Account;
use spaceport_core::objects::Ctx;
use spaceport_core::share::history::History;
use spaceport_core::share::{duration, presign_put, quick_share, LinkKind, Target};
use spaceport_core::space_prefs::SpacePrefs;
use spaceport_core::ErrorKind;

fn curl(args: &[&str]) -> (bool, Vec<u8>) {
    let out = Command::new("curl")
        .args(["-sS", "--fail"])
        .args(args)
        .output()
        .expect("curl");
    (out.status.success(), out.stdout)
}

fn query(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url).expect("url");
    parsed
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_share_links_expire_when_chosen_and_fetch_the_file() {
    let s3 = client(server());
    let account: Account = account_for(server(), &server().access_key);
    let b = bucket("share");
    make_bucket(&s3, &b).await;
    let key = "docs/report ü+%#?.txt";
    put(&s3, &b, key, b"quarterly").await;
    let ctx = Ctx {
        s3: &s3,
        sched: sched(),
    };
    let t = Target {
        ctx,
        account: &account,
        bucket: &b,
        key,
    };
    for (text, secs) in [
        ("1h", 3600),
        ("6h", 21_600),
        ("1d", 86_400),
        ("3d", 259_200),
        ("7d", 604_800),
    ] {
        let link = quick_share(
            &t,
            duration::parse(text).expect("duration"),
            &SpacePrefs::default(),
        )
        .await
        .expect("share");
        assert_eq!(link.kind, LinkKind::Presigned);
        assert_eq!(
            query(&link.url, "X-Amz-Expires").as_deref(),
            Some(secs.to_string().as_str()),
            "{text}"
        );
        assert!(query(&link.url, "X-Amz-Signature").is_some());
        let expires_at = link.expires_at.expect("expiry");
        assert_eq!(expires_at - link.created_at, secs * 1000);
        let (ok, got) = curl(&[&link.url]);
        assert!(ok, "{text}: the link did not fetch the file");
        assert_eq!(got, b"quarterly");
    }
    let too_long = quick_share(&t, Duration::from_secs(604_801), &SpacePrefs::default()).await;
    assert_eq!(
        too_long.expect_err("8 days").kind(),
        ErrorKind::InvalidInput
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_file_is_shared_by_its_public_or_cdn_url() {
    let s3 = client(server());
    let account = account_for(server(), &server().access_key);
    let b = bucket("pubshare");
    make_bucket(&s3, &b).await;
    let key = "a b+c.png";
    s3.for_bucket(&b)
        .put_object()
        .bucket(&b)
        .key(key)
        .acl(ObjectCannedAcl::PublicRead)
        .body(b"img".to_vec().into())
        .send()
        .await
        .expect("put");
    let ctx = Ctx {
        s3: &s3,
        sched: sched(),
    };
    let t = Target {
        ctx,
        account: &account,
        bucket: &b,
        key,
    };
    let link = quick_share(&t, Duration::from_secs(3600), &SpacePrefs::default())
        .await
        .expect("share");
    assert_eq!(link.kind, LinkKind::Public);
    assert_eq!(link.expires_at, None);
    assert_eq!(link.url, format!("{}/{b}/a%20b%2Bc.png", server().endpoint));
    let (ok, got) = curl(&[&link.url]);
    assert!(ok);
    assert_eq!(got, b"img");
    let cdn = SpacePrefs {
        cdn_enabled: true,
        cdn_domain: Some("cdn.example.com".into()),
    };
    let link = quick_share(&t, Duration::from_secs(3600), &cdn)
        .await
        .expect("share");
    assert_eq!(link.kind, LinkKind::Cdn);
    assert_eq!(link.url, "https://cdn.example.com/a%20b%2Bc.png");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_link_takes_a_file_with_the_curl_command_shown() {
    let s3 = client(server());
    let account = account_for(server(), &server().access_key);
    let b = bucket("uplink");
    make_bucket(&s3, &b).await;
    let ctx = Ctx {
        s3: &s3,
        sched: sched(),
    };
    let key = "inbox/their file.txt";
    let t = Target {
        ctx,
        account: &account,
        bucket: &b,
        key,
    };
    let link = presign_put(&t, Duration::from_secs(86_400), Some("text/plain"))
        .await
        .expect("link");
    assert_eq!(link.kind, LinkKind::Upload);
    assert_eq!(query(&link.url, "X-Amz-Expires").as_deref(), Some("86400"));
    let curl_cmd = link.curl.clone().expect("curl command");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("their file.txt"), b"from outside").expect("write");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{curl_cmd} -sS"))
        .current_dir(dir.path())
        .status()
        .expect("sh");
    assert!(status.success(), "the shown command failed: {curl_cmd}");
    let h = s3
        .for_bucket(&b)
        .head_object()
        .bucket(&b)
        .key(key)
        .send()
        .await
        .expect("uploaded");
    assert_eq!(h.content_type(), Some("text/plain"));
    assert_eq!(h.content_length(), Some(12));
    let folder = Target {
        ctx,
        account: &account,
        bucket: &b,
        key: "inbox/",
    };
    let e = presign_put(&folder, Duration::from_secs(60), None).await;
    assert_eq!(e.expect_err("folder").kind(), ErrorKind::InvalidInput);
    let history = History::new(dir.path());
    history.add(&link).expect("add");
    assert_eq!(history.list(&account.id).expect("list"), [link]);
}
