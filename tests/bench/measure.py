"""Run a command and measure time to first output byte, total time, peak memory and CPU time."""
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
    cpu_s: float = 0.0  # user + system CPU time of the command


def run(cmd: list[str], env: dict[str, str]) -> Run:
    """/usr/bin/time reports the child's peak RSS on the last line of stderr."""
    full_env = {**os.environ, **env}
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "MAXRSS_KB=%M CPU_S=%U+%S", *cmd],
                            env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
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
    fields = stderr.strip().rsplit("MAXRSS_KB=", 1)[1].split()
    rss_kb = int(fields[0])
    cpu_s = sum(float(x) for x in fields[1].removeprefix("CPU_S=").split("+"))
    return Run(first if first is not None else total, total, rss_kb / 1024, total_bytes, lines,
               cpu_s)


def median_run(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[Run, list[Run]]:
    runs = [run(cmd, env) for _ in range(repeat)]
    med = Run(
        statistics.median(r.first_byte_s for r in runs),
        statistics.median(r.total_s for r in runs),
        max(r.peak_rss_mb for r in runs),
        runs[0].stdout_bytes,
        runs[0].lines,
        statistics.median(r.cpu_s for r in runs),
    )
    return med, runs
