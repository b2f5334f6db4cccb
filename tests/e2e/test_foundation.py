"""The foundation scenario, clicked through as a person would.

A new user opens Spaceport, adds an S3-compatible account (first with a wrong secret key),
sees their Spaces, walks into a folder of 2,500 photos and back out, restarts the app and
finds everything still there, and no file or log ever holds the secret key. Each step is
checked against the server with an independent client (boto3 seeds, the aws CLI compares).
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
from dataclasses import dataclass

import pytest
from selenium.webdriver.common.by import By

from helpers import (
    TIMEOUT,
    click,
    connection_result,
    double_click,
    fill_account_form,
    location_prefix,
    rendered_rows,
    secret_tool_lookup,
    tid,
    type_into,
    wait_css,
    wait_gone,
    wait_listing,
    wait_until,
)

ACCOUNT = "E2E Moto"
PHOTOS = "e2e-photos"
DOCS = "e2e-docs"
LISBON = "2026/trips/lisbon/"
PHOTO_COUNT = 2500
ROW_HEIGHT = 26  # FileTable's fixed row height

# Keys whose names a naive client would mangle: spaces (two in a row), unicode, URL
# specials, and a 200-character name. Their rows must show exactly the last key segment.
ODD_NAMES = [
    "name with  spaces.txt",
    "café ünïcødé 日本語 ✓.txt",
    "a+b %20 #1 ?q=1 &more.txt",
    "long-" + "x" * 191 + ".txt",
]
assert len(ODD_NAMES[3]) == 200
EMPTY_MARKER = "2026/empty/"  # a folder that exists only as a zero-byte marker key


# --------------------------------------------------------------------------------------------
# Seeding (boto3) and the flow's shared state
# --------------------------------------------------------------------------------------------


@dataclass
class Seed:
    uploads: concurrent.futures.Future

    def wait(self) -> None:
        self.uploads.result(timeout=300)


def upload_photos(client) -> int:
    keys = [f"{LISBON}img-{i:05d}.jpg" for i in range(PHOTO_COUNT)]
    body = b"\xff\xd8\xff\xe0 not really a jpeg"
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda k: client.put_object(Bucket=PHOTOS, Key=k, Body=body), keys))
    return len(keys)


@pytest.fixture(scope="module")
def seed(s3):
    """Two Spaces and the odd keys now; the 2,500 photos upload in the background while the
    first steps (welcome screen, account form) run, and `seed.wait()` joins them."""
    c = s3.client()
    c.create_bucket(Bucket=PHOTOS)
    c.create_bucket(Bucket=DOCS)
    c.put_object(Bucket=PHOTOS, Key="README.txt", Body=b"holiday photos\n")
    for name in ODD_NAMES:
        c.put_object(Bucket=PHOTOS, Key=f"2026/{name}", Body=name.encode())
    c.put_object(Bucket=PHOTOS, Key=EMPTY_MARKER, Body=b"")
    c.put_object(Bucket=DOCS, Key="contract.pdf", Body=b"%PDF-1.4")
    # The seed itself must be right, or a UI failure would be blamed on the app.
    listed = {o["Key"] for o in c.list_objects_v2(Bucket=PHOTOS, Prefix="2026/")["Contents"]}
    assert listed == {f"2026/{n}" for n in ODD_NAMES} | {EMPTY_MARKER}, listed
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(upload_photos, c)
    pool.shutdown(wait=False)
    yield Seed(future)
    future.result(timeout=300)  # never leave uploads running into the next module


@pytest.fixture(scope="module")
def main_profile(make_profile):
    """One Spaceport install walked through the whole flow, in order."""
    return make_profile("main")


def wrong_secret(s3) -> str:
    """A secret of the right shape that does not match the access key."""
    return s3.secret_key[::-1] if s3.secret_key[::-1] != s3.secret_key else s3.secret_key + "x"


def open_app(profile):
    return profile.driver if profile.driver is not None else profile.launch()


def row_names(driver) -> list[tuple[str, str]]:
    return [(r["kind"], r["name"]) for r in rendered_rows(driver)]


def expected_rows(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The UI's default order: folders first, then files, each by code point (as S3 lists)."""
    folders = sorted(n for k, n in entries if k == "folder")
    files = sorted(n for k, n in entries if k == "file")
    return [("folder", n) for n in folders] + [("file", n) for n in files]


def server_rows(s3, bucket: str, prefix: str) -> list[tuple[str, str]]:
    """What the aws CLI lists at this level, as (kind, name) rows without the folder marker."""
    out = s3.aws("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", prefix, "--delimiter", "/") or {}
    rows = [("folder", p["Prefix"][len(prefix):].rstrip("/")) for p in out.get("CommonPrefixes", [])]
    rows += [("file", o["Key"][len(prefix):]) for o in out.get("Contents", []) if o["Key"] != prefix]
    return expected_rows(rows)


def wait_at(driver, prefix: str, rows: list[tuple[str, str]]) -> None:
    """Wait until the folder `prefix` is shown, fully listed, with exactly these rows."""
    wait_until(driver, lambda d: location_prefix(d) == prefix,
               f"never arrived at {prefix!r} (at {location_prefix(driver)!r})")
    wait_listing(driver, count=len(rows))
    wait_until(driver, lambda d: row_names(d) == rows,
               f"rows at {prefix!r}: {row_names(driver)} != {rows}")


def folder_row(key: str) -> str:
    return tid("file-row", key=key, kind="folder")


# --------------------------------------------------------------------------------------------
# The flow
# --------------------------------------------------------------------------------------------


@pytest.mark.incremental
class TestFoundation:
    def test_first_launch_add_account_with_wrong_then_right_secret(self, main_profile, s3, seed, shot):
        d = open_app(main_profile)
        wait_css(d, tid("welcome"))
        assert not d.find_elements(By.CSS_SELECTOR, tid("account"))
        shot(d, "01-welcome")

        click(d, tid("welcome-add-account"))
        fill_account_form(d, name=ACCOUNT, endpoint=s3.endpoint, region="us-east-1",
                          access_key=s3.access_key, secret=wrong_secret(s3))

        # The eye button shows and hides what was typed.
        secret = d.find_element(By.CSS_SELECTOR, tid("acc-secret"))
        assert secret.get_attribute("type") == "password"
        click(d, tid("acc-secret-toggle"))
        wait_until(d, lambda _: secret.get_attribute("type") == "text", "secret not shown")
        click(d, tid("acc-secret-toggle"))
        wait_until(d, lambda _: secret.get_attribute("type") == "password", "secret not hidden again")
        shot(d, "02-form-filled")

        click(d, tid("acc-test"))
        result = connection_result(d)
        assert result.get_attribute("data-state") == "error", result.text
        assert result.get_attribute("data-kind") == "AuthFailed", result.text
        assert "secret key does not match" in result.text.lower(), result.text
        shot(d, "03-wrong-secret")

        type_into(d, tid("acc-secret"), s3.secret_key)
        # Editing a field clears the old outcome, so a stale error is never mistaken for news.
        wait_gone(d, tid("acc-test-result"))
        click(d, tid("acc-test"))
        result = connection_result(d)
        assert result.get_attribute("data-state") == "ok", result.text
        n = len(s3.aws("s3api", "list-buckets")["Buckets"])
        assert n == 2
        assert f"Connected. {n} Spaces found." in result.text, result.text
        shot(d, "04-connected")

        click(d, tid("acc-save"))
        wait_gone(d, tid("account-form"))
        wait_css(d, tid("account", account_name=ACCOUNT))
        wait_gone(d, tid("welcome"))
        toast = wait_css(d, tid("toast", kind="info"))
        assert d.execute_script("return arguments[0].innerText", toast).startswith(f'Added the account "{ACCOUNT}"')
        saved = main_profile.accounts()
        assert [a["name"] for a in saved] == [ACCOUNT]

    def test_spaces_view_lists_the_servers_spaces(self, main_profile, s3, shot):
        d = open_app(main_profile)
        # A new account opens on its Spaces.
        wait_css(d, tid("spaces-view"))
        wait_until(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("space-row"))) == 2,
                   "the Spaces view does not show two Spaces")
        shown = d.execute_script(
            "return Array.from(document.querySelectorAll('[data-testid=space-row]')).map(r =>"
            " ({name: r.dataset.space, cells: Array.from(r.querySelectorAll('[role=gridcell]'))"
            ".map(c => c.textContent.trim())}));"
        )
        buckets = s3.aws("s3api", "list-buckets")["Buckets"]
        assert sorted(r["name"] for r in shown) == sorted(b["Name"] for b in buckets)
        created = {b["Name"]: dt.datetime.fromisoformat(b["CreationDate"].replace("Z", "+00:00")) for b in buckets}
        for row in shown:
            name_cell, region_cell, created_cell = row["cells"][:3]
            assert name_cell.startswith(row["name"]), row
            assert region_cell == "us-east-1", row
            assert created_cell not in ("", "—"), f"no creation date shown for {row['name']}: {row}"
            assert str(created[row["name"]].astimezone().year) in created_cell, row
        # The sidebar lists the same Spaces under the account.
        for b in buckets:
            wait_css(d, tid("sidebar-space", space=b["Name"]))
        shot(d, "01-spaces")

    def test_browse_nested_folders_with_odd_names_and_2500_files(self, main_profile, s3, seed, shot):
        d = open_app(main_profile)
        seed.wait()
        double_click(d, tid("space-row", space=PHOTOS))
        root = server_rows(s3, PHOTOS, "")
        assert root == [("folder", "2026"), ("file", "README.txt")]
        wait_at(d, "", root)
        shot(d, "01-space-root")

        double_click(d, folder_row("2026/"))
        level = server_rows(s3, PHOTOS, "2026/")
        assert level == expected_rows([("folder", "empty"), ("folder", "trips")] + [("file", n) for n in ODD_NAMES])
        wait_at(d, "2026/", level)
        # Each odd name is shown exactly as its key's last segment, in the text and the tooltip.
        for r in rendered_rows(d):
            want = r["key"][len("2026/"):].rstrip("/")
            assert r["name"] == want and r["title"] == want, r
        # innerText is the text as laid out (WebKitWebDriver's element text is always empty
        # under the app's `user-select: none`, so it cannot be used here).
        for name in ODD_NAMES:
            cell = d.find_element(By.CSS_SELECTOR, tid("file-row", key=f"2026/{name}") + " .cell.name .text")
            assert d.execute_script("return arguments[0].innerText", cell) == name, name
        shot(d, "02-2026")

        # The marker-only folder is a folder, and inside it there is nothing (not the marker).
        double_click(d, folder_row(EMPTY_MARKER))
        wait_until(d, lambda d: location_prefix(d) == EMPTY_MARKER, "did not open 2026/empty/")
        wait_listing(d, count=0)
        wait_css(d, tid("empty-folder"))
        shot(d, "03-empty-folder")
        click(d, tid("nav-back"))
        wait_at(d, "2026/", level)

        double_click(d, folder_row("2026/trips/"))
        wait_at(d, "2026/trips/", server_rows(s3, PHOTOS, "2026/trips/"))
        shot(d, "04-trips")

        double_click(d, folder_row(LISBON))
        wait_until(d, lambda d: location_prefix(d) == LISBON, "did not open lisbon/")
        status = wait_listing(d, count=PHOTO_COUNT, timeout=max(TIMEOUT, 60))
        out = s3.aws("s3api", "list-objects-v2", "--bucket", PHOTOS, "--prefix", LISBON, "--delimiter", "/")
        server_keys = [o["Key"] for o in out["Contents"]]
        assert len(server_keys) == PHOTO_COUNT and not out.get("CommonPrefixes")
        assert (status["files"], status["folders"]) == (str(PHOTO_COUNT), "0"), status
        assert int(status["bytes"]) == sum(o["Size"] for o in out["Contents"]), status
        shot(d, "05-lisbon-top")

        table = d.find_element(By.CSS_SELECTOR, tid("file-table"))
        d.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", table)
        last = f"{LISBON}img-{PHOTO_COUNT - 1:05d}.jpg"
        wait_css(d, tid("file-row", key=last))
        rendered = d.find_elements(By.CSS_SELECTOR, tid("file-row"))
        assert 0 < len(rendered) < 150, f"{len(rendered)} rows in the DOM: the table is not virtualized"
        assert not d.find_elements(By.CSS_SELECTOR, tid("file-row", key=f"{LISBON}img-00000.jpg"))
        shot(d, "06-lisbon-bottom")

        # Every key the UI shows, collected while scrolling from top to bottom in view-sized
        # steps (each step waits for the row at the top of the view to be rendered).
        seen = d.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            const table = arguments[0], rowH = arguments[1];
            const keys = {};
            let most = 0;
            const tick = () => new Promise(r => setTimeout(r, 10));
            (async () => {
              const step = Math.max(rowH, table.clientHeight - 3 * rowH);
              for (let top = 0; ; top += step) {
                table.scrollTop = top;
                // The rows at the top and the bottom of the view: until both are drawn, the
                // DOM still holds the rows of the last position.
                const want = Math.floor(table.scrollTop / rowH) + 2;
                const total = Number(table.getAttribute('aria-rowcount')) - 1;
                const bottom = Math.min(total + 1, Math.floor((table.scrollTop + table.clientHeight - 1 - 28) / rowH) + 2);
                const drawn = i => table.querySelector(`[data-testid=file-row][aria-rowindex="${i}"]`);
                for (let i = 0; i < 500; i++) {
                  if (drawn(want) && drawn(bottom)) break;
                  await tick();
                }
                const rows = table.querySelectorAll('[data-testid=file-row]');
                most = Math.max(most, rows.length);
                rows.forEach(r => { keys[Number(r.getAttribute('aria-rowindex')) - 2] = r.dataset.key; });
                if (table.scrollTop + table.clientHeight >= table.scrollHeight - 1) break;
              }
              done({keys, most});
            })().catch(e => done({error: String(e)}));
            """,
            table, ROW_HEIGHT,
        )
        assert "error" not in seen, seen
        ui_keys = [seen["keys"][str(i)] if str(i) in seen["keys"] else None for i in range(len(seen["keys"]))]
        assert seen["most"] < 150, seen["most"]
        assert len(ui_keys) == PHOTO_COUNT, f"the UI showed {len(ui_keys)} distinct rows"
        assert ui_keys == sorted(server_keys), "the UI's rows differ from the server's listing"

    def test_breadcrumbs_and_back_forward(self, main_profile, s3, shot):
        d = open_app(main_profile)
        assert location_prefix(d) == LISBON
        crumbs = d.execute_script(
            "return Array.from(document.querySelectorAll('[data-testid=crumb]')).map(c => c.dataset.prefix);")
        assert crumbs == ["", "2026/", "2026/trips/", LISBON], crumbs

        level = server_rows(s3, PHOTOS, "2026/")
        root = server_rows(s3, PHOTOS, "")
        click(d, tid("crumb", prefix="2026/"))
        wait_at(d, "2026/", level)
        shot(d, "01-crumb-2026")
        click(d, tid("crumb", prefix=""))
        wait_at(d, "", root)
        shot(d, "02-crumb-root")

        click(d, tid("nav-back"))
        wait_at(d, "2026/", level)
        click(d, tid("nav-forward"))
        wait_at(d, "", root)
        forward = d.find_element(By.CSS_SELECTOR, tid("nav-forward"))
        assert not forward.is_enabled(), "Forward should be disabled at the newest place"
        shot(d, "03-after-back-forward")

    def test_restart_keeps_the_account_and_reads_the_secret_from_the_keychain(self, main_profile, s3, shot):
        main_profile.quit()
        d = main_profile.launch()
        assert main_profile.launches == 2
        wait_css(d, tid("account", account_name=ACCOUNT))
        assert not d.find_elements(By.CSS_SELECTOR, tid("welcome"))
        assert not d.find_elements(By.CSS_SELECTOR, tid("account-form")), "the app asked for the secret again"
        # It reopens the folder opened last (the Space's root, after Forward above); listing it
        # needs the secret from the keychain.
        wait_at(d, "", server_rows(s3, PHOTOS, ""))
        assert not d.find_elements(By.CSS_SELECTOR, tid("spaces-view"))
        assert not d.find_elements(By.CSS_SELECTOR, tid("list-error"))
        shot(d, "01-after-restart")
        main_profile.quit()

    def test_secret_key_is_in_the_keychain_and_nowhere_on_disk(self, main_profile, s3):
        assert main_profile.driver is None, "the app must be closed so its logs are flushed"
        [account] = main_profile.accounts()
        assert account["name"] == ACCOUNT
        assert secret_tool_lookup(account["id"]) == s3.secret_key

        # The config dir, the log dir, and the app's console output (captured with tauri-driver's).
        files = [p for p in [*main_profile.config_dir.rglob("*"), *main_profile.log_dir.rglob("*")] if p.is_file()]
        files.append(main_profile.driver_log)
        logs = list(main_profile.log_dir.glob("spaceport.*log"))
        assert logs, f"no log file in {main_profile.log_dir}: the check below would prove nothing"
        assert sum(p.stat().st_size for p in logs) > 0, "the log is empty"
        config = (main_profile.config_dir / "accounts.json").read_text()
        assert s3.access_key in config, "accounts.json should name the access key (sanity check)"
        for p in files:
            data = p.read_bytes()
            for needle in (s3.secret_key, wrong_secret(s3)):
                assert needle.encode() not in data, f"a secret key is written in {p}"


# --------------------------------------------------------------------------------------------
# Removing an account (its own install, independent of the flow above)
# --------------------------------------------------------------------------------------------


def test_remove_account_deletes_profile_and_keychain_entry(make_profile, s3, shot):
    profile = make_profile("remove")
    d = profile.launch()
    click(d, tid("welcome-add-account"))
    fill_account_form(d, name="Disposable", endpoint=s3.endpoint, region="us-east-1",
                      access_key=s3.access_key, secret=s3.secret_key)
    click(d, tid("acc-save"))
    wait_gone(d, tid("account-form"))
    account_css = tid("account", account_name="Disposable")
    wait_css(d, account_css)
    [account] = profile.accounts()
    assert secret_tool_lookup(account["id"]) == s3.secret_key

    click(d, account_css + " " + tid("account-menu"))
    click(d, tid("account-remove"))
    dialog = wait_css(d, tid("confirm-dialog"))
    assert "Disposable" in dialog.text
    shot(d, "01-confirm-remove")
    click(d, tid("confirm-ok"))
    wait_gone(d, tid("confirm-dialog"))
    wait_gone(d, account_css)
    wait_css(d, tid("welcome"))
    assert not d.find_elements(By.CSS_SELECTOR, '[data-testid=toast]:not([data-kind=info])'), "an error toast appeared"
    shot(d, "02-removed")

    assert profile.accounts() == [], "accounts.json still lists the removed account"
    assert secret_tool_lookup(account["id"]) is None, "the secret is still in the keychain"
    profile.quit()
