"""The .deb as a user gets it: control fields, runtime Depends, desktop entry, icons, and the
installed binary opening its window. tests/bundle/run.sh builds it and unpacks it first."""
from __future__ import annotations

import configparser
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

CONF = json.loads((ROOT / "src-tauri" / "tauri.conf.json").read_text())
# What Spaceport links against at run time: the webview, GTK, and D-Bus (the keychain's
# Secret Service client). No tray icon, so no appindicator library.
EXPECTED_DEPENDS = {"libwebkit2gtk-4.1-0", "libgtk-3-0", "libdbus-1-3"}
# Every hicolor size tauri.conf.json's icon list gives (the desktop picks the nearest).
ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512]


def control(deb: Path) -> dict[str, str]:
    out = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    fields: dict[str, str] = {}
    name = ""
    for line in out.splitlines():
        if line.startswith(" ") and name:
            fields[name] += "\n" + line.strip()
        elif ":" in line:
            name, value = line.split(":", 1)
            fields[name] = value.strip()
    return fields


def package_names(relation: str) -> list[list[str]]:
    """'a (>= 1) | b:any, c' -> [['a', 'b'], ['c']]"""
    clauses = []
    for clause in filter(None, (c.strip() for c in relation.split(","))):
        clauses.append([re.split(r"[\s(:]", alt.strip(), maxsplit=1)[0] for alt in clause.split("|")])
    return clauses


def installed_packages() -> dict[str, dict[str, str]]:
    fmt = "${Package}\t${Status}\t${Priority}\t${Depends}, ${Pre-Depends}\t${Provides}\n"
    out = subprocess.run(["dpkg-query", "-W", "-f", fmt], capture_output=True, text=True, check=True).stdout
    pkgs: dict[str, dict[str, str]] = {}
    for line in out.splitlines():
        name, status, priority, depends, provides = line.split("\t")
        if status == "install ok installed":
            pkgs[name] = {"priority": priority, "depends": depends, "provides": provides}
    return pkgs


def closure(roots: list[str], pkgs: dict[str, dict[str, str]]) -> set[str]:
    """Every installed package the roots pull in, through Depends, Pre-Depends and Provides."""
    providers: dict[str, set[str]] = {}
    for name, p in pkgs.items():
        for clause in package_names(p["provides"]):
            providers.setdefault(clause[0], set()).add(name)
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        for real in ({name} if name in pkgs else set()) | providers.get(name, set()):
            if real not in seen:
                seen.add(real)
                todo.extend(alt for clause in package_names(pkgs[real]["depends"]) for alt in clause)
    return seen


def owning_packages(libs: list[Path]) -> dict[Path, str]:
    """The installed package of each library, in one dpkg call (each call reads the whole
    file database). Merged /usr: dpkg may know a file under /lib or /usr/lib."""
    variants = {lib: {str(lib), str(lib).removeprefix("/usr"), "/usr" + str(lib)} for lib in libs}
    out = subprocess.run(["dpkg", "-S", *sorted(set().union(*variants.values()))],
                         capture_output=True, text=True).stdout  # exit 1: some variants unknown
    owner_of = {}
    for line in out.splitlines():
        packages, path = line.split(": ", 1)
        owner_of[path] = packages.split(",")[0].split(":")[0].strip()
    found = {}
    for lib, names in variants.items():
        owners = [owner_of[n] for n in names if n in owner_of]
        assert owners, f"no installed package owns {lib}"
        found[lib] = owners[0]
    return found


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_control_fields(deb: Path) -> None:
    c = control(deb)
    assert c["Package"] == "spaceport"
    assert c["Version"] == CONF["version"]
    assert c["Homepage"] == CONF["bundle"]["homepage"]
    assert c["Description"].startswith(CONF["bundle"]["shortDescription"])
    assert CONF["bundle"]["longDescription"] in c["Description"].replace("\n", " ")


def test_depends_lists_the_runtime_libraries(deb: Path) -> None:
    depends = {alt for clause in package_names(control(deb)["Depends"]) for alt in clause}
    assert EXPECTED_DEPENDS <= depends, f"Depends lacks {EXPECTED_DEPENDS - depends}"
    assert not any("appindicator" in d for d in depends), "no tray icon, so no appindicator"


def test_depends_cover_every_library_the_binary_links(deb: Path, installed: Path) -> None:
    """What apt installs for Depends provides every shared library the binary needs, so an
    install on a clean Debian pulls everything it needs to start."""
    binary = installed / "usr" / "bin" / "spaceport"
    ldd = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
    assert "not found" not in ldd, ldd
    pkgs = installed_packages()
    pulled = closure([alt for clause in package_names(control(deb)["Depends"]) for alt in clause], pkgs)
    libs = [Path(m) for m in re.findall(r"=> (/\S+)", ldd)]
    assert libs, ldd
    for lib, owner in owning_packages([lib.resolve() for lib in libs]).items():
        # libc6 and libgcc-s1 are "required": every Debian system has them.
        assert owner in pulled or pkgs[owner]["priority"] == "required", f"{lib} ({owner}) is not pulled by Depends"


def test_files_desktop_entry_and_icons(installed: Path) -> None:
    binary = installed / "usr" / "bin" / "spaceport"
    assert binary.is_file() and binary.stat().st_mode & 0o111
    assert (installed / "usr" / "share" / "doc" / "spaceport" / "copyright").read_text().startswith("MIT License")

    entries = list((installed / "usr" / "share" / "applications").glob("*.desktop"))
    assert len(entries) == 1, entries
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(entries[0])
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Spaceport"
    assert entry["Comment"] == CONF["bundle"]["shortDescription"]
    assert (installed / "usr" / "bin" / entry["Exec"].split()[0]).samefile(binary)
    assert entry["Categories"].rstrip(";")
    # desktop-file-utils (scripts/install-deps.sh test): the freedesktop spec's own checker.
    assert shutil.which("desktop-file-validate"), "desktop-file-validate is missing"
    out = subprocess.run(["desktop-file-validate", str(entries[0])], capture_output=True, text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr

    hicolor = installed / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        icon = hicolor / f"{size}x{size}" / "apps" / f"{entry['Icon']}.png"
        assert icon.is_file(), f"missing {icon.relative_to(installed)}"
        assert png_size(icon) == (size, size), icon
    # Only standard hicolor size folders: a misnamed one is an icon no desktop looks for.
    assert sorted(p.name for p in hicolor.iterdir()) == sorted(f"{s}x{s}" for s in ICON_SIZES)


def test_installed_app_opens_its_window(make_profile, shot) -> None:
    profile = make_profile("bundle")
    driver = profile.launch()  # asserts the process is the installed binary, waits for the UI
    assert driver.title == "Spaceport"
    shot(driver, "installed-window")
    profile.quit()
