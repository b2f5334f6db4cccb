"""Fixtures for Spaceport's end-to-end suite: the real app window driven through tauri-driver.

What each test gets:
- `s3`: a moto server that checks access keys and signatures (tests/harness/s3server.py --auth),
  one per run, with its valid keys. `s3.client()` is boto3 and `s3.aws(...)` the aws CLI: the
  independent clients that seed the server and check what the app shows.
- `make_profile(name)`: an isolated Spaceport install (its own config dir and log dir) with a
  tauri-driver started for it, since the app inherits tauri-driver's environment. Call
  `profile.launch()` to open the app (a new WebDriver session) and `profile.quit()` to close it;
  launching again with the same profile is "restart the app".
- `shot(driver, step)`: a PNG in target/e2e-screenshots/<test>-<step>.png.
Wait helpers and DOM queries live in helpers.py (explicit waits only, never fixed sleeps).

The suite needs a D-Bus session with an unlocked Secret Service and an X display: run it
through tests/e2e/run.sh, which arranges both.
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import boto3
import pytest
import urllib3
from botocore.config import Config
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.webdriver import WebDriver

from helpers import TIMEOUT, wait_animations, wait_css, wait_until

ROOT = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("SPACEPORT_E2E_APP", ROOT / "target" / "debug" / "spaceport"))
SHOTS = ROOT / "target" / "e2e-screenshots"
LOGS = ROOT / "target" / "e2e-logs"
TAURI_DRIVER = shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver")
NATIVE_DRIVER = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"


# --------------------------------------------------------------------------------------------
# Session-wide checks and output folders
# --------------------------------------------------------------------------------------------


def pytest_sessionstart(session: pytest.Session) -> None:
    problems = []
    if not APP.is_file():
        problems.append(f"the app binary {APP} is missing (tests/e2e/run.sh builds it)")
    if not Path(TAURI_DRIVER).exists():
        problems.append("tauri-driver is not installed (cargo install tauri-driver --locked)")
    if not Path(NATIVE_DRIVER).exists():
        problems.append("WebKitWebDriver is missing (Debian package webkit2gtk-driver)")
    if not os.environ.get("DISPLAY"):
        problems.append("no X display: run under xvfb-run (tests/e2e/run.sh does)")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        problems.append("no D-Bus session with an unlocked keyring: run tests/e2e/run.sh")
    if problems:
        pytest.exit("e2e suite cannot run: " + "; ".join(problems), returncode=2)
    # Screenshots of this run only, so a reviewer never mistakes an old one for a new one.
    if SHOTS.exists():
        for png in SHOTS.glob("*.png"):
            png.unlink()
    SHOTS.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)


# Tests in a class marked `incremental` walk one flow: after a failure the rest are reported
# as xfail ("previous step failed") instead of as a cascade of confusing errors.
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> None:
    if "incremental" in item.keywords and call.excinfo is not None and call.when == "call":
        item.parent._e2e_failed = item  # type: ignore[attr-defined]


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "incremental" in item.keywords:
        failed = getattr(item.parent, "_e2e_failed", None)
        if failed is not None:
            pytest.xfail(f"previous step failed ({failed.name})")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "incremental: steps of one flow; stop after the first failure")
    # Selenium warns about its own internal call when given a URL; nothing to act on here.
    config.addinivalue_line("filterwarnings", "ignore:setting remote_server_addr:DeprecationWarning")


# --------------------------------------------------------------------------------------------
# The S3 server and the independent clients
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"
    aws_config: Path | None = None

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            config=Config(s3={"addressing_style": "path"}, max_pool_connections=32,
                          retries={"max_attempts": 5, "mode": "standard"}),
        )

    def aws(self, *args: str) -> Any:
        """Run the aws CLI against the server and return its JSON output (None if empty)."""
        env = dict(os.environ)
        env.update(
            AWS_ACCESS_KEY_ID=self.access_key,
            AWS_SECRET_ACCESS_KEY=self.secret_key,
            AWS_DEFAULT_REGION=self.region,
            AWS_CONFIG_FILE=str(self.aws_config),
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            AWS_PAGER="",
        )
        out = subprocess.run(
            ["aws", "--endpoint-url", self.endpoint, "--output", "json", *args],
            env=env, capture_output=True, text=True, timeout=120,
        )
        if out.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed ({out.returncode}): {out.stderr}")
        return json.loads(out.stdout) if out.stdout.strip() else None


@contextlib.contextmanager
def s3_server(tmp_path_factory: pytest.TempPathFactory, *, auth: bool = True):
    """A moto server on a free port (checking keys and signatures when `auth`), stopped after."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "harness" / "s3server.py"), *(["--auth"] if auth else [])],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line:
            raise RuntimeError(f"the S3 test server did not start (exit code {proc.poll()})")
        info = json.loads(line)
        cfg = tmp_path_factory.mktemp("aws") / "config"
        # Path-style, as the app's account uses: the bucket goes in the path, never the host.
        cfg.write_text("[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n")
        yield S3Server(info["endpoint"], info["accessKey"], info["secretKey"], aws_config=cfg)
    finally:
        # Closing stdin tells the harness to stop moto; SIGTERM if it does not.
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def s3(tmp_path_factory: pytest.TempPathFactory):
    with s3_server(tmp_path_factory) as server:
        yield server


# --------------------------------------------------------------------------------------------
# The app: one profile = one config dir + log dir + a tauri-driver carrying them
# --------------------------------------------------------------------------------------------


@dataclass
class AppProfile:
    name: str
    config_dir: Path
    log_dir: Path
    driver_log: Path
    port: int = 0
    native_port: int = 0
    process: subprocess.Popen | None = None
    driver: WebDriver | None = None
    launches: int = 0
    _log_handle: Any = field(default=None, repr=False)

    def start_tauri_driver(self) -> None:
        env = dict(os.environ)
        env["SPACEPORT_CONFIG_DIR"] = str(self.config_dir)
        env["SPACEPORT_LOG_DIR"] = str(self.log_dir)
        # The app and WebKitWebDriver inherit this environment from tauri-driver.
        self.port = free_port()
        self.native_port = free_port()
        self._log_handle = open(self.driver_log, "ab")
        self.process = subprocess.Popen(
            [TAURI_DRIVER, "--port", str(self.port), "--native-port", str(self.native_port),
             "--native-driver", NATIVE_DRIVER],
            env=env, stdout=self._log_handle, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one, by its id
        )
        # Ready when WebKitWebDriver answers /status on its own port and tauri-driver accepts
        # connections. (Not /status through tauri-driver: that leaves a pooled connection to
        # WebKitWebDriver that it may have closed when the new-session request reuses it.)
        deadline = time.monotonic() + TIMEOUT
        native_ready = False
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tauri-driver exited early; see {self.driver_log}")
            try:
                if not native_ready:
                    url = f"http://127.0.0.1:{self.native_port}/status"
                    with urllib.request.urlopen(url, timeout=2) as r:
                        native_ready = bool(json.load(r).get("value", {}).get("ready", True))
                if native_ready:
                    socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
                    return
            except (OSError, ValueError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"tauri-driver did not get ready on port {self.port}; see {self.driver_log}")

    def launch(self) -> WebDriver:
        """Open the app (a new WebDriver session) and wait until its UI has loaded."""
        assert self.driver is None, "the app is already open in this profile"
        options = ArgOptions()
        options.set_capability("tauri:options", {"application": str(APP)})
        for attempt in range(3):
            try:
                self.driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{self.port}", options=options)
                break
            except urllib3.exceptions.ProtocolError:
                # tauri-driver reused a connection WebKitWebDriver had closed; the request
                # never reached it, so asking again is safe.
                if attempt == 2 or self._app_pids():
                    raise
        self.launches += 1
        assert self._app_pids(), f"no {APP} process runs under this profile's tauri-driver"
        # The sidebar is drawn at once; the main area waits for the saved accounts.
        wait_css(self.driver, "[data-testid=sidebar]")
        wait_until(
            self.driver,
            lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=welcome], [data-testid=spaces-view], "
                                                       "[data-testid=file-table], main .blank"),
            "the app's main area never appeared",
        )
        return self.driver

    def quit(self) -> None:
        """Close the app and wait until its process has exited (its log is flushed then)."""
        if self.driver is not None:
            try:
                self.driver.quit()
            finally:
                self.driver = None
        deadline = time.monotonic() + TIMEOUT
        while self._app_pids():
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not exit: pids {self._app_pids()}")
            time.sleep(0.05)

    def _app_pids(self) -> list[int]:
        """Running app processes started under this profile's tauri-driver."""
        if self.process is None:
            return []
        parents: dict[int, int] = {}
        exes: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                exes[int(entry.name)] = os.readlink(entry / "exe")
            except (OSError, ValueError, IndexError):
                continue

        def under_driver(pid: int) -> bool:
            while pid > 1:
                pid = parents.get(pid, 0)
                if pid == self.process.pid:
                    return True
            return False

        return [pid for pid, exe in exes.items() if exe == str(APP) and under_driver(pid)]

    def stop(self) -> None:
        self.quit()
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._log_handle:
            self._log_handle.close()

    def accounts(self) -> list[dict]:
        path = self.config_dir / "accounts.json"
        if not path.exists():
            return []
        return json.loads(path.read_text())["accounts"]


@pytest.fixture(scope="module")
def make_profile(tmp_path_factory: pytest.TempPathFactory):
    """Factory: `make_profile("main")` gives a fresh AppProfile, stopped at module end."""
    made: list[AppProfile] = []

    def make(name: str) -> AppProfile:
        base = tmp_path_factory.mktemp(f"profile-{name}")
        profile = AppProfile(
            name=name,
            config_dir=base / "config",
            log_dir=base / "logs",
            driver_log=LOGS / f"tauri-driver-{name}.log",
        )
        profile.config_dir.mkdir()
        profile.log_dir.mkdir()
        if profile.driver_log.exists():
            profile.driver_log.unlink()
        profile.start_tauri_driver()
        made.append(profile)
        return profile

    yield make
    for p in made:
        p.stop()
        # Keep the app's logs of this run beside the screenshots for whoever debugs a failure.
        dest = LOGS / f"app-{p.name}"
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(p.log_dir, dest, dirs_exist_ok=True)


# --------------------------------------------------------------------------------------------
# Screenshots
# --------------------------------------------------------------------------------------------


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[[WebDriver, str], Path]:
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def take(driver: WebDriver, step: str) -> Path:
        path = SHOTS / f"{test}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', step)}.png"
        wait_animations(driver)  # a dialog caught mid-fade would look broken
        driver.save_screenshot(str(path))
        return path

    return take
