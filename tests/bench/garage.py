"""A single-node Garage S3 server on loopback for the benchmarks.

moto re-sorts the whole bucket on every listing page, so it would measure itself; Garage
keeps an ordered index. Built with `cargo install garage --locked` by tests/bench/run.sh.
"""
import os
import re
import secrets
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Garage:
    endpoint: str
    access_key: str
    secret_key: str
    region: str
    proc: subprocess.Popen
    conf: str

    def cli(self, *args: str) -> str:
        out = subprocess.run(["garage", "-c", self.conf, *args], check=True, capture_output=True, text=True)
        return out.stdout

    def create_bucket(self, name: str) -> None:
        self.cli("bucket", "create", name)
        self.cli("bucket", "allow", "--read", "--write", "--owner", name, "--key", "bench")

    def spaceport_env(self) -> dict[str, str]:
        """spaceport-cli with --endpoint/--region takes its keys from the environment."""
        return {"SPACES_KEY": self.access_key, "SPACES_SECRET": self.secret_key}

    def aws_env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key,
                "AWS_DEFAULT_REGION": self.region}

    def rclone_env(self, remote: str = "bench") -> dict[str, str]:
        """An rclone remote named `remote`, defined entirely in the environment."""
        p = f"RCLONE_CONFIG_{remote.upper()}_"
        return {f"{p}TYPE": "s3", f"{p}PROVIDER": "Other", f"{p}ACCESS_KEY_ID": self.access_key,
                f"{p}SECRET_ACCESS_KEY": self.secret_key, f"{p}ENDPOINT": self.endpoint,
                f"{p}REGION": self.region, f"{p}FORCE_PATH_STYLE": "true"}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start(capacity: str = "10G") -> Garage:
    root = tempfile.mkdtemp(prefix="spaceport-garage-")
    s3_port, rpc_port, admin_port = free_port(), free_port(), free_port()
    conf = os.path.join(root, "garage.toml")
    with open(conf, "w") as f:
        f.write(f"""metadata_dir = "{root}/meta"
data_dir = "{root}/data"
db_engine = "lmdb"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:{rpc_port}"
rpc_public_addr = "127.0.0.1:{rpc_port}"
rpc_secret = "{secrets.token_hex(32)}"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:{s3_port}"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:{admin_port}"
""")
    log = open(os.path.join(root, "garage.log"), "w")
    proc = subprocess.Popen(["garage", "-c", conf, "server"], stdout=log, stderr=log)
    g = Garage(f"http://127.0.0.1:{s3_port}", "", "", "garage", proc, conf)
    node_id = wait_for_node(g)
    g.cli("layout", "assign", "-z", "dc1", "-c", capacity, node_id)
    g.cli("layout", "apply", "--version", "1")
    key_text = g.cli("key", "create", "bench")
    g.access_key = re.search(r"Key ID:\s*(\S+)", key_text).group(1)
    g.secret_key = re.search(r"Secret key:\s*(\S+)", key_text).group(1)
    wait_for_port(s3_port)
    return g


def wait_for_node(g: Garage, timeout: float = 30) -> str:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if g.proc.poll() is not None:
            raise RuntimeError(f"garage exited; see {os.path.dirname(g.conf)}/garage.log")
        try:
            status = g.cli("status")
            m = re.search(r"^([0-9a-f]{16})\s", status, re.M)
            if m:
                return m.group(1)
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.3)
    raise RuntimeError("garage did not start")


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("garage S3 port did not open")
