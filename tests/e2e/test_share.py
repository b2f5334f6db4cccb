"""Share links in the real window: Quick Share, the share history, the CDN setting and an
upload link, checked with plain HTTP, curl and the aws CLI.

A private file whose key has spaces, unicode and `+ % # ?` is shared for 6 hours: the link on
the clipboard signs for X-Amz-Expires=21600 and a plain HTTP GET of it returns the file's
bytes. A public file's link is its public URL (no expiry); with a custom CDN domain set for the
Space it becomes the CDN URL. Ctrl+C on a file copies a 1-hour link. The share history lists
the links with a live countdown. Last, an upload link is made for a new file and the exact
curl command the dialog shows uploads it; the aws CLI finds the bytes and the Content-Type.

moto answers a presigned request with a 500 when it checks signatures (its IAM auth does not
handle query-string signatures), so this module runs on its own moto server without --auth. As
moto then checks no signature or expiry, the test checks those on the URL itself (X-Amz-Expires,
the credential's access key, a signature) and uses HTTP to prove the link reaches the bytes.

The X clipboard cannot be read back from here: the test reads what the app copied through
`window.__spaceport_test.copiedText()`, which is set only once the clipboard took the text.
"""
from __future__ import annotations

import re
import shlex
import subprocess
import urllib.parse
import urllib.request

import pytest
from conftest import s3_server
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from helpers import (
    add_account_and_open_space,
    click,
    context_click,
    double_click,
    inner_text,
    location_prefix,
    remove_bucket,
    select_row,
    tid,
    type_into,
    wait_css,
    wait_gone,
    wait_listing,
    wait_until,
)

ACCOUNT = "E2E Share"
BUCKET = "e2e-share"
PRIVATE = "docs/résumé + 100% #1?.txt"
PRIVATE_BODY = "Private notes — ünïcødé ✓\n".encode()
PUBLIC = "public/logo é + 1.txt"
PUBLIC_BODY = b"public bytes\n"
UPLOAD_NAME = "from curl + 100% #2?.txt"
UPLOAD_BODY = "sent with curl — ✓\n".encode()
CDN_DOMAIN = "cdn.example.com"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A moto server of this module's own, without signature checks (see above)."""
    with s3_server(tmp_path_factory, auth=False) as server:
        yield server


@pytest.fixture(scope="module")
def bucket(s3):
    c = s3.client()
    c.create_bucket(Bucket=BUCKET)
    c.put_object(Bucket=BUCKET, Key=PRIVATE, Body=PRIVATE_BODY, ContentType="text/plain")
    c.put_object(Bucket=BUCKET, Key=PUBLIC, Body=PUBLIC_BODY, ContentType="text/plain", ACL="public-read")
    c.put_object(Bucket=BUCKET, Key="inbox/", Body=b"")
    yield BUCKET
    remove_bucket(c, BUCKET)


@pytest.fixture(scope="module")
def profile(make_profile):
    return make_profile("share")


def copied(d) -> str | None:
    return d.execute_script("return window.__spaceport_test.copiedText()")


def open_folder(d, prefix: str) -> None:
    double_click(d, tid("file-row", key=prefix))
    wait_until(d, lambda d: location_prefix(d) == prefix, f"{prefix} did not open")
    wait_listing(d)


def share_result(d) -> dict:
    el = wait_css(d, tid("share-result"))
    return {
        "kind": el.get_attribute("data-kind"),
        "expiresAt": el.get_attribute("data-expires-at"),
        "url": d.find_element("css selector", tid("share-url")).get_attribute("value"),
        "note": inner_text(d, d.find_element("css selector", tid("share-expiry"))),
    }


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=20) as r:
        return r.read()


def encoded(key: str) -> str:
    return urllib.parse.quote(key, safe="/")


@pytest.mark.incremental
class TestShare:
    def test_quick_share_for_six_hours(self, profile, s3, bucket, shot):
        d = profile.launch()
        add_account_and_open_space(d, name=ACCOUNT, endpoint=s3.endpoint, access_key=s3.access_key,
                                   secret=s3.secret_key, space=BUCKET)
        open_folder(d, "docs/")
        select_row(d, PRIVATE)

        click(d, tid("share-open"))
        wait_css(d, tid("share-dialog"))
        Select(wait_css(d, tid("share-duration"))).select_by_visible_text("6 hours")
        shot(d, "01-dialog")
        click(d, tid("share-create"))
        r = share_result(d)
        assert r["kind"] == "presigned", r
        assert r["note"].startswith("Copied to the clipboard."), r["note"]
        assert re.search(r"Valid until .+ \(local time\)\.", r["note"]), r["note"]
        link = copied(d)
        assert link == r["url"], (link, r["url"])
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        assert query["X-Amz-Expires"] == ["21600"], query
        assert query["X-Amz-Credential"][0].startswith(s3.access_key + "/"), query
        assert re.fullmatch(r"[0-9a-f]{64}", query["X-Amz-Signature"][0]), query
        assert urllib.parse.urlsplit(link).path == f"/{BUCKET}/{encoded(PRIVATE)}", link
        # Plain HTTP, no credentials: the signature alone lets it through.
        assert fetch(link) == PRIVATE_BODY
        shot(d, "02-copied")
        click(d, tid("share-close"))
        wait_gone(d, tid("share-dialog"))

        # Ctrl+C on the selected file: a 1-hour link, straight to the clipboard.
        table = wait_css(d, tid("file-table"))
        table.click()
        select_row(d, PRIVATE)
        ActionChains(d).key_down(Keys.CONTROL).send_keys("c").key_up(Keys.CONTROL).perform()
        toast = wait_css(d, tid("toast", kind="info"))
        assert inner_text(d, toast).startswith('Copied a link to "résumé + 100% #1?.txt".'), inner_text(d, toast)
        wait_until(d, lambda d: copied(d) != link, "Ctrl+C copied nothing new")
        hour = copied(d)
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(hour).query)["X-Amz-Expires"] == ["3600"], hour
        assert fetch(hour) == PRIVATE_BODY
        click(d, tid("toast-dismiss"))

    def test_public_file_gives_its_url_then_its_cdn_url(self, profile, s3, bucket, shot):
        d = profile.driver
        click(d, tid("nav-up"))
        wait_until(d, lambda d: location_prefix(d) == "", "did not go up")
        wait_listing(d)
        open_folder(d, "public/")
        select_row(d, PUBLIC)
        click(d, tid("share-open"))
        wait_css(d, tid("share-dialog"))
        click(d, tid("share-create"))
        r = share_result(d)
        assert r["kind"] == "public" and r["expiresAt"] == "", r
        assert r["url"] == f"{s3.endpoint}/{BUCKET}/{encoded(PUBLIC)}", r["url"]
        assert copied(d) == r["url"]
        assert "does not expire" in r["note"], r["note"]
        assert fetch(r["url"]) == PUBLIC_BODY

        # The Space's CDN: a custom domain makes public links CDN links.
        click(d, tid("share-cdn-toggle"))
        wait_until(d, lambda d: d.find_element("css selector", tid("cdn-settings")).get_attribute("data-loaded") == "true",
                   "the CDN settings did not load")
        type_into(d, tid("cdn-domain"), "https://cdn.example.com")
        wait_css(d, tid("cdn-domain-error"))
        type_into(d, tid("cdn-domain"), CDN_DOMAIN)
        click(d, tid("cdn-save"))
        wait_css(d, tid("cdn-saved"))
        shot(d, "01-cdn")
        click(d, tid("share-create"))
        wait_until(d, lambda d: share_result(d)["kind"] == "cdn", "the link did not become a CDN link")
        r = share_result(d)
        assert r["url"] == f"https://{CDN_DOMAIN}/{encoded(PUBLIC)}", r["url"]
        assert copied(d) == r["url"]
        shot(d, "02-cdn-link")
        click(d, tid("share-close"))
        wait_gone(d, tid("share-dialog"))

    def test_history_lists_links_with_a_countdown(self, profile, shot):
        d = profile.driver
        click(d, tid("share-history-open"))
        wait_css(d, tid("share-history"))
        rows = wait_until(d, lambda d: d.execute_script(
            "const r = Array.from(document.querySelectorAll('[data-testid=share-history-row]'));"
            "return r.length >= 4 ? r.map(x => ({key: x.dataset.key, kind: x.dataset.kind,"
            " expiry: x.querySelector('[data-testid=share-history-expiry]').innerText})) : null;"),
            "the history did not list the links")
        kinds = sorted((r["key"], r["kind"]) for r in rows)
        assert kinds == sorted([(PRIVATE, "presigned"), (PRIVATE, "presigned"), (PUBLIC, "public"), (PUBLIC, "cdn")]), kinds
        six = [r for r in rows if r["key"] == PRIVATE and re.fullmatch(r"expires in 5 h \d+ min|expires in 6 h", r["expiry"])]
        hour = [r for r in rows if r["key"] == PRIVATE and re.fullmatch(r"expires in (59|5\d) min|expires in 1 h", r["expiry"])]
        assert len(six) == 1 and len(hour) == 1, rows
        assert all(r["expiry"] == "never expires" for r in rows if r["key"] == PUBLIC), rows
        shot(d, "01-history")
        # The countdown agrees with the link's own expiry, six hours after it was made.
        left_min = d.execute_script(
            "const e = Array.from(document.querySelectorAll('[data-testid=share-history-expiry]'))"
            ".map(x => Number(x.dataset.expiresAt)).filter(x => x > 0);"
            "return (Math.max(...e) - Date.now()) / 60000;")
        assert 5 * 60 < left_min <= 6 * 60, left_min
        click(d, tid("share-history-close"))
        wait_gone(d, tid("share-history"))

    def test_upload_link_curl_uploads_a_file(self, profile, s3, bucket, tmp_path, shot):
        d = profile.driver
        click(d, tid("nav-up"))
        wait_until(d, lambda d: location_prefix(d) == "", "did not go up")
        wait_listing(d)
        open_folder(d, "inbox/")
        # The folder's own menu (a right-click on the table's empty space).
        context_click(d, wait_css(d, tid("file-table")))
        click(d, tid("action-uploadLink"))
        wait_css(d, tid("upload-link-dialog"))
        type_into(d, tid("upload-link-name"), UPLOAD_NAME)
        Select(wait_css(d, tid("share-duration"))).select_by_visible_text("1 hour")
        type_into(d, tid("upload-link-type"), "text/plain")
        click(d, tid("upload-link-create"))
        wait_css(d, tid("upload-link-result"))
        url = d.find_element("css selector", tid("upload-link-url")).get_attribute("value")
        curl = d.find_element("css selector", tid("upload-link-curl")).get_attribute("value")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["X-Amz-Expires"] == ["3600"], url
        assert curl.startswith("curl "), curl
        assert shlex.split(curl)[-1] == url, (curl, url)
        shot(d, "01-upload-link")

        # The exact command, run where a file of that name exists.
        (tmp_path / UPLOAD_NAME).write_bytes(UPLOAD_BODY)
        out = subprocess.run(curl, shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        key = f"inbox/{UPLOAD_NAME}"
        head = s3.aws("s3api", "head-object", "--bucket", BUCKET, "--key", key)
        assert head["ContentType"] == "text/plain", head
        assert head["ContentLength"] == len(UPLOAD_BODY), head
        got = tmp_path / "got"
        s3.aws("s3api", "get-object", "--bucket", BUCKET, "--key", key, str(got))
        assert got.read_bytes() == UPLOAD_BODY
        click(d, tid("upload-link-close"))
        wait_gone(d, tid("upload-link-dialog"))
