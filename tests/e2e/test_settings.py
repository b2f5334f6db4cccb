"""The Preferences dialog in the real window, settings.json on disk across a restart, and
what the saved preferences do.

TestSettings: a fresh install opens Preferences from the gear button and finds the defaults
(16 requests at once, 700 per second) with no settings.json yet. The user sets 4 and 300 and
saves: the file in the profile's config dir holds exactly those, and the dialog shows what the
backend kept. A 0 for "requests at once" is refused in the form (inline error, Save disabled,
Enter sends nothing, the file is untouched). After quitting and starting again, Ctrl+, opens
the dialog on 4 and 300.

TestPreferencesRoundTrip: the theme set to dark, 3 requests at once, new uploads public, parts
above 5 MiB in parts of at least 6 MiB; saved, the window turns dark at once. After a restart
it is still dark and the dialog shows every value. A file uploaded then starts from Public in
the upload dialog (its hint says the value comes from Preferences), and the aws CLI finds it
readable by everyone and uploaded in three 6 MiB-or-less parts. The folder opened last is
open again after the next restart. The Welcome screen says where Spaces keys come from, and
the About view lists the bundled packages.
"""
from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from selenium.webdriver.support.ui import Select

from helpers import (add_account_and_open_space, click, double_click, location_prefix, remove_bucket, tid,
                     type_into, wait_css, wait_gone, wait_listing, wait_until)

# The multipart threshold and part size stay at their defaults in the first flow.
WANTED = {"requestsInFlight": 4, "requestsPerSecond": 300, "multipartThresholdMib": 16, "partSizeMib": 8}


@pytest.fixture(scope="module")
def profile(make_profile):
    """A fresh install, used by the steps below in order."""
    return make_profile("settings")


def open_app(profile):
    return profile.driver if profile.driver is not None else profile.launch()


def field_values(driver) -> tuple[str, str]:
    return driver.execute_script(
        "const v = id => document.querySelector(`[data-testid=${id}]`).value;"
        "return [v('settings-requests'), v('settings-rate')];"
    )


def wait_values(driver, want: tuple[str, str]) -> None:
    """Wait until the dialog has loaded (or kept) and shows these values."""
    wait_until(driver, lambda d: tuple(field_values(d)) == want,
               f"the settings fields show {field_values(driver)}, not {want}")


def inner_text(driver, el) -> str:
    return driver.execute_script("return arguments[0].innerText", el).strip()


def settings_file(profile):
    return profile.config_dir / "settings.json"


@pytest.mark.incremental
class TestSettings:
    def test_set_save_and_refuse_invalid(self, profile, shot):
        d = open_app(profile)
        wait_css(d, tid("welcome"))
        assert not settings_file(profile).exists(), "a fresh profile should have no settings.json"

        # The gear opens it, even before any account exists; the defaults are shown.
        click(d, tid("settings-open"))
        wait_css(d, tid("settings-dialog"))
        wait_values(d, ("16", "700"))
        shot(d, "01-defaults")

        type_into(d, tid("settings-requests"), "4")
        type_into(d, tid("settings-rate"), "300")
        wait_values(d, ("4", "300"))
        assert not d.find_elements(By.CSS_SELECTOR, tid("settings-error"))
        click(d, tid("settings-save"))

        note = wait_css(d, tid("settings-saved"))
        assert inner_text(d, note) == "Saved. Transfers follow these now."
        wait_values(d, ("4", "300"))
        saved = json.loads(settings_file(profile).read_text())
        assert saved.get("transfers") == WANTED, saved
        # Written atomically: no temporary file left beside it.
        temps = [p.name for p in profile.config_dir.iterdir() if p.name.startswith(".tmp")]
        assert not temps, temps
        assert not d.find_elements(By.CSS_SELECTOR, tid("toast"))
        shot(d, "02-saved")

        # 0 requests at once is refused in the form, before anything is sent.
        before = settings_file(profile).read_bytes()
        field = type_into(d, tid("settings-requests"), "0")
        error = wait_css(d, tid("settings-error", field="requests"))
        assert inner_text(d, error) == "Must be at least 1.", inner_text(d, error)
        assert field.get_attribute("aria-invalid") == "true"
        save = wait_css(d, tid("settings-save"))
        wait_until(d, lambda _: not save.is_enabled(), "Save stays enabled with 0 requests at once")
        assert not d.find_elements(By.CSS_SELECTOR, tid("settings-saved"))
        field.send_keys(Keys.ENTER)
        assert not save.is_enabled()
        shot(d, "03-invalid")
        assert settings_file(profile).read_bytes() == before, "an invalid value reached settings.json"

        # Escape closes it without saving.
        field.send_keys(Keys.ESCAPE)
        wait_gone(d, tid("settings-dialog"))
        assert json.loads(settings_file(profile).read_text())["transfers"] == WANTED

    def test_restart_shows_the_saved_values(self, profile, shot):
        profile.quit()
        d = profile.launch()
        wait_css(d, tid("welcome"))
        # Ctrl+, opens it this time.
        ActionChains(d).key_down(Keys.CONTROL).send_keys(",").key_up(Keys.CONTROL).perform()
        wait_css(d, tid("settings-dialog"))
        wait_values(d, ("4", "300"))
        assert not d.find_elements(By.CSS_SELECTOR, tid("settings-error"))
        assert inner_text(d, wait_css(d, tid("settings-cancel"))) == "Close"
        shot(d, "01-after-restart")
        click(d, tid("settings-cancel"))
        wait_gone(d, tid("settings-dialog"))
        assert json.loads(settings_file(profile).read_text())["transfers"] == WANTED


# ---------------------------------------------------------------------------------------------
# The preferences round trip
# ---------------------------------------------------------------------------------------------

BUCKET = "prefs-e2e"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
MIB = 1024 * 1024
BIG = 13 * MIB  # above a 5 MiB threshold: in 6 MiB parts that is 3 parts


@pytest.fixture(scope="module")
def prefs_profile(make_profile):
    return make_profile("preferences")


@pytest.fixture(scope="module")
def bucket(s3):
    c = s3.client()
    c.create_bucket(Bucket=BUCKET)
    c.put_object(Bucket=BUCKET, Key="docs/readme.txt", Body=b"hello")
    yield BUCKET
    remove_bucket(c, BUCKET)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("prefs-upload") / "video.bin"
    path.write_bytes(bytes(range(256)) * (BIG // 256))
    return path


def theme_of(driver) -> dict:
    return driver.execute_script(
        "const r = document.documentElement;"
        "return {theme: r.dataset.theme, choice: r.dataset.themeChoice,"
        " bg: getComputedStyle(document.body).backgroundColor};"
    )


def prefs_values(driver) -> dict:
    return driver.execute_script(
        "const q = id => document.querySelector(`[data-testid=${id}]`);"
        "return {theme: q('settings-theme').value, requests: q('settings-requests').value,"
        " threshold: q('settings-threshold').value, partSize: q('settings-part-size').value,"
        " public: q('settings-acl-public').checked, private: q('settings-acl-private').checked};"
    )


def drop(driver, paths) -> None:
    """What the OS drop event does with the dropped paths (the same handler)."""
    err = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__spaceport_test.drop(arguments[0]).then(() => done(null), e => done(String(e)));",
        [str(p) for p in paths],
    )
    assert err is None, f"the drop handler failed: {err}"


@pytest.mark.incremental
class TestPreferencesRoundTrip:
    def test_set_theme_concurrency_permission_and_parts(self, prefs_profile, shot):
        d = open_app(prefs_profile)
        wait_css(d, tid("welcome"))
        # A fresh install follows the system (light under Xvfb).
        assert theme_of(d)["choice"] == "system", theme_of(d)
        assert theme_of(d)["theme"] in ("light", "dark"), theme_of(d)

        click(d, tid("settings-open"))
        wait_css(d, tid("settings-dialog"))
        wait_until(d, lambda _: prefs_values(_)["requests"] == "16", "the dialog never loaded")
        assert prefs_values(d) == {"theme": "system", "requests": "16", "threshold": "16", "partSize": "8",
                                   "public": False, "private": True}, prefs_values(d)
        Select(wait_css(d, tid("settings-theme"))).select_by_value("dark")
        type_into(d, tid("settings-requests"), "3")
        type_into(d, tid("settings-threshold"), "5")
        type_into(d, tid("settings-part-size"), "6")
        click(d, tid("settings-acl-public"))
        wait_until(d, lambda _: prefs_values(_) == {"theme": "dark", "requests": "3", "threshold": "5",
                                                    "partSize": "6", "public": True, "private": False},
                   f"the form shows {prefs_values(d)}")
        click(d, tid("settings-save"))
        note = wait_css(d, tid("settings-saved"))
        assert inner_text(d, note) == "Saved. Transfers follow these now."
        saved = json.loads(settings_file(prefs_profile).read_text())
        assert saved["theme"] == "dark", saved
        assert saved["transfers"] == {"requestsInFlight": 3, "requestsPerSecond": 700,
                                      "multipartThresholdMib": 5, "partSizeMib": 6}, saved
        assert saved["uploads"] == {"acl": "publicRead", "cacheControl": None}, saved
        assert saved["confirmDelete"] is True and saved["downloadFolder"] is None, saved
        # The window turns dark at once: app.css's dark --bg is #1e1e20.
        wait_until(d, lambda _: theme_of(_) == {"theme": "dark", "choice": "dark", "bg": "rgb(30, 30, 32)"},
                   f"the window did not turn dark: {theme_of(d)}")
        shot(d, "01-dark-saved")

        # About: the version and the bundled packages with their licenses.
        click(d, tid("about-open"))
        version = wait_css(d, tid("about-version"))
        assert inner_text(d, version).startswith("Spaceport 0."), inner_text(d, version)
        listed = d.execute_script(
            "return Array.from(document.querySelectorAll('[data-testid=about-license]'))"
            ".map(r => [r.dataset.kind, r.dataset.name, r.querySelector('.lic').textContent]);")
        names = {(k, n) for k, n, _ in listed}
        assert {("rust", "tauri"), ("rust", "aws-sdk-s3"), ("npm", "svelte"), ("npm", "@tauri-apps/api")} <= names
        assert len(listed) > 300 and all(lic for _, _, lic in listed), len(listed)
        type_into(d, tid("about-filter"), "aws-sdk-s3")
        wait_until(d, lambda _: len(_.find_elements(By.CSS_SELECTOR, tid("about-license"))) == 1,
                   "filtering the licenses by name did not leave one row")
        shot(d, "02-about")
        click(d, tid("about-back"))
        wait_css(d, tid("settings-save"))
        click(d, tid("settings-cancel"))
        wait_gone(d, tid("settings-dialog"))

        # The Welcome screen says where Spaces keys come from.
        link = wait_css(d, tid("welcome-keys-link"))
        assert link.get_attribute("href") == "https://cloud.digitalocean.com/account/api/spaces"
        assert "Generate New Key" in inner_text(d, wait_css(d, tid("welcome-keys")))

    def test_restart_keeps_them(self, prefs_profile, shot):
        prefs_profile.quit()
        d = prefs_profile.launch()
        wait_css(d, tid("welcome"))
        wait_until(d, lambda _: theme_of(_)["theme"] == "dark", f"the theme after a restart: {theme_of(d)}")
        ActionChains(d).key_down(Keys.CONTROL).send_keys(",").key_up(Keys.CONTROL).perform()
        wait_css(d, tid("settings-dialog"))
        want = {"theme": "dark", "requests": "3", "threshold": "5", "partSize": "6", "public": True, "private": False}
        wait_until(d, lambda _: prefs_values(_) == want, f"after a restart the dialog shows {prefs_values(d)}")
        shot(d, "01-after-restart")
        click(d, tid("settings-cancel"))
        wait_gone(d, tid("settings-dialog"))

    def test_a_new_upload_uses_the_default_permission(self, prefs_profile, s3, bucket, big_file, shot):
        d = open_app(prefs_profile)
        add_account_and_open_space(d, name="Prefs", endpoint=s3.endpoint, access_key=s3.access_key,
                                   secret=s3.secret_key, space=bucket)
        drop(d, [big_file])
        wait_css(d, tid("upload-dialog"))
        wait_css(d, tid("staged-row", key=big_file.name))
        acl = d.execute_script(
            "return [document.querySelector('[data-testid=upload-acl-public]').checked,"
            " document.querySelector('[data-testid=upload-acl-private]').checked,"
            " document.querySelector('[data-testid=upload-default-public]').checked];")
        assert acl == [True, False, True], f"the upload dialog should start from Public: {acl}"
        assert inner_text(d, wait_css(d, tid("upload-default-hint"))) == \
            "From Preferences (public) until you choose for Prefs here."
        shot(d, "01-upload-dialog-public")
        click(d, tid("upload-start"))
        wait_gone(d, tid("upload-dialog"))
        wait_css(d, tid("transfer-row", key=big_file.name, state="done"), 120)

        grants = s3.aws("s3api", "get-object-acl", "--bucket", bucket, "--key", big_file.name)["Grants"]
        assert any(g["Grantee"].get("URI") == ALL_USERS and g["Permission"] == "READ" for g in grants), grants
        head = s3.aws("s3api", "head-object", "--bucket", bucket, "--key", big_file.name)
        assert head["ContentLength"] == BIG, head
        # Above the 5 MiB threshold, in parts of 6 MiB: 6 + 6 + 1 MiB.
        assert head["ETag"].strip('"').endswith("-3"), head["ETag"]
        part1 = s3.aws("s3api", "head-object", "--bucket", bucket, "--key", big_file.name, "--part-number", "1")
        assert part1["ContentLength"] == 6 * MIB, part1

    def test_the_last_folder_opens_again(self, prefs_profile, bucket, shot):
        d = open_app(prefs_profile)
        double_click(d, tid("file-row", key="docs/"))
        wait_until(d, lambda _: location_prefix(_) == "docs/", "docs/ did not open")
        wait_listing(d, 1)
        account_id = prefs_profile.accounts()[0]["id"]
        last = prefs_profile.config_dir / "last-location.json"
        wait_until(d, lambda _: last.exists() and json.loads(last.read_text()) ==
                   {"accountId": account_id, "bucket": bucket, "prefix": "docs/"},
                   f"last-location.json: {last.read_text() if last.exists() else 'missing'}")
        prefs_profile.quit()
        d = prefs_profile.launch()
        wait_until(d, lambda _: location_prefix(_) == "docs/", "the app did not open docs/ again at start")
        wait_css(d, tid("file-row", key="docs/readme.txt"))
        assert not d.find_elements(By.CSS_SELECTOR, tid("welcome"))
        shot(d, "01-reopened-docs")
