"""The app-window part of the listing benchmark: open a folder of N keys in the real app
(tauri-driver + WebKitWebDriver under Xvfb), time the first row and the last, and read the
memory of the app process and its web content process once every row is in.
Needs a D-Bus session with an unlocked keyring and an X display (tests/bench/run.sh).
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "target" / "release" / "spaceport"
CLI = ROOT / "target" / "release" / "spaceport-cli"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def memory_of(pids: list[int]) -> dict[str, float]:
    """PSS in MB per process name (PSS shares libraries fairly between processes)."""
    by_name: dict[str, float] = {}
    for pid in pids:
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        pss_kb = next(int(l.split()[1]) for l in rollup.splitlines() if l.startswith("Pss:"))
        by_name[name] = by_name.get(name, 0.0) + pss_kb / 1024
    return by_name


def measure(g, bucket: str, prefix: str, count: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="spaceport-bench-app-"))
    env = {**os.environ, "SPACEPORT_CONFIG_DIR": str(home / "config"), "SPACEPORT_LOG_DIR": str(home / "logs")}
    subprocess.run([str(CLI), "accounts", "add", "--name", "bench", "--endpoint", g.endpoint,
                    "--region", g.region, "--access-key", g.access_key, "--no-test"],
                   env={**env, "SPACES_SECRET": g.secret_key}, check=True, capture_output=True)
    port = free_port()
    driver_proc = subprocess.Popen(
        [shutil.which("tauri-driver") or str(Path.home() / ".cargo/bin/tauri-driver"), "--port", str(port),
         "--native-port", str(free_port())],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_port(port)
        options = ArgOptions()
        options.set_capability("tauri:options", {"application": str(APP)})
        d = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        try:
            return walk_and_measure(d, driver_proc.pid, bucket, prefix, count)
        finally:
            d.quit()
    finally:
        os.killpg(driver_proc.pid, signal.SIGTERM)
        driver_proc.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)


def walk_and_measure(d, driver_pid: int, bucket: str, prefix: str, count: int) -> dict:
    wait = WebDriverWait(d, 60, poll_frequency=0.05)
    wait.until(lambda x: x.find_elements(By.CSS_SELECTOR, f'[data-testid=sidebar-space][data-space="{bucket}"]'))
    d.find_element(By.CSS_SELECTOR, f'[data-testid=sidebar-space][data-space="{bucket}"]').click()
    row_css = f'[data-testid=file-row][data-key="{prefix}"]'
    wait.until(lambda x: x.find_elements(By.CSS_SELECTOR, row_css))
    folder = d.find_element(By.CSS_SELECTOR, row_css)
    start = time.perf_counter()
    ActionChains(d).double_click(folder).perform()
    wait.until(lambda x: x.find_elements(By.CSS_SELECTOR, '[data-testid=file-row][data-kind=file]'))
    first_row = time.perf_counter() - start

    def all_in(x) -> bool:
        s = x.execute_script("return Object.assign({}, document.querySelector('[data-testid=status-bar]').dataset)")
        return s.get("loading") == "false" and s.get("count") == str(count)

    WebDriverWait(d, 300, poll_frequency=0.1).until(all_in)
    all_rows = time.perf_counter() - start
    # Scroll through once, as a person would, so the measured memory includes rendering.
    d.execute_script("const t = document.querySelector('[data-testid=file-table]'); t.scrollTop = t.scrollHeight / 2;")
    d.execute_script("const t = document.querySelector('[data-testid=file-table]'); t.scrollTop = t.scrollHeight;")
    rendered = len(d.find_elements(By.CSS_SELECTOR, "[data-testid=file-row]"))
    mem = memory_of(descendants(driver_pid))
    app_mem = {k: round(v, 1) for k, v in mem.items() if k.startswith(("spaceport", "WebKitWebProces", "WebKitNetworkP"))}
    return {
        "first_row_s": first_row,
        "all_rows_s": all_rows,
        "rendered_rows": rendered,
        "memory_mb": round(sum(app_mem.values()), 1),
        "memory_detail": ", ".join(f"{k} {v} MB" for k, v in app_mem.items()),
    }


def wait_port(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("tauri-driver did not start")
