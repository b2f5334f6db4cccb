//! Folder sync against moto with a temporary folder: the first reconcile, changes made in
//! the folder reaching the Space through the watcher, debounce, catch-up after a restart,
//! ignore patterns, deletes only when asked, a vanished folder, and the cleanup rule.
//! Every result is read back with the aws CLI.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;
use spaceport_core::client::S3;
use spaceport_core::model::ObjectAcl;
use spaceport_core::objects::{no_progress, Ctx};
use spaceport_core::sync::cleanup::{self, CleanupRule};
use spaceport_core::sync::index::index_path;
use spaceport_core::sync::reconcile::UploadReason;
use spaceport_core::sync::run::{self, PairEnv, SyncAction};
use spaceport_core::sync::service::{SyncPairState, SyncService};
use spaceport_core::sync::worker::SyncStatus;
use spaceport_core::sync::{NewSyncPair, SyncOptions};
use spaceport_core::transfer::manager::ClientSource;
use spaceport_core::transfer::scheduler::{Limits, Scheduler};
use spaceport_core::Result;
use tokio_util::sync::CancellationToken;

struct OneClient(S3);

impl ClientSource for OneClient {
    fn client(&self, _account_id: &str) -> Result<S3> {
        Ok(self.0.clone())
    }
}

/// A sync service as the app runs it, over its own config and state folders, keeping the
/// latest state each pair reported.
struct Harness {
    service: SyncService,
    latest: Arc<Mutex<HashMap<String, SyncPairState>>>,
}

fn harness(config: &Path, state: &Path) -> Harness {
    harness_with(config, state, client(server()))
}

fn harness_with(config: &Path, state: &Path, s3: S3) -> Harness {
    let latest: Arc<Mutex<HashMap<String, SyncPairState>>> = Arc::default();
    let seen = latest.clone();
    let service = SyncService::new(
        config,
        state.to_path_buf(),
        Arc::new(OneClient(s3)),
        Arc::new(Scheduler::new(Limits::default())),
        None,
        Arc::new(move |s: SyncPairState| {
            seen.lock().expect("lock").insert(s.pair.id.clone(), s);
        }),
    );
    Harness { service, latest }
}

impl Harness {
    fn state(&self, id: &str) -> SyncPairState {
        let states = self.service.states().expect("states");
        states.into_iter().find(|s| s.pair.id == id).expect("pair")
    }

    fn uploads_of(&self, id: &str, path: &str) -> usize {
        let state = self.state(id);
        state
            .activity
            .iter()
            .filter(|a| a.action == SyncAction::Uploaded && a.path == path)
            .count()
    }
}

fn aws(args: &[&str]) -> Value {
    aws_json(server(), args)
}

/// Every key in the bucket with its size.
fn keys(bucket: &str) -> BTreeMap<String, u64> {
    let listed = aws(&["s3api", "list-objects-v2", "--bucket", bucket]);
    listed["Contents"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            let key = o["Key"].as_str().expect("key").to_owned();
            (key, o["Size"].as_u64().expect("size"))
        })
        .collect()
}

fn body(bucket: &str, key: &str) -> Option<Vec<u8>> {
    let out = aws_cli_unchecked(
        server(),
        &["s3", "cp", &format!("s3://{bucket}/{key}"), "-"],
    );
    out.status.success().then_some(out.stdout)
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

/// A fresh Space and a local folder (its canonical path, as a pair keeps it), with the
/// config and state folders of a sync service.
struct Place {
    s3: S3,
    b: String,
    root: std::path::PathBuf,
    config: tempfile::TempDir,
    state: tempfile::TempDir,
    _dir: tempfile::TempDir,
}

async fn place(tag: &str) -> Place {
    let s3 = client(server());
    let b = bucket(tag);
    make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let temp = || tempfile::tempdir().expect("tempdir");
    Place {
        s3,
        b,
        root,
        config: temp(),
        state: temp(),
        _dir: dir,
    }
}

/// Poll until `ok` holds, or fail with what was last seen.
async fn eventually(what: &str, secs: u64, ok: impl Fn() -> bool) {
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        if ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

fn new_pair(root: &Path, bucket: &str, prefix: &str, options: SyncOptions) -> NewSyncPair {
    NewSyncPair {
        local: root.display().to_string(),
        account_id: "test".into(),
        bucket: bucket.into(),
        prefix: prefix.into(),
        options,
    }
}

fn watching(h: &Harness, id: &str) -> bool {
    matches!(h.state(id).status, SyncStatus::Watching { failed: 0 })
}

/// A pair set up, previewed and started, once its first run is done and it is watching.
/// A pair at the top of `bucket` that deletes in the Space what is removed locally.
fn deleting_pair(root: &Path, bucket: &str) -> NewSyncPair {
    let options = SyncOptions {
        delete_remote: true,
        ..SyncOptions::default()
    };
    new_pair(root, bucket, "", options)
}

async fn started(h: &Harness, new: NewSyncPair) -> String {
    let id = h.service.add(new).expect("add").pair.id;
    h.service
        .preview(&id, &CancellationToken::new())
        .await
        .expect("preview");
    h.service.agree(&id).expect("agree");
    eventually("the first sync", 30, || watching(h, &id)).await;
    id
}

#[tokio::test]
async fn the_first_reconcile_plans_then_uploads_what_is_new_or_changed() {
    let s3 = client(server());
    let b = bucket("sync-first");
    make_bucket(&s3, &b).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "new.txt", b"new");
    write(root, "same.txt", b"same");
    write(root, "stale.txt", b"now longer");
    write(root, "a b/ü.txt", b"unicode");
    write(root, ".git/HEAD", b"ref");
    write(root, "x.tmp", b"tmp");
    put(&s3, &b, "backup/same.txt", b"same").await;
    put(&s3, &b, "backup/stale.txt", b"short").await;
    put(&s3, &b, "backup/only-remote.txt", b"r").await;
    let config = tempfile::tempdir().expect("tempdir");
    let state = tempfile::tempdir().expect("tempdir");
    let h = harness(config.path(), state.path());
    let options = SyncOptions {
        acl: ObjectAcl::PublicRead,
        cache_control: Some("max-age=3600".into()),
        ..SyncOptions::default()
    };
    let id = h
        .service
        .add(new_pair(root, &b, "backup", options))
        .expect("add")
        .pair
        .id;
    assert_eq!(h.state(&id).status, SyncStatus::Setup);
    let plan = h
        .service
        .preview(&id, &CancellationToken::new())
        .await
        .expect("preview");
    let planned: Vec<(&str, UploadReason)> = plan
        .uploads
        .iter()
        .map(|u| (u.path.as_str(), u.reason))
        .collect();
    assert_eq!(
        planned,
        vec![
            ("a b/ü.txt", UploadReason::New),
            ("new.txt", UploadReason::New),
            ("stale.txt", UploadReason::Changed)
        ]
    );
    assert_eq!((plan.unchanged, plan.kept_remote), (1, 1));
    assert!(plan.deletes.is_empty(), "delete_remote is off by default");
    assert_eq!(keys(&b).len(), 3, "a preview changes nothing");

    h.service.agree(&id).expect("agree");
    eventually("the first sync", 30, || watching(&h, &id)).await;
    let expected: BTreeMap<String, u64> = [
        ("backup/a b/ü.txt", 7),
        ("backup/new.txt", 3),
        ("backup/only-remote.txt", 1),
        ("backup/same.txt", 4),
        ("backup/stale.txt", 10),
    ]
    .iter()
    .map(|(k, s)| ((*k).to_owned(), *s))
    .collect();
    assert_eq!(
        keys(&b),
        expected,
        "ignored files stay local; nothing deleted"
    );
    let head = aws(&[
        "s3api",
        "head-object",
        "--bucket",
        &b,
        "--key",
        "backup/new.txt",
    ]);
    assert_eq!(head["CacheControl"], "max-age=3600");
    assert_eq!(head["ContentType"], "text/plain");
    let acl = aws(&[
        "s3api",
        "get-object-acl",
        "--bucket",
        &b,
        "--key",
        "backup/new.txt",
    ]);
    let public = acl["Grants"].as_array().into_iter().flatten().any(|g| {
        g["Grantee"]["URI"] == "http://acs.amazonaws.com/groups/global/AllUsers"
            && g["Permission"] == "READ"
    });
    assert!(public, "{acl}");
    let state = h.state(&id);
    assert!(state.last_sync_ms.is_some());
    assert_eq!(state.last_outcome.as_ref().map(|o| o.uploaded), Some(3));
    // A second look finds nothing to do: the index knows what went up.
    h.service.pause(&id).expect("pause");
    let again = h
        .service
        .preview(&id, &CancellationToken::new())
        .await
        .expect("preview");
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(again.unchanged, 4);
    h.service.shutdown();
}

#[tokio::test]
async fn changes_in_the_folder_reach_the_space() {
    let p = place("sync-watch").await;
    let (b, root) = (p.b.clone(), p.root.clone());
    write(&root, "keep.txt", b"keep");
    let (config, state) = (&p.config, &p.state);
    let h = harness(config.path(), state.path());
    let id = started(&h, deleting_pair(&root, &b)).await;
    assert_eq!(body(&b, "keep.txt").as_deref(), Some(&b"keep"[..]));

    write(&root, "docs/created.txt", b"created");
    eventually("a created file", 20, || {
        body(&b, "docs/created.txt").is_some()
    })
    .await;
    write(&root, "keep.txt", b"modified, longer");
    eventually("a modified file", 20, || {
        body(&b, "keep.txt").as_deref() == Some(&b"modified, longer"[..])
    })
    .await;
    std::fs::rename(root.join("docs/created.txt"), root.join("docs/renamed.txt")).expect("mv");
    eventually("a renamed file", 20, || {
        let k = keys(&b);
        k.contains_key("docs/renamed.txt") && !k.contains_key("docs/created.txt")
    })
    .await;
    std::fs::rename(root.join("docs"), root.join("papers")).expect("mv folder");
    eventually("a renamed folder", 20, || {
        let k = keys(&b);
        k.contains_key("papers/renamed.txt") && !k.contains_key("docs/renamed.txt")
    })
    .await;
    std::fs::remove_file(root.join("keep.txt")).expect("rm");
    eventually("a deleted file", 20, || !keys(&b).contains_key("keep.txt")).await;
    write(&root, "node_modules/x/index.js", b"ignored");
    write(&root, "note.tmp", b"ignored");
    write(&root, "after.txt", b"after");
    eventually("the file after the ignored ones", 20, || {
        keys(&b).contains_key("after.txt")
    })
    .await;
    let expected: Vec<&str> = vec!["after.txt", "papers/renamed.txt"];
    assert_eq!(
        keys(&b).keys().map(String::as_str).collect::<Vec<_>>(),
        expected
    );
    let activity = h.state(&id).activity;
    assert!(activity
        .iter()
        .any(|a| a.action == SyncAction::Deleted && a.path == "keep.txt"));
    h.service.shutdown();
}

#[tokio::test]
async fn rapid_writes_become_one_upload_and_deletes_stay_off_by_default() {
    let p = place("sync-debounce").await;
    let (b, root) = (p.b.clone(), p.root.clone());
    write(&root, "old.txt", b"old");
    let (config, state) = (&p.config, &p.state);
    let h = harness(config.path(), state.path());
    let id = started(&h, new_pair(&root, &b, "p/", SyncOptions::default())).await;
    for i in 0..30 {
        write(&root, "draft.txt", format!("draft {i:02}").as_bytes());
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    // An editor's save: write a temp file, then rename it over the original.
    write(&root, ".draft.txt.swp", b"final draft");
    std::fs::rename(root.join(".draft.txt.swp"), root.join("draft.txt")).expect("rename");
    eventually("the saved draft", 20, || {
        body(&b, "p/draft.txt").as_deref() == Some(&b"final draft"[..])
    })
    .await;
    std::fs::remove_file(root.join("old.txt")).expect("rm");
    // Give the watcher time to see the delete and decide.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        h.uploads_of(&id, "draft.txt"),
        1,
        "{:?}",
        h.state(&id).activity
    );
    assert_eq!(h.uploads_of(&id, ".draft.txt.swp"), 0);
    assert!(
        keys(&b).contains_key("p/old.txt"),
        "delete_remote is off: nothing removed"
    );
    assert!(!keys(&b).contains_key("p/.draft.txt.swp"));
    h.service.shutdown();
}

#[tokio::test]
async fn a_restarted_app_catches_up_on_what_changed_while_it_was_closed() {
    let p = place("sync-restart").await;
    let (b, root) = (p.b.clone(), p.root.clone());
    write(&root, "a.txt", b"a");
    write(&root, "b.txt", b"b");
    let (config, state) = (&p.config, &p.state);
    let id = {
        let h = harness(config.path(), state.path());
        let id = started(&h, deleting_pair(&root, &b)).await;
        h.service.shutdown();
        id
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    // While closed: one file changed, one removed, one added.
    write(&root, "a.txt", b"a, edited");
    std::fs::remove_file(root.join("b.txt")).expect("rm");
    write(&root, "c/new.txt", b"c");
    // Closed for a while: the files are no longer being written when the app starts.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let h = harness(config.path(), state.path());
    h.service.start_all().expect("start all");
    eventually("the catch-up", 30, || {
        let k = keys(&b);
        k.get("a.txt") == Some(&9) && !k.contains_key("b.txt") && k.contains_key("c/new.txt")
    })
    .await;
    eventually("watching again", 10, || watching(&h, &id)).await;
    let outcome = h.state(&id).last_outcome.expect("an outcome");
    assert_eq!((outcome.uploaded, outcome.deleted), (2, 1));
    h.service.shutdown();
}

#[tokio::test]
async fn a_vanished_folder_is_an_error_and_deletes_nothing() {
    let p = place("sync-vanish").await;
    let (b, root) = (p.b.clone(), p.root.join("pair"));
    write(&root, "a.txt", b"a");
    write(&root, "sub/b.txt", b"b");
    let (config, state) = (&p.config, &p.state);
    let h = harness(config.path(), state.path());
    let id = started(&h, deleting_pair(&root, &b)).await;
    std::fs::remove_dir_all(&root).expect("rm -r");
    eventually("the error", 20, || {
        matches!(h.state(&id).status, SyncStatus::Error { .. })
    })
    .await;
    let SyncStatus::Error { kind, message } = h.state(&id).status else {
        panic!("an error");
    };
    assert_eq!(kind, spaceport_core::ErrorKind::NotFound);
    assert!(
        message.contains("Nothing in the Space was deleted"),
        "{message}"
    );
    assert_eq!(keys(&b).len(), 2, "both files are still in the Space");
    // An empty folder of that name again (an unmounted drive's mount point, a folder made
    // anew) is not taken for "every file deleted": it stops for a review (or, when the file
    // system gave it another inode, as another folder), and nothing is deleted.
    std::fs::create_dir_all(&root).expect("mkdir");
    eventually("the conflict", 30, || {
        matches!(
            h.state(&id).status,
            SyncStatus::Error {
                kind: spaceport_core::ErrorKind::Conflict,
                ..
            }
        )
    })
    .await;
    assert_eq!(keys(&b).len(), 2, "both files are still in the Space");
    h.service.shutdown();
}

#[tokio::test]
async fn a_paused_pair_uploads_nothing_until_resumed() {
    let p = place("sync-pause").await;
    let (b, root) = (p.b.clone(), p.root.clone());
    let (config, state) = (&p.config, &p.state);
    let h = harness(config.path(), state.path());
    let id = started(&h, new_pair(&root, &b, "", SyncOptions::default())).await;
    h.service.pause(&id).expect("pause");
    assert_eq!(h.state(&id).status, SyncStatus::Paused);
    write(&root, "while-paused.txt", b"p");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(keys(&b).is_empty(), "paused: nothing went up");
    assert!(
        h.latest.lock().expect("lock").contains_key(&id),
        "changes were reported"
    );
    h.service.resume(&id).expect("resume");
    eventually("the catch-up after resume", 20, || {
        keys(&b).contains_key("while-paused.txt")
    })
    .await;
    h.service.remove(&id).expect("remove");
    assert!(h.service.states().expect("states").is_empty());
    assert!(
        !index_path(state.path(), &id).exists(),
        "its index is gone too"
    );
    assert!(
        root.exists() && keys(&b).contains_key("while-paused.txt"),
        "nothing else touched"
    );
}

#[tokio::test]
async fn checksums_find_a_change_that_size_and_time_miss() {
    let p = place("sync-sum").await;
    let (s3, b, root) = (&p.s3, p.b.clone(), p.root.clone());
    write(&root, "same-size.txt", b"local");
    // The object is newer and the same size, but its contents differ.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    put(s3, &b, "same-size.txt", b"other").await;
    let state = tempfile::tempdir().expect("t");
    let index = index_path(state.path(), "p");
    let mut pair =
        spaceport_core::sync::pair::checked(new_pair(&root, &b, "", SyncOptions::default()))
            .expect("pair");
    let env = env(s3, None);
    let cancel = CancellationToken::new();
    let by_time = run::reconcile(
        PairEnv {
            env,
            pair: &pair,
            index_path: &index,
        },
        &cancel,
    )
    .await
    .expect("plan");
    assert!(
        by_time.uploads.is_empty(),
        "size and time cannot tell: {by_time:?}"
    );
    pair.options.compare_checksums = true;
    std::fs::remove_file(&index).expect("forget what the first plan learned");
    let by_sum = run::reconcile(
        PairEnv {
            env,
            pair: &pair,
            index_path: &index,
        },
        &cancel,
    )
    .await
    .expect("plan");
    assert_eq!(by_sum.uploads.len(), 1, "{by_sum:?}");
    let outcome = run::execute(
        PairEnv {
            env,
            pair: &pair,
            index_path: &index,
        },
        &by_sum,
        &cancel,
        &|_| {},
    )
    .await
    .expect("execute");
    assert_eq!(outcome.uploaded, 1);
    assert_eq!(body(&b, "same-size.txt").as_deref(), Some(&b"local"[..]));
}

#[tokio::test]
async fn cleanup_previews_then_deletes_only_what_is_still_old() {
    let s3 = client(server());
    let b = bucket("sync-cleanup");
    make_bucket(&s3, &b).await;
    for key in ["logs/1.log", "logs/2.log", "logs/deep/3.log", "other/x.log"] {
        put(&s3, &b, key, b"old").await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let cut = chrono::Utc::now().timestamp_millis();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    put(&s3, &b, "logs/new.log", b"new").await;
    let ctx = Ctx {
        s3: &s3,
        sched: sched(),
    };
    let rule = CleanupRule {
        bucket: b.clone(),
        prefix: "logs/".into(),
        older_than_days: 30,
    };
    // "Now" 30 days after the cut: what was written before it is over 30 days old.
    let now = cut + 30 * 24 * 3600 * 1000;
    let cancel = CancellationToken::new();
    let preview = cleanup::preview(ctx, &rule, now, &cancel)
        .await
        .expect("preview");
    let listed: Vec<&str> = preview.files.iter().map(|f| f.key.as_str()).collect();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec!["logs/1.log", "logs/2.log", "logs/deep/3.log"]);
    assert_eq!((preview.count, preview.bytes, preview.kept), (3, 9, 1));
    assert_eq!(keys(&b).len(), 5, "a preview deletes nothing");
    // Replaced after the preview: it is new now and must stay.
    put(&s3, &b, "logs/2.log", b"rewritten").await;
    let report = cleanup::run(ctx, &rule, preview.cutoff_ms, now, &cancel, &no_progress)
        .await
        .expect("run");
    assert_eq!((report.done, report.failed.len()), (2, 0));
    let left: Vec<String> = keys(&b).into_keys().collect();
    assert_eq!(left, vec!["logs/2.log", "logs/new.log", "other/x.log"]);
    let too_recent = cleanup::run(ctx, &rule, now, now, &cancel, &no_progress).await;
    assert_eq!(
        too_recent.expect_err("a cutoff of now").kind(),
        spaceport_core::ErrorKind::InvalidInput
    );
    let zero = CleanupRule {
        older_than_days: 0,
        ..rule
    };
    let err = cleanup::preview(ctx, &zero, now, &cancel)
        .await
        .expect_err("0 days");
    assert_eq!(err.kind(), spaceport_core::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn lost_access_is_an_error_and_the_pair_recovers_when_it_is_back() {
    let p = place("sync-denied").await;
    let (b, root) = (p.b.clone(), p.root.clone());
    let proxy = fault_proxy();
    write(&root, "a.txt", b"a");
    let (config, state) = (&p.config, &p.state);
    let h = harness_with(config.path(), state.path(), client_via(&proxy.endpoint));
    let id = started(&h, deleting_pair(&root, &b)).await;
    proxy.set(serde_json::json!({ "deny_put": b.clone() }));
    write(&root, "refused.txt", b"r");
    eventually("the access error", 20, || {
        matches!(
            h.state(&id).status,
            SyncStatus::Error {
                kind: spaceport_core::ErrorKind::AccessDenied,
                ..
            }
        )
    })
    .await;
    assert_eq!(keys(&b).into_keys().collect::<Vec<_>>(), vec!["a.txt"]);
    proxy.set(serde_json::json!({ "deny_put": "" }));
    eventually("the pair back at work", 30, || {
        keys(&b).contains_key("refused.txt")
    })
    .await;
    eventually("watching again", 10, || watching(&h, &id)).await;
    h.service.shutdown();
}

#[tokio::test]
async fn deleting_most_files_at_once_waits_for_a_review() {
    let p = place("sync-mass").await;
    let (b, root) = (p.b.clone(), p.root.clone());
    for i in 0..60 {
        write(&root, &format!("f{i:02}.txt"), b"x");
    }
    write(&root, "keep.txt", b"k");
    let (config, state) = (&p.config, &p.state);
    let h = harness(config.path(), state.path());
    let id = started(&h, deleting_pair(&root, &b)).await;
    assert_eq!(keys(&b).len(), 61);
    for i in 0..60 {
        std::fs::remove_file(root.join(format!("f{i:02}.txt"))).expect("rm");
    }
    eventually("the review", 20, || {
        let state = h.state(&id);
        !state.pair.agreed && matches!(state.status, SyncStatus::Error { .. })
    })
    .await;
    let SyncStatus::Error { kind, message } = h.state(&id).status else {
        panic!("an error");
    };
    assert_eq!(kind, spaceport_core::ErrorKind::Conflict);
    assert!(message.contains("60 files would be deleted"), "{message}");
    assert_eq!(keys(&b).len(), 61, "nothing deleted before the review");
    // Reviewing shows the deletes; agreeing runs them.
    let plan = h
        .service
        .preview(&id, &CancellationToken::new())
        .await
        .expect("preview");
    assert_eq!(plan.deletes.len(), 60);
    h.service.agree(&id).expect("agree");
    eventually("the agreed deletes", 30, || keys(&b).len() == 1).await;
    h.service.shutdown();
}
