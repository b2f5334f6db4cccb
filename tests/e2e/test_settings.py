"""The Settings dialog in the real window, and settings.json on disk across a restart.

A fresh install opens Settings from the gear button and finds the defaults (16 requests at
once, 700 per second) with no settings.json yet. The user sets 4 and 300 and saves: the file in
the profile's config dir holds exactly those, and the dialog shows what the backend kept. A 0
for "requests at once" is refused in the form (inline error, Save disabled, Enter sends nothing,
the file is untouched). After quitting and starting again, Ctrl+, opens the dialog on 4 and 300.
"""
from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import click, tid, type_into, wait_css, wait_gone, wait_until

WANTED = {"requestsInFlight": 4, "requestsPerSecond": 300}


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
        assert inner_text(d, note) == "Saved: 4 at once, at most 300 per second. Transfers follow these now."
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
