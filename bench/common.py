"""Helpers shared by the benchmarks: timing, statistics and machine information.

Every figure is a ratio of two runs measured side by side in one process (or one parent process), with the
baseline and the measured run interleaved, so that load from other work on the machine hits both equally.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SEED = 20261128

clock = time.perf_counter


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (no interpolation, so it is a value that was really measured)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def interleaved(
    baseline: Callable[[], float], measured: Callable[[], float], repeats: int
) -> tuple[list[float], list[float]]:
    """Run baseline and measured alternately (ABBA order, so neither always goes first) and return the
    durations each callable reports; the callables time only their own measured section."""
    base: list[float] = []
    meas: list[float] = []
    for i in range(repeats):
        if i % 2 == 0:
            base.append(baseline())
            meas.append(measured())
        else:
            meas.append(measured())
            base.append(baseline())
    return base, meas


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is in KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _package_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return "-"


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "-"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "-"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = "-"
    return {
        "os": f"{platform.system()} {platform.release()}",
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "load_at_start": load,
        "python": platform.python_version(),
        "pyside6": next(
            (v for v in map(_package_version, ("PySide6-Essentials", "PySide6")) if v != "-"), "-"
        ),
        "spacy": _package_version("spacy"),
        "sqlite": __import__("sqlite3").sqlite_version,
        "orjson": _package_version("orjson"),
        "commit": commit or "-",
    }
