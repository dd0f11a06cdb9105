"""A whole ``annotator suggest`` process over 300 articles versus a bare spaCy sentencizer process over the
same texts, side by side.

suggest_process_ratio = wall time of ``annotator suggest DB`` (start-up, reading the articles from SQLite, the
rule pipeline, storing every suggestion in its transaction) ÷ wall time of a ``python`` process that imports
spaCy, reads the same 300 texts from files and pipes them through ``spacy.blank("en") + sentencizer``. The bar
is <= 2. The two processes alternate (ABBA); each suggest run gets a fresh copy of the imported database
(copying is not timed), so every run does the full work; the ratio is the median of adjacent pairs.

With ``--baseline DIR`` (a checkout or ``git archive`` of another commit), the same ``annotator suggest`` is
also run from DIR's ``annotator`` package (PYTHONPATH) in the same rotation, so before and after are
measured side by side under the same load.

    python bench/bench_suggest_process.py [--quick] [--articles N] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_suggest import _texts  # noqa: E402  (the same rotated copies of the labelled articles)

BARE = """
import sys
from pathlib import Path
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
print(sum(sum(1 for _ in doc.sents) for doc in nlp.pipe(texts, batch_size=64)))
"""


def _annotator() -> str:
    found = Path(sys.executable).with_name("annotator")
    return str(found) if found.exists() else shutil.which("annotator") or "annotator"


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def measure(quick: bool = False, articles: int = 300, baseline: Path | None = None) -> dict[str, float]:
    repeats = 3 if quick else 7
    base = _texts(-(-articles // 5))[:articles]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "articles"
        folder.mkdir()
        for i, text in enumerate(base):
            (folder / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
        imported = work / "imported.db"
        subprocess.run([_annotator(), "import", str(imported), str(folder)], check=True, capture_output=True)
        bare_cmd = [sys.executable, "-c", BARE, str(folder)]

        def suggest_with(env: dict[str, str] | None) -> float:
            db = work / "run.db"
            shutil.copyfile(imported, db)
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            return _timed([_annotator(), "suggest", str(db)], env)

        def run_suggest() -> float:
            return suggest_with(None)

        def run_bare() -> float:
            return _timed(bare_cmd)

        base_env = None if baseline is None else {**os.environ, "PYTHONPATH": str(baseline.resolve())}

        def run_baseline() -> float:
            return suggest_with(base_env)

        runs: dict[object, list[float]] = {run_bare: [], run_suggest: [], run_baseline: []}
        fns = [run_bare, run_suggest] + ([run_baseline] if baseline is not None else [])
        for fn in fns:
            fn()  # warm the file cache and the bytecode caches
        for i in range(repeats):
            for fn in fns if i % 2 == 0 else fns[::-1]:
                runs[fn].append(fn())
    suggest_times, bare_times, base_times = runs[run_suggest], runs[run_bare], runs[run_baseline]
    ratio = statistics.median(s / b for s, b in zip(suggest_times, bare_times, strict=True))
    figures: dict[str, float] = {
        "suggest_process_ratio": round(ratio, 2),
        "suggest_process_s": round(statistics.median(suggest_times), 2),
        "sentencizer_process_s": round(statistics.median(bare_times), 2),
        "articles": articles,
    }
    if base_times:
        figures["baseline_process_ratio"] = round(
            statistics.median(s / b for s, b in zip(base_times, bare_times, strict=True)), 2
        )
        figures["baseline_process_s"] = round(statistics.median(base_times), 2)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    ap.add_argument("--articles", type=int, default=300, help="how many articles (default 300)")
    ap.add_argument("--baseline", type=Path, help="also time `annotator suggest` from this source tree")
    args = ap.parse_args(argv)
    figures = measure(args.quick, args.articles, args.baseline)
    print(
        f"annotator suggest over {figures['articles']} articles: {figures['suggest_process_s']} s; bare "
        f"sentencizer process: {figures['sentencizer_process_s']} s; "
        f"ratio {figures['suggest_process_ratio']} "
        "(bar <= 2)"
    )
    if "baseline_process_s" in figures:
        print(
            f"baseline ({args.baseline}): {figures['baseline_process_s']} s; "
            f"ratio {figures['baseline_process_ratio']}"
        )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
