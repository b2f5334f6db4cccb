//! The transfer queue against moto: many items, pause and resume, cancel, and a failure that
//! does not stop the rest.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use spaceport_core::client::S3;
use spaceport_core::model::{TransferInfo, TransferState, UploadOptions};
use spaceport_core::transfer::journal::Journal;
use spaceport_core::transfer::manager::{ClientSource, TransferManager};
use spaceport_core::transfer::plan::{MIB, MULTIPART_THRESHOLD};
use spaceport_core::transfer::scheduler::{Limits, Scheduler};
use spaceport_core::transfer::upload::UploadRequest;
use spaceport_core::{ErrorKind, Result};

struct OneClient(S3);

impl ClientSource for OneClient {
    fn client(&self, _account_id: &str) -> Result<S3> {
        Ok(self.0.clone())
    }
}

struct Harness {
    manager: TransferManager,
    latest: Arc<Mutex<Vec<TransferInfo>>>,
}

impl Harness {
    fn new(s3: S3, journal: Option<Journal>) -> Self {
        let latest = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&latest);
        let manager = TransferManager::new(
            Arc::new(OneClient(s3)),
            journal,
            Arc::new(Scheduler::new(Limits::default())),
            2,
            Arc::new(move |info| log.lock().expect("lock").push(info)),
        );
        Harness { manager, latest }
    }

    async fn wait(&self, what: &str, ok: impl Fn(&[TransferInfo]) -> bool) {
        for _ in 0..600 {
            if ok(&self.manager.list()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("timed out waiting for {what}: {:?}", self.manager.list());
    }

    fn states_of(&self, id: u64) -> Vec<TransferState> {
        let mut states: Vec<TransferState> = Vec::new();
        for info in self
            .latest
            .lock()
            .expect("lock")
            .iter()
            .filter(|i| i.id == id)
        {
            if states.last() != Some(&info.state) {
                states.push(info.state.clone());
            }
        }
        states
    }
}

fn request(local: &std::path::Path, bucket: &str, key: &str) -> UploadRequest {
    UploadRequest {
        local: local.to_path_buf(),
        bucket: bucket.into(),
        key: key.into(),
        options: UploadOptions::default(),
        multipart_threshold: MULTIPART_THRESHOLD,
        part_size: 0,
    }
}

#[tokio::test]
async fn many_items_run_and_a_failure_does_not_stop_the_rest() {
    let s3 = common::client(common::server());
    let b = common::bucket("mgr");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(s3.clone(), None);
    let mut ids = Vec::new();
    for i in 0..5 {
        let path = dir.path().join(format!("f{i}.txt"));
        std::fs::write(&path, format!("file {i}")).expect("write");
        ids.push(
            h.manager
                .add_upload("acct", request(&path, &b, &format!("m/f{i}.txt")), 6),
        );
    }
    let missing = h.manager.add_upload(
        "acct",
        request(&dir.path().join("gone.txt"), &b, "m/gone.txt"),
        1,
    );
    h.wait("all finished", |all| {
        all.iter()
            .all(|i| matches!(i.state, TransferState::Done | TransferState::Failed { .. }))
    })
    .await;
    for id in &ids {
        assert_eq!(
            h.states_of(*id),
            vec![
                TransferState::Queued,
                TransferState::Running,
                TransferState::Done
            ]
        );
    }
    let failed = h
        .manager
        .list()
        .into_iter()
        .find(|i| i.id == missing)
        .expect("item");
    assert!(
        matches!(
            failed.state,
            TransferState::Failed {
                kind: ErrorKind::NotFound,
                ..
            }
        ),
        "{failed:?}"
    );
    let listed = s3
        .for_bucket(&b)
        .list_objects_v2()
        .bucket(&b)
        .send()
        .await
        .expect("list");
    assert_eq!(listed.contents().len(), 5);
}

#[tokio::test]
async fn pause_keeps_the_parts_and_resume_finishes_cancel_leaves_nothing() {
    let proxy = common::fault_proxy();
    let s3 = common::client_via(&proxy.endpoint);
    let b = common::bucket("mgr-pause");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    let data: Vec<u8> = (0..40 * MIB as usize).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).expect("write");
    let h = Harness::new(s3.clone(), Some(Journal::new(dir.path().join("journal"))));

    // Slow each request so the pause lands mid-upload.
    proxy.set(serde_json::json!({ "delay_ms": 300 }));
    let id = h
        .manager
        .add_upload("acct", request(&path, &b, "big.bin"), data.len() as u64);
    h.wait("a part sent", |all| all[0].done > 0).await;
    h.manager.pause(id).expect("pause");
    assert_eq!(h.manager.list()[0].state, TransferState::Paused);
    let uploads = s3
        .for_bucket(&b)
        .list_multipart_uploads()
        .bucket(&b)
        .send()
        .await
        .expect("uploads");
    assert_eq!(
        uploads.uploads().len(),
        1,
        "paused: the multipart upload is kept"
    );

    proxy.set(serde_json::json!({ "delay_ms": 0 }));
    h.manager.resume(id).expect("resume");
    h.wait("done", |all| all[0].state == TransferState::Done)
        .await;
    let got = s3
        .for_bucket(&b)
        .get_object()
        .bucket(&b)
        .key("big.bin")
        .send()
        .await
        .expect("get");
    assert_eq!(
        got.body
            .collect()
            .await
            .expect("body")
            .into_bytes()
            .to_vec(),
        data
    );

    // Cancel while paused: the kept upload is aborted.
    proxy.set(serde_json::json!({ "delay_ms": 300 }));
    let second = h
        .manager
        .add_upload("acct", request(&path, &b, "second.bin"), data.len() as u64);
    h.wait("second started", |all| {
        all.iter().any(|i| i.id == second && i.done > 0)
    })
    .await;
    h.manager.pause(second).expect("pause");
    h.manager.cancel(second).expect("cancel");
    proxy.set(serde_json::json!({ "delay_ms": 0 }));
    let mut left = usize::MAX;
    for _ in 0..100 {
        left = s3
            .for_bucket(&b)
            .list_multipart_uploads()
            .bucket(&b)
            .send()
            .await
            .expect("uploads")
            .uploads()
            .len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0, "cancel aborts the multipart upload");
    let state = h
        .manager
        .list()
        .into_iter()
        .find(|i| i.id == second)
        .expect("item")
        .state;
    assert_eq!(state, TransferState::Cancelled);
}

async fn multipart_uploads(s3: &S3, bucket: &str) -> Vec<String> {
    s3.for_bucket(bucket)
        .list_multipart_uploads()
        .bucket(bucket)
        .send()
        .await
        .expect("uploads")
        .uploads()
        .iter()
        .filter_map(|u| u.key().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn after_a_restart_interrupted_transfers_are_offered_resumed_or_discarded() {
    let proxy = common::fault_proxy();
    let s3 = common::client_via(&proxy.endpoint);
    let b = common::bucket("mgr-restart");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let journal_dir = dir.path().join("journal");
    let data: Vec<u8> = (0..40 * MIB as usize).map(|i| (i % 253) as u8).collect();
    for name in ["keep.bin", "drop.bin"] {
        std::fs::write(dir.path().join(name), &data).expect("write");
    }

    // The first app run: both uploads pause mid-way, then the app is gone.
    {
        let h = Harness::new(s3.clone(), Some(Journal::new(journal_dir.clone())));
        proxy.set(serde_json::json!({ "delay_ms": 300 }));
        for name in ["keep.bin", "drop.bin"] {
            let id = h.manager.add_upload(
                "acct",
                request(&dir.path().join(name), &b, name),
                data.len() as u64,
            );
            h.wait("a part sent", |all| {
                all.iter().any(|i| i.id == id && i.done > 0)
            })
            .await;
            h.manager.pause(id).expect("pause");
        }
        proxy.set(serde_json::json!({ "delay_ms": 0 }));
    }

    // The next run finds them in the journal, with the bytes already sent.
    let h = Harness::new(s3.clone(), Some(Journal::new(journal_dir.clone())));
    let offered = h.manager.interrupted();
    let mut keys: Vec<&str> = offered.iter().map(|o| o.key.as_str()).collect();
    keys.sort();
    assert_eq!(keys, vec!["drop.bin", "keep.bin"]);
    assert!(offered
        .iter()
        .all(|o| o.done > 0 && o.done < o.size && o.account_id == "acct"));
    let keep = offered.iter().find(|o| o.key == "keep.bin").expect("keep");
    let dropped = offered.iter().find(|o| o.key == "drop.bin").expect("drop");

    h.manager
        .discard_interrupted(&dropped.id)
        .await
        .expect("discard");
    assert_eq!(multipart_uploads(&s3, &b).await, vec!["keep.bin"]);

    proxy.set(serde_json::json!({ "part_puts": 0 }));
    let id = h.manager.resume_interrupted(&keep.id).expect("resume");
    h.wait("resumed upload done", |all| {
        all.iter()
            .any(|i| i.id == id && i.state == TransferState::Done)
    })
    .await;
    let state = proxy.set(serde_json::json!({}));
    let parts_left = (data.len() as u64 - keep.done).div_ceil(8 * MIB);
    assert_eq!(
        state["part_puts"], parts_left,
        "only the missing parts went up"
    );
    let got = s3
        .for_bucket(&b)
        .get_object()
        .bucket(&b)
        .key("keep.bin")
        .send()
        .await
        .expect("get");
    assert!(
        got.body
            .collect()
            .await
            .expect("body")
            .into_bytes()
            .to_vec()
            == data
    );
    assert!(multipart_uploads(&s3, &b).await.is_empty());
    assert!(h.manager.interrupted().is_empty());
}

#[tokio::test]
async fn a_stalled_transfer_still_reports_the_bytes_it_moved() {
    let proxy = common::fault_proxy();
    let s3 = common::client_via(&proxy.endpoint);
    let b = common::bucket("mgr-stall");
    common::make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    std::fs::write(&path, vec![7u8; 40 * MIB as usize]).expect("write");
    let h = Harness::new(s3, None);
    // Parts 1 and 2 finish together; 3 and later wait, so no later progress comes.
    proxy.set(serde_json::json!({ "hold_parts": 3 }));
    let id = h
        .manager
        .add_upload("acct", request(&path, &b, "big.bin"), 40 * MIB);
    let reported = || {
        h.latest
            .lock()
            .expect("lock")
            .iter()
            .rev()
            .find(|i| i.id == id)
            .map(|i| i.done)
    };
    let mut last = None;
    for _ in 0..200 {
        last = reported();
        if last == Some(16 * MIB) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(last, Some(16 * MIB), "the held-back progress was sent");
    h.manager.cancel(id).expect("cancel");
    proxy.set(serde_json::json!({ "hold_parts": 0 }));
}
