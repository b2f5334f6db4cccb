"""Spaces management in the real window: a Space made, set up, used with versions, measured
and destroyed, each step checked on the server with the aws CLI.

A user adds an S3-compatible account and opens "Create a Space…" from the account's menu: a
name that breaks the rules is refused as it is typed (nothing is sent), a name another account
already has gets its own message, and a good name makes a restricted Space, listed in the
sidebar and opened. From the toolbar's gear, the Space's Settings view: a CORS rule (two
origins, GET/PUT/HEAD, two allowed headers, an exposed one, a max age; a bad max age refused in
the form) and a lifecycle rule (a prefix, expire, abort and older-versions days; 0 days
refused) are saved, stored exactly so and read back into the forms; versioning is turned on.
A file is then written and overwritten twice, its Versions dialog (from the row menu) lists
the three versions and the first is restored: the latest bytes are the first version's. The
Usage tab (from the sidebar's Space menu) measures the Space, and again after a file is added:
its total and each top-level folder's bar match an independent listing, and a bar clicks into
its folder. Last, the Spaces view shows the measured size, and the Destroy dialog (from the
row's Settings) states what the Space holds (files, older versions, a delete marker, an
unfinished upload), wants its name typed and "Empty it first", and the Space is gone.

A name "taken" needs a second account on the same moto server: moto answers 200 to
create-bucket for a name one already owns. The harness's server checks keys and signatures,
and its only user may not call STS, so for exactly two requests (an assume-role into account
111111111111 and that account's create-bucket) moto's /moto-api/reset-auth lets requests
through unchecked, before the app is started; then every request is checked again.
"""
from __future__ import annotations

import math
import os
import subprocess
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import (
    click,
    context_click,
    double_click,
    fill_account_form,
    inner_text,
    location_prefix,
    remove_bucket,
    rendered_rows,
    tid,
    wait_css,
    wait_gone,
    wait_listing,
    wait_until,
)

ACCOUNT = "E2E Spaces"
SPACE = "e2e-spaces-made"
TAKEN = "e2e-spaces-taken"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"

ORIGINS = ["https://app.example.com", "http://localhost:5173"]
METHODS = ["GET", "PUT", "HEAD"]
HEADERS = ["Content-Type", "x-amz-acl"]
EXPOSE = ["ETag"]
MAX_AGE = 3000

FILE = "docs/report.txt"
VERSIONS = [b"first version\n" * 50, b"second version, longer\n" * 87, b"third and last version\n" * 152]
# The rest of the Space: two top-level folders with a subfolder each, a file at the top.
OTHERS = {
    "docs/notes/a.txt": b"a" * 1500,
    "media/pic.bin": b"p" * 5000,
    "media/clips/b.bin": b"b" * 9000,
    "readme.txt": b"r" * 120,
}
DELETED = "docs/old.txt"  # written, then deleted: an older version and a delete marker
ADDED = "media/extra.bin"  # added between two measures
UNFINISHED = "media/big.bin"  # a multipart upload started and never finished


@pytest.fixture(scope="module")
def profile(make_profile):
    return make_profile("spaces")


@pytest.fixture(scope="module")
def cleanup(s3):
    """Whatever the steps leave, SPACE is gone at the end (other modules count Spaces)."""
    yield
    c = s3.client()
    if SPACE not in [b["Name"] for b in c.list_buckets()["Buckets"]]:
        return
    for page in c.get_paginator("list_object_versions").paginate(Bucket=SPACE):
        for v in page.get("Versions", []) + page.get("DeleteMarkers", []):
            c.delete_object(Bucket=SPACE, Key=v["Key"], VersionId=v["VersionId"])
    for u in c.list_multipart_uploads(Bucket=SPACE).get("Uploads", []):
        c.abort_multipart_upload(Bucket=SPACE, Key=u["Key"], UploadId=u["UploadId"])
    remove_bucket(c, SPACE)


def moto_auth_after(s3, unchecked: int) -> None:
    """Let the next `unchecked` requests through without checking keys; 0 checks all again."""
    req = urllib.request.Request(f"{s3.endpoint}/moto-api/reset-auth", data=str(unchecked).encode(),
                                 headers={"Content-Type": "text/plain"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.status == 200, r.read()


@pytest.fixture(scope="module")
def taken(s3):
    """TAKEN made by another account (an assumed role in 111111111111), before the app runs."""
    moto_auth_after(s3, 2)
    try:
        creds = s3.aws("sts", "assume-role", "--role-arn", "arn:aws:iam::111111111111:role/stranger",
                       "--role-session-name", "stranger")["Credentials"]
        env = dict(os.environ, AWS_ACCESS_KEY_ID=creds["AccessKeyId"], AWS_SECRET_ACCESS_KEY=creds["SecretAccessKey"],
                   AWS_SESSION_TOKEN=creds["SessionToken"], AWS_DEFAULT_REGION=s3.region,
                   AWS_CONFIG_FILE=str(s3.aws_config), AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_PAGER="")
        out = subprocess.run(["aws", "--endpoint-url", s3.endpoint, "s3api", "create-bucket", "--bucket", TAKEN],
                             env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
    finally:
        moto_auth_after(s3, 0)
    # Keys are checked again (a wrong secret is refused), and the name is not ours.
    wrong = boto3.client("s3", endpoint_url=s3.endpoint, region_name=s3.region, aws_access_key_id=s3.access_key,
                         aws_secret_access_key="not-the-secret", config=Config(s3={"addressing_style": "path"}))
    with pytest.raises(ClientError, match="SignatureDoesNotMatch"):
        wrong.list_buckets()
    assert TAKEN not in our_spaces(s3)
    return TAKEN


def our_spaces(s3) -> list[str]:
    return [b["Name"] for b in s3.aws("s3api", "list-buckets")["Buckets"]]


def text_of(d, css: str) -> str:
    return inner_text(d, wait_css(d, css))


def toast_text(d) -> str:
    text = text_of(d, tid("toast", kind="info"))
    click(d, tid("toast-dismiss"))
    wait_gone(d, tid("toast"))
    return text


def fill(d, field, text: str) -> None:
    """Put `text` in a field. WebKitWebDriver types shifted characters as their unshifted keys
    (":" arrives as ";"), so such text goes in the way typing ends, with the input event the
    UI listens to; plain text is typed."""
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    plain = "abcdefghijklmnopqrstuvwxyz0123456789-./ "
    if all(c in plain for c in text):
        field.send_keys(text)
    else:
        d.execute_script("arguments[0].value = arguments[1];"
                         "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", field, text)
    wait_until(d, lambda d: field.get_attribute("value") == text,
               f"the field holds {field.get_attribute('value')!r}, not {text!r}")


def format_size(n: int) -> str:
    """ui/src/lib/format.ts formatSize, for the sizes this test uses (no rounding ties)."""
    if n <= 0:
        return "0 B"
    if n < 1024:
        return f"{n} B"
    units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
    value, unit = float(n), 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    return f"{value:.1f} {units[unit]}" if value < 100 else f"{round(value)} {units[unit]}"


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def listing(s3, prefix: str = "") -> list[dict]:
    out = s3.aws("s3api", "list-objects-v2", "--bucket", SPACE, "--prefix", prefix) or {}
    return out.get("Contents", [])


def versions_of(s3, key: str) -> list[dict]:
    out = s3.aws("s3api", "list-object-versions", "--bucket", SPACE, "--prefix", key)
    return [v for v in out.get("Versions", []) if v["Key"] == key]


def click_in_dialog(d, css: str) -> None:
    """Click a button of a dialog that may have to be scrolled to first: the Settings view's
    General tab is taller than a 760-pixel window, so its Close sits below the fold."""
    el = wait_css(d, css)
    d.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", el)
    wait_until(d, lambda d: d.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return arguments[0].contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));", el),
        f"{css} is still out of sight")
    click(d, css)


def close_settings(d) -> None:
    click_in_dialog(d, tid("space-settings-close"))
    wait_gone(d, tid("space-settings-dialog"))


def settings_tab(d, tab: str) -> None:
    click(d, tid("space-tab", tab=tab))
    wait_until(d, lambda d: d.find_element(By.CSS_SELECTOR, tid("space-tab-panel")).get_attribute("data-tab") == tab,
               f"the {tab} tab did not open")
    wait_gone(d, tid("setting-loading"))


def section_saved(d, section: str) -> str:
    return text_of(d, tid("setting-saved", section=section))


def save_enabled(d, section: str) -> bool:
    return d.find_element(By.CSS_SELECTOR, tid("setting-save", section=section)).is_enabled()


def usage_state(d) -> dict:
    return d.execute_script(
        "const u = document.querySelector('[data-testid=usage]');"
        "const t = document.querySelector('[data-testid=usage-total]');"
        "return u && {prefix: u.dataset.prefix, state: u.dataset.state,"
        " objects: t ? Number(t.dataset.objects) : null, bytes: t ? Number(t.dataset.bytes) : null};"
    )


def wait_usage(d, prefix: str, objects: int) -> dict:
    """Wait until the Usage tab shows a finished measure of `prefix` with `objects` objects."""
    wait_until(d, lambda d: (s := usage_state(d)) and s["prefix"] == prefix and s["state"] == "shown"
               and s["objects"] == objects,
               f"the usage of {prefix!r} never showed {objects} objects: {usage_state(d)}")
    assert not d.find_elements(By.CSS_SELECTOR, tid("usage-error"))
    return usage_state(d)


def bars(d) -> dict[str, dict]:
    return {b["prefix"]: b for b in d.execute_script(
        "return Array.from(document.querySelectorAll('[data-testid=usage-bar]')).map(b => ({"
        " prefix: b.dataset.prefix, share: Number(b.dataset.share), name: b.innerText.trim(),"
        " size: b.closest('[role=listitem]').querySelector('[data-testid=usage-bar-size]').innerText.trim()}));")}


def expected_bars(objects: list[dict], prefix: str) -> dict[str, dict]:
    """Bars as UsagePanel draws them from an independent listing: a folder one level below
    `prefix` each, and "" for the files directly in it; shares as usageBars rounds them."""
    groups: dict[str, int] = {}
    for o in objects:
        rest = o["Key"][len(prefix):]
        group = prefix + rest.split("/", 1)[0] + "/" if "/" in rest else ""
        groups[group] = groups.get(group, 0) + o["Size"]
    whole = sum(o["Size"] for o in objects)
    return {g: {"share": math.floor(b / whole * 1000 + 0.5) / 10, "size": format_size(b)} for g, b in groups.items()}


@pytest.mark.incremental
class TestSpaces:
    def test_create_a_space(self, profile, s3, taken, cleanup, shot):
        d = profile.launch()
        click(d, tid("welcome-add-account"))
        fill_account_form(d, name=ACCOUNT, endpoint=s3.endpoint, region="us-east-1",
                          access_key=s3.access_key, secret=s3.secret_key)
        click(d, tid("acc-save"))
        wait_gone(d, tid("account-form"))
        click(d, tid("toast-dismiss"))
        wait_css(d, tid("spaces-view"))
        before = our_spaces(s3)
        assert SPACE not in before

        account = tid("account", account_name=ACCOUNT)
        click(d, f"{account} {tid('account-menu')}")
        click(d, tid("account-create-space"))
        wait_css(d, tid("create-space-dialog"))
        assert text_of(d, tid("create-space-region-fixed")) == "us-east-1, the account’s region"
        assert wait_css(d, tid("create-space-listing-restricted")).is_selected()

        # Names against the rules are refused as typed, and Enter sends nothing.
        name = wait_css(d, tid("create-space-name"))
        for typed, says in [
            ("ab", "A Space name needs at least 3 characters."),
            ("my space", "A Space name may contain only lowercase letters, digits, dashes and dots, not spaces."),
            ("-lead", "A Space name must start with a lowercase letter or a digit."),
        ]:
            fill(d, name, typed)
            wait_until(d, lambda d: d.find_elements(By.CSS_SELECTOR, tid("create-space-name-error"))
                       and text_of(d, tid("create-space-name-error")) == says,
                       f"{typed!r} was not refused with {says!r}")
            assert name.get_attribute("aria-invalid") == "true"
            assert not wait_css(d, tid("create-space-ok")).is_enabled()
        name.send_keys(Keys.ENTER)
        shot(d, "01-create-invalid")
        assert our_spaces(s3) == before, "an invalid name reached the server"

        # A name another account has: the server says Conflict, the dialog says it plainly.
        fill(d, name, taken)
        wait_gone(d, tid("create-space-name-error"))
        click(d, tid("create-space-ok"))
        error = wait_css(d, tid("create-space-name-error") + '[data-kind="Conflict"]')
        assert inner_text(d, error) == (
            f"The name “{taken}” is taken. Space names are shared by everyone on this server, "
            "and a destroyed Space’s name stays reserved for a while: try another.")
        assert "That Space name is taken." in text_of(d, tid("create-space-server-note"))
        assert name.get_attribute("aria-invalid") == "true"
        assert not d.find_elements(By.CSS_SELECTOR, tid("create-space-error"))
        shot(d, "02-create-taken")
        assert taken not in our_spaces(s3)

        # A good name: made restricted, listed in the sidebar and opened.
        fill(d, name, SPACE)
        wait_gone(d, tid("create-space-name-error"))
        click(d, tid("create-space-ok"))
        wait_gone(d, tid("create-space-dialog"))
        assert toast_text(d) == f'Created the Space "{SPACE}".'
        assert sorted(our_spaces(s3)) == sorted(before + [SPACE])
        grants = s3.aws("s3api", "get-bucket-acl", "--bucket", SPACE)["Grants"]
        assert not any(g["Grantee"].get("URI") == ALL_USERS for g in grants), grants
        side = wait_css(d, tid("sidebar-space", space=SPACE))
        wait_until(d, lambda d: side.get_attribute("aria-selected") == "true", f"{SPACE} was not opened")
        wait_until(d, lambda d: location_prefix(d) == "", f"{SPACE} did not open at its root")
        wait_listing(d, count=0)

    def test_cors_rule(self, profile, s3, shot):
        d = profile.driver
        click(d, tid("space-settings-open"))
        wait_css(d, tid("space-settings-dialog"))
        wait_until(d, lambda d: d.find_element(By.CSS_SELECTOR, tid("space-tab-panel")).get_attribute("data-tab") == "general",
                   "Settings did not open on General")
        assert text_of(d, tid("space-url", kind="endpoint")) == s3.endpoint
        settings_tab(d, "cors")
        wait_css(d, tid("cors-none"))
        click(d, tid("cors-add"))
        rule = wait_css(d, tid("cors-rule"))
        field = lambda name: rule.find_element(By.CSS_SELECTOR, tid(name))
        fill(d, field("cors-origins"), "\n".join(ORIGINS))
        method = lambda m: rule.find_element(By.CSS_SELECTOR, tid("cors-method", method=m))
        assert method("GET").is_selected(), "a new rule allows GET"
        for m in ("PUT", "HEAD"):
            method(m).click()
            wait_until(d, lambda d: method(m).is_selected(), f"{m} was not ticked")
        fill(d, field("cors-headers"), ", ".join(HEADERS))
        fill(d, field("cors-expose"), " ".join(EXPOSE))
        # A max age that is not a whole number of seconds is refused in the form.
        fill(d, field("cors-max-age"), "12x")
        assert text_of(d, tid("cors-problem", field="maxAge")) == "A whole number of seconds, such as 3000."
        wait_until(d, lambda d: not save_enabled(d, "cors"), "Save stays enabled with a bad max age")
        fill(d, field("cors-max-age"), str(MAX_AGE))
        wait_gone(d, tid("cors-problem"))
        with pytest.raises(AssertionError, match="NoSuchCORSConfiguration"):
            s3.aws("s3api", "get-bucket-cors", "--bucket", SPACE)
        click(d, tid("setting-save", section="cors"))
        assert section_saved(d, "cors") == "Saved. Browsers may take a few minutes to see the change."
        shot(d, "03-cors")
        stored = s3.aws("s3api", "get-bucket-cors", "--bucket", SPACE)["CORSRules"]
        assert stored == [{"AllowedOrigins": ORIGINS, "AllowedMethods": METHODS, "AllowedHeaders": HEADERS,
                           "ExposeHeaders": EXPOSE, "MaxAgeSeconds": MAX_AGE}], stored

        # Opened again, the tab reads the rule back from the server.
        settings_tab(d, "general")
        settings_tab(d, "cors")
        rule = wait_css(d, tid("cors-rule"))
        assert len(d.find_elements(By.CSS_SELECTOR, tid("cors-rule"))) == 1
        assert field("cors-origins").get_attribute("value") == "\n".join(ORIGINS)
        ticked = [m.get_attribute("data-method") for m in rule.find_elements(By.CSS_SELECTOR, tid("cors-method")) if m.is_selected()]
        assert ticked == METHODS
        assert field("cors-headers").get_attribute("value") == ", ".join(HEADERS)
        assert field("cors-expose").get_attribute("value") == ", ".join(EXPOSE)
        assert field("cors-max-age").get_attribute("value") == str(MAX_AGE)

    def test_lifecycle_rule(self, profile, s3, shot):
        d = profile.driver
        settings_tab(d, "lifecycle")
        wait_css(d, tid("lifecycle-none"))
        click(d, tid("lifecycle-add"))
        rule = wait_css(d, tid("lifecycle-rule"))
        days = lambda f: rule.find_element(By.CSS_SELECTOR, tid("lifecycle-days", field=f))
        assert rule.find_element(By.CSS_SELECTOR, tid("lifecycle-enabled")).is_selected()
        assert days("abortDays").get_attribute("value") == "7", "a new rule aborts unfinished uploads after 7 days"
        fill(d, rule.find_element(By.CSS_SELECTOR, tid("lifecycle-prefix")), "logs/")
        fill(d, days("expireDays"), "0")
        assert text_of(d, tid("lifecycle-problem", field="expireDays")) == "A whole number of days, from 1."
        wait_until(d, lambda d: not save_enabled(d, "lifecycle"), "Save stays enabled with 0 days")
        fill(d, days("expireDays"), "30")
        fill(d, days("noncurrentDays"), "90")
        fill(d, rule.find_element(By.CSS_SELECTOR, tid("lifecycle-id")), "expire-logs")
        wait_gone(d, tid("lifecycle-problem"))
        click(d, tid("setting-save", section="lifecycle"))
        assert section_saved(d, "lifecycle") == "Saved. The server applies lifecycle rules about once a day."
        shot(d, "04-lifecycle")
        rules = s3.aws("s3api", "get-bucket-lifecycle-configuration", "--bucket", SPACE)["Rules"]
        assert len(rules) == 1, rules
        [r] = rules
        assert r["ID"] == "expire-logs" and r["Status"] == "Enabled", r
        assert r["Filter"] == {"Prefix": "logs/"}, r
        assert r["Expiration"] == {"Days": 30}, r
        assert r["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}, r
        assert r["NoncurrentVersionExpiration"]["NoncurrentDays"] == 90, r
        # The CORS rule saved before is still there.
        assert s3.aws("s3api", "get-bucket-cors", "--bucket", SPACE)["CORSRules"][0]["AllowedOrigins"] == ORIGINS

        settings_tab(d, "cors")
        settings_tab(d, "lifecycle")
        rule = wait_css(d, tid("lifecycle-rule"))
        assert rule.find_element(By.CSS_SELECTOR, tid("lifecycle-prefix")).get_attribute("value") == "logs/"
        assert rule.find_element(By.CSS_SELECTOR, tid("lifecycle-id")).get_attribute("value") == "expire-logs"
        assert [days(f).get_attribute("value") for f in ("expireDays", "abortDays", "noncurrentDays")] == ["30", "7", "90"]

    def test_versioning_on(self, profile, s3, shot):
        d = profile.driver
        settings_tab(d, "general")
        state = lambda d: d.find_element(By.CSS_SELECTOR, tid("space-versioning-state")).get_attribute("data-state")
        wait_css(d, tid("space-versioning-state"))
        assert state(d) == "off"
        assert (s3.aws("s3api", "get-bucket-versioning", "--bucket", SPACE) or {}).get("Status") is None
        toggle = wait_css(d, tid("space-versioning-toggle"))
        assert inner_text(d, toggle) == "Turn on"
        toggle.click()
        wait_until(d, lambda d: state(d) == "enabled", "versioning did not show as on")
        wait_until(d, lambda d: inner_text(d, d.find_element(By.CSS_SELECTOR, tid("space-versioning-toggle"))) == "Suspend",
                   "the toggle does not offer Suspend")
        assert not d.find_elements(By.CSS_SELECTOR, tid("setting-save-error"))
        assert s3.aws("s3api", "get-bucket-versioning", "--bucket", SPACE)["Status"] == "Enabled"
        shot(d, "05-general")
        close_settings(d)

    def test_restore_the_first_version(self, profile, s3, shot):
        d = profile.driver
        c = s3.client()
        # The file is written, then overwritten twice; the rest of the Space around it.
        ids = [c.put_object(Bucket=SPACE, Key=FILE, Body=body, ContentType="text/plain")["VersionId"] for body in VERSIONS]
        for key, body in OTHERS.items():
            c.put_object(Bucket=SPACE, Key=key, Body=body)
        c.put_object(Bucket=SPACE, Key=DELETED, Body=b"o" * 300)
        c.delete_object(Bucket=SPACE, Key=DELETED)
        listed = versions_of(s3, FILE)
        assert sorted(v["VersionId"] for v in listed) == sorted(ids) and len(set(ids)) == 3, listed

        click(d, tid("nav-refresh"))
        wait_listing(d, count=3)
        double_click(d, tid("file-row", key="docs/"))
        wait_until(d, lambda d: location_prefix(d) == "docs/", "docs/ did not open")
        wait_listing(d)
        assert sorted(r["key"] for r in rendered_rows(d)) == ["docs/notes/", FILE]
        context_click(d, wait_css(d, tid("file-row", key=FILE)))
        click(d, tid("action-versions"))
        wait_css(d, tid("versions-dialog"))
        wait_until(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("version-row"))) == 3,
                   "the dialog does not list 3 versions")
        rows = lambda d: {r.get_attribute("data-version"): r for r in d.find_elements(By.CSS_SELECTOR, tid("version-row"))}
        shown = rows(d)
        assert sorted(shown) == sorted(ids)
        latest = [v for v, r in shown.items() if r.get_attribute("data-latest") == "true"]
        assert latest == [ids[2]], latest
        assert all(r.get_attribute("data-marker") == "false" for r in shown.values())
        for vid, body in zip(ids, VERSIONS):
            assert inner_text(d, shown[vid].find_element(By.CSS_SELECTOR, tid("version-size"))) == format_size(len(body))
        # The latest can be downloaded but not restored; older ones can be both.
        assert not shown[ids[2]].find_elements(By.CSS_SELECTOR, tid("version-restore"))
        assert shown[ids[0]].find_elements(By.CSS_SELECTOR, tid("version-restore"))
        shot(d, "06-versions")

        first_date = inner_text(d, shown[ids[0]].find_element(By.CSS_SELECTOR, tid("version-date")))
        click(d, tid("version-row", version=ids[0]) + " " + tid("version-restore"))
        wait_until(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("version-row"))) == 4,
                   "the dialog did not list the restored version")
        assert toast_text(d) == f"Restored the version of {first_date}: it is the latest “report.txt” now."
        got = c.get_object(Bucket=SPACE, Key=FILE)["Body"].read()
        assert got == VERSIONS[0], "the latest content is not the first version's"
        after = versions_of(s3, FILE)
        assert len(after) == 4, after
        [newest] = [v for v in after if v["IsLatest"]]
        assert newest["VersionId"] not in ids and newest["Size"] == len(VERSIONS[0])
        assert newest["ETag"] == [v for v in after if v["VersionId"] == ids[0]][0]["ETag"]
        shown = rows(d)
        assert sorted(shown) == sorted(ids + [newest["VersionId"]])
        assert [v for v, r in shown.items() if r.get_attribute("data-latest") == "true"] == [newest["VersionId"]]
        shot(d, "07-versions-restored")
        click(d, tid("versions-close"))
        wait_gone(d, tid("versions-dialog"))

    def test_usage_chart(self, profile, s3, shot):
        d = profile.driver
        context_click(d, wait_css(d, tid("sidebar-space", space=SPACE)))
        click(d, tid("space-usage"))
        wait_css(d, tid("space-settings-dialog"))
        assert wait_css(d, tid("space-tab-panel")).get_attribute("data-tab") == "usage"
        # Never measured: opening the tab measures it.
        objects = listing(s3)
        assert len(objects) == 1 + len(OTHERS)
        shown = wait_usage(d, "", len(objects))
        assert shown["bytes"] == sum(o["Size"] for o in objects)

        # A file added since: Measure again finds it.
        s3.client().put_object(Bucket=SPACE, Key=ADDED, Body=b"e" * 2500)
        click(d, tid("usage-measure"))
        objects = listing(s3)
        shown = wait_usage(d, "", len(objects))
        total = sum(o["Size"] for o in objects)
        assert shown["bytes"] == total
        assert text_of(d, tid("usage-total")) == f"{format_size(total)} in {plural(len(objects), 'object', 'objects')}"
        assert text_of(d, tid("usage-measured")).startswith("Measured ")
        wait_css(d, tid("usage-chart"))
        got = bars(d)
        want = expected_bars(objects, "")
        assert sorted(got) == sorted(want) == ["", "docs/", "media/"], got
        for prefix, bar in want.items():
            assert math.isclose(got[prefix]["share"], bar["share"]), (prefix, got[prefix], bar)
            assert got[prefix]["size"] == bar["size"], (prefix, got[prefix], bar)
        assert got["docs/"]["name"] == "docs/" and got["media/"]["name"] == "media/" and got[""]["name"] == "Files here"
        wait_css(d, tid("usage-cost"))
        shot(d, "08-usage")

        # A folder's bar shows that folder's own folders.
        click(d, tid("usage-bar", prefix="docs/"))
        docs = listing(s3, "docs/")
        shown = wait_usage(d, "docs/", len(docs))
        assert shown["bytes"] == sum(o["Size"] for o in docs)
        wait_until(d, lambda d: sorted(bars(d)) == ["", "docs/notes/"], f"docs/ bars: {bars(d)}")
        want = expected_bars(docs, "docs/")
        for prefix, bar in want.items():
            assert math.isclose(bars(d)[prefix]["share"], bar["share"]), (prefix, bars(d), bar)
        assert not d.find_elements(By.CSS_SELECTOR, tid("usage-cost")), "the cost is the whole Space's"
        shot(d, "09-usage-docs")
        click(d, tid("usage-crumb", prefix=""))
        wait_usage(d, "", len(objects))
        close_settings(d)

    def test_destroy_the_space(self, profile, s3, shot):
        d = profile.driver
        s3.aws("s3api", "create-multipart-upload", "--bucket", SPACE, "--key", UNFINISHED)
        # The Spaces view shows the size last measured.
        click(d, tid("account", account_name=ACCOUNT))
        row = wait_css(d, tid("space-row", space=SPACE))
        objects = listing(s3)
        total = sum(o["Size"] for o in objects)
        size = lambda d: inner_text(d, d.find_element(By.CSS_SELECTOR, f'{tid("space-row", space=SPACE)} {tid("space-size")}'))
        wait_until(d, lambda d: size(d) == format_size(total), f"the Spaces view shows {size(d)!r}")
        row.click()
        click(d, tid("space-row", space=SPACE) + " " + tid("space-row-settings"))
        wait_css(d, tid("space-settings-dialog"))
        click_in_dialog(d, tid("space-destroy-open"))
        wait_gone(d, tid("space-settings-dialog"))
        wait_css(d, tid("destroy-space-dialog"))
        state = lambda d: d.find_element(By.CSS_SELECTOR, tid("destroy-space-state")).get_attribute("data-state")
        wait_until(d, lambda d: state(d) == "confirm", f"the count did not finish: {state(d)}")

        # What it holds, counted independently.
        everything = s3.aws("s3api", "list-object-versions", "--bucket", SPACE)
        older = [v for v in everything.get("Versions", []) if not v["IsLatest"]]
        markers = everything.get("DeleteMarkers", [])
        uploads = s3.aws("s3api", "list-multipart-uploads", "--bucket", SPACE).get("Uploads", [])
        assert (len(objects), len(older), len(markers), len(uploads)) == (2 + len(OTHERS), 4, 1, 1)
        assert text_of(d, tid("destroy-space-contents")) == (
            f"“{SPACE}” holds {plural(len(objects), 'object', 'objects')} ({format_size(total)}), "
            f"{plural(len(older), 'older version', 'older versions')}, {plural(len(markers), 'delete marker', 'delete markers')} "
            f"and {plural(len(uploads), 'unfinished upload', 'unfinished uploads')}.")
        ok = wait_css(d, tid("destroy-space-ok"))
        assert inner_text(d, ok) == "Empty and destroy"
        assert not ok.is_enabled()
        # The wrong name, then the right one without "Empty it first": still not allowed.
        name = wait_css(d, tid("destroy-space-name"))
        fill(d, name, SPACE[:-1])
        wait_until(d, lambda d: name.get_attribute("aria-invalid") == "true", "a wrong name is not marked")
        assert not ok.is_enabled()
        fill(d, name, SPACE)
        wait_until(d, lambda d: name.get_attribute("aria-invalid") == "false", "the right name is marked wrong")
        assert not ok.is_enabled(), "destroy allowed without emptying a Space that holds versions"
        empty = wait_css(d, tid("destroy-space-empty"))
        empty.click()
        wait_until(d, lambda d: ok.is_enabled(), "Empty and destroy stays disabled")
        assert not d.find_elements(By.CSS_SELECTOR, tid("destroy-space-reserved")), "the reserved-name note is for Spaces"
        shot(d, "10-destroy")
        assert SPACE in our_spaces(s3), "destroyed before the confirmation"

        ok.click()
        wait_gone(d, tid("destroy-space-dialog"), timeout=60)
        assert toast_text(d) == f'Destroyed the Space "{SPACE}".'
        assert SPACE not in our_spaces(s3)
        with pytest.raises(AssertionError, match="404|Not Found"):
            s3.aws("s3api", "head-bucket", "--bucket", SPACE)
        wait_gone(d, tid("sidebar-space", space=SPACE))
        wait_gone(d, tid("space-row", space=SPACE))
        wait_css(d, tid("spaces-view"))
