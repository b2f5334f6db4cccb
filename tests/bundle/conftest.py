"""Fixtures for the bundle suite: the .deb that `make bundle` built, unpacked into a throwaway
root by tests/bundle/run.sh, and the e2e suite's app driver pointed at the installed binary.

The e2e conftest is loaded as a module (not as this folder's conftest) so its `make_profile`
fixture, tauri-driver setup and screenshots are the same code; its session hooks are not
taken, since they would delete the e2e run's screenshots.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E2E = ROOT / "tests" / "e2e"

sys.path.insert(0, str(E2E))  # the e2e conftest imports its helpers by name
_spec = importlib.util.spec_from_file_location("e2e_conftest", E2E / "conftest.py")
assert _spec and _spec.loader
e2e = importlib.util.module_from_spec(_spec)
sys.modules["e2e_conftest"] = e2e
_spec.loader.exec_module(e2e)

make_profile = e2e.make_profile
shot = e2e.shot


def pytest_configure(config: pytest.Config) -> None:
    e2e.pytest_configure(config)


def pytest_sessionstart(session: pytest.Session) -> None:
    missing = [v for v in ("SPACEPORT_DEB", "SPACEPORT_INSTALL_ROOT", "SPACEPORT_E2E_APP") if not os.environ.get(v)]
    if missing:
        pytest.exit(f"bundle suite cannot run without {', '.join(missing)}: run tests/bundle/run.sh", returncode=2)
    e2e.SHOTS.mkdir(parents=True, exist_ok=True)
    e2e.LOGS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def deb() -> Path:
    return Path(os.environ["SPACEPORT_DEB"])


@pytest.fixture(scope="session")
def installed() -> Path:
    """The root the .deb was unpacked into (dpkg -x): usr/bin, usr/share/..."""
    return Path(os.environ["SPACEPORT_INSTALL_ROOT"])
