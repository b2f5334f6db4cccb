"""Run a command and measure time to first output byte, total time and peak memory."""
import os
import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Run:
    first_byte_s: float
    total_s: float
    peak_rss_mb: float
    stdout_bytes: int
    lines: int


def run(cmd: list[str], env: dict[str, str]) -> Run:
    """/usr/bin/time reports the child's peak RSS on the last line of stderr."""
    full_env = {**os.environ, **env}
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "MAXRSS_KB=%M", *cmd], env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = None
    total_bytes = 0
    lines = 0
    while chunk := proc.stdout.read1(1 << 16):
        if first is None:
            first = time.perf_counter() - start
        total_bytes += len(chunk)
        lines += chunk.count(b"\n")
    stderr = proc.stderr.read().decode(errors="replace")
    code = proc.wait()
    total = time.perf_counter() - start
    if code != 0:
        raise RuntimeError(f"{cmd[0]} failed ({code}): {stderr[-2000:]}")
    rss_kb = int(stderr.strip().rsplit("MAXRSS_KB=", 1)[1].split()[0])
    return Run(first if first is not None else total, total, rss_kb / 1024, total_bytes, lines)


def median_run(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[Run, list[Run]]:
    runs = [run(cmd, env) for _ in range(repeat)]
    med = Run(
        statistics.median(r.first_byte_s for r in runs),
        statistics.median(r.total_s for r in runs),
        max(r.peak_rss_mb for r in runs),
        runs[0].stdout_bytes,
        runs[0].lines,
    )
    return med, runs
