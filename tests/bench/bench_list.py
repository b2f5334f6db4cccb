#!/usr/bin/env python3
"""Listing benchmark: a folder of 100,000 keys, on one Garage server, in one run.

spaceport-cli ls --json   vs   aws s3api list-objects-v2   vs   rclone lsf
Reports time to first output, total time and peak memory (median of --repeat runs), and
the ratios of Spaceport to the faster peer. Writes target/bench/list.json.
With --app, also opens the folder in the real app window (WebDriver) and reports the time
to the first row, the time until all 100,000 rows are in, and the app's memory then.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import garage  # noqa: E402
import measure  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
BUCKET = "bench-list"
PREFIX = "huge/"


def seed(g: garage.Garage, count: int, rclone_env: dict[str, str]) -> None:
    g.create_bucket(BUCKET)
    with tempfile.TemporaryDirectory() as d:
        for i in range(count):
            open(os.path.join(d, f"object-{i:06d}.dat"), "wb").close()
        t = time.perf_counter()
        subprocess.run(["rclone", "copy", d, f"bench:{BUCKET}/{PREFIX}", "--transfers", "64",
                        "--checkers", "64", "--s3-no-check-bucket", "-q"],
                       env={**os.environ, **rclone_env}, check=True)
        print(f"seeded {count} keys in {time.perf_counter() - t:.1f}s", flush=True)


def tools(g: garage.Garage, cli: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    return {
        "spaceport-cli": ([cli, "ls", "--json", "--endpoint", g.endpoint, "--region", g.region,
                           f"s3://{BUCKET}/{PREFIX}"], g.spaceport_env()),
        "aws s3api": (["aws", "--endpoint-url", g.endpoint, "s3api", "list-objects-v2",
                       "--bucket", BUCKET, "--prefix", PREFIX, "--delimiter", "/"], g.aws_env()),
        "rclone lsf": (["rclone", "lsf", f"bench:{BUCKET}/{PREFIX}"], g.rclone_env()),
    }


def check_counts(named: dict[str, tuple[list[str], dict[str, str]]], count: int) -> None:
    """Each tool must see every key, or its time means nothing."""
    for name, (cmd, env) in named.items():
        out = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, check=True).stdout
        if name == "aws s3api":
            seen = len(json.loads(out).get("Contents", []))
        else:
            seen = len(out.splitlines())
        if seen != count:
            raise SystemExit(f"{name} listed {seen} keys, expected {count}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cli", default=os.path.join(ROOT, "target/release/spaceport-cli"))
    ap.add_argument("--app", action="store_true", help="also measure the app window")
    args = ap.parse_args()
    # The server is plain HTTP on loopback; a custom CA bundle from the environment only
    # breaks rclone's old AWS SDK ("unsupported transport"). Same environment for every tool.
    os.environ.pop("AWS_CA_BUNDLE", None)

    g = garage.start()
    try:
        seed(g, args.count, g.rclone_env())
        named = tools(g, args.cli)
        check_counts(named, args.count)
        results = {}
        for name, (cmd, env) in named.items():
            med, runs = measure.median_run(cmd, env, args.repeat)
            results[name] = med.__dict__ | {"runs": [r.__dict__ for r in runs]}
            print(f"{name:14} first {med.first_byte_s * 1000:7.0f} ms   total {med.total_s:6.2f} s"
                  f"   peak {med.peak_rss_mb:6.1f} MB", flush=True)
        if args.app:
            import app_window
            results["app"] = app_window.measure(g, BUCKET, PREFIX, args.count)
            a = results["app"]
            print(f"{'app window':14} first row {a['first_row_s'] * 1000:5.0f} ms   all rows {a['all_rows_s']:6.2f} s"
                  f"   memory {a['memory_mb']:6.1f} MB ({a['memory_detail']})", flush=True)
        report(results)
    finally:
        g.stop()


def report(results: dict) -> None:
    ours = results["spaceport-cli"]
    peers = {k: v for k, v in results.items() if k in ("aws s3api", "rclone lsf")}
    fastest = min(peers, key=lambda k: peers[k]["total_s"])
    summary = {
        "total_ratio_vs_fastest_peer": ours["total_s"] / peers[fastest]["total_s"],
        "fastest_peer": fastest,
        "first_page_ms": ours["first_byte_s"] * 1000,
    }
    for k, v in peers.items():
        summary[f"total_ratio_vs_{k.replace(' ', '_')}"] = ours["total_s"] / v["total_s"]
    results["summary"] = summary
    print(json.dumps(summary, indent=2))
    out_dir = os.path.join(ROOT, "target/bench")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "list.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
