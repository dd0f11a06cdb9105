"""Start-up benchmark: fresh processes, interleaved.

startup_ratio: time from spawning ``annotator --paint-once`` (open the window on the sample article, paint
once, quit) to its first paint of the article, divided by the same for ``bare_window.py`` (a bare
QMainWindow).
Both children print the time of their first paint on the system-wide monotonic clock, so interpreter start,
imports, window building and the paint are counted, and shutting down is not.

Both run with a bytecode cache, as an installed app does (pip compiles it; PySide6 in the baseline has its
own). Where the environment sets PYTHONDONTWRITEBYTECODE, the app's modules would otherwise be compiled from
source at every start while PySide6's are not; that uncached figure is reported beside it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import BENCH_DIR, interleaved, median


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["ANNOTATOR_DATA_DIR"] = str(work / "startup-data")
    env["ANNOTATOR_USER"] = "bench"
    env["XDG_CONFIG_HOME"] = str(work / "startup-config")  # QSettings of the window, kept out of $HOME
    env["ANNOTATOR_REPORT_FIRST_PAINT"] = "1"
    return env


def _timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning the command to the first paint it reports."""
    start = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-800:]}")
    painted = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("first-paint ")]
    if not painted:
        raise RuntimeError(f"{' '.join(command)} reported no first paint")
    return float(painted[0]) - start


def measure(work: Path, quick: bool) -> dict[str, Any]:
    try:
        import annotator.ui.app  # noqa: F401
    except ImportError:
        return {"startup_ratio": None, "startup_note": "annotator.ui.app is not there yet"}
    uncached = _env(work)
    env = {k: v for k, v in uncached.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "startup-pycache")
    # What the `annotator` console script runs ([project.scripts] in pyproject.toml).
    app_cmd = [sys.executable, "-c", "from annotator.launcher import main; main()", "--paint-once"]
    bare_cmd = [sys.executable, str(BENCH_DIR / "bare_window.py")]
    # First run creates the default database with the sample article; later runs open it like a user would.
    _timed(app_cmd, env)
    _timed(bare_cmd, env)
    probe = subprocess.run(
        [sys.executable, str(BENCH_DIR / "startup_probe.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        spacy_at_start: bool | None = json.loads(probe.stdout.strip().splitlines()[-1])["spacy_imported"]
    except (IndexError, ValueError, KeyError):
        spacy_at_start = None
    repeats = 4 if quick else 10
    base, meas = interleaved(lambda: _timed(bare_cmd, env), lambda: _timed(app_cmd, env), repeats)
    result: dict[str, Any] = {
        "startup_ratio": round(median(meas) / median(base), 2),
        "startup_s": round(median(meas), 3),
        "startup_bare_s": round(median(base), 3),
        "startup_spacy_imported_by_first_paint": spacy_at_start,
    }
    if uncached.get("PYTHONDONTWRITEBYTECODE"):
        base, meas = interleaved(
            lambda: _timed(bare_cmd, uncached), lambda: _timed(app_cmd, uncached), repeats
        )
        result["startup_ratio_no_bytecode_cache"] = round(median(meas) / median(base), 2)
        result["startup_no_bytecode_cache_s"] = round(median(meas), 3)
    return result


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        print(json.dumps(measure(Path(tmp), "--quick" in sys.argv)))
