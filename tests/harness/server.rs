// Shared by the Rust test suites (included with #[path]): start tests/harness/s3server.py and
// keep it alive for the test binary's lifetime. It stops when this process exits.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;

pub struct Server {
    pub endpoint: String,
    pub access_key: String,
    pub secret_key: String,
    // Held so the server lives as long as the tests; dropping it closes the server's stdin.
    _keepalive: Mutex<(Child, ChildStdin)>,
}

pub fn start_server(repo_root: &Path, auth: bool) -> Server {
    let mut cmd = Command::new("python3");
    cmd.arg(repo_root.join("tests/harness/s3server.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    if auth {
        cmd.arg("--auth");
    }
    let mut child = cmd
        .spawn()
        .expect("start tests/harness/s3server.py (is moto installed? run `make test`)");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read server line");
    let info: serde_json::Value =
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("server said: {line:?}"));
    let stdin = child.stdin.take().expect("stdin");
    let field = |name: &str| info[name].as_str().expect(name).to_owned();
    Server {
        endpoint: field("endpoint"),
        access_key: field("accessKey"),
        secret_key: field("secretKey"),
        _keepalive: Mutex::new((child, stdin)),
    }
}
