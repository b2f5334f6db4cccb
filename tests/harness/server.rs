#![allow(dead_code)] // each suite uses a different part of the harness
                     // Shared by the Rust test suites (included with #[path]): start the Python harness scripts in
                     // tests/harness and keep them alive for the test binary's lifetime. They stop when this
                     // process exits, because their stdin closes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::Mutex;

pub struct Server {
    pub endpoint: String,
    pub access_key: String,
    pub secret_key: String,
    _keepalive: Mutex<(Child, ChildStdin)>,
}

/// moto on a free loopback port; with `auth`, keys and signatures are checked.
pub fn start_server(repo_root: &Path, auth: bool) -> Server {
    let args: &[&str] = if auth { &["--auth"] } else { &[] };
    let (info, keepalive) = spawn_harness(repo_root, "s3server.py", args);
    let field = |name: &str| info[name].as_str().expect(name).to_owned();
    Server {
        endpoint: field("endpoint"),
        access_key: field("accessKey"),
        secret_key: field("secretKey"),
        _keepalive: keepalive,
    }
}

/// The fault-injecting proxy of tests/harness/faultproxy.py in front of a server.
pub struct FaultProxy {
    pub endpoint: String,
    _keepalive: Mutex<(Child, ChildStdin)>,
}

impl FaultProxy {
    pub fn start(repo_root: &Path, upstream: &str) -> FaultProxy {
        let (info, keepalive) =
            spawn_harness(repo_root, "faultproxy.py", &["--upstream", upstream]);
        FaultProxy {
            endpoint: info["endpoint"].as_str().expect("endpoint").to_owned(),
            _keepalive: keepalive,
        }
    }

    /// Change the faults (see faultproxy.py); returns the proxy's settings and counters.
    pub fn set(&self, faults: serde_json::Value) -> serde_json::Value {
        use std::io::{Read, Write};
        let addr = self.endpoint.trim_start_matches("http://");
        let body = faults.to_string();
        let mut stream = std::net::TcpStream::connect(addr).expect("connect proxy");
        let request = format!(
            "POST /__fault__ HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("send");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read");
        let json = reply.split("\r\n\r\n").nth(1).expect("body");
        serde_json::from_str(json).expect("proxy state")
    }
}

fn spawn_harness(
    repo_root: &Path,
    script: &str,
    args: &[&str],
) -> (serde_json::Value, Mutex<(Child, ChildStdin)>) {
    let mut child = Command::new("python3")
        .arg(repo_root.join("tests/harness").join(script))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("start tests/harness/{script} (`make test` installs moto): {e}")
        });
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read harness line");
    let info = serde_json::from_str(&line).unwrap_or_else(|_| panic!("{script} said: {line:?}"));
    let stdin = child.stdin.take().expect("stdin");
    (info, Mutex::new((child, stdin)))
}

/// The aws CLI against `server` with its keys: the independent client results are checked
/// with. Fails the test when the command fails.
pub fn aws_cli(server: &Server, args: &[&str]) -> Output {
    let out = aws_cli_unchecked(server, args);
    assert!(
        out.status.success(),
        "aws {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The aws CLI's JSON answer (Null for commands that print nothing).
pub fn aws_json(server: &Server, args: &[&str]) -> serde_json::Value {
    let out = aws_cli(server, args);
    if out.stdout.iter().all(u8::is_ascii_whitespace) {
        return serde_json::Value::Null;
    }
    serde_json::from_slice(&out.stdout).expect("aws json")
}

/// `aws_cli` for commands that are expected to fail (the answer is the test's to judge).
pub fn aws_cli_unchecked(server: &Server, args: &[&str]) -> Output {
    Command::new("aws")
        .args([
            "--endpoint-url",
            &server.endpoint,
            "--region",
            "us-east-1",
            "--output",
            "json",
        ])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", &server.access_key)
        .env("AWS_SECRET_ACCESS_KEY", &server.secret_key)
        .env_remove("AWS_PROFILE")
        .output()
        .expect("run the aws CLI (`make test` installs it in .tools/venv)")
}
