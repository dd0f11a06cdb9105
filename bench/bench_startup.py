"""Start-up benchmark: fresh processes, interleaved.

startup_ratio: wall time from spawning ``annotator --smoke-test`` (open the window on the sample article,
paint once, quit) to its exit, divided by the same for ``bare_window.py`` (a bare QMainWindow that quits
after its first paint). Both include interpreter start, imports, first paint and teardown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from common import BENCH_DIR, clock, interleaved, median


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["ANNOTATOR_DATA_DIR"] = str(work / "startup-data")
    env["ANNOTATOR_USER"] = "bench"
    env["XDG_CONFIG_HOME"] = str(work / "startup-config")  # QSettings of the window, kept out of $HOME
    return env


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = clock()
    done = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
    elapsed = clock() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')[-800:]}")
    return elapsed


def measure(work: Path, quick: bool) -> dict[str, Any]:
    try:
        import annotator.ui.app  # noqa: F401
    except ImportError:
        return {"startup_ratio": None, "startup_note": "annotator.ui.app is not there yet"}
    env = _env(work)
    # What the `annotator` console script runs ([project.scripts] in pyproject.toml).
    app_cmd = [sys.executable, "-c", "from annotator.launcher import main; main()", "--smoke-test"]
    bare_cmd = [sys.executable, str(BENCH_DIR / "bare_window.py")]
    # First run creates the default database with the sample article; later runs open it like a user would.
    _timed(app_cmd, env)
    _timed(bare_cmd, env)
    probe = subprocess.run(
        [sys.executable, str(BENCH_DIR / "startup_probe.py")], env=env, capture_output=True, text=True,
        timeout=120, check=False,
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
    if env.get("PYTHONDONTWRITEBYTECODE"):
        # Without a bytecode cache every start compiles the app's ~45 modules (~35 ms) while the bare
        # window compiles none; an installed app always has one. Reported beside the figure above.
        cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(work / "startup-pycache")
        _timed(app_cmd, cached)
        _timed(bare_cmd, cached)
        base, meas = interleaved(lambda: _timed(bare_cmd, cached), lambda: _timed(app_cmd, cached), repeats)
        result["startup_ratio_bytecode_cached"] = round(median(meas) / median(base), 2)
        result["startup_bytecode_cached_s"] = round(median(meas), 3)
    return result


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        print(json.dumps(measure(Path(tmp), "--quick" in sys.argv)))
