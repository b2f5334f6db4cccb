#!/usr/bin/env python3
"""One file larger than a single PUT allows (6 GiB by default), up and back down, on Garage.

moto assembles a multipart upload in memory (twice the object's size), so this round trip runs
here, with the benchmarks, rather than in `make test`. It checks what the test suite cannot:
  - the upload is multipart with more parts than 5 GiB / 8 MiB would need at the minimum part
    size, and its ETag is the MD5 of the parts' MD5s computed from the local file;
  - the download's size and MD5 equal the local file's, and no `.part` file is left behind;
  - peak memory of spaceport-cli stays bounded (parts in flight × part size, not the file).
Writes target/bench/large-file.json with times, throughput, peak RSS and CPU time.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import garage  # noqa: E402
import measure  # noqa: E402
from bench_transfer import file_digests, list_objects  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
BUCKET = "bench-transfer"  # list_objects reads this bucket
MIB = 1 << 20
SINGLE_PUT_LIMIT = 5 << 30


def generate(path: str, size: int) -> None:
    """Distinct content in every MiB (a counter before a random block), fast to write."""
    if os.path.exists(path) and os.path.getsize(path) == size:
        return
    block = os.urandom(64 * MIB)
    t = time.perf_counter()
    with open(path + ".tmp", "wb") as f:
        for offset in range(0, size, 64 * MIB):
            piece = bytearray(block[: min(64 * MIB, size - offset)])
            for mib in range(0, len(piece), MIB):
                piece[mib:mib + 8] = (offset + mib).to_bytes(8, "little")
            f.write(piece)
    os.rename(path + ".tmp", path)
    print(f"generated {size / MIB:.0f} MiB in {time.perf_counter() - t:.1f} s", flush=True)


def check_upload(g: garage.Garage, path: str, size: int) -> dict:
    objects = list_objects(g, "")
    name = os.path.basename(path)
    if list(objects) != [name]:
        raise SystemExit(f"WRONG RESULT: objects {list(objects)[:5]}, expected [{name}]")
    obj = objects[name]
    if obj["Size"] != size:
        raise SystemExit(f"WRONG RESULT: {obj['Size']} bytes stored, expected {size}")
    etag = obj["ETag"].strip('"')
    _, _, count = etag.partition("-")
    if not count or int(count) < 2:
        raise SystemExit(f"WRONG RESULT: ETag {etag} is not a multipart ETag")
    part_size = -(-size // int(count))
    part_size = -(-part_size // MIB) * MIB
    whole, parts = file_digests(path, part_size)
    expected = f"{hashlib.md5(b''.join(parts)).hexdigest()}-{len(parts)}"
    if etag != expected:
        raise SystemExit(f"WRONG RESULT: ETag {etag}, expected {expected}")
    return {"etag": etag, "parts": len(parts), "part_size_mib": part_size // MIB, "md5": whole}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "target/release/spaceport-cli"))
    ap.add_argument("--gib", type=int, default=6)
    ap.add_argument("--dir", default=os.path.join(ROOT, "target/bench/large"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target/bench/large-file.json"))
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    args = ap.parse_args()
    os.environ.pop("AWS_CA_BUNDLE", None)
    size = args.gib << 30
    if size <= SINGLE_PUT_LIMIT:
        raise SystemExit("--gib must be above 5: the point is a file one PUT cannot carry")
    os.makedirs(args.dir, exist_ok=True)
    src = os.path.join(args.dir, f"large-{args.gib}g.bin")
    generate(src, size)
    g = garage.start(capacity=f"{3 * args.gib}G")
    work = tempfile.mkdtemp(prefix="spaceport-bench-large-")
    down = os.path.join(args.dir, "down")
    shutil.rmtree(down, ignore_errors=True)
    os.makedirs(down)
    try:
        g.create_bucket(BUCKET)
        env = g.spaceport_env() | {
            "SPACEPORT_CONFIG_DIR": os.path.join(work, "config"),
            "SPACEPORT_DATA_DIR": os.path.join(work, "data"),
            "SPACEPORT_LOG_DIR": os.path.join(work, "logs"),
        }
        base = [args.cli, "cp", "--endpoint", g.endpoint, "--region", g.region]
        os.sync()
        up = measure.run(base + [src, f"s3://{BUCKET}/"], env)
        print(f"upload   {up.total_s:7.1f} s  {size / MIB / up.total_s:6.0f} MiB/s  "
              f"peak {up.peak_rss_mb:.0f} MB  cpu {up.cpu_s:.1f} s", flush=True)
        uploaded = check_upload(g, src, size)
        print(f"  ETag {uploaded['etag']} ({uploaded['parts']} parts of "
              f"{uploaded['part_size_mib']} MiB) matches the local file", flush=True)
        os.sync()
        got = measure.run(base + [f"s3://{BUCKET}/{os.path.basename(src)}", down + "/"], env)
        print(f"download {got.total_s:7.1f} s  {size / MIB / got.total_s:6.0f} MiB/s  "
              f"peak {got.peak_rss_mb:.0f} MB  cpu {got.cpu_s:.1f} s", flush=True)
        files = os.listdir(down)
        if files != [os.path.basename(src)]:
            raise SystemExit(f"WRONG RESULT: {files} in the download folder")
        path = os.path.join(down, files[0])
        if os.path.getsize(path) != size or file_digests(path)[0] != uploaded["md5"]:
            raise SystemExit("WRONG RESULT: the downloaded file differs from the local file")
        print("  downloaded file: same size and MD5, no partial file left", flush=True)
        result = {"bytes": size, "upload": up.__dict__, "download": got.__dict__, **uploaded,
                  "cli": subprocess.run([args.cli, "--version"], capture_output=True,
                                        text=True).stdout.strip()}
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
        print(f"wrote {args.out}")
    finally:
        g.stop()
        shutil.rmtree(os.path.dirname(g.conf), ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(down, ignore_errors=True)
        if not args.keep:
            os.remove(src)


if __name__ == "__main__":
    main()
