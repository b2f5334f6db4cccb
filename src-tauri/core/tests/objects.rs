//! Object actions against moto, each checked with an independent read through the plain
//! SDK client (head-object, get-object-acl, list), never through the code under test.

mod common;

use std::collections::{BTreeMap, HashMap};

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{ObjectCannedAcl, Permission, Type as GranteeType};
use common::*;
use spaceport_core::client::S3;
use spaceport_core::model::ObjectAcl;
use spaceport_core::objects::acl::set_acl;
use spaceport_core::objects::delete::delete_items;
use spaceport_core::objects::folder::create_folder;
use spaceport_core::objects::meta::{read_summary, set_meta, MetaPatch};
use spaceport_core::objects::relocate::{
    folders_in_the_way, relocate, rename, Existing, Relocation, Side,
};
use spaceport_core::objects::search::search;
use spaceport_core::objects::selection::{count, expand};
use spaceport_core::objects::{no_progress, Ctx, OpProgress};
use spaceport_core::ErrorKind;
use tokio_util::sync::CancellationToken;

/// Keys with the characters that break naive code: space, unicode, + % # ?
const ODD: [&str; 4] = [
    "a b.txt",
    "ünï cødé.txt",
    "plus+percent%.txt",
    "hash#question?.txt",
];

fn ctx(s3: &S3) -> Ctx<'_> {
    Ctx { s3, sched: sched() }
}

async fn keys(s3: &S3, bucket: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = s3
            .for_bucket(bucket)
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .set_continuation_token(token)
            .send()
            .await
            .expect("list");
        out.extend(
            page.contents()
                .iter()
                .filter_map(|o| o.key().map(str::to_owned)),
        );
        token = page.next_continuation_token().map(str::to_owned);
        if token.is_none() {
            out.sort();
            return out;
        }
    }
}

async fn is_public(s3: &S3, bucket: &str, key: &str) -> bool {
    let acl = s3
        .for_bucket(bucket)
        .get_object_acl()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .unwrap_or_else(|e| panic!("acl of {key}: {e:?}"));
    acl.grants().iter().any(|g| {
        g.permission() == Some(&Permission::Read)
            && g.grantee().is_some_and(|w| {
                w.r#type() == &GranteeType::Group
                    && w.uri() == Some("http://acs.amazonaws.com/groups/global/AllUsers")
            })
    })
}

async fn body(s3: &S3, bucket: &str, key: &str) -> Vec<u8> {
    let out = s3
        .for_bucket(bucket)
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .unwrap_or_else(|e| panic!("get {key}: {e:?}"));
    out.body
        .collect()
        .await
        .expect("body")
        .into_bytes()
        .to_vec()
}

/// An object with every kind of header, made public, as the control panel would leave it.
async fn put_rich(s3: &S3, bucket: &str, key: &str, bytes: &[u8]) {
    s3.for_bucket(bucket)
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type("image/png")
        .cache_control("no-cache")
        .content_disposition("attachment")
        .metadata("owner", "ana")
        .acl(ObjectCannedAcl::PublicRead)
        .body(ByteStream::from(bytes.to_vec()))
        .send()
        .await
        .expect("put rich");
}

fn numbered(prefix: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{prefix}{}/{i:04}.txt", i % 7))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn recursive_permissions_on_a_folder_of_1500() {
    let s3 = client(server());
    let b = bucket("acl");
    make_bucket(&s3, &b).await;
    put_many(&s3, &b, numbered("pub/", 1500)).await;
    put(&s3, &b, "other.txt", b"x").await;
    let cancel = CancellationToken::new();
    let last = std::sync::Mutex::new(OpProgress::default());
    let on = |p: OpProgress| *last.lock().expect("lock") = p;
    let report = set_acl(
        ctx(&s3),
        &b,
        &["pub/".into()],
        ObjectAcl::PublicRead,
        &cancel,
        &on,
    )
    .await
    .expect("set acl");
    assert_eq!(report.done, 1500);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let p = *last.lock().expect("lock");
    assert_eq!(
        (p.done, p.total),
        (1500, 1500),
        "the last progress is the whole"
    );
    for key in ["pub/0/0000.txt", "pub/3/0731.txt", "pub/1/1499.txt"] {
        assert!(is_public(&s3, &b, key).await, "{key}");
    }
    assert!(
        !is_public(&s3, &b, "other.txt").await,
        "a key outside the folder was changed"
    );
    let back = set_acl(
        ctx(&s3),
        &b,
        &["pub/3/0731.txt".into()],
        ObjectAcl::Private,
        &cancel,
        &no_progress,
    )
    .await
    .expect("private");
    assert_eq!(back.done, 1);
    assert!(!is_public(&s3, &b, "pub/3/0731.txt").await);
    assert!(is_public(&s3, &b, "pub/3/0738.txt").await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cache_control_edit_keeps_acl_type_and_custom_metadata() {
    let s3 = client(server());
    let b = bucket("meta");
    make_bucket(&s3, &b).await;
    put_rich(&s3, &b, "img/logo.png", b"png bytes").await;
    let patch = MetaPatch {
        set: [("Cache-Control".to_owned(), "max-age=86400".to_owned())].into(),
        remove: vec![],
    };
    let cancel = CancellationToken::new();
    let report = set_meta(
        ctx(&s3),
        &b,
        &["img/logo.png".into()],
        &patch,
        &cancel,
        &no_progress,
    )
    .await
    .expect("edit");
    assert_eq!(report.done, 1);
    let h = s3
        .for_bucket(&b)
        .head_object()
        .bucket(&b)
        .key("img/logo.png")
        .send()
        .await
        .expect("head");
    assert_eq!(h.cache_control(), Some("max-age=86400"));
    assert_eq!(h.content_type(), Some("image/png"));
    assert_eq!(h.content_disposition(), Some("attachment"));
    assert_eq!(
        h.metadata()
            .and_then(|m| m.get("owner"))
            .map(String::as_str),
        Some("ana")
    );
    assert!(is_public(&s3, &b, "img/logo.png").await, "the ACL was lost");
    assert_eq!(body(&s3, &b, "img/logo.png").await, b"png bytes");
}

#[tokio::test(flavor = "multi_thread")]
async fn metadata_of_a_selection_shows_mixed_and_edits_recursively() {
    let s3 = client(server());
    let b = bucket("metamix");
    make_bucket(&s3, &b).await;
    put_rich(&s3, &b, "d/a.png", b"a").await;
    put(&s3, &b, "d/sub/b.txt", b"b").await;
    let cancel = CancellationToken::new();
    let summary = read_summary(ctx(&s3), &b, &["d/".into()], &cancel, &no_progress)
        .await
        .expect("summary");
    assert_eq!(summary.objects, 2);
    assert_eq!(
        summary.headers.get("x-amz-meta-owner"),
        Some(&None),
        "only one has it: mixed"
    );
    assert_eq!(
        summary.headers.get("content-type"),
        Some(&None),
        "png and plain text: mixed"
    );
    let patch = MetaPatch {
        set: [("x-amz-meta-project".to_owned(), "apollo".to_owned())].into(),
        remove: vec!["x-amz-meta-owner".into()],
    };
    let report = set_meta(ctx(&s3), &b, &["d/".into()], &patch, &cancel, &no_progress)
        .await
        .expect("edit");
    assert_eq!(report.done, 2);
    for key in ["d/a.png", "d/sub/b.txt"] {
        let h = s3
            .for_bucket(&b)
            .head_object()
            .bucket(&b)
            .key(key)
            .send()
            .await
            .expect("head");
        let meta: HashMap<String, String> = h.metadata().cloned().unwrap_or_default();
        assert_eq!(
            meta,
            HashMap::from([("project".to_owned(), "apollo".to_owned())]),
            "{key}"
        );
    }
    let h = s3
        .for_bucket(&b)
        .head_object()
        .bucket(&b)
        .key("d/a.png")
        .send()
        .await
        .expect("head");
    assert_eq!(
        h.content_type(),
        Some("image/png"),
        "a header not edited is kept"
    );
    assert!(is_public(&s3, &b, "d/a.png").await);
    assert!(!is_public(&s3, &b, "d/sub/b.txt").await);
}

#[tokio::test(flavor = "multi_thread")]
async fn renaming_a_folder_of_1500_moves_every_key() {
    let s3 = client(server());
    let b = bucket("rename");
    make_bucket(&s3, &b).await;
    let old = numbered("old/", 1500);
    put_many(&s3, &b, old.clone()).await;
    put(&s3, &b, "old/", b"").await;
    put_rich(&s3, &b, "old/rich.png", b"rich").await;
    put(&s3, &b, "older/keep.txt", b"k").await;
    let cancel = CancellationToken::new();
    let report = rename(ctx(&s3), &b, "old/", "new", &cancel, &no_progress)
        .await
        .expect("rename");
    assert_eq!(report.done, 1502);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert!(
        keys(&s3, &b, "old/").await.is_empty(),
        "sources left behind"
    );
    let moved = keys(&s3, &b, "new/").await;
    assert_eq!(moved.len(), 1502);
    assert!(
        moved.contains(&"new/".to_owned()),
        "the folder marker moves too"
    );
    assert!(moved.contains(&"new/3/0003.txt".to_owned()));
    assert_eq!(
        keys(&s3, &b, "older/").await,
        ["older/keep.txt"],
        "a sibling with a longer name was touched"
    );
    assert!(is_public(&s3, &b, "new/rich.png").await, "ACL kept");
    let h = s3
        .for_bucket(&b)
        .head_object()
        .bucket(&b)
        .key("new/rich.png")
        .send()
        .await
        .expect("head");
    assert_eq!(h.cache_control(), Some("no-cache"), "headers kept");
    assert_eq!(
        h.metadata()
            .and_then(|m| m.get("owner"))
            .map(String::as_str),
        Some("ana")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rename_refuses_taken_and_bad_names() {
    let s3 = client(server());
    let b = bucket("renbad");
    make_bucket(&s3, &b).await;
    put(&s3, &b, "a.txt", b"a").await;
    put(&s3, &b, "b.txt", b"b").await;
    put(&s3, &b, "dir/x", b"x").await;
    put(&s3, &b, "other/y", b"y").await;
    let cancel = CancellationToken::new();
    let taken = rename(ctx(&s3), &b, "a.txt", "b.txt", &cancel, &no_progress).await;
    assert_eq!(taken.expect_err("taken").kind(), ErrorKind::Conflict);
    let taken = rename(ctx(&s3), &b, "dir/", "other", &cancel, &no_progress).await;
    assert_eq!(taken.expect_err("taken").kind(), ErrorKind::Conflict);
    for bad in ["", "x/y", ".."] {
        let e = rename(ctx(&s3), &b, "a.txt", bad, &cancel, &no_progress).await;
        assert_eq!(e.expect_err("bad").kind(), ErrorKind::InvalidInput, "{bad}");
    }
    assert_eq!(body(&s3, &b, "a.txt").await, b"a");
    assert_eq!(body(&s3, &b, "b.txt").await, b"b");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_copy_never_deletes_its_source() {
    let proxy = fault_proxy();
    let s3 = client_via(&proxy.endpoint);
    let b = bucket("keepsrc");
    make_bucket(&s3, &b).await;
    for i in 0..5 {
        put(&s3, &b, &format!("old/{i}.txt"), b"x").await;
    }
    proxy.set(serde_json::json!({"deny_put": "new/3.txt"}));
    let cancel = CancellationToken::new();
    let report = rename(ctx(&s3), &b, "old/", "new", &cancel, &no_progress)
        .await
        .expect("rename");
    proxy.set(serde_json::json!({"deny_put": ""}));
    assert_eq!(report.done, 4);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].key, "old/3.txt");
    assert!(
        report.failed[0].message.contains("not allowed"),
        "{}",
        report.failed[0].message
    );
    assert_eq!(
        keys(&s3, &b, "old/").await,
        ["old/3.txt"],
        "only the failed key stays"
    );
    assert_eq!(keys(&s3, &b, "new/").await.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn moving_between_spaces_keeps_headers_and_acl() {
    let s3 = client(server());
    let (src, dst) = (bucket("mvsrc"), bucket("mvdst"));
    make_bucket(&s3, &src).await;
    make_bucket(&s3, &dst).await;
    put_rich(&s3, &src, "photos/logo.png", b"logo").await;
    put(&s3, &src, "photos/sub/deep.txt", b"deep").await;
    put(&s3, &src, "loose.txt", b"loose").await;
    put(&s3, &dst, "archive/photos/old.txt", b"old").await;
    let side = |bucket| Side {
        ctx: ctx(&s3),
        bucket,
    };
    let cancel = CancellationToken::new();
    let items = ["photos/".to_owned(), "loose.txt".to_owned()];
    let in_the_way = folders_in_the_way(side(&dst), &items, "archive", &cancel)
        .await
        .expect("check");
    assert_eq!(
        in_the_way,
        ["photos/"],
        "a move onto an existing folder asks to merge"
    );
    let r = Relocation {
        src: side(&src),
        dst: side(&dst),
        same_account: true,
        remove_source: true,
        existing: Existing::Overwrite,
    };
    let report = relocate(&r, &items, "archive/", &cancel, &no_progress)
        .await
        .expect("move");
    assert_eq!(report.done, 3);
    assert!(keys(&s3, &src, "").await.is_empty(), "sources gone");
    assert_eq!(
        keys(&s3, &dst, "").await,
        [
            "archive/loose.txt",
            "archive/photos/logo.png",
            "archive/photos/old.txt",
            "archive/photos/sub/deep.txt"
        ]
    );
    assert!(is_public(&s3, &dst, "archive/photos/logo.png").await);
    let h = s3
        .for_bucket(&dst)
        .head_object()
        .bucket(&dst)
        .key("archive/photos/logo.png")
        .send()
        .await
        .expect("head");
    assert_eq!(h.content_type(), Some("image/png"));
    assert_eq!(
        h.metadata()
            .and_then(|m| m.get("owner"))
            .map(String::as_str),
        Some("ana")
    );
    assert_eq!(
        body(&s3, &dst, "archive/photos/sub/deep.txt").await,
        b"deep"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn copying_across_accounts_streams_large_objects_in_parts() {
    let s3 = client(server());
    // A second client: another account on the same server, so the bytes pass through us.
    let other = client_via(&server().endpoint);
    let (src, dst) = (bucket("xsrc"), bucket("xdst"));
    make_bucket(&s3, &src).await;
    make_bucket(&other, &dst).await;
    let big: Vec<u8> = (0..(20u32 << 20)).map(|i| (i % 251) as u8).collect();
    put(&s3, &src, "big.bin", &big).await;
    put_rich(&s3, &src, "small.png", b"small").await;
    let r = Relocation {
        src: Side {
            ctx: ctx(&s3),
            bucket: &src,
        },
        dst: Side {
            ctx: ctx(&other),
            bucket: &dst,
        },
        same_account: false,
        remove_source: false,
        existing: Existing::Skip,
    };
    let cancel = CancellationToken::new();
    let items = ["big.bin".to_owned(), "small.png".to_owned()];
    let report = relocate(&r, &items, "", &cancel, &no_progress)
        .await
        .expect("copy");
    assert_eq!((report.done, report.skipped), (2, 0));
    assert_eq!(body(&other, &dst, "big.bin").await, big);
    let h = other
        .for_bucket(&dst)
        .head_object()
        .bucket(&dst)
        .key("big.bin")
        .send()
        .await
        .expect("head");
    assert!(
        h.e_tag().unwrap_or_default().contains("-3"),
        "20 MiB streamed in 3 parts: {:?}",
        h.e_tag()
    );
    assert!(is_public(&other, &dst, "small.png").await);
    assert_eq!(
        keys(&s3, &src, "").await.len(),
        2,
        "a copy keeps its sources"
    );
    let uploads = other
        .for_bucket(&dst)
        .list_multipart_uploads()
        .bucket(&dst)
        .send()
        .await
        .expect("uploads");
    assert!(uploads.uploads().is_empty());
    // Again with "skip": both exist now, nothing is copied.
    let again = relocate(&r, &items, "", &cancel, &no_progress)
        .await
        .expect("copy");
    assert_eq!((again.done, again.skipped), (0, 2));
}

#[tokio::test(flavor = "multi_thread")]
async fn moving_a_folder_into_itself_is_refused() {
    let s3 = client(server());
    let b = bucket("self");
    make_bucket(&s3, &b).await;
    put(&s3, &b, "a/x.txt", b"x").await;
    let side = Side {
        ctx: ctx(&s3),
        bucket: &b,
    };
    let r = Relocation {
        src: side,
        dst: side,
        same_account: true,
        remove_source: true,
        existing: Existing::Overwrite,
    };
    let cancel = CancellationToken::new();
    for dest in ["a/", "a/b/", ""] {
        let e = relocate(&r, &["a/".into()], dest, &cancel, &no_progress).await;
        if dest.is_empty() {
            assert_eq!(
                e.expect_err("already there").kind(),
                ErrorKind::InvalidInput
            );
        } else {
            assert_eq!(
                e.expect_err("into itself").kind(),
                ErrorKind::InvalidInput,
                "{dest}"
            );
        }
    }
    assert_eq!(keys(&s3, &b, "").await, ["a/x.txt"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_2500_objects_in_batches() {
    let s3 = client(server());
    let b = bucket("del");
    make_bucket(&s3, &b).await;
    put_many(&s3, &b, numbered("gone/", 2500)).await;
    put(&s3, &b, "gone/", b"").await;
    put(&s3, &b, "loose.txt", b"x").await;
    put(&s3, &b, "keep/me.txt", b"x").await;
    put(&s3, &b, "gone-not/me.txt", b"x").await;
    let cancel = CancellationToken::new();
    let items = ["gone/".to_owned(), "loose.txt".to_owned()];
    let expanded = expand(&s3, &b, &items, &cancel, &no_progress)
        .await
        .expect("expand");
    let c = count(&expanded);
    assert_eq!((c.files, c.folders, c.objects), (1, 1, 2502));
    let progress = std::sync::Mutex::new(Vec::new());
    let on = |p: OpProgress| progress.lock().expect("lock").push(p);
    let report = delete_items(ctx(&s3), &b, &items, &cancel, &on)
        .await
        .expect("delete");
    assert_eq!(report.done, 2502);
    assert!(report.failed.is_empty());
    assert_eq!(keys(&s3, &b, "").await, ["gone-not/me.txt", "keep/me.txt"]);
    let seen = progress.lock().expect("lock");
    let last = seen.last().expect("progress");
    assert_eq!((last.done, last.total), (2502, 2502));
}

#[tokio::test(flavor = "multi_thread")]
async fn new_folders_and_search() {
    let s3 = client(server());
    let b = bucket("mkdir");
    make_bucket(&s3, &b).await;
    let prefix = create_folder(ctx(&s3), &b, "", "My photos")
        .await
        .expect("mkdir");
    assert_eq!(prefix, "My photos/");
    let nested = create_folder(ctx(&s3), &b, "My photos/", "2024 ü")
        .await
        .expect("mkdir");
    assert_eq!(nested, "My photos/2024 ü/");
    assert_eq!(keys(&s3, &b, "").await, ["My photos/", "My photos/2024 ü/"]);
    let again = create_folder(ctx(&s3), &b, "", "My photos").await;
    assert_eq!(again.expect_err("exists").kind(), ErrorKind::Conflict);
    let bad = create_folder(ctx(&s3), &b, "", "a/b").await;
    assert_eq!(bad.expect_err("bad").kind(), ErrorKind::InvalidInput);
    put(&s3, &b, "My photos/2024 ü/Beach day.JPG", b"j").await;
    put(&s3, &b, "beach/readme.txt", b"r").await;
    let cancel = CancellationToken::new();
    let mut found = Vec::new();
    let scanned = search(&s3, &b, "", "BEACH", &cancel, |page| {
        found.extend(page.into_iter().map(|e| e.key));
        Ok(())
    })
    .await
    .expect("search");
    assert_eq!(scanned, 4);
    assert_eq!(found, ["My photos/2024 ü/Beach day.JPG"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn odd_keys_through_every_action() {
    let s3 = client(server());
    let b = bucket("odd");
    make_bucket(&s3, &b).await;
    let cancel = CancellationToken::new();
    let folder = create_folder(ctx(&s3), &b, "", "dir ü+%#?")
        .await
        .expect("mkdir");
    for name in ODD {
        put(&s3, &b, &format!("{folder}{name}"), name.as_bytes()).await;
    }
    let items: Vec<String> = ODD.iter().map(|n| format!("{folder}{n}")).collect();
    let report = set_acl(
        ctx(&s3),
        &b,
        &items,
        ObjectAcl::PublicRead,
        &cancel,
        &no_progress,
    )
    .await
    .expect("acl");
    assert_eq!(report.done, 4, "{:?}", report.failed);
    let patch = MetaPatch {
        set: BTreeMap::from([("x-amz-meta-k".into(), "v".into())]),
        remove: vec![],
    };
    let report = set_meta(ctx(&s3), &b, &items, &patch, &cancel, &no_progress)
        .await
        .expect("meta");
    assert_eq!(report.done, 4, "{:?}", report.failed);
    for name in ODD {
        let renamed = format!("re {name}");
        let report = rename(
            ctx(&s3),
            &b,
            &format!("{folder}{name}"),
            &renamed,
            &cancel,
            &no_progress,
        )
        .await
        .expect("rename");
        assert_eq!(report.done, 1, "{name}: {:?}", report.failed);
    }
    let report = rename(ctx(&s3), &b, &folder, "moved ü #?", &cancel, &no_progress)
        .await
        .expect("rename dir");
    assert_eq!(report.done, 5, "{:?}", report.failed);
    for name in ODD {
        let key = format!("moved ü #?/re {name}");
        assert_eq!(body(&s3, &b, &key).await, name.as_bytes(), "{key}");
        assert!(is_public(&s3, &b, &key).await, "{key}");
        let h = s3
            .for_bucket(&b)
            .head_object()
            .bucket(&b)
            .key(&key)
            .send()
            .await
            .expect("head");
        assert_eq!(
            h.metadata().and_then(|m| m.get("k")).map(String::as_str),
            Some("v"),
            "{key}"
        );
    }
    let report = delete_items(ctx(&s3), &b, &["moved ü #?/".into()], &cancel, &no_progress)
        .await
        .expect("delete");
    assert_eq!(report.done, 5);
    assert!(keys(&s3, &b, "").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_copy_above_the_single_limit_goes_in_parts_on_the_server() {
    use spaceport_core::objects::acl::classify;
    use spaceport_core::objects::copy::server_copy_with;
    use spaceport_core::objects::meta::head;
    use spaceport_core::objects::ObjectRef;
    let s3 = client(server());
    let b = bucket("mpcopy");
    make_bucket(&s3, &b).await;
    let big: Vec<u8> = (0..(18u32 << 20)).map(|i| (i % 253) as u8).collect();
    s3.for_bucket(&b)
        .put_object()
        .bucket(&b)
        .key("src.bin")
        .cache_control("max-age=5")
        .metadata("k", "v")
        .acl(ObjectCannedAcl::PublicRead)
        .body(ByteStream::from(big.clone()))
        .send()
        .await
        .expect("put");
    let src = ObjectRef {
        bucket: b.clone(),
        key: "src.bin".into(),
    };
    let dst = ObjectRef {
        bucket: b.clone(),
        key: "copy ü.bin".into(),
    };
    let h = head(ctx(&s3), &b, "src.bin").await.expect("head");
    let acl = s3
        .for_bucket(&b)
        .get_object_acl()
        .bucket(&b)
        .key("src.bin")
        .send()
        .await
        .expect("acl");
    let policy = aws_sdk_s3::types::AccessControlPolicy::builder()
        .set_owner(acl.owner().cloned())
        .set_grants(Some(acl.grants().to_vec()))
        .build();
    // 18 MiB above an 8 MiB limit: three UploadPartCopy requests.
    server_copy_with(ctx(&s3), &src, &dst, &h, None, &classify(policy), 8 << 20)
        .await
        .expect("copy");
    assert_eq!(body(&s3, &b, "copy ü.bin").await, big);
    let got = s3
        .for_bucket(&b)
        .head_object()
        .bucket(&b)
        .key("copy ü.bin")
        .send()
        .await
        .expect("head");
    assert!(
        got.e_tag().unwrap_or_default().ends_with("-3\""),
        "{:?}",
        got.e_tag()
    );
    assert_eq!(got.cache_control(), Some("max-age=5"));
    assert_eq!(
        got.metadata().and_then(|m| m.get("k")).map(String::as_str),
        Some("v")
    );
    assert!(is_public(&s3, &b, "copy ü.bin").await);
    let uploads = s3
        .for_bucket(&b)
        .list_multipart_uploads()
        .bucket(&b)
        .send()
        .await
        .expect("uploads");
    assert!(uploads.uploads().is_empty());
}
