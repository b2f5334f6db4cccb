//! Listing Spaces and folders against a real S3 server (moto).

mod common;

use spaceport_core::browse::{list_folder, list_spaces, ListRequest, ListTotals};
use spaceport_core::model::{Entry, EntryKind};
use spaceport_core::{Error, ErrorKind};
use tokio_util::sync::CancellationToken;

async fn list_all(bucket: &str, prefix: &str, recursive: bool) -> (Vec<Vec<Entry>>, ListTotals) {
    let s3 = common::client(common::server());
    let req = ListRequest {
        bucket: bucket.into(),
        prefix: prefix.into(),
        recursive,
    };
    let mut pages = Vec::new();
    let totals = list_folder(&s3, &req, &CancellationToken::new(), |page| {
        pages.push(page);
        Ok(())
    })
    .await
    .expect("list");
    (pages, totals)
}

fn names(pages: &[Vec<Entry>]) -> Vec<(String, EntryKind)> {
    pages
        .iter()
        .flatten()
        .map(|e| (e.name.clone(), e.kind))
        .collect()
}

#[tokio::test]
async fn spaces_are_listed_with_creation_dates() {
    let s3 = common::client(common::server());
    let name = common::bucket("spaces");
    common::make_bucket(&s3, &name).await;
    let mut account = common::account_for(common::server(), "test");
    account.added_spaces = vec!["added-by-name".into()];
    let list = list_spaces(&s3, &account).await.expect("spaces");
    let found = list
        .spaces
        .iter()
        .find(|s| s.name == name)
        .expect("bucket listed");
    assert!(found.created.is_some_and(|ms| ms > 1_600_000_000_000));
    assert!(!found.added_by_name);
    let added = list
        .spaces
        .iter()
        .find(|s| s.name == "added-by-name")
        .expect("added listed");
    assert!(added.added_by_name && added.created.is_none());
    assert!(!list.list_denied);
}

#[tokio::test]
async fn folders_first_markers_and_odd_names() {
    let s3 = common::client(common::server());
    let b = common::bucket("odd");
    common::make_bucket(&s3, &b).await;
    let long = format!("{}.bin", "l".repeat(400));
    let odd = "odd name +%#?&ü 日本.txt";
    for key in [
        "docs/",
        "docs/a.txt",
        "docs/sub/b.txt",
        "docs/empty/",
        "top.txt",
    ] {
        common::put(
            &s3,
            &b,
            key,
            if key.ends_with('/') { b"" } else { b"hello" },
        )
        .await;
    }
    common::put(&s3, &b, &format!("docs/{odd}"), b"12345678").await;
    common::put(&s3, &b, &format!("docs/{long}"), b"").await;

    let (pages, totals) = list_all(&b, "docs", false).await;
    let mut got = names(&pages);
    got.sort();
    let mut want = vec![
        ("empty".to_string(), EntryKind::Folder),
        ("sub".to_string(), EntryKind::Folder),
        ("a.txt".to_string(), EntryKind::File),
        (odd.to_string(), EntryKind::File),
        (long.clone(), EntryKind::File),
    ];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        totals,
        ListTotals {
            folders: 2,
            files: 3,
            bytes: 13
        }
    );
    let odd_entry = pages.iter().flatten().find(|e| e.name == odd).expect("odd");
    assert_eq!(odd_entry.key, format!("docs/{odd}"));

    // A folder that exists only as its marker opens empty; the marker is no 0 B file.
    let (empty, totals) = list_all(&b, "docs/empty/", false).await;
    assert!(empty.iter().all(Vec::is_empty), "{empty:?}");
    assert_eq!(totals, ListTotals::default());

    // Walking into the folder with the odd-named child by its exact key works.
    let (root, _) = list_all(&b, "", false).await;
    assert_eq!(
        names(&root),
        vec![
            ("docs".into(), EntryKind::Folder),
            ("top.txt".into(), EntryKind::File)
        ]
    );
}

#[tokio::test]
async fn a_folder_of_2500_lists_in_pages() {
    let s3 = common::client(common::server());
    let b = common::bucket("big");
    common::make_bucket(&s3, &b).await;
    let keys: Vec<String> = (0..2500)
        .map(|i| format!("a/b/c/file-{i:05}.txt"))
        .collect();
    common::put_many(&s3, &b, keys).await;

    let (pages, totals) = list_all(&b, "a/b/c/", false).await;
    assert!(pages.len() >= 3, "expected 3 pages, got {}", pages.len());
    assert_eq!(totals.files, 2500);
    let seen: Vec<_> = pages.iter().flatten().map(|e| e.key.clone()).collect();
    assert_eq!(seen.len(), 2500);
    let unique: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), 2500, "no key listed twice");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "in key order");
    assert_eq!(seen[0], "a/b/c/file-00000.txt");
    assert_eq!(seen[2499], "a/b/c/file-02499.txt");

    let (recursive, totals) = list_all(&b, "a/", true).await;
    assert_eq!(totals.files, 2500);
    assert_eq!(recursive[0][0].name, "b/c/file-00000.txt");
}

#[tokio::test]
async fn cancelling_stops_the_listing() {
    let s3 = common::client(common::server());
    let b = common::bucket("cancel");
    common::make_bucket(&s3, &b).await;
    common::put_many(&s3, &b, (0..1500).map(|i| format!("k{i:04}")).collect()).await;
    let cancel = CancellationToken::new();
    let req = ListRequest {
        bucket: b.clone(),
        prefix: String::new(),
        recursive: false,
    };
    let mut pages = 0;
    let result = list_folder(&s3, &req, &cancel, |_| {
        pages += 1;
        cancel.cancel();
        Ok(())
    })
    .await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert_eq!(pages, 1, "no page after the cancel");
}

#[tokio::test]
async fn a_missing_space_is_not_found() {
    let s3 = common::client(common::server());
    let req = ListRequest {
        bucket: "no-such-space-here".into(),
        prefix: String::new(),
        recursive: false,
    };
    let err = list_folder(&s3, &req, &CancellationToken::new(), |_| Ok(()))
        .await
        .expect_err("missing");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("no-such-space-here"), "{err}");
}

#[tokio::test]
async fn pages_without_continuation_tokens_continue_after_the_last_key() {
    let s3 = common::client(common::server());
    let b = common::bucket("notoken");
    common::make_bucket(&s3, &b).await;
    let mut keys: Vec<String> = (0..2100).map(|i| format!("f/k{i:04}")).collect();
    keys.extend((0..1100).map(|i| format!("f/sub{i:04}/x")));
    common::put_many(&s3, &b, keys).await;

    let proxy = common::fault_proxy();
    proxy.set(serde_json::json!({ "strip_token": true }));
    let via_proxy = common::client_via(&proxy.endpoint);
    let req = ListRequest {
        bucket: b.clone(),
        prefix: "f/".into(),
        recursive: false,
    };
    let mut pages = Vec::new();
    let totals = list_folder(&via_proxy, &req, &CancellationToken::new(), |page| {
        pages.push(page);
        Ok(())
    })
    .await
    .expect("list");
    assert_eq!(
        totals,
        ListTotals {
            folders: 1100,
            files: 2100,
            bytes: 2100
        }
    );
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let state = proxy.set(serde_json::json!({}));
    assert!(state["requests"].as_u64().expect("count") >= 4);
}

#[tokio::test]
async fn keys_that_begin_with_a_slash_can_be_opened() {
    let s3 = common::client(common::server());
    let b = common::bucket("slash");
    common::make_bucket(&s3, &b).await;
    common::put(&s3, &b, "/images/a.png", b"png").await;
    let (root, _) = list_all(&b, "", false).await;
    let keys: Vec<_> = root
        .iter()
        .flatten()
        .map(|e| (e.key.as_str(), e.kind))
        .collect();
    assert_eq!(keys, vec![("/", EntryKind::Folder)]);
    let (slash, _) = list_all(&b, "/", false).await;
    let keys: Vec<_> = slash
        .iter()
        .flatten()
        .map(|e| (e.key.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(keys, vec![("/images/", "images")]);
    let (images, totals) = list_all(&b, "/images/", false).await;
    assert_eq!(
        images
            .iter()
            .flatten()
            .map(|e| e.key.as_str())
            .collect::<Vec<_>>(),
        vec!["/images/a.png"]
    );
    assert_eq!(totals.files, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_begins_with_filter_and_its_full_key_exception() {
    let s3 = common::client(common::server());
    let b = common::bucket("filter");
    common::make_bucket(&s3, &b).await;
    for key in [
        "photos/beach.jpg",
        "photos/bear.png",
        "photos/cat.jpg",
        "photos/be/deep.txt",
        "notes.txt",
    ] {
        common::put(&s3, &b, key, b"x").await;
    }
    let listed = |prefix: &str, filter: &str| {
        let req = ListRequest {
            bucket: b.clone(),
            prefix: prefix.into(),
            recursive: false,
        };
        let filter = filter.to_owned();
        let s3 = &s3;
        async move {
            let mut names = Vec::new();
            spaceport_core::browse::list_filtered(
                s3,
                &req,
                &filter,
                &CancellationToken::new(),
                |page| {
                    names.extend(page.into_iter().map(|e| (e.name, e.key)));
                    Ok(())
                },
            )
            .await
            .expect("list");
            names
        }
    };
    let names: Vec<_> = listed("photos/", "be")
        .await
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["be", "beach.jpg", "bear.png"]);
    // A full key typed at the top of the Space finds that file.
    let found = listed("", "photos/cat.jpg").await;
    assert_eq!(
        found,
        [("photos/cat.jpg".to_owned(), "photos/cat.jpg".to_owned())]
    );
    assert!(listed("photos/", "zzz").await.is_empty());
}
