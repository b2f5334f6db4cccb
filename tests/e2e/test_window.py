"""The window itself: a second launch of the same install hands over to the open window and
exits; the window's size and position come back after a restart (window-state.json)."""
from __future__ import annotations

import json
import os
import subprocess
import time

from conftest import APP
from helpers import TIMEOUT


def app_env(profile) -> dict[str, str]:
    env = dict(os.environ)
    env["SPACEPORT_CONFIG_DIR"] = str(profile.config_dir)
    env["SPACEPORT_LOG_DIR"] = str(profile.log_dir)
    return env


def log_text(profile) -> str:
    return "".join(p.read_text(errors="replace") for p in sorted(profile.log_dir.glob("spaceport*.log")))


def test_second_launch_focuses_the_open_window(make_profile, shot):
    profile = make_profile("single")
    driver = profile.launch()
    first = profile._app_pids()
    # A second launch with the same config dir: it finds the first on the session bus, hands
    # over and exits 0, without a window of its own.
    second = subprocess.run([str(APP)], env=app_env(profile), capture_output=True, text=True, timeout=60)
    assert second.returncode == 0, second.stderr
    deadline = time.monotonic() + TIMEOUT
    while "launched again" not in log_text(profile):
        assert time.monotonic() < deadline, "the open app never heard of the second launch"
        time.sleep(0.1)
    assert profile._app_pids() == first
    assert driver.title == "Spaceport"
    shot(driver, "after-second-launch")
    profile.quit()


def test_another_config_dir_is_another_instance(make_profile):
    """An isolated install (SPACEPORT_CONFIG_DIR) is not handed over to: it opens its own
    window, so two profiles can run side by side (as this suite's do)."""
    one, two = make_profile("instance-one"), make_profile("instance-two")
    one.launch()
    two.launch()  # asserts its own app process runs
    assert one._app_pids() and two._app_pids()
    one.quit()
    two.quit()


def saved_geometry(profile) -> dict | None:
    path = profile.config_dir / "window-state.json"
    try:
        return json.loads(path.read_text())["main"]
    except (OSError, ValueError, KeyError):
        return None


def test_size_and_position_restored_after_restart(make_profile):
    profile = make_profile("geometry")
    driver = profile.launch()
    driver.set_window_rect(x=130, y=70, width=1010, height=690)
    deadline = time.monotonic() + TIMEOUT
    while (saved_geometry(profile) or {}).get("width") != 1010 or saved_geometry(profile).get("height") != 690:
        assert time.monotonic() < deadline, f"window-state.json never got the new size: {saved_geometry(profile)}"
        time.sleep(0.1)
    saved = saved_geometry(profile)
    assert (saved["x"], saved["y"], saved["maximized"]) == (130, 70, False)
    profile.quit()

    driver = profile.launch()
    rect = driver.get_window_rect()
    assert (rect["x"], rect["y"], rect["width"], rect["height"]) == (130, 70, 1010, 690), rect
    profile.quit()
