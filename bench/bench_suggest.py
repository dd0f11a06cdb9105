"""Throughput of the claim suggester's rule pipeline versus spaCy's bare sentencizer on the same texts.

suggest_ratio = words/s of ``suggest_many`` (body finding, tokenizer, claim_sentencizer, cue PhraseMatcher,
claim finder) ÷ words/s of ``spacy.blank("en") + sentencizer`` piped over the same articles. The bar is
>= 0.5. Both runs are interleaved (ABBA) in one process, each warmed up first; the ratio is the median of
the ratios of adjacent pairs, so load from other work on the machine hits both sides of a pair alike.

    python bench/bench_suggest.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

ARTICLES = REPO / "tests" / "data" / "articles"


def _texts(copies: int) -> list[str]:
    """The labelled articles, each copy with its digits rotated so that no two texts are equal (nothing can
    profit from having seen a text before)."""
    base = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    out: list[str] = []
    for k in range(copies):
        rotate = str.maketrans("0123456789", "0123456789"[k % 10 :] + "0123456789"[: k % 10])
        out.extend(f"{text.translate(rotate)}\n\nArticle {k}." for text in base)
    return out


def measure(quick: bool = False) -> dict[str, float]:
    """Words per second of the suggester and of the bare sentencizer, and their ratio."""
    import spacy

    from annotator.nlp.suggester import load_pipeline, suggest_many

    texts = _texts(8 if quick else 40)
    words = sum(len(t.split()) for t in texts)
    repeats = 5 if quick else 11
    rules = load_pipeline()
    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")

    def run_rules() -> float:
        start = time.perf_counter()
        for _ in suggest_many(texts, nlp=rules, batch_size=64):
            pass
        return time.perf_counter() - start

    def run_bare() -> float:
        start = time.perf_counter()
        for doc in bare.pipe(texts, batch_size=64):
            sum(1 for _ in doc.sents)  # what a consumer of sentences does at the least
        return time.perf_counter() - start

    run_rules(), run_bare()  # warm-up: tokenizer caches, lazy imports
    rule_times: list[float] = []
    bare_times: list[float] = []
    for i in range(repeats):
        order = (run_bare, run_rules) if i % 2 == 0 else (run_rules, run_bare)
        for fn in order:
            (bare_times if fn is run_bare else rule_times).append(fn())
    rule_wps = words / statistics.median(rule_times)
    bare_wps = words / statistics.median(bare_times)
    # The ratio of each adjacent pair, then the median: a burst of load from elsewhere hits one pair only.
    ratio = statistics.median(b / r for b, r in zip(bare_times, rule_times, strict=True))
    return {
        "suggest_ratio": round(ratio, 3),
        "suggest_words_per_s": round(rule_wps),
        "sentencizer_words_per_s": round(bare_wps),
        "suggest_words": words,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer texts and repeats")
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
