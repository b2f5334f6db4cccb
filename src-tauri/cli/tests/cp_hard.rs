//! spaceport-cli cp at its edges: killed and resumed, a full local disk, ten thousand files.
//! Server state is read back with the aws CLI.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::server::FaultProxy;
use common::{aws, aws_listing, env_cli, env_cp, json_lines, moto, new_bucket, repo_root};
use serde_json::Value;

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

fn object_bytes(bucket: &str, key: &str, dir: &Path) -> Vec<u8> {
    let out = dir.join("object.bin");
    aws(&[
        "s3api",
        "get-object",
        "--bucket",
        bucket,
        "--key",
        key,
        out.to_str().expect("utf8"),
    ]);
    std::fs::read(out).expect("read")
}

fn multipart_uploads(bucket: &str) -> Vec<String> {
    let out: Value = serde_json::from_slice(
        &aws(&["s3api", "list-multipart-uploads", "--bucket", bucket]).stdout,
    )
    .unwrap_or(Value::Null);
    out["Uploads"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["Key"].as_str().map(str::to_owned))
        .collect()
}

/// Parts recorded in the journal under `config/transfers`.
fn journalled_parts(config: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(config.join("transfers")) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "parts"))
        .map(|e| {
            std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .lines()
                .count()
        })
        .sum()
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    for _ in 0..600 {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn a_killed_cp_resumes_skipping_finished_files_and_sent_parts() {
    let bucket = new_bucket("resume");
    let work = tempfile::tempdir().expect("tempdir");
    let src = work.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let big = random_bytes(40 * 1024 * 1024, 11);
    std::fs::write(src.join("big.bin"), &big).expect("write");
    std::fs::write(src.join("small.txt"), "small").expect("write");
    let proxy = FaultProxy::start(&repo_root(), &moto().endpoint);
    let dest = format!("s3://{bucket}/d/");

    // Parts 3 and later of big.bin wait at the proxy; kill the copy once 1 and 2 are
    // journalled (small.txt is done by then).
    proxy.set(serde_json::json!({ "hold_parts": 3 }));
    let mut child = env_cli(&proxy.endpoint, work.path())
        .args(["cp", "--recursive", src.to_str().expect("utf8"), &dest])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let config = work.path().join("config");
    wait_for("two journalled parts", || journalled_parts(&config) >= 2);
    wait_for("small.txt uploaded", || {
        aws_listing(&bucket, "d/", false).contains(&"d/small.txt".to_owned())
    });
    child.kill().expect("kill");
    child.wait().expect("reap");
    assert!(!aws_listing(&bucket, "d/", false).contains(&"d/big.bin".to_owned()));
    assert_eq!(multipart_uploads(&bucket), vec!["d/big.bin"]);

    // Let the held parts of the dead process through, then count afresh.
    proxy.set(serde_json::json!({ "hold_parts": 0 }));
    wait_for("held parts forwarded", || {
        proxy.set(serde_json::json!({}))["held"] == 0
    });
    proxy.set(serde_json::json!({ "part_puts": 0, "requests": 0 }));
    let out = env_cli(&proxy.endpoint, work.path())
        .args([
            "--json",
            "cp",
            "--recursive",
            "--resume",
            src.to_str().expect("utf8"),
            &dest,
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = json_lines(&out);
    lines.sort_by_key(|l| l["name"].as_str().unwrap_or_default().to_owned());
    assert_eq!(
        lines,
        vec![
            serde_json::json!({ "name": "d/big.bin", "ok": true }),
            serde_json::json!({ "name": "d/small.txt", "ok": true, "skipped": true }),
        ]
    );
    let state = proxy.set(serde_json::json!({}));
    assert_eq!(
        state["part_puts"], 3,
        "only parts 3 to 5 of 5 went up again"
    );
    assert!(object_bytes(&bucket, "d/big.bin", work.path()) == big);
    assert!(multipart_uploads(&bucket).is_empty());
    assert_eq!(journalled_parts(&config), 0, "the journal is empty");
}

#[test]
fn a_full_local_disk_fails_clearly_and_leaves_no_file() {
    let bucket = new_bucket("full");
    let work = tempfile::tempdir().expect("tempdir");
    // One of each download path: a folder's small file (held in memory, saved in a group),
    // one GET to a file, ranged GETs.
    let files = [
        ("tiny.bin", 700 * 1024, "512k", "tiny/"),
        ("small.bin", 3 * 1024 * 1024, "2m", ""),
        ("ranged.bin", 20 * 1024 * 1024, "2m", ""),
    ];
    for (name, len, _, folder) in files {
        let path = work.path().join(name);
        std::fs::write(&path, random_bytes(len, 5)).expect("write");
        let up = env_cp(
            &[
                "cp",
                path.to_str().expect("utf8"),
                &format!("s3://{bucket}/{folder}"),
            ],
            work.path(),
        );
        assert!(
            up.status.success(),
            "{}",
            String::from_utf8_lossy(&up.stderr)
        );
    }
    let cli = env!("CARGO_BIN_EXE_spaceport-cli");
    let s = moto();
    for (name, _, disk, folder) in files {
        // A disk smaller than the file (a tmpfs in a private mount namespace) for each.
        let script = r#"mnt=$(mktemp -d) && mount -t tmpfs -o "size=$3" tmpfs "$mnt" || exit 99
            cli=$1 endpoint=$2; shift 3
            "$cli" --endpoint "$endpoint" --region us-east-1 cp "$@" "$mnt/"; code=$?
            echo "left: $(ls -A "$mnt")"; exit $code"#;
        let source = if folder.is_empty() {
            vec![format!("s3://{bucket}/{name}")]
        } else {
            vec!["--recursive".into(), format!("s3://{bucket}/{folder}")]
        };
        let out = Command::new("unshare")
            .args(["-rm", "sh", "-c", script, "sh", cli, &s.endpoint, disk])
            .args(source)
            .current_dir(work.path())
            .env("SPACEPORT_CONFIG_DIR", work.path().join("config"))
            .env("SPACES_KEY", &s.access_key)
            .env("SPACES_SECRET", &s.secret_key)
            .output()
            .expect("run unshare");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(
            out.status.code(),
            Some(99),
            "could not mount a tmpfs: {stderr}"
        );
        assert!(!out.status.success(), "{name}: a full disk must fail");
        assert!(
            stderr.contains("The disk is full") && stderr.contains(name),
            "{name}: {stderr}"
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim_end(),
            "left:",
            "{name}: nothing left on the full disk"
        );
    }
    assert_eq!(journalled_parts(&work.path().join("config")), 0);
}

#[test]
fn ten_thousand_small_files_go_up_and_come_back() {
    let bucket = new_bucket("many");
    let work = tempfile::tempdir().expect("tempdir");
    let src = work.path().join("many");
    for i in 0..10_000 {
        let dir = src.join(format!("d{:02}", i % 100));
        if i < 100 {
            std::fs::create_dir_all(&dir).expect("mkdir");
        }
        std::fs::write(dir.join(format!("f{i:05}.txt")), format!("file {i}\n")).expect("write");
    }
    let up = env_cp(
        &[
            "cp",
            "--recursive",
            src.to_str().expect("utf8"),
            &format!("s3://{bucket}/many/"),
        ],
        work.path(),
    );
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    assert!(
        String::from_utf8_lossy(&up.stderr).contains("Uploaded 10000 files"),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    let keys = aws_listing(&bucket, "many/", false);
    assert_eq!(keys.len(), 10_000);
    assert_eq!(keys[0], "many/d00/f00000.txt");
    assert_eq!(keys[9_999], "many/d99/f09999.txt");

    let down = env_cp(
        &["cp", "--recursive", &format!("s3://{bucket}/many/"), "back"],
        work.path(),
    );
    assert!(
        down.status.success(),
        "{}",
        String::from_utf8_lossy(&down.stderr)
    );
    let back = work.path().join("back");
    let count = walk_count(&back);
    assert_eq!(count, 10_000);
    for i in [0, 4_321, 9_999] {
        let rel = format!("d{:02}/f{i:05}.txt", i % 100);
        assert_eq!(
            std::fs::read_to_string(back.join(&rel)).expect("read"),
            format!("file {i}\n"),
            "{rel}"
        );
    }
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                walk_count(&e.path())
            } else {
                1
            }
        })
        .sum()
}

/// `cmd` run as an unprivileged user when this test runs as root (root reads any file).
#[cfg(unix)]
fn unprivileged(cmd: Command) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if !root {
        return cmd;
    }
    let mut wrapped = Command::new("setpriv");
    wrapped
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    wrapped
}

// Unix permissions make the file unreadable; Windows has no chmod for that.
#[cfg(unix)]
#[test]
fn an_unreadable_file_fails_clearly_and_the_rest_go_up() {
    use std::os::unix::fs::PermissionsExt;
    let bucket = new_bucket("unreadable");
    let work = tempfile::tempdir().expect("tempdir");
    // Open to the unprivileged user: it writes its config and journal here.
    std::fs::set_permissions(work.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let src = work.path().join("src");
    std::fs::create_dir(&src).expect("mkdir");
    std::fs::write(src.join("ok.txt"), "fine").expect("write");
    let secret = src.join("secret.txt");
    std::fs::write(&secret, "no").expect("write");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut cmd = env_cli(&moto().endpoint, work.path());
    cmd.args([
        "cp",
        "--recursive",
        src.to_str().expect("utf8"),
        &format!("s3://{bucket}/u/"),
    ]);
    let out = unprivileged(cmd).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("secret.txt cannot be read: permission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("Uploaded 1 file"), "{stderr}");
    assert_eq!(aws_listing(&bucket, "u/", false), vec!["u/ok.txt"]);
}
