#!/usr/bin/env python3
"""Transfer benchmark: spaceport-cli cp against rclone and the aws CLI on Garage, in one run.

Cases: (a) upload 5,000 files of 64 KiB, (b) upload one 2 GiB file, (c) download both back.
Every tool runs twice per case: at its own defaults, and at equal concurrency N (--concurrency,
default 16):
  spaceport-cli  --concurrency N [--rate-limit 0]  (requests, or files in older builds; no
                 request rate limit, like the peers)
  rclone         --transfers N --checkers N --s3-upload-concurrency N --multi-thread-streams N
  aws CLI        s3.max_concurrent_requests = N (in a private AWS_CONFIG_FILE)
Each run gets a fresh destination, and its result is checked before its time counts: for
uploads the object count, sizes and ETags (MD5, or the multipart MD5-of-MD5s) against the
local files; for downloads the file count, total bytes and an MD5 of every file.

Garage stores content-addressed blocks and skips writing a block it already has, so the tool
that uploads second would find the work done: before each upload run the local data gets a
new 16-byte salt at the start of every file and of every MiB of the large file.
Downloads all read the objects of spaceport-cli's default-setting upload in the same round. Dirty pages are
flushed before every run; the flush after it is recorded as sync_after_s (Spaceport fsyncs
what it downloads inside its own time; rclone and the aws CLI leave that to the kernel).

Right before each run, as many bytes as it will write are written to a scratch file and
deleted (prime_page_cache): on this VM a page cache page the guest has not used lately costs a
host page fault, which otherwise fell on whichever tool ran first after a pause.
Reports wall time, peak RSS and CPU time (/usr/bin/time), Garage's CPU time, and Spaceport's
ratio to the fastest peer at the same setting. Each run waits for an idle machine first and is
measured again (up to 3 times) when something else used the CPU meanwhile. Writes target/bench/transfer.json. --repeat rounds (default 3, about 13
minutes each on 2 CPUs), each on a fresh Garage and with the order of the tools rotated;
the table shows the median seconds and the highest peak RSS of each tool and case.
"""
import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import garage  # noqa: E402
import measure  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
BUCKET = "bench-transfer"
MIB = 1 << 20
TOOLS = ("spaceport-cli", "rclone", "aws")
PEERS = ("rclone", "aws")
CASES = ("a_upload_small", "b_upload_big", "c_download_small", "c_download_big")
GOALS = {"a_upload_small": 0.8, "b_upload_big": 1.0, "c_download_small": 1.0, "c_download_big": 1.0}
BIG_NAME = "big.bin"
# Whose upload every download reads. Always the same one: rclone verifies the MD5 it stored in
# an object's metadata when it uploaded it, so its download time depends on the uploader.
SOURCE = ("spaceport-cli", "default")


# ---------------------------------------------------------------- local data

class Data:
    """The files to upload, generated once from os.urandom and kept under target/bench/data."""

    def __init__(self, root: str, count: int, small_kib: int, big_mib: int):
        self.small_dir = os.path.join(root, f"small-{count}x{small_kib}k")
        self.big = os.path.join(root, f"big-{big_mib}m", BIG_NAME)
        self.count, self.small_size, self.big_size = count, small_kib * 1024, big_mib * MIB
        self.names = [f"file-{i:05d}.bin" for i in range(count)]

    def ensure(self) -> None:
        os.makedirs(self.small_dir, exist_ok=True)
        made = 0
        for name in self.names:
            path = os.path.join(self.small_dir, name)
            if not (os.path.exists(path) and os.path.getsize(path) == self.small_size):
                with open(path, "wb") as f:
                    f.write(os.urandom(self.small_size))
                made += 1
        extra = set(os.listdir(self.small_dir)) - set(self.names)
        for name in extra:
            os.remove(os.path.join(self.small_dir, name))
        os.makedirs(os.path.dirname(self.big), exist_ok=True)
        if not (os.path.exists(self.big) and os.path.getsize(self.big) == self.big_size):
            t = time.perf_counter()
            with open(self.big, "wb") as f:
                for _ in range(self.big_size // (64 * MIB)):
                    f.write(os.urandom(64 * MIB))
                f.write(os.urandom(self.big_size % (64 * MIB)))
            print(f"generated {self.big_size / MIB:.0f} MiB of random data in "
                  f"{time.perf_counter() - t:.1f}s", flush=True)
        if made:
            print(f"generated {made} small files", flush=True)

    def salt_small(self, salt: bytes) -> dict[str, str]:
        """New first bytes for every small file; returns name -> MD5 hex."""
        digests = {}
        for name in self.names:
            path = os.path.join(self.small_dir, name)
            with open(path, "r+b") as f:
                f.write(salt)
                f.seek(0)
                digests[name] = hashlib.md5(f.read()).hexdigest()
        return digests

    def salt_big(self, salt: bytes) -> None:
        fd = os.open(self.big, os.O_WRONLY)
        try:
            for offset in range(0, self.big_size, MIB):
                os.pwrite(fd, salt, offset)
        finally:
            os.close(fd)


def file_digests(path: str, part_size: int | None = None) -> tuple[str, list[bytes]]:
    """MD5 of the whole file, and the binary MD5 of each `part_size` piece."""
    whole, parts = hashlib.md5(), []
    part, in_part = hashlib.md5(), 0
    with open(path, "rb") as f:
        while chunk := f.read(MIB):
            whole.update(chunk)
            if part_size:
                part.update(chunk)
                in_part += len(chunk)
                if in_part >= part_size:
                    if in_part != part_size:
                        raise ValueError("part size must be a whole number of MiB")
                    parts.append(part.digest())
                    part, in_part = hashlib.md5(), 0
    if part_size and in_part:
        parts.append(part.digest())
    return whole.hexdigest(), parts


# ---------------------------------------------------------------- the tools

class Tools:
    def __init__(self, g: garage.Garage, cli: str, n: int, work: str):
        self.g, self.cli, self.n = g, cli, n
        # Private config and state for every tool, so nothing on this machine leaks in.
        self.spaceport_help = subprocess.run([cli, "cp", "--help"], capture_output=True,
                                             text=True, check=True).stdout
        # Neither peer limits its request rate unless told to: at the equal setting, nor does
        # spaceport-cli (its --rate-limit exists since the request scheduler came in).
        self.spaceport_equal = ["--concurrency", str(n)] + (
            ["--rate-limit", "0"] if "--rate-limit" in self.spaceport_help else [])
        self.spaceport_env = g.spaceport_env() | {
            "SPACEPORT_CONFIG_DIR": os.path.join(work, "spaceport/config"),
            "SPACEPORT_DATA_DIR": os.path.join(work, "spaceport/data"),
            "SPACEPORT_LOG_DIR": os.path.join(work, "spaceport/logs"),
        }
        self.rclone_env = g.rclone_env() | {"RCLONE_CONFIG": os.path.join(work, "rclone.conf")}
        aws_default = os.path.join(work, "aws-default.conf")
        aws_equal = os.path.join(work, "aws-equal.conf")
        for path in (aws_default, aws_equal):
            with open(path, "w") as f:
                f.write("[default]\n")
        subprocess.run(["aws", "configure", "set", "default.s3.max_concurrent_requests", str(n)],
                       env={**os.environ, "AWS_CONFIG_FILE": aws_equal}, check=True)
        creds = os.path.join(work, "aws-credentials")
        open(creds, "w").close()
        base = g.aws_env() | {"AWS_SHARED_CREDENTIALS_FILE": creds}
        self.aws_envs = {"default": base | {"AWS_CONFIG_FILE": aws_default},
                         "equal": base | {"AWS_CONFIG_FILE": aws_equal}}

    def command(self, tool: str, config: str, src: str, dst: str, recursive: bool,
                ) -> tuple[list[str], dict[str, str]]:
        """`src` and `dst` are local paths or "s3://BUCKET/KEY"."""
        equal = config == "equal"
        if tool == "spaceport-cli":
            cmd = [self.cli, "cp", "--endpoint", self.g.endpoint, "--region", self.g.region]
            cmd += ["--recursive"] if recursive else []
            cmd += self.spaceport_equal if equal else []
            return cmd + [src, dst], self.spaceport_env
        if tool == "rclone":
            def remote(p: str) -> str:
                return "bench:" + p.removeprefix("s3://").rstrip("/") if p.startswith("s3://") else p
            cmd = ["rclone", "copy" if recursive else "copyto", remote(src), remote(dst)]
            if equal:
                cmd += ["--transfers", str(self.n), "--checkers", str(self.n),
                        "--s3-upload-concurrency", str(self.n),
                        "--multi-thread-streams", str(self.n)]
            return cmd, self.rclone_env
        if tool == "aws":
            cmd = ["aws", "--endpoint-url", self.g.endpoint, "s3", "cp", src, dst,
                   "--only-show-errors"]
            cmd += ["--recursive"] if recursive else []
            return cmd, self.aws_envs[config]
        raise ValueError(tool)

    def settings(self) -> dict[str, dict[str, str]]:
        """What each setting means for each tool; spaceport-cli's words come from its --help."""
        n, help_text = self.n, self.spaceport_help
        per_file = "across all files" not in help_text
        ours = ("(no flags): " + ", ".join(
            line.strip() for line in help_text.splitlines() if "[default:" in line
            and any(f in line for f in ("files move", "requests move", "Requests started",
                                        "Files above"))))
        return {
            "default": {
                "spaceport-cli": ours,
                "rclone": "(no flags): --transfers 4, --s3-upload-concurrency 4, "
                          "--multi-thread-streams 4, chunks 5 MiB, no request rate limit",
                "aws": "(empty config): max_concurrent_requests 10, chunks 8 MiB, "
                       "no request rate limit",
            },
            "equal": {
                "spaceport-cli": " ".join(self.spaceport_equal)
                + (" (files in flight; parts in flight per file fixed at 8)" if per_file
                   else " (requests in flight across all files)"),
                "rclone": f"--transfers {n} --checkers {n} --s3-upload-concurrency {n} "
                          f"--multi-thread-streams {n}",
                "aws": f"s3.max_concurrent_requests = {n}",
            },
        }


# ---------------------------------------------------------------- checks

def list_objects(g: garage.Garage, prefix: str) -> dict[str, dict]:
    out = subprocess.run(["aws", "--endpoint-url", g.endpoint, "s3api", "list-objects-v2",
                          "--bucket", BUCKET, "--prefix", prefix, "--output", "json"],
                         env={**os.environ, **g.aws_env()}, capture_output=True, check=True).stdout
    contents = json.loads(out or b"{}").get("Contents", [])
    return {o["Key"][len(prefix):]: o for o in contents}


def fail(tool: str, what: str) -> None:
    raise SystemExit(f"WRONG RESULT from {tool}: {what}")


def check_small_upload(g: garage.Garage, tool: str, prefix: str, data: Data,
                       digests: dict[str, str]) -> None:
    objects = list_objects(g, prefix)
    if sorted(objects) != sorted(data.names):
        fail(tool, f"{len(objects)} objects under {prefix}, expected {data.count} "
                   f"(missing e.g. {sorted(set(data.names) - set(objects))[:3]}, "
                   f"unexpected e.g. {sorted(set(objects) - set(data.names))[:3]})")
    total = sum(o["Size"] for o in objects.values())
    if total != data.count * data.small_size:
        fail(tool, f"{total} bytes under {prefix}, expected {data.count * data.small_size}")
    wrong = [k for k, o in objects.items() if o["ETag"].strip('"') != digests[k]]
    if wrong:
        fail(tool, f"{len(wrong)} objects with the wrong MD5, e.g. {wrong[:3]}")


def check_big_upload(g: garage.Garage, tool: str, prefix: str, data: Data) -> str:
    """Checks size and ETag of the uploaded large file; returns the file's MD5."""
    objects = list_objects(g, prefix)
    if list(objects) != [BIG_NAME]:
        fail(tool, f"objects under {prefix}: {list(objects)[:5]}, expected [{BIG_NAME}]")
    obj = objects[BIG_NAME]
    if obj["Size"] != data.big_size:
        fail(tool, f"{obj['Size']} bytes stored, expected {data.big_size}")
    etag = obj["ETag"].strip('"')
    digest, _, count = etag.partition("-")
    if not count:
        whole, _ = file_digests(data.big)
        if digest != whole:
            fail(tool, f"ETag {etag} is not the file's MD5 {whole}")
        return whole
    # A multipart ETag: MD5 of the parts' MD5s; parts are a whole number of MiB.
    part_size = -(-data.big_size // int(count))
    part_size = -(-part_size // MIB) * MIB
    whole, parts = file_digests(data.big, part_size)
    expected = f"{hashlib.md5(b''.join(parts)).hexdigest()}-{len(parts)}"
    if etag != expected:
        fail(tool, f"multipart ETag {etag}, expected {expected} for {part_size // MIB} MiB parts")
    return whole


def check_download(tool: str, dest: str, expected: dict[str, tuple[int, str]]) -> None:
    """`expected`: relative path -> (size, MD5 hex). Every file under dest must match."""
    found = {}
    for dirpath, _, files in os.walk(dest):
        for name in files:
            path = os.path.join(dirpath, name)
            found[os.path.relpath(path, dest)] = path
    if sorted(found) != sorted(expected):
        fail(tool, f"{len(found)} files in {dest}, expected {len(expected)} "
                   f"(unexpected e.g. {sorted(set(found) - set(expected))[:3]}, "
                   f"missing e.g. {sorted(set(expected) - set(found))[:3]})")
    total = sum(os.path.getsize(p) for p in found.values())
    if total != sum(size for size, _ in expected.values()):
        fail(tool, f"{total} bytes downloaded, expected {sum(s for s, _ in expected.values())}")
    for rel, path in found.items():
        if file_digests(path)[0] != expected[rel][1]:
            fail(tool, f"{rel} differs from the uploaded file (MD5)")


# ---------------------------------------------------------------- the run

# The machine may be shared (builds, other benchmarks): a run starts only once everything else
# has been idle for a moment, and one during which something else used more than this much CPU
# (besides the tool, Garage and the kernel's writeback it causes) is measured again.
QUIET_CPUS = 0.25
BUSY_CPUS = 0.35
ATTEMPTS = 3
TICK = os.sysconf("SC_CLK_TCK")


def machine_cpu_s() -> float:
    """CPU seconds used by everything on this machine since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / TICK  # all but idle and iowait


def process_cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def wait_quiet(max_wait: float = 600) -> tuple[float, float]:
    """Returns (seconds waited, CPUs busy in the last 2-second window)."""
    start = time.perf_counter()
    while True:
        before = machine_cpu_s()
        time.sleep(2)
        busy = (machine_cpu_s() - before) / 2
        waited = time.perf_counter() - start
        if busy < QUIET_CPUS or waited > max_wait:
            return waited, busy


def prime_page_cache(nbytes: int, scratch_dir: str) -> None:
    """Write and delete `nbytes` of scratch just before a run, so that its writes (the
    downloaded files, or Garage's blocks) land in pages the guest kernel has just freed.

    On this VM the host backs guest memory lazily and takes free pages back (virtio-balloon
    free page reporting, seconds after they are freed), so the first write into a page
    cache page costs a host page fault: 2 GiB written took 4 s of system time when the
    pages were cold and 0.5 s right after deleting a file of that size. Without this, the
    tool that ran right after another tool's download was deleted got warm pages and the
    one that ran first after a pause did not."""
    os.makedirs(scratch_dir, exist_ok=True)
    path = os.path.join(scratch_dir, "prime-page-cache.tmp")
    block = os.urandom(MIB)
    with open(path, "wb") as f:
        for _ in range(nbytes // MIB + 1):
            f.write(block)
    os.sync()
    os.remove(path)


def timed(cmd: list[str], env: dict[str, str], g: garage.Garage, writes: int,
          scratch_dir: str) -> dict:
    """Flush dirty pages first so no run pays for the previous run's writes; `writes` is
    about how many bytes the run writes to this disk (see prime_page_cache)."""
    os.sync()
    waited, idle_busy = wait_quiet()
    prime_page_cache(writes, scratch_dir)
    machine, server = machine_cpu_s(), process_cpu_s(g.proc.pid)
    r = measure.run(cmd, env)
    server = process_cpu_s(g.proc.pid) - server
    other = machine_cpu_s() - machine - r.cpu_s - server
    t = time.perf_counter()
    os.sync()
    return {"seconds": r.total_s, "peak_rss_mb": r.peak_rss_mb, "cpu_s": r.cpu_s,
            "server_cpu_s": server, "other_cpus": other / r.total_s,
            "sync_after_s": time.perf_counter() - t, "waited_for_quiet_s": waited,
            "busy_cpus_before": idle_busy}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "target/release/spaceport-cli"))
    ap.add_argument("--concurrency", type=int, default=16, help="N for the equal-concurrency runs")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--small-kib", type=int, default=64)
    ap.add_argument("--big-mib", type=int, default=2048)
    ap.add_argument("--data", default=os.path.join(ROOT, "target/bench/data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target/bench/transfer.json"))
    ap.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES),
                    help="only these cases (a download case still runs the upload it reads)")
    args = ap.parse_args()
    # Plain HTTP on loopback: a custom CA bundle from the environment only breaks rclone.
    os.environ.pop("AWS_CA_BUNDLE", None)
    for tool in ("rclone", "aws", "/usr/bin/time"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (tests/bench/run.sh sets up PATH)")

    data = Data(args.data, args.count, args.small_kib, args.big_mib)
    data.ensure()
    downloads = os.path.join(os.path.dirname(args.out), "transfer-downloads")
    runs: list[dict] = []
    discarded: list[dict] = []
    seq = 0
    for rnd in range(args.repeat):
        order = TOOLS[rnd % 3:] + TOOLS[:rnd % 3]
        shutil.rmtree(downloads, ignore_errors=True)
        settle()
        # A fresh server per round: Garage's disk use grows by ~14 GB a round, and deleting
        # objects would leave its block GC running in the background of later runs.
        g = garage.start()
        work = tempfile.mkdtemp(prefix="spaceport-bench-transfer-")
        try:
            g.create_bucket(BUCKET)
            tools = Tools(g, args.cli, args.concurrency, work)
            settings = tools.settings()
            sources: dict[str, tuple[str, dict[str, tuple[int, str]]]] = {}
            for case in CASES:
                for config in ("default", "equal"):
                    for tool in order:
                        if not wanted(case, config, tool, args.cases):
                            continue
                        for attempt in range(1, ATTEMPTS + 1):
                            seq += 1
                            run = one_run(case, config, tool, seq, tools, g, data, sources,
                                          downloads)
                            run |= {"round": rnd, "attempt": attempt}
                            print(f"{case:17} {config:8} {tool:14} {run['seconds']:7.2f} s"
                                  f"   peak {run['peak_rss_mb']:7.1f} MB   cpu {run['cpu_s']:6.2f} s"
                                  f"   server cpu {run['server_cpu_s']:6.2f} s"
                                  f"   other load {run['other_cpus']:4.2f}", flush=True)
                            if run["other_cpus"] <= BUSY_CPUS or attempt == ATTEMPTS:
                                break
                            discarded.append(run)
                            print("  (something else was using the CPU: measuring again)", flush=True)
                        runs.append(run)
        finally:
            g.stop()
            shutil.rmtree(os.path.dirname(g.conf), ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(downloads, ignore_errors=True)
    report(runs, discarded, args, settings)


def wanted(case: str, config: str, tool: str, cases: list[str]) -> bool:
    """A case asked for, or the upload that an asked-for download reads."""
    reads = {"a_upload_small": "c_download_small", "b_upload_big": "c_download_big"}
    return case in cases or ((tool, config) == SOURCE and reads.get(case) in cases)


def settle(seconds: float = 65) -> None:
    """On ext4 without a journal (this machine's disk) a new inode skips every inode freed in
    the last 60 s, or 360 s while the inode table is not yet written back (fs/ext4/ialloc.c,
    recently_deleted). Right after deleting thousands of files, creating files (downloads
    here, Garage's block files) spent most of its time in that scan (seen in `perf`:
    recently_deleted, find_inode_bit). So after bulk deletions: write everything back, then
    wait that out. Within a round nothing is deleted but single large files."""
    os.sync()
    time.sleep(seconds)


def one_run(case: str, config: str, tool: str, seq: int, tools: Tools, g: garage.Garage,
            data: Data, sources: dict, downloads: str) -> dict:
    prefix = f"run-{seq:03d}-{tool}-{config}-{case}/"
    s3 = f"s3://{BUCKET}/{prefix}"
    salt = f"salt-{seq:03d}-{os.getpid()}".encode().ljust(16, b".")[:16]
    if case == "a_upload_small":
        digests = data.salt_small(salt)
        cmd, env = tools.command(tool, config, data.small_dir, s3, recursive=True)
        run = timed(cmd, env, g, data.count * data.small_size, downloads)
        check_small_upload(g, tool, prefix, data, digests)
        if (tool, config) == SOURCE:
            sources["small"] = (prefix, {k: (data.small_size, d) for k, d in digests.items()})
    elif case == "b_upload_big":
        data.salt_big(salt)
        cmd, env = tools.command(tool, config, data.big, s3 + BIG_NAME, recursive=False)
        run = timed(cmd, env, g, data.big_size, downloads)
        whole = check_big_upload(g, tool, prefix, data)
        if (tool, config) == SOURCE:
            sources["big"] = (prefix, {BIG_NAME: (data.big_size, whole)})
    else:
        which = "small" if case == "c_download_small" else "big"
        src_prefix, expected = sources[which]
        dest = os.path.join(downloads, prefix.rstrip("/"))
        os.makedirs(dest)
        if which == "small":
            cmd, env = tools.command(tool, config, f"s3://{BUCKET}/{src_prefix}", dest,
                                     recursive=True)
        else:
            cmd, env = tools.command(tool, config, f"s3://{BUCKET}/{src_prefix}{BIG_NAME}",
                                     os.path.join(dest, BIG_NAME), recursive=False)
        size = data.count * data.small_size if which == "small" else data.big_size
        run = timed(cmd, env, g, size, downloads)
        check_download(tool, dest, expected)
        if which == "big":
            shutil.rmtree(dest)
    return {"case": case, "config": config, "tool": tool, "prefix": prefix, "command": cmd} | run


def summarize(runs: list[dict]) -> dict:
    """Median seconds and max peak RSS per (case, config, tool)."""
    table: dict = {}
    for case in CASES:
        for config in ("default", "equal"):
            for tool in TOOLS:
                mine = [r for r in runs if (r["case"], r["config"], r["tool"]) == (case, config, tool)]
                if mine:
                    table.setdefault(case, {}).setdefault(config, {})[tool] = {
                        "seconds": statistics.median(r["seconds"] for r in mine),
                        "peak_rss_mb": max(r["peak_rss_mb"] for r in mine),
                        "sync_after_s": statistics.median(r["sync_after_s"] for r in mine),
                        "cpu_s": statistics.median(r["cpu_s"] for r in mine),
                        "server_cpu_s": statistics.median(r["server_cpu_s"] for r in mine),
                        "runs": len(mine),
                        "runs_on_a_busy_machine": sum(r["other_cpus"] > BUSY_CPUS for r in mine),
                    }
    return table


def report(runs: list[dict], discarded: list[dict], args: argparse.Namespace,
           settings: dict) -> None:
    table = summarize(runs)
    ratios = {}
    print()
    print(f"{'case':17} {'setting':8} {'tool':14} {'seconds':>8} {'+sync':>6} {'peak MB':>8}"
          f" {'cpu s':>6} {'garage':>6}  ratio to the fastest peer")
    for case, configs in table.items():
        # A case run only as the source of a download has no peers to compare with.
        configs = {c: t for c, t in configs.items() if all(x in t for x in TOOLS)}
        if not configs:
            continue
        best_peer_any = min(v["seconds"] for c in configs.values() for t, v in c.items() if t in PEERS)
        for config, tools in configs.items():
            fastest = min(PEERS, key=lambda t: tools[t]["seconds"])
            ratio = tools["spaceport-cli"]["seconds"] / tools[fastest]["seconds"]
            durable = durable_ratio(tools)
            ratios.setdefault(case, {})[config] = {"ratio": ratio, "fastest_peer": fastest,
                                                   "ratio_until_on_disk": durable}
            for tool in TOOLS:
                v = tools[tool]
                note = ""
                if tool == "spaceport-cli":
                    verdict = "meets" if ratio <= GOALS[case] else "misses"
                    note = (f"{ratio:.2f}x {fastest} ({verdict} goal <= {GOALS[case]}); "
                            f"until on disk {durable:.2f}x")
                elif tool == fastest:
                    note = "fastest peer"
                print(f"{case:17} {config:8} {tool:14} {v['seconds']:8.2f} {v['sync_after_s']:6.2f}"
                      f" {v['peak_rss_mb']:8.1f} {v['cpu_s']:6.1f} {v['server_cpu_s']:6.1f}  {note}")
        ours_best = min(c["spaceport-cli"]["seconds"] for c in configs.values())
        ratios[case]["best_vs_best"] = ours_best / best_peer_any
        print(f"{case:17} {'best':8} {'spaceport-cli':14} {'':8} {'':6} {'':8} {'':6} {'':6}  "
              f"{ours_best / best_peer_any:.2f}x the fastest peer run at any setting")
    busy = sum(v["runs_on_a_busy_machine"] for c in table.values() for t in c.values()
               for v in t.values())
    if busy:
        print(f"{busy} of the runs above still had something else using the CPU after "
              f"{ATTEMPTS} attempts (see other_cpus in the JSON); medians limit their weight.")
    big = table.get("b_upload_big", {})
    peak_b = {t: max(c[t]["peak_rss_mb"] for c in big.values()) for t in TOOLS} if big else {}
    if peak_b:
        print("peak memory during (b): " + ", ".join(f"{t} {mb:.0f} MB" for t, mb in peak_b.items())
              + f"  (goal for spaceport-cli < 200 MB: "
              f"{'meets' if peak_b['spaceport-cli'] < 200 else 'misses'})")
    result = {
        "params": {"files": args.count, "file_kib": args.small_kib, "big_mib": args.big_mib,
                   "equal_concurrency": args.concurrency, "repeat": args.repeat, "cli": args.cli,
                   "cpus": os.cpu_count(), "settings": settings},
        "versions": versions(args.cli),
        "summary": table,
        "ratios": ratios,
        "peak_rss_mb_upload_big": peak_b,
        "runs": runs,
        "discarded_busy_machine": discarded,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"wrote {args.out}")


def durable_ratio(tools: dict) -> float:
    """Seconds until the files are on disk (the run plus the flush after it): Spaceport
    fsyncs inside its run, the peers leave the flush to the kernel."""
    def until_on_disk(t: str) -> float:
        return tools[t]["seconds"] + tools[t]["sync_after_s"]
    return until_on_disk("spaceport-cli") / min(until_on_disk(t) for t in PEERS)


def versions(cli: str) -> dict[str, str]:
    def first_line(cmd: list[str]) -> str:
        p = subprocess.run(cmd, capture_output=True, text=True)
        return (p.stdout or p.stderr).strip().splitlines()[0] if (p.stdout or p.stderr).strip() else "?"
    return {"spaceport-cli": first_line([cli, "--version"]),
            "rclone": first_line(["rclone", "version"]),
            "aws": first_line(["aws", "--version"]),
            "garage": first_line(["garage", "--version"]),
            # "-dirty" when the binary may hold changes no commit has.
            "git_head": first_line(["git", "-C", ROOT, "describe", "--always", "--dirty",
                                    "--abbrev=40"])}


if __name__ == "__main__":
    main()
