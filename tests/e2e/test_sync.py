"""Folder sync in the real window: a pair set up through the UI, its plan reviewed and
started, then files written into the folder by the test reaching the Space (checked with the
aws CLI) and the pair's activity list; pause, resume, and a restart that catches up.

The user opens a Space, then Sync in the sidebar and "Set up sync…": the folder is typed (the
native picker cannot be driven), the Space and folder come from where the browser is, the
prefix is "backup/", uploads are Public with a 1-hour Cache-Control, and deleting in the Space
stays off. The plan lists the two new files and the one changed; ignored files (.git,
*.tmp) are not in it, and nothing moves before Start. After Start, every planned key is in the
Space with its bytes, a public-read grant and the Cache-Control; files then created, edited
and renamed in the folder go up within seconds and show in the activity list; a deleted file
stays in the Space. A paused pair uploads nothing until resumed. The app is quit, a file is
written, and after the restart the pair watches again and the file is up. The cleanup rule's
preview counts what a prefix holds and deletes nothing.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from helpers import (
    add_account_and_open_space,
    click,
    inner_text,
    remove_bucket,
    tid,
    wait_css,
    wait_gone,
    wait_until,
)

ACCOUNT = "E2E Sync"
SPACE = "e2e-sync"
PREFIX = "backup/"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
# In the folder before the pair exists. "changed.txt" is in the Space already, shorter.
LOCAL = {
    "report.txt": b"quarterly report\n" * 40,
    "photos/beach day.jpg": b"\xff\xd8jpeg" * 300,
    "changed.txt": b"the local version, longer\n",
    ".git/HEAD": b"ref: refs/heads/main\n",
    "scratch.tmp": b"temporary",
}
IN_SPACE = {"backup/changed.txt": b"old", "backup/only-remote.txt": b"kept"}
WAIT = 30


@pytest.fixture(scope="module")
def profile(make_profile):
    return make_profile("sync")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sync-folder")
    for rel, body in LOCAL.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(body)
    return root


@pytest.fixture(scope="module")
def space(s3):
    c = s3.client()
    c.create_bucket(Bucket=SPACE)
    for key, body in IN_SPACE.items():
        c.put_object(Bucket=SPACE, Key=key, Body=body)
    yield SPACE
    remove_bucket(c, SPACE)


def keys(s3) -> dict[str, int]:
    out = s3.aws("s3api", "list-objects-v2", "--bucket", SPACE) or {}
    return {o["Key"]: o["Size"] for o in out.get("Contents", [])}


def body(s3, key: str) -> bytes | None:
    try:
        return s3.client().get_object(Bucket=SPACE, Key=key)["Body"].read()
    except s3.client().exceptions.NoSuchKey:
        return None


def wait_server(d, what: str, ok) -> None:
    """Poll the server (through the aws CLI or boto3) until `ok`."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if ok():
            return
        time.sleep(0.3)
    raise AssertionError(f"the Space never showed {what}")


def set_field(d, css: str, text: str) -> None:
    """Set a text field as typing ends (paths hold characters WebKitWebDriver types wrong)."""
    el = wait_css(d, css)
    d.execute_script("arguments[0].value = arguments[1];"
                     "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", el, text)
    wait_until(d, lambda _: el.get_attribute("value") == text, f"{css} does not hold {text!r}")


def pair_row(d):
    return wait_css(d, tid("sync-pair"))


def status(d) -> str:
    return pair_row(d).get_attribute("data-state")


def wait_status(d, state: str) -> None:
    wait_until(d, lambda d: status(d) == state, f"the pair is {status(d)!r}, not {state!r}", WAIT)


def activity(d) -> list[tuple[str, str]]:
    return [(el.get_attribute("data-action"), el.get_attribute("data-path"))
            for el in d.find_elements(By.CSS_SELECTOR, tid("sync-activity"))]


def wait_activity(d, action: str, path: str) -> None:
    wait_until(d, lambda d: (action, path) in activity(d),
               f"no {action} {path} in the activity list: {activity(d)}", WAIT)


def public(s3, key: str) -> bool:
    acl = s3.aws("s3api", "get-object-acl", "--bucket", SPACE, "--key", key)
    return any(g["Grantee"].get("URI") == ALL_USERS and g["Permission"] == "READ" for g in acl["Grants"])


@pytest.mark.incremental
class TestSync:
    def test_set_up_review_and_start(self, profile, s3, space, folder, shot):
        d = profile.launch()
        add_account_and_open_space(d, name=ACCOUNT, endpoint=s3.endpoint, access_key=s3.access_key,
                                   secret=s3.secret_key, space=space)
        click(d, tid("sidebar-sync"))
        wait_css(d, tid("sync-view"))
        click(d, tid("sync-setup"))
        wait_css(d, tid("sync-setup-dialog"))
        set_field(d, tid("sync-setup-local"), str(folder))
        set_field(d, tid("sync-setup-prefix"), PREFIX)
        click(d, tid("sync-setup-acl-public"))
        Select(wait_css(d, tid("sync-setup-cache-control"))).select_by_value("max-age=3600")
        delete = wait_css(d, tid("sync-setup-delete-remote"))
        assert not delete.is_selected(), "deleting in the Space must be off by default"
        ignore = wait_css(d, tid("sync-setup-ignore")).get_attribute("value").split("\n")
        assert {".git", "node_modules", "*.tmp", ".DS_Store"} <= set(ignore), ignore
        shot(d, "01-setup")
        click(d, tid("sync-setup-create"))

        summary = wait_css(d, tid("sync-plan-summary"), WAIT)
        counts = {k: summary.get_attribute(f"data-{k}") for k in ("uploads", "deletes", "unchanged", "kept")}
        assert counts == {"uploads": "3", "deletes": "0", "unchanged": "0", "kept": "1"}, counts
        planned = {el.get_attribute("data-path"): el.get_attribute("data-reason")
                   for el in d.find_elements(By.CSS_SELECTOR, tid("sync-plan-upload"))}
        assert planned == {"changed.txt": "changed", "photos/beach day.jpg": "new", "report.txt": "new"}, planned
        assert keys(s3) == {k: len(v) for k, v in IN_SPACE.items()}, "a plan moves nothing"
        shot(d, "02-plan")
        click(d, tid("sync-plan-start"))
        wait_gone(d, tid("sync-plan-dialog"), WAIT)
        wait_status(d, "watching")

        want = {f"{PREFIX}{rel}": body_ for rel, body_ in LOCAL.items() if rel in planned}
        for key, data in want.items():
            assert body(s3, key) == data, key
            assert public(s3, key), f"{key} is not public-read"
            head = s3.aws("s3api", "head-object", "--bucket", SPACE, "--key", key)
            assert head.get("CacheControl") == "max-age=3600", head
        assert set(keys(s3)) == set(want) | {"backup/only-remote.txt"}, keys(s3)
        for rel in planned:
            wait_activity(d, "uploaded", rel)
        shot(d, "03-first-sync")

    def test_changes_in_the_folder_go_up(self, profile, s3, folder, shot):
        d = profile.driver
        (folder / "notes").mkdir()
        (folder / "notes" / "new note.txt").write_bytes(b"written by the test\n")
        wait_server(d, "the new note", lambda: body(s3, "backup/notes/new note.txt") == b"written by the test\n")
        wait_activity(d, "uploaded", "notes/new note.txt")
        (folder / "report.txt").write_bytes(b"edited report\n" * 3)
        wait_server(d, "the edited report", lambda: body(s3, "backup/report.txt") == b"edited report\n" * 3)
        (folder / "photos" / "beach day.jpg").rename(folder / "photos" / "beach.jpg")
        wait_server(d, "the renamed photo", lambda: "backup/photos/beach.jpg" in keys(s3))
        wait_activity(d, "uploaded", "photos/beach.jpg")
        assert "backup/photos/beach day.jpg" in keys(s3), "deleting in the Space is off: the old name stays"
        (folder / "changed.txt").unlink()
        (folder / "ignored.tmp").write_bytes(b"never")
        (folder / "after.txt").write_bytes(b"after")
        wait_server(d, "the file after", lambda: "backup/after.txt" in keys(s3))
        assert "backup/changed.txt" in keys(s3) and "backup/ignored.tmp" not in keys(s3), keys(s3)
        assert inner_text(d, wait_css(d, tid("sync-pair-last"))), "no last sync time shown"
        shot(d, "01-activity")

    def test_pause_then_resume(self, profile, s3, folder, shot):
        d = profile.driver
        click(d, tid("sync-pair-pause"))
        wait_status(d, "paused")
        (folder / "while paused.txt").write_bytes(b"p")
        time.sleep(3)
        assert "backup/while paused.txt" not in keys(s3), "a paused pair uploaded"
        shot(d, "01-paused")
        click(d, tid("sync-pair-resume"))
        wait_server(d, "the file written while paused", lambda: "backup/while paused.txt" in keys(s3))
        wait_status(d, "watching")

    def test_restart_catches_up(self, profile, s3, folder, shot):
        profile.quit()
        (folder / "while closed.txt").write_bytes(b"closed")
        d = profile.launch()
        click(d, tid("sidebar-sync"))
        wait_css(d, tid("sync-view"))
        wait_server(d, "the file written while the app was closed",
                    lambda: body(s3, "backup/while closed.txt") == b"closed")
        wait_status(d, "watching")
        assert str(folder) in inner_text(d, wait_css(d, tid("sync-pair-local")))
        shot(d, "01-after-restart")

    def test_cleanup_preview_deletes_nothing(self, profile, s3, shot):
        d = profile.driver
        before = keys(s3)
        click(d, tid("sync-cleanup"))
        wait_css(d, tid("cleanup-dialog"))
        set_field(d, tid("cleanup-prefix"), PREFIX)
        set_field(d, tid("cleanup-days"), "30")
        click(d, tid("cleanup-preview"))
        summary = wait_css(d, tid("cleanup-summary"), WAIT)
        assert summary.get_attribute("data-count") == "0"
        assert summary.get_attribute("data-kept") == str(len(before)), (summary.get_attribute("data-kept"), before)
        shot(d, "01-cleanup-preview")
        click(d, tid("cleanup-cancel"))
        wait_gone(d, tid("cleanup-dialog"))
        assert keys(s3) == before
