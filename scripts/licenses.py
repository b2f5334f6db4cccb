#!/usr/bin/env python3
"""The licenses of the dependencies bundled into the Spaceport app, for its About box.

Writes ui/src/lib/licenses.json: [{name, version, license, kind}] sorted, where kind is
"rust" or "npm". `--check` writes nothing and fails (exit 1) when the committed file differs
from what Cargo.lock and ui/package-lock.json give now (src-tauri/core/tests/licenses.rs runs
it, so `make test` fails on a stale list).

Rust: every crate the app crate `spaceport` reaches through normal (not dev, not build)
dependencies, on any platform it is built for, read from `cargo metadata --locked`. Not
--offline: a build fetches only this platform's crates, and the Windows and macOS ones that
the list also names are fetched here on a fresh machine (crates.io, versions from Cargo.lock).
npm: the UI's runtime dependencies (package.json "dependencies") and Svelte, whose runtime
Vite bundles although it is a dev dependency, each with the packages they depend on, read
from package-lock.json (that is more than Vite keeps of Svelte: better too many than too few).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "ui" / "src" / "lib" / "licenses.json"
APP_CRATE = "spaceport"
# Dev dependencies whose code ends up in the bundle.
BUNDLED_DEV = ["svelte"]


def rust() -> list[dict]:
    cargo = os.environ.get("CARGO", "cargo")
    out = subprocess.run(
        [cargo, "metadata", "--format-version", "1", "--locked"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    meta = json.loads(out.stdout)
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    members = set(meta["workspace_members"])
    start = next(pid for pid in members if packages[pid]["name"] == APP_CRATE)
    seen, todo = set(), [start]
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k.get("kind") is None for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    return [
        {"name": packages[pid]["name"], "version": packages[pid]["version"],
         "license": packages[pid].get("license") or "see its repository", "kind": "rust"}
        for pid in seen if pid not in members
    ]


def npm() -> list[dict]:
    ui = ROOT / "ui"
    manifest = json.loads((ui / "package.json").read_text())
    lock = json.loads((ui / "package-lock.json").read_text())["packages"]

    def entry(name: str, parent: str) -> str | None:
        # Node's lookup: the nearest node_modules up from the dependent package.
        base = parent
        while True:
            key = f"{base}/node_modules/{name}" if base else f"node_modules/{name}"
            if key in lock:
                return key
            if not base:
                return None
            cut = base.rfind("/node_modules/")
            base = base[:cut] if cut >= 0 else ""

    roots = list(manifest.get("dependencies", {})) + BUNDLED_DEV
    seen: set[str] = set()
    todo = [k for k in (entry(n, "") for n in roots) if k]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        for dep in lock[key].get("dependencies", {}):
            found = entry(dep, key)
            if found:
                todo.append(found)
    rows = {}
    for key in seen:
        name = key.rsplit("node_modules/", 1)[1]
        info = lock[key]
        rows[(name, info["version"])] = {"name": name, "version": info["version"],
                                         "license": info.get("license") or "see its repository",
                                         "kind": "npm"}
    return list(rows.values())


def generate() -> str:
    rows = sorted(rust() + npm(), key=lambda r: (r["kind"], r["name"].lower(), r["version"]))
    return json.dumps(rows, indent=1) + "\n"


def main() -> int:
    text = generate()
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run scripts/licenses.py and commit it.", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(json.loads(text))} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
