"""Helpers for the reliability suite: child processes, database snapshots, unprivileged runs.

A uniquely named module (not conftest) so that `from reliability_helpers import ...` never picks up
another folder's conftest."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
WORKER = HERE / "child_worker.py"

# Figures collected during a run and printed at the end, for docs/reliability.md.
FIGURES: dict[str, int] = {}


def count(name: str, amount: int = 1) -> None:
    FIGURES[name] = FIGURES.get(name, 0) + amount


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.write_sep("-", "reliability figures")
        for name, value in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {value}")


@dataclass
class ChildResult:
    acks: list[str]
    returncode: int
    stderr: str
    killed: bool


def worker_command(*args: str) -> list[str]:
    return [sys.executable, str(WORKER), *args]


def start_worker(*args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        worker_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    if first != "ready":
        _out, err = process.communicate()
        raise AssertionError(f"worker did not start: {first!r} {err}")
    return process


def kill_after(process: subprocess.Popen[str], delay: float) -> ChildResult:
    """SIGKILL the worker after ``delay`` seconds (unless it finished) and collect its acknowledgements."""
    killed = False
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        killed = True
    out, err = process.communicate()
    acks = [line for line in out.splitlines() if line]
    return ChildResult(acks, process.returncode, err, killed and process.returncode == -signal.SIGKILL)


def finish(process: subprocess.Popen[str], timeout: float = 120) -> int:
    """Wait for a worker to end and close its pipes; returns its exit status."""
    process.communicate(timeout=timeout)
    return process.returncode


def run_worker(*args: str) -> ChildResult:
    process = start_worker(*args)
    out, err = process.communicate(timeout=240)
    return ChildResult([line for line in out.splitlines() if line], process.returncode, err, False)


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def table_dump(path: Path) -> list[tuple[object, ...]]:
    """Every row of every table (FTS shadow tables included), for "the database is unchanged" checks."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows: list[tuple[object, ...]] = []
        for table in sorted(tables):
            rows.extend((table, *row) for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'))
        return rows


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unprivileged_prefix() -> list[str]:
    """Command prefix that drops root (root ignores permission bits); empty when not root."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A tmp folder an unprivileged user can reach (pytest's tmp folders are private to root).

    Made directly in the system's temp folder: making pytest's own tmp chain reachable meant changing the
    modes of folders that every pytest run on the machine shares, and a run resetting them while another
    ran its probe made that probe fail now and then."""
    base = Path(tempfile.mkdtemp(prefix="annotator-shared-"))
    base.chmod(0o711)
    folder = base / "shared space ü"
    folder.mkdir()
    folder.chmod(0o777)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        with contextlib.suppress(OSError):
            path.chmod(0o777 if path.is_dir() else 0o666)
    shutil.rmtree(base, ignore_errors=True)
