"""Uploads and downloads in the real window, clicked through as a person would.

A user drops a folder tree (names with spaces and unicode, an empty file, one file big enough
to go up in parts) onto an open Space, makes the files public with a one-day Cache-Control in
the staged dialog, and uploads. The aws CLI then checks every key, byte, ACL grant,
Content-Type and Cache-Control on the server. The folder is downloaded back through the UI and
compared file by file. Last, a large upload is cancelled mid-way, and nothing of it may be
left on the server, not even an unfinished multipart upload.

The app talks to moto through tests/harness/faultproxy.py. Its `hold_parts` fault keeps part 2
and later of every multipart upload waiting in the proxy, so "mid-transfer" is a state the
test waits for (part 1 stored, the rest held), never a moment it hopes to catch.

Native OS drag-and-drop and the native folder picker cannot be driven: the test calls the
handlers they call (`window.__spaceport_test.drop` and `.downloadTo`); the rest is the real UI.
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from helpers import (
    TIMEOUT,
    click,
    double_click,
    fill_account_form,
    location_prefix,
    tid,
    wait_css,
    wait_gone,
    wait_listing,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "E2E Transfers"
BUCKET = "e2e-transfers"
MIB = 1024 * 1024
PART = 8 * MIB  # the app's part size for files this small (plan::MIN_PART_SIZE)
MULTIPART_ABOVE = 16 * MIB  # plan::MULTIPART_THRESHOLD: larger files go up in parts
TRANSFER_TIMEOUT = max(TIMEOUT, 180)

# The dropped folder: what each file holds, and the Content-Type the app must guess for it.
TREE = "photos 2026"
TREE_FILES: dict[str, tuple[int | bytes, str]] = {
    "read me.txt": (b"Holiday photos, 2026.\n", "text/plain"),
    "été/ä b.txt": ("Ä b — ünïcødé in the name and in the text ✓\n".encode(), "text/plain"),
    "été/empty.txt": (b"", "text/plain"),
    "été/plage 01.png": (300 * 1024, "image/png"),
    "notes/meta data.json": (b'{"trip": "Lisbon", "days": 5}\n', "application/json"),
    "notes/日本語 ノート.md": ("# ノート\n\n- 一日目\n".encode(), "text/markdown"),
    "raw/shot 1.jpg": (6 * MIB + 123, "image/jpeg"),
    "raw/archive.zip": (12 * MIB, "application/zip"),
    "video/clip large.bin": (20 * MIB + 7, "application/octet-stream"),  # 3 parts: 8 + 8 + 4
}
BIG = "video/clip large.bin"
CACHE_LABEL = "1 day (max-age=86400)"  # the preset as the dialog lists it
CACHE_CONTROL = "max-age=86400"  # what that preset sends (ui/src/lib/transfers/uploadForm.ts)
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"

CANCEL_NAME = "huge upload ✕.bin"
CANCEL_SIZE = 3 * PART  # 3 parts; parts 2 and 3 are held until after the cancel


# --------------------------------------------------------------------------------------------
# The fault proxy between the app and moto
# --------------------------------------------------------------------------------------------


class FaultProxy:
    def __init__(self, upstream: str):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "harness" / "faultproxy.py"), "--upstream", upstream],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise RuntimeError(f"the fault proxy did not start (exit code {self.proc.poll()})")
        self.endpoint: str = json.loads(line)["endpoint"]

    def set(self, **faults: Any) -> dict[str, Any]:
        req = urllib.request.Request(f"{self.endpoint}/__fault__", data=json.dumps(faults).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.endpoint}/__fault__", timeout=10) as r:
            return json.load(r)

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def proxy(s3):
    p = FaultProxy(s3.endpoint)
    yield p
    p.set(hold_parts=0, delay_ms=0)  # let anything still held go before the proxy stops
    p.stop()


# --------------------------------------------------------------------------------------------
# Local files, the Space, the app install
# --------------------------------------------------------------------------------------------


@dataclass
class LocalFiles:
    tree: Path  # the folder that is dropped
    digests: dict[str, str]  # path relative to `tree` -> sha256
    sizes: dict[str, int]
    big_single: Path  # the file whose upload is cancelled
    downloads: Path  # an empty folder to download into

    def key(self, rel: str) -> str:
        return f"{TREE}/{rel}"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def content_for(spec: int | bytes, rel: str) -> bytes:
    if isinstance(spec, bytes):
        return spec
    body = os.urandom(spec)
    if rel.endswith(".png"):
        body = b"\x89PNG\r\n\x1a\n" + body[8:]
    elif rel.endswith(".jpg"):
        body = b"\xff\xd8\xff\xe0" + body[4:]
    return body


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> LocalFiles:
    base = tmp_path_factory.mktemp("transfers")
    tree = base / "source" / TREE
    digests, sizes = {}, {}
    for rel, (spec, _) in TREE_FILES.items():
        path = tree / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = content_for(spec, rel)
        path.write_bytes(body)
        digests[rel] = hashlib.sha256(body).hexdigest()
        sizes[rel] = len(body)
    assert sizes["été/empty.txt"] == 0
    assert sizes[BIG] > MULTIPART_ABOVE and sum(1 for s in sizes.values() if s > MULTIPART_ABOVE) == 1
    assert sum(sizes.values()) < 45 * MIB  # modest, so the run stays quick on a small machine
    big = base / "source" / CANCEL_NAME
    big.write_bytes(os.urandom(CANCEL_SIZE))
    downloads = base / "downloads"
    downloads.mkdir()
    return LocalFiles(tree, digests, sizes, big, downloads)


@pytest.fixture(scope="module")
def bucket(s3):
    c = s3.client()
    c.create_bucket(Bucket=BUCKET)
    yield BUCKET
    # Leave the shared server as it was found: other modules count its Spaces.
    for u in c.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []):
        c.abort_multipart_upload(Bucket=BUCKET, Key=u["Key"], UploadId=u["UploadId"])
    for page in c.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for o in page.get("Contents", []):
            c.delete_object(Bucket=BUCKET, Key=o["Key"])
    c.delete_bucket(Bucket=BUCKET)


@pytest.fixture(scope="module")
def profile(make_profile):
    return make_profile("transfers")


def open_app(profile):
    return profile.driver if profile.driver is not None else profile.launch()


# --------------------------------------------------------------------------------------------
# Reading the transfer panel and the server
# --------------------------------------------------------------------------------------------


def transfer_rows(driver) -> list[dict[str, Any]]:
    """Every transfer row in the panel's DOM (all of them while the list holds few)."""
    return driver.execute_script(
        """
        return Array.from(document.querySelectorAll('[data-testid=transfer-row]')).map(r => ({
          id: r.dataset.id, state: r.dataset.state, direction: r.dataset.direction,
          key: r.dataset.key, done: Number(r.dataset.done), size: Number(r.dataset.size),
          error: r.querySelector('[data-testid=transfer-error]')?.getAttribute('title') ?? null,
        }));
        """
    )


def panel_summary(driver) -> dict[str, str] | None:
    return driver.execute_script(
        "const s = document.querySelector('[data-testid=transfer-summary]');"
        "return s ? Object.assign({text: s.innerText}, s.dataset) : null;"
    )


def no_failures(rows: list[dict[str, Any]]) -> None:
    bad = [r for r in rows if r["state"] == "failed"]
    if bad:
        raise AssertionError(f"transfers failed: {bad}")


def wait_all_done(driver, direction: str, keys: set[str]) -> list[dict[str, Any]]:
    """Wait until the panel lists exactly these transfers, every one done; fail at once on a
    failed one instead of waiting out the timeout."""

    def done(d) -> list[dict[str, Any]] | bool:
        rows = transfer_rows(d)
        no_failures(rows)
        s = panel_summary(d)
        if not s or int(s["count"]) != len(keys) or s["active"] != "0":
            return False
        if {r["key"] for r in rows} != keys or any(r["state"] != "done" for r in rows):
            return False
        return rows

    rows = wait_until(driver, done, f"the {direction}s did not all finish: {transfer_rows(driver)}",
                      TRANSFER_TIMEOUT)
    assert all(r["direction"] == direction for r in rows), rows
    s = panel_summary(driver)
    assert s["done"] == s["bytes"], f"the panel's total is not complete: {s}"
    return rows


def drop(driver, paths: list[Path], target_prefix: str | None = None) -> None:
    """What the OS drop event does with the dropped paths (the same handler)."""
    err = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__spaceport_test.drop(arguments[0], arguments[1] ?? undefined)"
        ".then(() => done(null), e => done(String(e)));",
        [str(p) for p in paths], target_prefix,
    )
    assert err is None, f"the drop handler failed: {err}"


def clear_finished(driver) -> None:
    click(driver, tid("transfers-clear"))
    wait_gone(driver, tid("transfer-panel"))


def multipart_uploads(s3, bucket: str) -> list[dict[str, Any]]:
    return (s3.aws("s3api", "list-multipart-uploads", "--bucket", bucket) or {}).get("Uploads") or []


def aws_error(s3, *args: str) -> str:
    """Run an aws CLI command that must fail; its error text."""
    try:
        out = s3.aws(*args)
    except AssertionError as e:
        return str(e)
    raise AssertionError(f"aws {' '.join(args)} should have failed, but returned {out}")


# --------------------------------------------------------------------------------------------
# The flow
# --------------------------------------------------------------------------------------------


@pytest.mark.incremental
class TestTransfers:
    def test_drop_a_tree_and_upload_it_public_with_cache_control(self, profile, s3, proxy, bucket,
                                                                 files, shot):
        d = open_app(profile)
        click(d, tid("welcome-add-account"))
        # The account goes through the fault proxy; the aws CLI checks moto directly.
        fill_account_form(d, name=ACCOUNT, endpoint=proxy.endpoint, region="us-east-1",
                          access_key=s3.access_key, secret=s3.secret_key)
        click(d, tid("acc-save"))
        wait_gone(d, tid("account-form"))
        # The "account added" note would cover the transfer panel in the screenshots.
        toast = wait_css(d, tid("toast", kind="info"))
        assert d.execute_script("return arguments[0].innerText", toast).startswith(f'Added the account "{ACCOUNT}"')
        click(d, tid("toast-dismiss"))
        wait_gone(d, tid("toast"))
        double_click(d, tid("space-row", space=BUCKET))
        wait_until(d, lambda d: location_prefix(d) == "", "the Space did not open at its root")
        wait_listing(d, count=0)

        # Part 2 and later of the multipart file wait in the proxy until released below; the
        # delay makes sure part 1's progress is reported (at most one report per 150 ms).
        proxy.set(hold_parts=2, delay_ms=200)
        drop(d, [files.tree])
        wait_css(d, tid("upload-dialog"))
        keys = {files.key(rel) for rel in TREE_FILES}
        total = sum(files.sizes.values())
        wait_until(d, lambda d: d.execute_script(
            "const s = document.querySelector('[data-testid=upload-summary]');"
            "return s && Number(s.dataset.count) === arguments[0] && !s.querySelector('.spinner');",
            len(keys)), f"the staged dialog never listed the {len(keys)} dropped files")
        summary = d.find_element(By.CSS_SELECTOR, tid("upload-summary"))
        assert int(summary.get_attribute("data-bytes")) == total, "staged bytes differ from the files'"
        target = d.find_element(By.CSS_SELECTOR, tid("upload-target"))
        assert d.execute_script("return arguments[0].innerText", target).strip() == f"Upload to {BUCKET}/"
        staged = d.execute_script(
            "return Array.from(document.querySelectorAll('[data-testid=staged-row]')).map(r =>"
            " [r.dataset.key, r.querySelector('[data-testid=staged-content-type]').value]);")
        # A dropped folder keeps its name and tree; each file's type is guessed from its name.
        assert dict(staged) == {files.key(rel): ct for rel, (_, ct) in TREE_FILES.items()}, staged
        assert not d.find_elements(By.CSS_SELECTOR, tid("upload-stage-error"))

        # Private is the default for an account nobody has changed; choose Public and 1 day.
        assert d.find_element(By.CSS_SELECTOR, tid("upload-acl-private")).is_selected()
        click(d, tid("upload-acl-public"))
        wait_until(d, lambda d: d.find_element(By.CSS_SELECTOR, tid("upload-acl-public")).is_selected(),
                   "Public did not get selected")
        cache = Select(wait_css(d, tid("upload-cache-control")))
        cache.select_by_visible_text(CACHE_LABEL)
        assert cache.first_selected_option.get_attribute("value") == CACHE_CONTROL
        assert not d.find_elements(By.CSS_SELECTOR, tid("upload-cache-custom"))
        start = d.find_element(By.CSS_SELECTOR, tid("upload-start"))
        assert d.execute_script("return arguments[0].innerText", start).strip() == f"Upload {len(keys)} files"
        shot(d, "01-staged-dialog")

        click(d, tid("upload-start"))
        wait_gone(d, tid("upload-dialog"))
        wait_css(d, tid("transfer-panel", expanded="true"))

        # Mid-transfer: every small file is up, the big one has part 1 stored and parts 2-3
        # held in the proxy, and the server has an unfinished multipart upload for it.
        big_key = files.key(BIG)

        def midway(d) -> dict[str, Any] | bool:
            rows = transfer_rows(d)
            no_failures(rows)
            by_key = {r["key"]: r for r in rows}
            big = by_key.get(big_key)
            if set(by_key) != keys or big is None or big["state"] != "running" or big["done"] <= 0:
                return False
            if any(r["state"] != "done" for k, r in by_key.items() if k != big_key):
                return False
            return big if proxy.state()["held"] == 2 else False

        big = wait_until(d, midway, f"never saw the upload midway: {transfer_rows(d)}", TRANSFER_TIMEOUT)
        assert 0 < big["done"] < big["size"] == files.sizes[BIG], big
        [pending] = multipart_uploads(s3, BUCKET)
        assert pending["Key"] == big_key, pending
        s = panel_summary(d)
        assert (s["count"], s["active"]) == (str(len(keys)), "1"), s
        assert "1 running" in s["text"] and f"{len(keys) - 1} done" in s["text"], s
        shot(d, "02-transfer-panel-mid-transfer")

        proxy.set(hold_parts=0, delay_ms=0)
        wait_all_done(d, "upload", keys)
        wait_until(d, lambda _: proxy.state()["held"] == 0, "held parts were never forwarded")
        # The folder on screen is listed again once uploads land in it.
        wait_css(d, tid("file-row", key=f"{TREE}/", kind="folder"))
        shot(d, "03-uploaded")

    def test_server_has_every_key_byte_acl_and_header(self, s3, bucket, files, tmp_path):
        listed = s3.aws("s3api", "list-objects-v2", "--bucket", BUCKET) or {}
        sizes = {o["Key"]: o["Size"] for o in listed.get("Contents", [])}
        assert sizes == {files.key(rel): files.sizes[rel] for rel in TREE_FILES}, \
            f"the server's keys and sizes differ from the dropped tree: {sizes}"
        assert multipart_uploads(s3, BUCKET) == [], "an unfinished multipart upload was left behind"

        def check(item: tuple[int, str]) -> list[str]:
            n, rel = item
            key, want_type = files.key(rel), TREE_FILES[rel][1]
            copy = tmp_path / f"object-{n}"
            head = s3.aws("s3api", "get-object", "--bucket", BUCKET, "--key", key, str(copy))
            acl = s3.aws("s3api", "get-object-acl", "--bucket", BUCKET, "--key", key)
            problems = []
            if sha256(copy) != files.digests[rel]:
                problems.append(f"{key}: the stored bytes differ from the file's")
            if head.get("ContentType") != want_type:
                problems.append(f"{key}: Content-Type {head.get('ContentType')!r}, want {want_type!r}")
            if head.get("CacheControl") != CACHE_CONTROL:
                problems.append(f"{key}: Cache-Control {head.get('CacheControl')!r}, want {CACHE_CONTROL!r}")
            if head.get("ContentLength") != files.sizes[rel]:
                problems.append(f"{key}: Content-Length {head.get('ContentLength')}, want {files.sizes[rel]}")
            # Single PUTs have the file's MD5 as their ETag; the big one went up in 3 parts.
            etag = head.get("ETag", "").strip('"')
            want_etag = "-3" if rel == BIG else hashlib.md5(copy.read_bytes()).hexdigest()
            if not (etag.endswith(want_etag) if rel == BIG else etag == want_etag):
                problems.append(f"{key}: ETag {etag!r}, want {'…' if rel == BIG else ''}{want_etag!r}")
            public = [g for g in acl.get("Grants", [])
                      if g.get("Grantee", {}).get("URI") == ALL_USERS and g.get("Permission") == "READ"]
            if len(public) != 1:
                problems.append(f"{key}: no public-read grant (AllUsers READ): {acl.get('Grants')}")
            return problems

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            problems = [p for ps in pool.map(check, enumerate(TREE_FILES)) for p in ps]
        assert not problems, "\n".join(problems)

    def test_download_the_folder_back(self, profile, files, shot):
        d = open_app(profile)
        clear_finished(d)
        row_css = tid("file-row", key=f"{TREE}/", kind="folder")
        click(d, row_css)
        wait_until(d, lambda d: d.find_element(By.CSS_SELECTOR, row_css).get_attribute("aria-selected") == "true",
                   "the folder row did not get selected")
        assert d.find_element(By.CSS_SELECTOR, tid("download")).is_enabled(), "Download is disabled"
        # After the native folder picker: the same function, with the folder it would return.
        d.execute_script("window.__spaceport_test.downloadTo(arguments[0])", str(files.downloads))
        wait_css(d, tid("download-dialog"))
        what = d.find_element(By.CSS_SELECTOR, tid("download-what"))
        assert d.execute_script("return arguments[0].innerText", what) == TREE
        assert d.find_element(By.CSS_SELECTOR, tid("download-dest")).get_attribute("data-dest") == str(files.downloads)
        shot(d, "01-download-dialog")
        click(d, tid("download-start"))
        wait_gone(d, tid("download-dialog"))
        wait_css(d, tid("transfer-panel", expanded="true"))
        rows = wait_all_done(d, "download", {files.key(rel) for rel in TREE_FILES})
        shot(d, "02-downloaded")

        local = files.downloads / TREE
        assert {r["key"]: r["size"] for r in rows} == {files.key(rel): files.sizes[rel] for rel in TREE_FILES}
        got = {p.relative_to(local).as_posix(): p for p in local.rglob("*") if p.is_file()}
        leftovers = [p for p in files.downloads.rglob("*") if ".spaceport-" in p.name and p.name.endswith(".part")]
        assert leftovers == [], f"temporary download files were left: {leftovers}"
        assert sorted(got) == sorted(TREE_FILES), f"downloaded files differ from the tree: {sorted(got)}"
        everything = [p for p in files.downloads.rglob("*") if p.is_file()]
        assert len(everything) == len(TREE_FILES), f"stray files in the download folder: {everything}"
        for rel, path in got.items():
            assert path.stat().st_size == files.sizes[rel], f"{rel}: size {path.stat().st_size}"
            assert sha256(path) == files.digests[rel], f"{rel}: the downloaded bytes differ from the original"

    def test_cancel_a_large_upload_leaves_nothing_on_the_server(self, profile, s3, proxy, files, shot):
        d = open_app(profile)
        clear_finished(d)
        key = CANCEL_NAME  # dropped onto the Space's root
        proxy.set(hold_parts=2, delay_ms=200)
        drop(d, [files.big_single])
        wait_css(d, tid("upload-dialog"))
        wait_css(d, tid("staged-row", key=key))
        click(d, tid("upload-start"))
        wait_gone(d, tid("upload-dialog"))
        row_css = tid("transfer-row", key=key)

        def midway(d) -> dict[str, Any] | bool:
            rows = transfer_rows(d)
            no_failures(rows)
            if len(rows) != 1 or rows[0]["key"] != key:
                return False
            r = rows[0]
            return r if r["state"] == "running" and r["done"] > 0 and proxy.state()["held"] == 2 else False

        row = wait_until(d, midway, f"the large upload never got midway: {transfer_rows(d)}", TRANSFER_TIMEOUT)
        assert 0 < row["done"] < row["size"] == CANCEL_SIZE, row
        assert [u["Key"] for u in multipart_uploads(s3, BUCKET)] == [key], \
            "the server should hold exactly this unfinished upload before the cancel"
        shot(d, "01-large-upload-mid-transfer")

        click(d, row_css + " " + tid("transfer-cancel"))
        wait_css(d, tid("transfer-row", key=key, state="cancelled"), TRANSFER_TIMEOUT)
        # Now let the held parts reach the server: they must find no upload to join.
        proxy.set(hold_parts=0, delay_ms=0)
        wait_until(d, lambda _: proxy.state()["held"] == 0, "held parts were never forwarded")
        shot(d, "02-cancelled")

        assert multipart_uploads(s3, BUCKET) == [], "the cancelled multipart upload was not aborted"
        err = aws_error(s3, "s3api", "head-object", "--bucket", BUCKET, "--key", key)
        assert "404" in err or "Not Found" in err, err
        listed = s3.aws("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", key) or {}
        assert not listed.get("Contents"), f"the cancelled file is on the server: {listed}"
        [row] = transfer_rows(d)
        assert row["state"] == "cancelled", row
        assert not d.find_elements(By.CSS_SELECTOR, '[data-testid=toast][data-kind=error]'), "an error toast appeared"
        profile.quit()
