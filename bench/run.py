"""Run every benchmark, write a readable table, print the figures as one JSON object on the last line.

    python bench/run.py            # full sizes (1 MB article, 5,000 claims, ...); writes bench/RESULTS.md
    python bench/run.py --quick    # smaller sizes, same code paths, < 2 min; writes bench/RESULTS-quick.md

The corpora are generated deterministically (seeded) into a temporary folder that is removed afterwards.
The window benchmarks run in child processes (offscreen Qt) so that their peak memory is their own.
Only the part of RESULTS.md between the GENERATED markers is rewritten; the notes around it are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import BENCH_DIR, REPO, SEED, clock, machine_info
from corpus import build_article_db

BEGIN = "<!-- GENERATED: begin (bench/run.py rewrites this part) -->"
END = "<!-- GENERATED: end -->"

# key: (description, bar text, check); a check of None means "report it".
BARS: dict[str, tuple[str, str, Callable[[float], bool] | None]] = {
    "open_ratio": (
        "open article → first complete paint, ÷ same text without highlights",
        "≤ 1.5",
        lambda v: v <= 1.5,
    ),
    "open_ms": ("open article → first complete paint (absolute)", "< 1000 ms", lambda v: v < 1000),
    "label_p95_ms": ("key press → label saved + highlight repainted, p95", "≤ 16 ms", lambda v: v <= 16),
    "scroll_p95_ms": ("paint per page scrolling the whole article, p95", "≤ 16 ms", lambda v: v <= 16),
    "suggest_ratio": ("suggester words/s ÷ spaCy blank+sentencizer words/s", "≥ 0.5", lambda v: v >= 0.5),
    "import_ratio": ("import_paths of the files ÷ reading+normalising them alone", "report", None),
    "export_ratio": ("orjson dump of the same records ÷ export -f jsonl", "≥ 0.5", lambda v: v >= 0.5),
    "startup_ratio": ("start → visible window on the sample ÷ bare PySide6 window", "≤ 2", lambda v: v <= 2),
    "rss_mb": ("peak RSS with the big article open", "≤ 300 MB", lambda v: v <= 300),
    "curation_open_ratio": (
        "curation of the big article, 3 annotators → first paint, ÷ the single-annotator open",
        "≤ 2",
        lambda v: v <= 2,
    ),
}
KEYS = (
    "open_ratio",
    "label_p95_ms",
    "scroll_p95_ms",
    "suggest_ratio",
    "import_ratio",
    "export_ratio",
    "startup_ratio",
    "rss_mb",
    "curation_open_ratio",
)


def _child(args: list[str], timeout: float) -> dict[str, Any]:
    """Run a benchmark script in a fresh interpreter and parse the JSON object on its last line."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()[-1500:]}")
    return json.loads(lines[-1])


def run_all(quick: bool, work: Path, only: set[str] | None) -> tuple[dict[str, Any], list[str]]:
    figures: dict[str, Any] = {}
    notes: list[str] = []
    # quick keeps more claims than the window loads synchronously (1,500), so the same code path runs
    chars, claims = (400_000, 2_000) if quick else (1_000_000, 5_000)

    def step(name: str, func: Callable[[], dict[str, Any]]) -> None:
        if only and name not in only:
            return
        start = clock()
        try:
            result = func()
        except Exception as exc:
            notes.append(f"{name}: {type(exc).__name__}: {str(exc).strip()[-600:]}")
            traceback.print_exc(file=sys.stderr)
            return
        figures.update(result)
        for key, value in result.items():
            if key.endswith("_note"):
                notes.append(f"{name}: {value}")
        print(f"[bench] {name}: {clock() - start:.1f} s {json.dumps(result)}", file=sys.stderr)

    def window() -> dict[str, Any]:
        db = work / "article.db"
        doc_id = build_article_db(db, chars, claims, SEED)
        common = ["--db", str(db), "--doc", doc_id, *(["--quick"] if quick else [])]
        result = _child([str(BENCH_DIR / "bench_ui.py"), "ui", *common], 900)
        result.update(_child([str(BENCH_DIR / "bench_ui.py"), "rss", *common], 300))
        result["article_chars"], result["article_claims"] = chars, claims
        return result

    def suggest() -> dict[str, Any]:
        import bench_suggest  # the suggester engineer's benchmark

        return dict(bench_suggest.measure(quick))

    def io() -> dict[str, Any]:
        from bench_io import measure_export, measure_import

        return {**measure_import(work, quick), **measure_export(work, quick)}

    def startup() -> dict[str, Any]:
        from bench_startup import measure

        return measure(work, quick)

    step("window", window)
    step("suggest", suggest)
    step("io", io)

    def curation() -> dict[str, Any]:  # bench_curation.py (curation mode, #15)
        return _child(
            [str(BENCH_DIR / "bench_curation.py"), "--work", str(work), *(["--quick"] if quick else [])], 900
        )

    step("startup", startup)
    step("curation", curation)
    for key in KEYS:
        figures.setdefault(key, None)
    return figures, notes


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if abs(value) < 1:
            return f"{value:.3g}"
        return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def render(
    figures: dict[str, Any], notes: list[str], info: dict[str, Any], quick: bool, seconds: float
) -> str:
    lines = [
        BEGIN,
        f"Last {'quick' if quick else 'full'} run: `python bench/run.py{' --quick' if quick else ''}` "
        f"({seconds:.0f} s, seed {SEED}).",
        "",
        "| figure | what is measured | bar | value | met |",
        "|---|---|---|---|---|",
    ]
    for key, (what, bar, check) in BARS.items():
        value = figures.get(key)
        met = "—" if value is None else ("report" if check is None else ("yes" if check(value) else "**no**"))
        lines.append(f"| `{key}` | {what} | {bar} | {_fmt(value)} | {met} |")
    lines += ["", "Details (medians unless named p95; ratios of runs interleaved in one session):", ""]
    details = {k: v for k, v in figures.items() if k not in BARS and not k.endswith("_note")}
    lines += [f"- `{key}`: {_fmt(value)}" for key, value in sorted(details.items())]
    lines += ["", "Machine:", ""] + [f"- {key}: {value}" for key, value in info.items()]
    if notes:
        lines += ["", "Notes from this run:", ""] + [f"- {note}" for note in notes]
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_results(path: Path, block: str) -> None:
    old = path.read_text("utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = f"{head}{block}\n{tail}" if tail else f"{head}{block}"
    else:
        text = f"# Benchmark results\n\n{block}\n{old}"
    path.write_text(text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, same code paths (< 2 min)")
    parser.add_argument(
        "--only",
        action="append",
        choices=("window", "suggest", "io", "startup", "curation"),
        help="run only this group (repeatable); for profiling, not for RESULTS.md",
    )
    parser.add_argument("--results", type=Path, help="where to write the table")
    args = parser.parse_args()
    results = args.results or BENCH_DIR / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    sys.path.insert(0, str(REPO))
    info = machine_info()
    start = clock()
    with tempfile.TemporaryDirectory(prefix="claim-bench-") as tmp:
        # One data folder for the run and its children, as for a user after the app's first start: the
        # first database opened here fills the schema check's cache (the first start after an install or
        # upgrade computes it, importing sqlite-utils and, through it, numpy: +25 MB, once).
        os.environ["ANNOTATOR_DATA_DIR"] = str(Path(tmp) / "data")
        figures, notes = run_all(args.quick, Path(tmp), set(args.only) if args.only else None)
    seconds = clock() - start
    write_results(results, render(figures, notes, info, args.quick, seconds))
    print(f"[bench] wrote {results} in {seconds:.0f} s", file=sys.stderr)
    print(json.dumps({key: figures[key] for key in KEYS}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
