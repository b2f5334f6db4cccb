//! Resuming after a crash or restart, leftovers, and the scheduler's bounds, against moto
//! through the fault proxy (which counts requests and corrects moto's ListParts answer).

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use spaceport_core::client::S3;
use spaceport_core::transfer::batch::{self, Tuning, UploadItem, UploadTarget};
use spaceport_core::transfer::download::{download_file, DownloadRequest};
use spaceport_core::transfer::journal::{Journal, Pending};
use spaceport_core::transfer::leftovers::{abort_leftover, find_leftovers};
use spaceport_core::transfer::plan::{MIB, MULTIPART_THRESHOLD};
use spaceport_core::transfer::scheduler::{Limits, Scheduler};
use spaceport_core::transfer::upload::{upload_file, Progress, UploadRequest};
use spaceport_core::transfer::Env;
use spaceport_core::ErrorKind;
use tokio_util::sync::CancellationToken;

fn no_progress() -> Progress {
    Arc::new(|_| {})
}

fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

async fn put(s3: &S3, bucket: &str, key: &str, data: Vec<u8>) {
    s3.for_bucket(bucket)
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(data.into())
        .send()
        .await
        .expect("put");
}

fn download_req(bucket: &str, key: &str, local: &Path) -> DownloadRequest {
    DownloadRequest {
        bucket: bucket.into(),
        key: key.into(),
        local: local.to_path_buf(),
        ranged_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
        size_hint: None,
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Wait until the journal holds a download with at least one finished range.
async fn first_range_recorded(journal: &Journal) -> usize {
    for _ in 0..600 {
        if let Some(Pending::Download(r)) = journal.pending().into_iter().next() {
            if !r.ranges.is_empty() {
                return r.ranges.len();
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no range was recorded within 12 s");
}

#[tokio::test]
async fn a_download_killed_midway_resumes_with_only_the_missing_ranges() {
    let proxy = common::fault_proxy();
    let s3 = Arc::new(common::client_via(&proxy.endpoint));
    let b = common::bucket("dl-resume");
    common::make_bucket(&s3, &b).await;
    let data = random_bytes(40 * MIB as usize, 7);
    put(&s3, &b, "big.bin", data.clone()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out").join("big.bin");
    let journal_dir = dir.path().join("journal");

    // Slow every request, so the task is stopped with some ranges written and some not.
    proxy.set(serde_json::json!({ "delay_ms": 400 }));
    let (s3c, req, jdir) = (
        Arc::clone(&s3),
        download_req(&b, "big.bin", &out),
        journal_dir.clone(),
    );
    let task = tokio::spawn(async move {
        let journal = Journal::new(jdir);
        let sched = Scheduler::new(Limits {
            requests_in_flight: 2,
            ..Limits::default()
        });
        let env = Env {
            s3: &s3c,
            sched: &sched,
            journal: Some(&journal),
            account_id: "test",
        };
        download_file(env, &req, &CancellationToken::new(), no_progress()).await
    });
    let journal = Journal::new(journal_dir);
    first_range_recorded(&journal).await;
    task.abort();
    assert!(task.await.expect_err("killed").is_cancelled());
    proxy.set(serde_json::json!({ "delay_ms": 0, "range_gets": 0 }));

    let Some(Pending::Download(record)) = journal.pending().into_iter().next() else {
        panic!("the killed download is not in the journal");
    };
    let recorded = record.ranges.len();
    assert!(
        (1..5).contains(&recorded),
        "{recorded} of 5 ranges recorded"
    );
    assert!(record.header.temp.exists(), "the partial file is kept");
    assert!(!out.exists(), "nothing under the final name yet");

    let done = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&done);
    let progress: Progress = Arc::new(move |n| {
        seen.fetch_add(n, Ordering::Relaxed);
    });
    download_file(
        common::env(&s3, Some(&journal)),
        &download_req(&b, "big.bin", &out),
        &CancellationToken::new(),
        progress,
    )
    .await
    .expect("resumed download");
    let state = proxy.set(serde_json::json!({}));
    assert_eq!(
        state["range_gets"],
        5 - recorded as u64,
        "only the missing ranges were fetched"
    );
    assert_eq!(done.load(Ordering::Relaxed), data.len() as u64);
    assert!(
        std::fs::read(&out).expect("read") == data,
        "the bytes match"
    );
    assert_eq!(files_in(out.parent().expect("dir")), vec!["big.bin"]);
    assert!(journal.pending().is_empty());
}

#[tokio::test]
async fn a_download_of_an_object_that_changed_since_starts_over() {
    let s3 = common::client(common::server());
    let b = common::bucket("dl-changed");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("big.bin");
    let journal = Journal::new(dir.path().join("journal"));
    put(&s3, &b, "big.bin", random_bytes(20 * MIB as usize, 1)).await;

    // A download stopped after its first range, as a crash would leave it.
    let first = Arc::new(tokio::sync::Notify::new());
    let notify = Arc::clone(&first);
    let (req, cancel) = (download_req(&b, "big.bin", &out), CancellationToken::new());
    let result = tokio::select! {
        r = download_file(
            common::env(&s3, Some(&journal)),
            &req,
            &cancel,
            Arc::new(move |_| notify.notify_one()),
        ) => Some(r),
        () = first.notified() => None,
    };
    assert!(result.is_none(), "stopped mid-way");
    let Some(Pending::Download(old)) = journal.pending().into_iter().next() else {
        panic!("the stopped download is not in the journal");
    };

    let changed = random_bytes(20 * MIB as usize, 2);
    put(&s3, &b, "big.bin", changed.clone()).await;
    download_file(
        common::env(&s3, Some(&journal)),
        &download_req(&b, "big.bin", &out),
        &CancellationToken::new(),
        no_progress(),
    )
    .await
    .expect("download");
    assert!(
        std::fs::read(&out).expect("read") == changed,
        "the new version"
    );
    assert!(!old.header.temp.exists(), "the old partial file is gone");
    assert!(journal.pending().is_empty());
}

#[tokio::test]
async fn slow_responses_complete_and_a_stalled_request_fails_at_its_deadline() {
    let proxy = common::fault_proxy();
    let s3 = common::client_via(&proxy.endpoint);
    let b = common::bucket("slow");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    let data = random_bytes(20 * MIB as usize, 3);
    std::fs::write(&path, &data).expect("write");
    let req = UploadRequest {
        local: path.clone(),
        bucket: b.clone(),
        key: "big.bin".into(),
        options: Default::default(),
        multipart_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
    };

    // Slow but moving: every request waits 300 ms and the upload still completes.
    proxy.set(serde_json::json!({ "delay_ms": 300, "requests": 0 }));
    upload_file(
        common::env(&s3, None),
        &req,
        &CancellationToken::new(),
        no_progress(),
    )
    .await
    .expect("a slow upload completes");
    let state = proxy.set(serde_json::json!({}));
    // Create, 3 parts, complete: no request was retried.
    assert_eq!(state["requests"], 5);
    let head = s3
        .for_bucket(&b)
        .head_object()
        .bucket(&b)
        .key("big.bin")
        .send()
        .await
        .expect("head");
    assert_eq!(head.content_length(), Some(data.len() as i64));

    // Stalled: answers take longer than the deadline allows, so it fails clearly.
    proxy.set(serde_json::json!({ "delay_ms": 3000 }));
    let sched = Scheduler::new(Limits {
        deadline_base: Duration::from_secs(1),
        ..Limits::default()
    });
    let env = Env {
        s3: &s3,
        sched: &sched,
        journal: None,
        account_id: "test",
    };
    let small = dir.path().join("small.txt");
    std::fs::write(&small, b"hello").expect("write");
    let started = Instant::now();
    let err = upload_file(
        env,
        &UploadRequest {
            local: small,
            key: "small.txt".into(),
            ..req
        },
        &CancellationToken::new(),
        no_progress(),
    )
    .await
    .expect_err("past the deadline");
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(
        err.to_string().contains("did not finish") && err.to_string().contains("small.txt"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "it gave up at the deadline"
    );
    proxy.set(serde_json::json!({ "delay_ms": 0 }));
}

#[tokio::test]
async fn many_files_share_one_bound_on_requests_in_flight() {
    let proxy = common::fault_proxy();
    let s3 = common::client_via(&proxy.endpoint);
    let b = common::bucket("bound");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let items: Vec<UploadItem> = (0..40)
        .map(|i| {
            let local = dir.path().join(format!("f{i}.txt"));
            std::fs::write(&local, format!("file {i}")).expect("write");
            UploadItem {
                local,
                key: format!("many/f{i}.txt"),
                size: 0,
            }
        })
        .collect();
    proxy.set(serde_json::json!({ "delay_ms": 50, "peak_in_flight": 0 }));
    let sched = Scheduler::new(Limits {
        requests_in_flight: 4,
        ..Limits::default()
    });
    let env = Env {
        s3: &s3,
        sched: &sched,
        journal: None,
        account_id: "test",
    };
    let options = Default::default();
    let target = UploadTarget {
        bucket: &b,
        options: &options,
    };
    let tuning = Tuning {
        files_in_flight: 16,
        ..Tuning::default()
    };
    let results = batch::upload_all(
        env,
        &target,
        items,
        tuning,
        &CancellationToken::new(),
        no_progress(),
    )
    .await;
    assert!(results.iter().all(|r| r.result.is_ok()));
    let state = proxy.set(serde_json::json!({ "delay_ms": 0 }));
    // 16 files were open at once, but never more than 4 requests (and 50 ms each means
    // they did overlap: fewer than 4 would be a scheduler that serialises everything).
    assert_eq!(state["peak_in_flight"], 4);
}

/// Start a multipart upload with one 5 MiB part, as another tool would leave it.
async fn orphan_upload(s3: &S3, bucket: &str, key: &str) -> String {
    let client = s3.for_bucket(bucket);
    let created = client
        .create_multipart_upload()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .expect("create");
    let id = created.upload_id().expect("id").to_owned();
    client
        .upload_part()
        .bucket(bucket)
        .key(key)
        .upload_id(&id)
        .part_number(1)
        .body(vec![1u8; 5 * MIB as usize].into())
        .send()
        .await
        .expect("part");
    id
}

#[tokio::test]
async fn leftover_uploads_unknown_to_the_journal_are_listed_and_aborted() {
    let proxy = common::fault_proxy();
    let s3 = common::client_via(&proxy.endpoint);
    let b = common::bucket("leftovers");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = Journal::new(dir.path().join("journal"));
    let orphan = orphan_upload(&s3, &b, "orphan.bin").await;

    // One upload the journal knows: interrupted here, to be offered for resuming instead.
    let path = dir.path().join("mine.bin");
    std::fs::write(&path, random_bytes(20 * MIB as usize, 4)).expect("write");
    let first = Arc::new(tokio::sync::Notify::new());
    let notify = Arc::clone(&first);
    let req = UploadRequest {
        local: path,
        bucket: b.clone(),
        key: "mine.bin".into(),
        options: Default::default(),
        multipart_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
    };
    let cancel = CancellationToken::new();
    tokio::select! {
        r = upload_file(common::env(&s3, Some(&journal)), &req, &cancel,
            Arc::new(move |_| notify.notify_one())) => panic!("finished too soon: {r:?}"),
        () = first.notified() => {}
    }

    let found = find_leftovers(common::env(&s3, Some(&journal)), &b)
        .await
        .expect("find");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].key, "orphan.bin");
    assert_eq!(found[0].upload_id, orphan);
    assert_eq!(found[0].size, 5 * MIB);
    assert!(found[0].initiated.is_some());

    abort_leftover(common::env(&s3, Some(&journal)), &found[0])
        .await
        .expect("abort");
    let left = s3
        .for_bucket(&b)
        .list_multipart_uploads()
        .bucket(&b)
        .send()
        .await
        .expect("uploads");
    let keys: Vec<_> = left.uploads().iter().filter_map(|u| u.key()).collect();
    assert_eq!(keys, vec!["mine.bin"], "only the journalled upload remains");
    // Aborting again is not an error: it is already gone.
    abort_leftover(common::env(&s3, Some(&journal)), &found[0])
        .await
        .expect("abort again");
}

#[tokio::test]
async fn a_file_that_shrinks_mid_upload_fails_clearly_and_leaves_no_upload() {
    let proxy = common::fault_proxy();
    let s3 = common::client_via(&proxy.endpoint);
    let b = common::bucket("shrinks");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("growing log.bin");
    std::fs::write(&path, random_bytes(30 * MIB as usize, 9)).expect("write");
    // One request at a time: part 2 waits at the proxy, part 3 is not read yet.
    let sched = Scheduler::new(Limits {
        requests_in_flight: 1,
        ..Limits::default()
    });
    proxy.set(serde_json::json!({ "hold_parts": 2 }));
    let req = UploadRequest {
        local: path.clone(),
        bucket: b.clone(),
        key: "log.bin".into(),
        options: Default::default(),
        multipart_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
    };
    let env = Env {
        s3: &s3,
        sched: &sched,
        journal: None,
        account_id: "test",
    };
    let cancel = CancellationToken::new();
    let upload = upload_file(env, &req, &cancel, no_progress());
    let shrink = async {
        for _ in 0..600 {
            if proxy.set(serde_json::json!({}))["held"] == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_len(10 * MIB))
            .expect("truncate");
        proxy.set(serde_json::json!({ "hold_parts": 0 }));
    };
    let (result, ()) = tokio::join!(upload, shrink);
    let err = result.expect_err("the file shrank");
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(
        err.to_string().contains("got shorter") && err.to_string().contains("growing log.bin"),
        "{err}"
    );
    let left = s3
        .for_bucket(&b)
        .list_multipart_uploads()
        .bucket(&b)
        .send()
        .await
        .expect("uploads");
    assert!(
        left.uploads().is_empty(),
        "the multipart upload was aborted"
    );
    let listed = s3
        .for_bucket(&b)
        .list_objects_v2()
        .bucket(&b)
        .send()
        .await
        .expect("list");
    assert!(listed.contents().is_empty(), "no object was made");
}
