"""Work an earlier session left unfinished, in the real window across restarts.

1. A leftover: another tool started a multipart upload in a Space and never finished it (one
   part stored, billed until aborted). When Spaceport starts, its background check finds it; the
   user reviews it, aborts it (confirmed), and the aws CLI finds no unfinished upload left.
2. An interrupted upload: a 60 MiB file goes up in 8 parts; part 1 is stored and the rest are
   held in the fault proxy when the user quits. Started again, Spaceport offers the interrupted
   upload with what it had moved; Resume sends only the 7 missing parts, and the object on the
   server has exactly the file's bytes, with no unfinished upload left behind.

The app talks to moto through tests/harness/faultproxy.py (its `hold_parts` keeps part 2 and
later waiting, so "mid-upload" is a state to wait for; it also corrects moto's ListParts reply).
The journal of unfinished transfers goes to a folder of this module's own (SPACEPORT_DATA_DIR),
so nothing another run or install left there is offered here.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

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
ACCOUNT = "E2E Recovery"
BUCKET = "e2e-recovery"
MIB = 1024 * 1024
PART = 8 * MIB  # the app's part size for a file this size (plan::part_size)
BIG_SIZE = 60 * MIB  # 8 parts: 7 x 8 MiB + 4 MiB
BIG_PARTS = 8
BIG_NAME = "interrupted video ✓.bin"
LEFTOVER_KEY = "old session/raw take 1.mov"
LEFTOVER_PART = 5 * MIB
TRANSFER_TIMEOUT = max(TIMEOUT, 180)


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
# The Space, the file, the app install
# --------------------------------------------------------------------------------------------


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
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("recovery-source") / BIG_NAME
    path.write_bytes(os.urandom(BIG_SIZE))
    return path


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("recovery-data")


@pytest.fixture(scope="module")
def profile(make_profile, data_dir):
    # The app inherits tauri-driver's environment, which is copied when it starts.
    before = os.environ.get("SPACEPORT_DATA_DIR")
    os.environ["SPACEPORT_DATA_DIR"] = str(data_dir)
    try:
        return make_profile("recovery")
    finally:
        if before is None:
            del os.environ["SPACEPORT_DATA_DIR"]
        else:
            os.environ["SPACEPORT_DATA_DIR"] = before


def open_app(profile):
    return profile.driver if profile.driver is not None else profile.launch()


# --------------------------------------------------------------------------------------------
# Reading the window and the server
# --------------------------------------------------------------------------------------------


def inner_text(driver, el) -> str:
    # WebKitWebDriver returns empty .text under the app's user-select: none.
    return " ".join(driver.execute_script("return arguments[0].innerText", el).split())


def dataset(driver, css: str) -> dict[str, str] | None:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? Object.assign({}, e.dataset) : null;", css)


def transfer_rows(driver) -> list[dict[str, Any]]:
    return driver.execute_script(
        """
        return Array.from(document.querySelectorAll('[data-testid=transfer-row]')).map(r => ({
          id: r.dataset.id, state: r.dataset.state, key: r.dataset.key,
          done: Number(r.dataset.done), size: Number(r.dataset.size),
          error: r.querySelector('[data-testid=transfer-error]')?.getAttribute('title') ?? null,
        }));
        """
    )


def no_failures(rows: list[dict[str, Any]]) -> None:
    bad = [r for r in rows if r["state"] == "failed"]
    if bad:
        raise AssertionError(f"transfers failed: {bad}")


def error_toasts(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-testid=toast]'))"
        ".filter(t => t.dataset.kind !== 'info').map(t => t.innerText);")


def multipart_uploads(s3) -> list[dict[str, Any]]:
    return (s3.aws("s3api", "list-multipart-uploads", "--bucket", BUCKET) or {}).get("Uploads") or []


def journal_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "transfers").glob("*.json")) if (data_dir / "transfers").exists() else []


def drop(driver, paths: list[Path]) -> None:
    """What the OS drop event does with the dropped paths (the same handler)."""
    err = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__spaceport_test.drop(arguments[0]).then(() => done(null), e => done(String(e)));",
        [str(p) for p in paths],
    )
    assert err is None, f"the drop handler failed: {err}"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# The flow
# --------------------------------------------------------------------------------------------


@pytest.mark.incremental
class TestInterrupted:
    def test_add_the_account(self, profile, s3, proxy, bucket):
        d = open_app(profile)
        click(d, tid("welcome-add-account"))
        fill_account_form(d, name=ACCOUNT, endpoint=proxy.endpoint, region="us-east-1",
                          access_key=s3.access_key, secret=s3.secret_key)
        click(d, tid("acc-save"))
        wait_gone(d, tid("account-form"))
        wait_css(d, tid("space-row", space=BUCKET))
        assert not d.find_elements(By.CSS_SELECTOR, tid("interrupted-panel")), "a fresh install has nothing interrupted"
        profile.quit()

    def test_a_leftover_upload_is_found_at_start_and_aborted(self, profile, s3, bucket, shot):
        # Another tool starts an upload in parts and never finishes it: one part is stored.
        c = s3.client()
        upload_id = c.create_multipart_upload(Bucket=BUCKET, Key=LEFTOVER_KEY)["UploadId"]
        c.upload_part(Bucket=BUCKET, Key=LEFTOVER_KEY, UploadId=upload_id, PartNumber=1,
                      Body=os.urandom(LEFTOVER_PART))
        assert [(u["Key"], u["UploadId"]) for u in multipart_uploads(s3)] == [(LEFTOVER_KEY, upload_id)]

        d = profile.launch()
        notice = wait_css(d, tid("leftovers-notice"))
        assert notice.get_attribute("data-count") == "1"
        assert int(notice.get_attribute("data-bytes")) == LEFTOVER_PART
        text = inner_text(d, notice)
        assert text.startswith(f"1 unfinished upload from other sessions holds 5.0 MB in ‘{BUCKET}’ "
                               "(billed until removed)"), text
        shot(d, "01-leftovers-notice")

        click(d, tid("leftovers-review"))
        wait_css(d, tid("leftovers-dialog"))
        row_css = tid("leftover-row", key=LEFTOVER_KEY, upload_id=upload_id)
        row = wait_css(d, row_css)
        assert row.get_attribute("data-bucket") == BUCKET
        assert int(row.get_attribute("data-size")) == LEFTOVER_PART
        assert len(d.find_elements(By.CSS_SELECTOR, tid("leftover-row"))) == 1
        assert d.find_element(By.CSS_SELECTOR, row_css + " " + tid("leftover-select")).is_selected(), \
            "a leftover should start selected"
        shot(d, "02-leftovers-dialog")

        click(d, tid("leftovers-abort"))
        confirm = wait_css(d, tid("confirm-dialog"))
        assert "Abort the unfinished upload of" in inner_text(d, confirm)
        # Nothing is deleted before the confirmation.
        assert [u["UploadId"] for u in multipart_uploads(s3)] == [upload_id]
        shot(d, "03-abort-confirmation")
        click(d, tid("confirm-ok"))
        wait_gone(d, tid("confirm-dialog"))
        # The last one aborted: the dialog closes and the notice goes.
        wait_gone(d, tid("leftovers-dialog"))
        wait_gone(d, tid("leftovers-notice"))
        assert multipart_uploads(s3) == [], "the leftover upload is still on the server"
        assert error_toasts(d) == []

    def test_quit_in_the_middle_of_a_large_upload(self, profile, s3, proxy, bucket, big_file, data_dir, shot):
        d = open_app(profile)
        double_click(d, tid("space-row", space=BUCKET))
        wait_until(d, lambda d: location_prefix(d) == "", "the Space did not open at its root")
        wait_listing(d, count=0)

        # Part 1 reaches the server; part 2 and later wait in the proxy. The delay makes sure
        # part 1's progress is reported (at most one report per 150 ms).
        proxy.set(hold_parts=2, delay_ms=200)
        drop(d, [big_file])
        wait_css(d, tid("upload-dialog"))
        wait_css(d, tid("staged-row", key=BIG_NAME))
        click(d, tid("upload-start"))
        wait_gone(d, tid("upload-dialog"))

        def midway(d) -> dict[str, Any] | bool:
            rows = transfer_rows(d)
            no_failures(rows)
            r = next((r for r in rows if r["key"] == BIG_NAME), None)
            if r is None or r["state"] != "running" or r["done"] <= 0:
                return False
            return r if proxy.state()["held"] >= 1 else False

        row = wait_until(d, midway, f"the upload never got midway: {transfer_rows(d)}", TRANSFER_TIMEOUT)
        # Progress is reported after a part is stored and written to the journal.
        assert row["done"] == PART and row["size"] == BIG_SIZE, row
        [header] = journal_files(data_dir)
        recorded = header.with_suffix(".parts").read_text().split("\n")
        assert [line.split(" ")[0] for line in recorded if line] == ["1"], f"the journal's parts: {recorded}"
        [pending] = multipart_uploads(s3)
        assert pending["Key"] == BIG_NAME, pending
        shot(d, "01-mid-upload")

        profile.quit()
        # Let the parts held for the closed app go on (to a server that may keep them): the
        # journal, not the server, says what the app had finished.
        proxy.set(hold_parts=0, delay_ms=0)
        wait_until(d, lambda _: proxy.state()["held"] == 0, "held parts were never forwarded")
        assert [u["Key"] for u in multipart_uploads(s3)] == [BIG_NAME], "the unfinished upload should stay"
        assert len(journal_files(data_dir)) == 1, "quitting should keep the journal of the unfinished upload"

    def test_restart_offers_it_and_resume_sends_only_the_missing_parts(self, profile, s3, proxy, bucket,
                                                                       big_file, data_dir, shot, tmp_path):
        d = profile.launch()
        panel = wait_css(d, tid("interrupted-panel"))
        row_css = tid("interrupted-row", key=BIG_NAME)
        row = wait_css(d, row_css)
        assert len(d.find_elements(By.CSS_SELECTOR, tid("interrupted-row"))) == 1
        assert row.get_attribute("data-direction") == "upload"
        assert int(row.get_attribute("data-size")) == BIG_SIZE
        assert int(row.get_attribute("data-done")) == PART, "it should offer exactly what was stored"
        summary = inner_text(d, d.find_element(By.CSS_SELECTOR, tid("interrupted-summary")))
        assert summary == "1 transfer was interrupted when Spaceport closed — 8.0 MB of 60.0 MB already moved", summary
        assert panel.get_attribute("data-count") == "1"
        # Nothing resumes on its own.
        assert transfer_rows(d) == [] and not d.find_elements(By.CSS_SELECTOR, tid("transfer-panel"))
        shot(d, "01-interrupted-after-restart")

        puts_before = proxy.state()["part_puts"]
        click(d, row_css + " " + tid("interrupted-resume"))
        wait_gone(d, tid("interrupted-panel"))

        def finished(d) -> dict[str, Any] | bool:
            rows = transfer_rows(d)
            no_failures(rows)
            r = next((r for r in rows if r["key"] == BIG_NAME), None)
            return r if r is not None and r["state"] == "done" else False

        done = wait_until(d, finished, f"the resumed upload did not finish: {transfer_rows(d)}", TRANSFER_TIMEOUT)
        assert done["done"] == done["size"] == BIG_SIZE, done
        shot(d, "02-resumed-and-done")

        # Only the parts the journal did not have were sent again.
        assert proxy.state()["part_puts"] - puts_before == BIG_PARTS - 1, proxy.state()
        assert multipart_uploads(s3) == [], "an unfinished multipart upload was left behind"
        head = s3.aws("s3api", "head-object", "--bucket", BUCKET, "--key", BIG_NAME)
        assert head["ContentLength"] == BIG_SIZE, head
        assert head["ETag"].strip('"').endswith(f"-{BIG_PARTS}"), head
        copy = tmp_path / "downloaded.bin"
        s3.aws("s3api", "get-object", "--bucket", BUCKET, "--key", BIG_NAME, str(copy))
        assert sha256(copy) == sha256(big_file), "the stored object differs from the file"
        assert journal_files(data_dir) == [], "the finished upload is still in the journal"
        assert error_toasts(d) == []
        # The journalled upload was never mistaken for a leftover of another session.
        assert not d.find_elements(By.CSS_SELECTOR, tid("leftovers-notice"))
        profile.quit()
