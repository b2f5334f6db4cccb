//! Test harness: a real moto S3 server on loopback, started once per test binary by
//! tests/harness/s3server.py. It stops when this process exits (its stdin closes).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use aws_sdk_s3::primitives::ByteStream;
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::keychain::Secret;
use spaceport_core::model::{Account, Provider};
use spaceport_core::transfer::journal::Journal;
use spaceport_core::transfer::scheduler::{Limits, Scheduler};
use spaceport_core::transfer::Env;

#[path = "../../../../tests/harness/server.rs"]
mod server;
#[allow(unused_imports)] // only some suites check with the aws CLI
pub use server::{aws_cli, aws_cli_unchecked, aws_json, FaultProxy, Server};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn start(auth: bool) -> Server {
    server::start_server(&repo_root(), auth)
}

/// The shared moto server (no signature checks).
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start(false))
}

/// A moto server that checks access keys and signatures.
pub fn auth_server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| start(true))
}

/// A fault-injecting proxy in front of the shared server, one per caller.
pub fn fault_proxy() -> FaultProxy {
    FaultProxy::start(&repo_root(), &server().endpoint)
}

/// A client that talks to `endpoint` with the shared server's keys.
pub fn client_via(endpoint: &str) -> S3 {
    let mut account = account_for(server(), &server().access_key);
    account.provider = Provider::S3Compatible {
        endpoint: endpoint.into(),
        region: "us-east-1".into(),
        path_style: true,
    };
    S3::new(
        &account,
        &Secret::new(server().secret_key.clone()),
        ClientOptions::interactive(),
    )
}

pub fn account_for(server: &Server, access_key: &str) -> Account {
    Account {
        id: "test".into(),
        name: "test".into(),
        provider: Provider::S3Compatible {
            endpoint: server.endpoint.clone(),
            region: "us-east-1".into(),
            path_style: true,
        },
        access_key_id: access_key.into(),
        added_spaces: Vec::new(),
    }
}

pub fn client(server: &Server) -> S3 {
    let account = account_for(server, &server.access_key);
    S3::new(
        &account,
        &Secret::new(server.secret_key.clone()),
        ClientOptions::interactive(),
    )
}

/// One scheduler for the whole test binary, as the app has one for all its transfers.
pub fn sched() -> &'static Scheduler {
    static SCHED: OnceLock<Scheduler> = OnceLock::new();
    SCHED.get_or_init(|| Scheduler::new(Limits::default()))
}

/// What a transfer runs with in tests: the shared scheduler, under the account "test".
pub fn env<'a>(s3: &'a S3, journal: Option<&'a Journal>) -> Env<'a> {
    Env {
        s3,
        sched: sched(),
        journal,
        account_id: "test",
    }
}

/// A bucket name unique to this test.
pub fn bucket(tag: &str) -> String {
    format!("t-{tag}-{}", uuid::Uuid::new_v4().simple())
        .chars()
        .take(63)
        .collect()
}

pub async fn make_bucket(s3: &S3, name: &str) {
    s3.for_bucket(name)
        .create_bucket()
        .bucket(name)
        .send()
        .await
        .expect("create bucket");
}

pub async fn put(s3: &S3, bucket: &str, key: &str, body: &[u8]) {
    s3.for_bucket(bucket)
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(ByteStream::from(body.to_vec()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("put {key}: {e:?}"));
}

/// Put many small objects, 32 at a time.
pub async fn put_many(s3: &S3, bucket: &str, keys: Vec<String>) {
    use futures::stream::{self, StreamExt};
    stream::iter(keys)
        .for_each_concurrent(32, |key| async move { put(s3, bucket, &key, b"x").await })
        .await;
}
