//! What the CLI tests share: the moto server (signatures checked), the aws CLI as an
//! independent client, and spaceport-cli run with keys from the environment.
#![allow(dead_code)]

#[path = "../../../../tests/harness/server.rs"]
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn moto() -> &'static server::Server {
    static SERVER: OnceLock<server::Server> = OnceLock::new();
    SERVER.get_or_init(|| server::start_server(&repo_root(), true))
}

/// A moto server without signature checks. moto answers 500 to any presigned URL when it
/// checks signatures (even the aws CLI's own), so links are fetched from this one.
pub fn open_moto() -> &'static server::Server {
    static SERVER: OnceLock<server::Server> = OnceLock::new();
    SERVER.get_or_init(|| server::start_server(&repo_root(), false))
}

/// The aws CLI with the server's valid keys.
pub fn aws(args: &[&str]) -> Output {
    aws_at(moto(), args)
}

/// The aws CLI against `server`, with its keys.
pub fn aws_at(server: &server::Server, args: &[&str]) -> Output {
    server::aws_cli(server, args)
}

/// What the aws CLI lists for a prefix: folder prefixes and keys.
pub fn aws_listing(bucket: &str, prefix: &str, delimiter: bool) -> Vec<String> {
    let mut args = vec![
        "s3api",
        "list-objects-v2",
        "--bucket",
        bucket,
        "--prefix",
        prefix,
    ];
    if delimiter {
        args.extend(["--delimiter", "/"]);
    }
    let listing: Value = serde_json::from_slice(&aws(&args).stdout).expect("aws json");
    let mut keys: Vec<String> = Vec::new();
    for p in listing["CommonPrefixes"].as_array().into_iter().flatten() {
        keys.push(p["Prefix"].as_str().expect("prefix").to_owned());
    }
    for o in listing["Contents"].as_array().into_iter().flatten() {
        let key = o["Key"].as_str().expect("key");
        if key != prefix {
            keys.push(key.to_owned());
        }
    }
    keys.sort();
    keys
}

pub fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

/// spaceport-cli talking to `endpoint` with moto's keys from the environment; its config
/// (and transfer journal) under `cwd/config`.
pub fn env_cli(endpoint: &str, cwd: &Path) -> Command {
    let s = moto();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spaceport-cli"));
    cmd.args(["--endpoint", endpoint, "--region", "us-east-1"])
        .current_dir(cwd)
        .env("SPACEPORT_CONFIG_DIR", cwd.join("config"))
        .env_remove("SPACEPORT_DATA_DIR")
        .env("SPACES_KEY", &s.access_key)
        .env("SPACES_SECRET", &s.secret_key);
    cmd
}

pub fn env_cp(args: &[&str], cwd: &Path) -> Output {
    env_cli(&moto().endpoint, cwd)
        .args(args)
        .output()
        .expect("run")
}

/// A fresh bucket, made with the aws CLI.
pub fn new_bucket(tag: &str) -> String {
    let bucket = format!(
        "cli-{tag}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    aws(&["s3api", "create-bucket", "--bucket", &bucket]);
    bucket
}

/// spaceport-cli against the signature-checking moto, config under `cwd`.
pub fn cli(args: &[&str], cwd: &Path) -> Output {
    env_cli(&moto().endpoint, cwd)
        .args(args)
        .output()
        .expect("run spaceport-cli")
}

/// `cli` that must succeed.
pub fn ok(args: &[&str], cwd: &Path) -> Output {
    let out = cli(args, cwd);
    assert!(
        out.status.success(),
        "spaceport-cli {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
