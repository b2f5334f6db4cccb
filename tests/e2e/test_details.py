"""Object details in the real window: the Info panel and its previews, permissions on a file
and recursively on a folder, metadata on one file and on a mixed multi-selection, the
server-side "begins with" filter (a full key typed at the top of the Space finds its file) and
a search of the whole Space. The aws CLI checks every change on the server.

Keys carry spaces, unicode and `+ % # ?`, and the metadata edit must leave the file's ACL,
Content-Type and existing custom pairs as they were.
"""
from __future__ import annotations

import struct
import zlib

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
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
    rendered_rows,
    select_row,
    tid,
    type_into,
    wait_css,
    wait_gone,
    wait_listing,
    wait_until,
)

ACCOUNT = "E2E Details"
BUCKET = "e2e-details"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
TEXT = "notes/read me ü + 100% #1?.txt"
TEXT_BODY = "hello details — ✓\nsecond line\n".encode()
IMAGE = "notes/pixel.png"
PHOTOS = ["photos/a.jpg", "photos/b.jpg", "photos/sub/c.jpg", "photos/sub/beach day.jpg"]
MIXED = {"mixed/one.txt": "max-age=60", "mixed/two.txt": "no-cache"}
DEEP = "deep/er/path/target file.txt"
BEACH = sorted(["photos/sub/beach day.jpg", "notes/beach.txt"])


def png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00\xff\x80\x00"  # one row: filter byte, one RGB pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def bucket(s3):
    c = s3.client()
    c.create_bucket(Bucket=BUCKET)
    c.put_object(Bucket=BUCKET, Key=TEXT, Body=TEXT_BODY, ContentType="text/plain",
                 CacheControl="no-cache", Metadata={"owner": "ana"})
    c.put_object(Bucket=BUCKET, Key=IMAGE, Body=png_1x1(), ContentType="image/png")
    c.put_object(Bucket=BUCKET, Key="notes/beach.txt", Body=b"sand\n", ContentType="text/plain")
    for k in PHOTOS:
        c.put_object(Bucket=BUCKET, Key=k, Body=b"\xff\xd8\xff\xe0jpeg", ContentType="image/jpeg")
    for k, cache in MIXED.items():
        c.put_object(Bucket=BUCKET, Key=k, Body=b"mixed\n", ContentType="text/plain", CacheControl=cache,
                     Metadata={"k": "1"})
    c.put_object(Bucket=BUCKET, Key=DEEP, Body=b"deep\n", ContentType="text/plain")
    yield BUCKET
    remove_bucket(c, BUCKET)


@pytest.fixture(scope="module")
def profile(make_profile):
    return make_profile("details")


def text_of(d, css: str) -> str:
    return inner_text(d, wait_css(d, css))


def is_public(s3, key: str) -> bool:
    grants = s3.aws("s3api", "get-object-acl", "--bucket", BUCKET, "--key", key)["Grants"]
    return any(g["Grantee"].get("URI") == ALL_USERS and g["Permission"] == "READ" for g in grants)


def head(s3, key: str) -> dict:
    return s3.aws("s3api", "head-object", "--bucket", BUCKET, "--key", key)


def go_to(d, prefix: str) -> None:
    click(d, tid("crumb", prefix=""))
    wait_until(d, lambda d: location_prefix(d) == "", "the Space root did not open")
    wait_listing(d)
    if prefix:
        double_click(d, tid("file-row", key=prefix))
        wait_until(d, lambda d: location_prefix(d) == prefix, f"{prefix} did not open")
        wait_listing(d)


def named(testid: str, name: str) -> str:
    """CSS for an element with this data-testid and data-name (tid() takes `name` itself)."""
    return tid(testid) + f'[data-name="{name}"]'


def row_keys(d) -> list[str]:
    return sorted(r["key"] for r in rendered_rows(d))


def toast_text(d) -> str:
    text = text_of(d, tid("toast", kind="info"))
    click(d, tid("toast-dismiss"))
    wait_gone(d, tid("toast"))
    return text


@pytest.mark.incremental
class TestDetails:
    def test_info_panel_and_previews(self, profile, s3, bucket, shot):
        d = profile.launch()
        add_account_and_open_space(d, name=ACCOUNT, endpoint=s3.endpoint, access_key=s3.access_key,
                                   secret=s3.secret_key, space=BUCKET)
        go_to(d, "notes/")
        select_row(d, TEXT)
        # Ctrl+I shows and hides the panel (WebKit keeps whether it was open across runs).
        shown = lambda d: bool(d.find_elements(By.CSS_SELECTOR, tid("info-panel")))
        for _ in range(2):
            before = shown(d)
            ActionChains(d).key_down(Keys.CONTROL).send_keys("i").key_up(Keys.CONTROL).perform()
            wait_until(d, lambda d: shown(d) != before, "Ctrl+I did not toggle the Info panel")
        if not shown(d):
            click(d, tid("info-toggle"))
        wait_css(d, tid("info-panel"))
        assert text_of(d, tid("info-name")) == "read me ü + 100% #1?.txt"
        h = head(s3, TEXT)
        size = wait_css(d, tid("info-size"))
        assert size.get_attribute("data-bytes") == str(len(TEXT_BODY))
        assert text_of(d, tid("info-etag")) == h["ETag"].strip('"')
        assert text_of(d, tid("info-content-type")) == "text/plain"
        assert wait_css(d, tid("info-acl")).get_attribute("data-acl") == "private"
        meta = {el.get_attribute("data-name"): inner_text(d, el)
                for el in d.find_elements(By.CSS_SELECTOR, tid("info-meta-value"))}
        assert meta.get("x-amz-meta-owner") == "ana" and meta.get("cache-control") == "no-cache", meta
        assert text_of(d, tid("info-origin-url")) == f"{s3.endpoint}/{BUCKET}/notes/read%20me%20%C3%BC%20%2B%20100%25%20%231%3F.txt"
        preview = wait_until(d, lambda d: d.find_elements(By.CSS_SELECTOR, tid("info-preview-text")), "no text preview")
        assert inner_text(d, preview[0]) == TEXT_BODY.decode().strip()
        shot(d, "01-text")

        select_row(d, IMAGE)
        img = wait_until(d, lambda d: d.find_elements(By.CSS_SELECTOR, tid("info-preview-image")), "no image preview")
        assert img[0].get_attribute("src").startswith("data:image/png;base64,")
        wait_until(d, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth === 1", img[0]),
                   "the preview image did not load")
        assert text_of(d, tid("info-content-type")) == "image/png"
        shot(d, "02-image")

    def test_make_a_file_public(self, profile, s3, bucket, shot):
        d = profile.driver
        select_row(d, TEXT)
        wait_until(d, lambda d: d.find_element(By.CSS_SELECTOR, tid("info-acl")).get_attribute("data-acl") == "private",
                   "the panel did not show the text file")
        click(d, tid("info-make-public"))
        assert toast_text(d) == "Made “read me ü + 100% #1?.txt” public."
        assert is_public(s3, TEXT)
        assert not is_public(s3, IMAGE)
        wait_until(d, lambda d: d.find_element(By.CSS_SELECTOR, tid("info-acl")).get_attribute("data-acl") == "publicRead",
                   "the panel still says private")
        # The Permission column reads it again.
        wait_until(d, lambda d: d.find_element(By.CSS_SELECTOR, f'{tid("file-row", key=TEXT)} {tid("row-acl")}')
                   .get_attribute("data-acl") == "publicRead", "the column still says private")
        assert d.find_element(By.CSS_SELECTOR, f'{tid("file-row", key=IMAGE)} {tid("row-acl")}').get_attribute("data-acl") == "private"
        shot(d, "01-public")

    def test_make_a_folder_public_recursively(self, profile, s3, bucket, shot):
        d = profile.driver
        go_to(d, "")
        # From the folder row's own menu.
        context_click(d, wait_css(d, tid("file-row", key="photos/")))
        click(d, tid("action-makePublic"))
        wait_css(d, tid("permissions-dialog"))
        assert text_of(d, tid("permissions-question")) == "Make every file under photos/ public? 4 objects"
        shot(d, "01-confirm")
        assert not any(is_public(s3, k) for k in PHOTOS), "changed before the confirmation"
        click(d, tid("permissions-ok"))
        wait_gone(d, tid("permissions-dialog"))
        assert toast_text(d) == "Made 4 files public."
        assert all(is_public(s3, k) for k in PHOTOS)
        assert not is_public(s3, DEEP)

    def test_metadata_of_one_file(self, profile, s3, bucket, shot):
        d = profile.driver
        go_to(d, "notes/")
        select_row(d, TEXT)
        wait_until(d, lambda d: d.find_elements(By.CSS_SELECTOR, f'{tid("info-panel")} h4 {tid("info-edit-meta")}'),
                   "the panel did not show the file")
        click(d, f'{tid("info-panel")} h4 {tid("info-edit-meta")}')
        wait_css(d, tid("meta-form"))
        field = lambda name: d.find_element(By.CSS_SELECTOR, named("meta-field", name))
        assert field("content-type").get_attribute("value") == "text/plain"
        assert field("cache-control").get_attribute("value") == "no-cache"
        Select(wait_css(d, tid("meta-cache-preset"))).select_by_value("max-age=86400")
        wait_until(d, lambda d: field("cache-control").get_attribute("value") == "max-age=86400", "the preset was not applied")
        # A non-ASCII value is refused in the form.
        type_into(d, named("meta-field", "content-language"), "français")
        wait_css(d, tid("meta-problem", field="content-language"))
        assert not wait_css(d, tid("meta-save")).is_enabled()
        type_into(d, named("meta-field", "content-language"), "fr")
        click(d, tid("meta-pair-add"))
        names = d.find_elements(By.CSS_SELECTOR, tid("meta-pair-name"))
        values = d.find_elements(By.CSS_SELECTOR, tid("meta-pair-value"))
        names[-1].send_keys("reviewed")
        values[-1].send_keys("yes")
        shot(d, "01-dialog")
        click(d, tid("meta-save"))
        wait_gone(d, tid("meta-dialog"))
        assert toast_text(d) == "Saved the metadata of 1 file."
        h = head(s3, TEXT)
        assert h["CacheControl"] == "max-age=86400", h
        assert h["ContentLanguage"] == "fr", h
        assert h["ContentType"] == "text/plain", h
        assert h["Metadata"] == {"owner": "ana", "reviewed": "yes"}, h
        assert is_public(s3, TEXT), "the metadata edit lost the file's public ACL"
        got = s3.client().get_object(Bucket=BUCKET, Key=TEXT)["Body"].read()
        assert got == TEXT_BODY

    def test_metadata_of_a_mixed_selection(self, profile, s3, bucket, shot):
        d = profile.driver
        go_to(d, "mixed/")
        select_row(d, "mixed/one.txt")
        select_row(d, "mixed/two.txt", add=True)
        assert "2 items selected" in text_of(d, tid("info-empty"))
        click(d, tid("info-edit-meta"))
        wait_css(d, tid("meta-form"))
        assert wait_css(d, tid("meta-form")).get_attribute("data-objects") == "2"
        cache = d.find_element(By.CSS_SELECTOR, named("meta-field", "cache-control"))
        assert cache.get_attribute("data-mixed") == "true" and cache.get_attribute("placeholder") == "Mixed"
        assert cache.get_attribute("value") == ""
        pair = wait_css(d, named("meta-pair", "k"))
        assert pair.find_element(By.CSS_SELECTOR, tid("meta-pair-value")).get_attribute("value") == "1"
        type_into(d, named("meta-field", "content-language"), "en")
        assert inner_text(d, wait_css(d, tid("meta-save"))) == "Save to 2 files"
        shot(d, "01-mixed")
        click(d, tid("meta-save"))
        wait_gone(d, tid("meta-dialog"))
        assert toast_text(d) == "Saved the metadata of 2 files."
        for key, cache_control in MIXED.items():
            h = head(s3, key)
            assert h["ContentLanguage"] == "en", h
            assert h["CacheControl"] == cache_control, h  # each file kept its own
            assert h["Metadata"] == {"k": "1"} and h["ContentType"] == "text/plain", h

    def test_filter_finds_a_full_key_at_the_top(self, profile, s3, bucket, shot):
        d = profile.driver
        go_to(d, "")
        type_into(d, tid("filter-input"), "pho")
        wait_until(d, lambda d: row_keys(d) == ["photos/"], f"the filter did not list photos/ alone: {row_keys(d)}")
        type_into(d, tid("filter-input"), DEEP)
        wait_until(d, lambda d: row_keys(d) == [DEEP], f"the full key did not find its file: {row_keys(d)}")
        wait_listing(d, count=1)
        shot(d, "01-full-key")
        click(d, tid("filter-clear"))
        wait_until(d, lambda d: row_keys(d) == sorted(["deep/", "mixed/", "notes/", "photos/"]),
                   f"clearing the filter did not list the root again: {row_keys(d)}")

    def test_search_the_space(self, profile, s3, bucket, shot):
        d = profile.driver
        type_into(d, tid("search-input"), "BEACH")
        wait_css(d, tid("search-input")).send_keys(Keys.ENTER)
        status = wait_css(d, tid("search-status"))
        wait_until(d, lambda d: status.get_attribute("data-state") == "done", "the search did not finish")
        assert status.get_attribute("data-found") == "2"
        assert row_keys(d) == BEACH
        # Their permissions are read like a folder's rows (photos/ was made public above).
        acl = lambda d, key: d.find_element(By.CSS_SELECTOR, f'{tid("file-row", key=key)} {tid("row-acl")}').get_attribute("data-acl")
        wait_until(d, lambda d: acl(d, "photos/sub/beach day.jpg") == "publicRead" and acl(d, "notes/beach.txt") == "private",
                   "the search results' permissions were not read")
        shot(d, "01-results")
        ActionChains(d).send_keys(Keys.ESCAPE).perform()
        wait_gone(d, tid("search-status"))
        wait_until(d, lambda d: row_keys(d) == sorted(["deep/", "mixed/", "notes/", "photos/"]),
                   f"Escape did not return to the folder: {row_keys(d)}")
