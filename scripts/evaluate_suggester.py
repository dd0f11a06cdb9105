"""Evaluate the claim suggester against the hand-labelled articles in ``tests/data/``, side by side with a
10-line regex baseline.

    python scripts/evaluate_suggester.py            # summary table
    python scripts/evaluate_suggester.py -v         # plus every miss, false alarm and wrong label/source
    python scripts/evaluate_suggester.py --json     # the figures as JSON

A suggestion matches a gold claim when their spans overlap with Jaccard >= 0.5 (one-to-one, best first).
Label accuracy is over matched pairs; source (cue) accuracy is over matched gold claims that have a source
(cue): the predicted span must overlap the gold one by at least half of the shorter of the two.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.nlp.suggester import load_pipeline, suggest_many  # noqa: E402

DATA = ROOT / "tests" / "data"
# Written and labelled after the rules were frozen (the others were written while developing them).
HELD_OUT = frozenset({"valleygrid-heatwave", "nordline-ferry-fire", "voss-housing-interview", "rovers-cup-semifinal"})
Span = tuple[int, int]


@dataclass
class Pred:
    start: int
    end: int
    label: str
    source: Span | None = None
    cue: Span | None = None


# ------------------------------------------------------------------ the 10-line regex baseline (whole text)
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’]*|$)")
_ATTR = re.compile(
    r"\b(said|says|say|according to|claims?|claimed|noted|told|acknowledged|argued?|announced|"
    r"suggest(?:ed|s|ing)|warned|added|insisted|wrote|estimated?)\b",
    re.I,
)
_DISP = re.compile(
    r"\b(skeptic\w*|doubts?|doubted|disputed|denied|rejected|questioned|challenged|refuted|"
    r"contested|alleged|without evidence|inflated|critics)\b",
    re.I,
)
_FACT = re.compile(r"\d|\$|%|\b(launched|unveiled|released|voted|fell|rose)\b", re.I)


def regex_baseline(text: str) -> list[Pred]:
    out = []
    for m in _SENT.finditer(text):
        s, e = m.start() + len(m.group()) - len(m.group().lstrip()), m.end()
        label = (
            "disputed"
            if _DISP.search(m.group())
            else "attributed"
            if _ATTR.search(m.group())
            else "factual"
            if _FACT.search(m.group())
            else None
        )
        if label and len(m.group().split()) >= 4:
            out.append(Pred(s, e, label))
    return out


# ------------------------------------------------------------------------------------------------------------


def load_gold() -> list[dict]:
    with open(DATA / "suggester_gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_bodies(records: list[dict]) -> dict[str, Span]:
    marks = json.loads((DATA / "suggester_body.json").read_text(encoding="utf-8"))
    bodies = {}
    for rec in records:
        first, last = marks[rec["id"]]
        start = rec["text"].index(first)
        bodies[rec["id"]] = (start, rec["text"].index(last, start) + len(last))
    return bodies


def _jaccard(a: Span, b: Span) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _overlaps_half(a: Span | None, b: Span | None) -> bool:
    if a is None or b is None:
        return False
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    label_ok: int = 0
    source_total: int = 0
    source_ok: int = 0
    cue_total: int = 0
    cue_ok: int = 0
    boilerplate: int = 0
    notes: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "label_accuracy": round(self.label_ok / self.matched, 3) if self.matched else 0.0,
            "source_accuracy": round(self.source_ok / self.source_total, 3) if self.source_total else 0.0,
            "cue_accuracy": round(self.cue_ok / self.cue_total, 3) if self.cue_total else 0.0,
            "boilerplate_suggestions": self.boilerplate,
            "gold": self.gold,
            "suggested": self.pred,
        }


def score(records: list[dict], predictions: list[list[Pred]], bodies: dict[str, Span]) -> Score:
    sc = Score()
    for rec, preds in zip(records, predictions, strict=True):
        text, gold = rec["text"], rec["claims"]
        body = bodies[rec["id"]]
        sc.gold += len(gold)
        sc.pred += len(preds)
        sc.boilerplate += sum(1 for p in preds if p.start < body[0] or p.end > body[1])
        pairs = sorted(
            (
                (_jaccard((g["start"], g["end"]), (p.start, p.end)), gi, pi)
                for gi, g in enumerate(gold)
                for pi, p in enumerate(preds)
            ),
            reverse=True,
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for j, gi, pi in pairs:
            if j < 0.5 or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = gold[gi], preds[pi]
            sc.matched += 1
            if g["label"] == p.label:
                sc.label_ok += 1
            else:
                sc.notes.append(f"[{rec['id']}] LABEL {p.label} != gold {g['label']}: {g['text'][:80]}")
            if g["label"] == "attributed" and g.get("source"):
                sc.source_total += 1
                gs = (g["source"]["start"], g["source"]["end"])
                if _overlaps_half(gs, p.source):
                    sc.source_ok += 1
                else:
                    got = text[p.source[0] : p.source[1]] if p.source else None
                    sc.notes.append(f"[{rec['id']}] SOURCE {got!r} != gold {g['source']['text']!r}")
            if g.get("cue"):
                sc.cue_total += 1
                if _overlaps_half((g["cue"]["start"], g["cue"]["end"]), p.cue):
                    sc.cue_ok += 1
        for gi, g in enumerate(gold):
            if gi not in used_g:
                sc.notes.append(f"[{rec['id']}] MISSED {g['label']}: {g['text'][:90]}")
        for pi, p in enumerate(preds):
            if pi not in used_p:
                sc.notes.append(f"[{rec['id']}] FALSE {p.label}: {text[p.start : p.end][:90]}")
    return sc


def suggester_predictions(records: list[dict], model: str | None = None) -> list[list[Pred]]:
    nlp = load_pipeline(model)
    return [
        [Pred(s.start, s.end, s.label, s.source, s.cue) for s in sugs]
        for sugs in suggest_many((r["text"] for r in records), nlp=nlp)
    ]


def evaluate(model: str | None = None) -> dict[str, dict[str, float | int]]:
    """Figures for the suggester and the regex baseline (used by the docs and a regression test)."""
    records = load_gold()
    bodies = gold_bodies(records)
    systems: dict[str, Callable[[], list[list[Pred]]]] = {
        "suggester": lambda: suggester_predictions(records, model),
        "regex baseline": lambda: [regex_baseline(r["text"]) for r in records],
    }
    return {name: score(records, run(), bodies).figures() for name, run in systems.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="an installed trained spaCy pipeline (name or path)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every error of the suggester")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    records = load_gold()
    bodies = gold_bodies(records)
    ours = suggester_predictions(records, args.model)
    baseline = [regex_baseline(r["text"]) for r in records]
    held = [i for i, r in enumerate(records) if r["id"] in HELD_OUT]
    results = {
        "suggester": score(records, ours, bodies),
        "regex baseline": score(records, baseline, bodies),
        "suggester (held-out)": score([records[i] for i in held], [ours[i] for i in held], bodies),
        "regex (held-out)": score([records[i] for i in held], [baseline[i] for i in held], bodies),
    }
    if args.json:
        print(json.dumps({k: v.figures() for k, v in results.items()}, indent=2))
        return 0
    keys = list(results["suggester"].figures())
    print(f"{len(records)} articles ({len(held)} held out), {results['suggester'].gold} gold claims\n")
    print(f"{'':24}" + "".join(f"{name:>22}" for name in results))
    for key in keys:
        print(f"{key:24}" + "".join(f"{v.figures()[key]:>22}" for v in results.values()))
    if args.verbose:
        print()
        print("\n".join(results["suggester"].notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
