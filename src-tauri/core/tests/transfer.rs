//! The transfer engine against moto: single and multipart uploads, ranged downloads,
//! cancel (nothing left behind) and faults injected by the proxy.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use spaceport_core::model::{ObjectAcl, UploadOptions};
use spaceport_core::transfer::download::{download_file, DownloadRequest};
use spaceport_core::transfer::plan::{MIB, MULTIPART_THRESHOLD};
use spaceport_core::transfer::upload::{upload_file, Progress, UploadRequest};
use spaceport_core::{Error, ErrorKind};
use tokio_util::sync::CancellationToken;

fn counter() -> (Arc<AtomicU64>, Progress) {
    let n = Arc::new(AtomicU64::new(0));
    let m = Arc::clone(&n);
    (
        n,
        Arc::new(move |bytes| {
            m.fetch_add(bytes, Ordering::Relaxed);
        }),
    )
}

/// Bytes that differ at every offset, so a misplaced part cannot pass.
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u64).wrapping_mul(2_654_435_761).to_le_bytes()[1])
        .collect()
}

fn upload_req(local: &std::path::Path, bucket: &str, key: &str) -> UploadRequest {
    UploadRequest {
        local: local.to_path_buf(),
        bucket: bucket.into(),
        key: key.into(),
        options: UploadOptions::default(),
        multipart_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
    }
}

async fn object_bytes(s3: &spaceport_core::client::S3, bucket: &str, key: &str) -> Vec<u8> {
    let out = s3
        .for_bucket(bucket)
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .expect("get");
    out.body
        .collect()
        .await
        .expect("body")
        .into_bytes()
        .to_vec()
}

#[tokio::test]
async fn a_small_file_goes_up_in_one_put_with_its_headers_and_acl() {
    let s3 = common::client(common::server());
    let b = common::bucket("up-small");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("page.html");
    std::fs::write(&path, b"<h1>hi</h1>").expect("write");
    let mut req = upload_req(&path, &b, "site/page name ü.html");
    req.options = UploadOptions {
        acl: ObjectAcl::PublicRead,
        cache_control: Some("max-age=3600".into()),
        content_type: None,
    };
    let (sent, progress) = counter();
    let up = upload_file(
        common::env(&s3, None),
        &req,
        &CancellationToken::new(),
        progress,
    )
    .await
    .expect("upload");
    assert_eq!(up.size, 11);
    assert_eq!(sent.load(Ordering::Relaxed), 11);
    let head = s3
        .for_bucket(&b)
        .head_object()
        .bucket(&b)
        .key(&req.key)
        .send()
        .await
        .expect("head");
    assert_eq!(head.content_type(), Some("text/html"));
    assert_eq!(head.cache_control(), Some("max-age=3600"));
    let acl = s3
        .for_bucket(&b)
        .get_object_acl()
        .bucket(&b)
        .key(&req.key)
        .send()
        .await
        .expect("acl");
    let public = acl.grants().iter().any(|g| {
        g.grantee()
            .and_then(|x| x.uri())
            .is_some_and(|u| u.ends_with("/global/AllUsers"))
            && g.permission().map(|p| p.as_str()) == Some("READ")
    });
    assert!(public, "public-read grant: {:?}", acl.grants());
    assert_eq!(object_bytes(&s3, &b, &req.key).await, b"<h1>hi</h1>");
}

#[tokio::test]
async fn an_empty_file_uploads_and_downloads() {
    let s3 = common::client(common::server());
    let b = common::bucket("empty");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("zero");
    std::fs::write(&path, b"").expect("write");
    upload_file(
        common::env(&s3, None),
        &upload_req(&path, &b, "zero"),
        &CancellationToken::new(),
        counter().1,
    )
    .await
    .expect("upload");
    let back = dir.path().join("back/zero");
    let req = DownloadRequest {
        bucket: b.clone(),
        key: "zero".into(),
        local: back.clone(),
        ranged_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
        size_hint: None,
    };
    assert_eq!(
        download_file(
            common::env(&s3, None),
            &req,
            &CancellationToken::new(),
            counter().1
        )
        .await
        .expect("download"),
        0
    );
    assert_eq!(std::fs::read(&back).expect("read"), b"");
}

/// The Preferences' threshold and part size (a minimum, never under S3's 5 MiB) decide the parts.
#[tokio::test]
async fn the_part_size_preference_decides_the_parts_and_ranges() {
    let s3 = common::client(common::server());
    let b = common::bucket("part-pref");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("21mib.bin");
    let data = pattern(21 * MIB as usize);
    std::fs::write(&path, &data).expect("write");
    // (part size asked for, parts expected): 6 MiB -> 4; 1 MiB is 5 MiB -> 5; default 8 MiB -> 3.
    for (part_size, parts) in [(6 * MIB, 4), (MIB, 5), (0, 3)] {
        let key = format!("parts-{part_size}");
        let req = UploadRequest {
            multipart_threshold: 5 * MIB,
            part_size,
            ..upload_req(&path, &b, &key)
        };
        let up = upload_file(
            common::env(&s3, None),
            &req,
            &CancellationToken::new(),
            counter().1,
        )
        .await
        .expect("upload");
        assert!(
            up.etag.ends_with(&format!("-{parts}\"")) || up.etag.ends_with(&format!("-{parts}")),
            "{part_size}: {parts} parts expected, ETag {}",
            up.etag
        );
    }
    // A ranged download with the preferred range size brings the same bytes back.
    let back = dir.path().join("back.bin");
    let req = DownloadRequest {
        bucket: b.clone(),
        key: format!("parts-{}", 6 * MIB),
        local: back.clone(),
        ranged_threshold: 5 * MIB,
        part_size: 6 * MIB,
        size_hint: None,
    };
    download_file(
        common::env(&s3, None),
        &req,
        &CancellationToken::new(),
        counter().1,
    )
    .await
    .expect("download");
    assert_eq!(std::fs::read(&back).expect("read"), data);
}

#[tokio::test]
async fn a_large_file_goes_up_in_parts_and_comes_back_in_ranges() {
    let s3 = common::client(common::server());
    let b = common::bucket("up-large");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    let data = pattern(33 * MIB as usize + 12345);
    std::fs::write(&path, &data).expect("write");
    let (sent, progress) = counter();
    let up = upload_file(
        common::env(&s3, None),
        &upload_req(&path, &b, "big.bin"),
        &CancellationToken::new(),
        progress,
    )
    .await
    .expect("upload");
    assert!(up.etag.ends_with("-5"), "5 parts of 8 MiB: {}", up.etag);
    assert_eq!(sent.load(Ordering::Relaxed), data.len() as u64);
    assert_eq!(object_bytes(&s3, &b, "big.bin").await, data);

    let back = dir.path().join("out/big copy.bin");
    let (got, progress) = counter();
    let req = DownloadRequest {
        bucket: b.clone(),
        key: "big.bin".into(),
        local: back.clone(),
        ranged_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
        size_hint: None,
    };
    download_file(
        common::env(&s3, None),
        &req,
        &CancellationToken::new(),
        progress,
    )
    .await
    .expect("download");
    assert_eq!(got.load(Ordering::Relaxed), data.len() as u64);
    assert_eq!(std::fs::read(&back).expect("read"), data);
    let names: Vec<_> = std::fs::read_dir(back.parent().expect("dir"))
        .expect("ls")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temp file left: {names:?}");
}

#[tokio::test]
async fn cancelling_a_multipart_upload_leaves_nothing_on_the_server() {
    let s3 = common::client(common::server());
    let b = common::bucket("cancel-up");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    std::fs::write(&path, pattern(40 * MIB as usize)).expect("write");
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    // Cancel once the first part has gone up.
    let progress: Progress = Arc::new(move |_| trigger.cancel());
    let result = upload_file(
        common::env(&s3, None),
        &upload_req(&path, &b, "big.bin"),
        &cancel,
        progress,
    )
    .await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    let uploads = s3
        .for_bucket(&b)
        .list_multipart_uploads()
        .bucket(&b)
        .send()
        .await
        .expect("list uploads");
    assert!(
        uploads.uploads().is_empty(),
        "aborted: {:?}",
        uploads.uploads()
    );
    let objects = s3
        .for_bucket(&b)
        .list_objects_v2()
        .bucket(&b)
        .send()
        .await
        .expect("list");
    assert!(objects.contents().is_empty());
}

#[tokio::test]
async fn slowdowns_and_dropped_connections_are_retried_per_part() {
    let s3 = common::client(common::server());
    let b = common::bucket("faults");
    common::make_bucket(&s3, &b).await;
    let proxy = common::fault_proxy();
    let via = common::client_via(&proxy.endpoint);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    let data = pattern(20 * MIB as usize);
    std::fs::write(&path, &data).expect("write");
    proxy.set(serde_json::json!({ "slowdown": 2, "drop": 1 }));
    upload_file(
        common::env(&via, None),
        &upload_req(&path, &b, "big.bin"),
        &CancellationToken::new(),
        counter().1,
    )
    .await
    .expect("upload despite faults");
    let state = proxy.set(serde_json::json!({ "slowdown": 2, "drop": 1 }));
    assert_eq!(
        state["injected"], 3,
        "every fault was met and retried: {state}"
    );
    let back = dir.path().join("back.bin");
    let req = DownloadRequest {
        bucket: b.clone(),
        key: "big.bin".into(),
        local: back.clone(),
        ranged_threshold: 4 * MIB,
        part_size: 0,
        size_hint: None,
    };
    download_file(
        common::env(&via, None),
        &req,
        &CancellationToken::new(),
        counter().1,
    )
    .await
    .expect("download despite faults");
    assert_eq!(std::fs::read(&back).expect("read"), data);
    let state = proxy.set(serde_json::json!({ "drop": 1, "requests": 0, "range_gets": 0 }));
    assert_eq!(state["injected"], 6);

    // A small object whose size the listing gave comes down in one GET, no HEAD; a body
    // cut short continues with a ranged GET from the last byte written.
    let whole = DownloadRequest {
        local: dir.path().join("whole.bin"),
        ranged_threshold: 32 * MIB,
        part_size: 0,
        size_hint: Some(data.len() as u64),
        ..req
    };
    download_file(
        common::env(&via, None),
        &whole,
        &CancellationToken::new(),
        counter().1,
    )
    .await
    .expect("whole download despite a drop");
    assert!(std::fs::read(&whole.local).expect("read") == data);
    let state = proxy.set(serde_json::json!({}));
    assert_eq!(state["injected"], 7);
    assert_eq!(state["requests"], 2, "one GET, one ranged GET for the rest");
    assert_eq!(state["range_gets"], 1);

    // Up to 1 MiB the body is held in memory and checked before anything is written; a
    // body cut short continues the same way, and progress counts each byte once.
    let small = pattern(512 * 1024);
    common::put(&s3, &b, "small.bin", &small).await;
    proxy.set(serde_json::json!({ "drop": 1, "requests": 0, "range_gets": 0 }));
    let in_memory = DownloadRequest {
        key: "small.bin".into(),
        local: dir.path().join("small.bin"),
        size_hint: Some(small.len() as u64),
        ..whole
    };
    let (moved, on_progress) = counter();
    download_file(
        common::env(&via, None),
        &in_memory,
        &CancellationToken::new(),
        on_progress,
    )
    .await
    .expect("small download despite a drop");
    assert!(std::fs::read(&in_memory.local).expect("read") == small);
    assert_eq!(
        moved.load(std::sync::atomic::Ordering::Relaxed),
        small.len() as u64
    );
    let state = proxy.set(serde_json::json!({}));
    assert_eq!(
        state["requests"], 2,
        "one GET, one ranged GET for the rest: {state}"
    );
    assert_eq!(state["range_gets"], 1);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(names.is_empty(), "no partial files left: {names:?}");
}

#[tokio::test]
async fn missing_sources_fail_clearly_and_write_nothing() {
    let s3 = common::client(common::server());
    let b = common::bucket("missing");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let err = upload_file(
        common::env(&s3, None),
        &upload_req(&dir.path().join("nope"), &b, "k"),
        &CancellationToken::new(),
        counter().1,
    )
    .await
    .expect_err("no file");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let target = dir.path().join("out.bin");
    let req = DownloadRequest {
        bucket: b.clone(),
        key: "absent".into(),
        local: target.clone(),
        ranged_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
        size_hint: None,
    };
    let err = download_file(
        common::env(&s3, None),
        &req,
        &CancellationToken::new(),
        counter().1,
    )
    .await
    .expect_err("no object");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        0,
        "no file, no temp file"
    );
}

/// The journal once no write is landing in it any more (unchanged for 200 ms).
async fn settled(
    journal: &spaceport_core::transfer::journal::Journal,
) -> Vec<spaceport_core::transfer::journal::Pending> {
    let mut last = format!("{:?}", journal.pending());
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = format!("{:?}", journal.pending());
        if now == last {
            return journal.pending();
        }
        last = now;
    }
}

#[tokio::test]
async fn an_upload_killed_midway_resumes_from_the_journal_with_only_the_missing_parts() {
    use spaceport_core::transfer::journal::{Journal, Pending};
    // Through the proxy, which corrects moto's ListParts answer to S3's shape.
    let proxy = common::fault_proxy();
    let s3 = Arc::new(common::client_via(&proxy.endpoint));
    let b = common::bucket("resume");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    let data = pattern(40 * MIB as usize);
    std::fs::write(&path, &data).expect("write");
    let journal_dir = dir.path().join("journal");

    // First run: stop the process-equivalent (drop the task) once a part is recorded.
    let first_part = Arc::new(tokio::sync::Notify::new());
    let notify = Arc::clone(&first_part);
    let progress: Progress = Arc::new(move |_| notify.notify_one());
    let (s3c, req, jdir) = (
        Arc::clone(&s3),
        upload_req(&path, &b, "big.bin"),
        journal_dir.clone(),
    );
    let task = tokio::spawn(async move {
        let journal = Journal::new(jdir);
        upload_file(
            common::env(&s3c, Some(&journal)),
            &req,
            &CancellationToken::new(),
            progress,
        )
        .await
    });
    first_part.notified().await;
    task.abort();
    assert!(task.await.expect_err("killed").is_cancelled());

    let journal = Journal::new(journal_dir.clone());
    // A part's record is written off the async threads, so one already handed over when the
    // task was killed may still land (as after a real kill, before the process exits).
    let pending = settled(&journal).await;
    assert_eq!(pending.len(), 1, "the killed upload is in the journal");
    let Pending::Upload(pending) = &pending[0] else {
        panic!("the journal holds a download, not the upload");
    };
    let recorded = pending.parts.len();
    assert!((1..5).contains(&recorded), "{recorded} of 5 parts recorded");
    let listed = s3
        .for_bucket(&b)
        .list_parts()
        .bucket(&b)
        .key("big.bin")
        .upload_id(&pending.header.upload_id)
        .send()
        .await
        .expect("list parts");
    assert!(
        listed.parts().len() >= recorded,
        "the server holds the recorded parts"
    );

    // Second run, a fresh journal handle over the same files: only missing parts go up.
    let calls = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&calls);
    let progress: Progress = Arc::new(move |n| log.lock().expect("lock").push(n));
    let up = upload_file(
        common::env(&s3, Some(&journal)),
        &upload_req(&path, &b, "big.bin"),
        &CancellationToken::new(),
        progress,
    )
    .await
    .expect("resumed upload");
    let calls = calls.lock().expect("lock").clone();
    assert_eq!(
        calls[0],
        recorded as u64 * 8 * MIB,
        "resumed parts count as done at once"
    );
    assert_eq!(
        calls.len() - 1,
        5 - recorded,
        "only the missing parts were sent"
    );
    assert!(up.etag.ends_with("-5"));
    assert_eq!(object_bytes(&s3, &b, "big.bin").await, data);
    assert!(
        journal.pending().is_empty(),
        "a finished upload leaves the journal"
    );
    let uploads = s3
        .for_bucket(&b)
        .list_multipart_uploads()
        .bucket(&b)
        .send()
        .await
        .expect("uploads");
    assert!(uploads.uploads().is_empty());
}
