"""Evaluate the claim suggester against the hand-labelled articles in ``tests/data/``, side by side with a
10-line regex baseline.

    python scripts/evaluate_suggester.py            # summary table
    python scripts/evaluate_suggester.py -v         # plus every miss, false alarm and wrong label/source
    python scripts/evaluate_suggester.py --json     # the figures as JSON
    python scripts/evaluate_suggester.py --calibrate [--gum DIR]   # confidence bands: how often right

A suggestion matches a gold claim when their spans overlap with Jaccard >= 0.5 (one-to-one, best first).
Label accuracy is over matched pairs; source (cue) accuracy is over matched gold claims that have a source
(cue): the predicted span must overlap the gold one by at least half of the shorter of the two. The figures
of issue #17 are reported too: precision of ``attributed`` suggestions and recall of the gold attributions
cued by a plain reporting verb (the fixed list of ``../shared/eval/score.py``, the scorer of GUM news).
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

from annotator.nlp.calibration import BANDS, raw_scores  # noqa: E402
from annotator.nlp.suggester import load_pipeline, suggest_many  # noqa: E402

DATA = ROOT / "tests" / "data"
# Written and labelled after the rules were frozen (the others were written while developing them).
GUM = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "eval" / "gum-news",
            ROOT.parent.parent / "shared" / "eval" / "gum-news",
        )
        if p.is_dir()
    ),
    None,
)
# The plain reporting verbs of the eval scorer (../shared/eval/score.py), fixed before looking at output.
REPORTING_CUE = re.compile(
    r"\b(?:said|says|say|saying|told|tell|tells|telling|according|added|adds|adding|wrote|writes|writing|"
    r"stated|states|noted|notes|noting|claimed|claims|claiming|argued|argues|arguing|acknowledged|"
    r"acknowledges|explained|explains|announced|announces|insisted|insists|tweeted|tweets|declared|"
    r"declares|reported|reports|testified|confirmed|confirms|admitted|admits|asserted|replied)\b",
    re.IGNORECASE,
)
HELD_OUT = frozenset(
    {
        "valleygrid-heatwave",
        "nordline-ferry-fire",
        "voss-housing-interview",
        "rovers-cup-semifinal",
        "brenner-fraud-trial",
        "kestrel-quarterly-results",
        "pellow-dog-attack-sentencing",
        "tarn-glacier-study",
    }
)
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
    attr_pred: int = 0
    attr_right: int = 0
    rv_gold: int = 0
    rv_found: int = 0
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
            "attributed_precision": round(self.attr_right / self.attr_pred, 3) if self.attr_pred else 0.0,
            "reporting_verb_recall": round(self.rv_found / self.rv_gold, 3) if self.rv_gold else 0.0,
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
            sc.attr_right += p.label == "attributed" == g["label"]
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
        sc.attr_pred += sum(1 for p in preds if p.label == "attributed")
        for gi, g in enumerate(gold):
            if g["label"] == "attributed" and g.get("cue") and REPORTING_CUE.search(g["cue"]["text"]):
                sc.rv_gold += 1
                sc.rv_found += gi in used_g
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


def _bands(rows: list[tuple[str, float, bool]]) -> dict[str, list[tuple[float, int, int]]]:
    """Per label and raw-score band: (band start, suggestions, right ones)."""
    out: dict[str, list[tuple[float, int, int]]] = {}
    for label in sorted({r[0] for r in rows}):
        for i, lo in enumerate(BANDS):
            hi = BANDS[i + 1] if i + 1 < len(BANDS) else 1.01
            hits = [ok for lab, conf, ok in rows if lab == label and lo <= conf < hi]
            if hits:
                out.setdefault(label, []).append((lo, len(hits), sum(hits)))
    return out


def calibration_rows(model: str | None = None, gum: Path | None = GUM) -> list[tuple[str, float, bool]]:
    """(label, confidence, right) of every judged suggestion on the development data: the articles here
    (right: matches a gold claim of the same label) and GUM news (attributed only; right: overlaps a gold
    attribution as ``score.py`` matches)."""
    records = load_gold()
    rows = []
    for rec, preds in zip(
        records, suggest_many((r["text"] for r in records), nlp=load_pipeline(model)), strict=True
    ):
        for p in preds:
            ok = any(
                _jaccard((g["start"], g["end"]), (p.start, p.end)) >= 0.5 and g["label"] == p.label
                for g in rec["claims"]
            )
            rows.append((p.label, p.confidence, ok))
    if gum is None:
        return rows
    golds = [json.loads(line) for line in (gum / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [(gum / g["doc"]).read_text(encoding="utf-8") for g in golds]
    for g, preds in zip(golds, suggest_many(texts, nlp=load_pipeline(model)), strict=True):
        for p in preds:
            if p.label != "attributed" or any(
                _overlaps_half((p.start, p.end), tuple(b)) for b in g["ignore"]
            ):
                continue
            rows.append(
                (
                    p.label,
                    p.confidence,
                    any(_overlaps_half((p.start, p.end), (c["start"], c["end"])) for c in g["claims"]),
                )
            )
    return rows


def print_calibration(model: str | None, gum: Path | None) -> None:
    with raw_scores():
        raw = _bands(calibration_rows(model, gum))
    calibrated = calibration_rows(model, gum)
    print(f"development data: tests/data articles{' + GUM news (attributed only)' if gum else ''}\n")
    print("raw rule score bands -> how often right (the table in annotator/nlp/calibration.py):")
    for label, bands in raw.items():
        for lo, n, right in bands:
            smoothed = (right + 1) / (n + 2)
            rate = f"{right:>4}/{n:<4} right = {right / n:.2f}"
            print(f"  {label:<11} raw >= {lo:.1f}: {rate}  (smoothed {smoothed:.2f})")
    print("\ncalibrated confidence -> how often right:")
    values: dict[tuple[str, float], list[bool]] = {}
    for label, conf, ok in calibrated:
        values.setdefault((label, conf), []).append(ok)
    for (label, conf), oks in sorted(values.items()):
        print(f"  {label:<11} {conf:.2f}: {sum(oks):>4}/{len(oks):<4} right = {sum(oks) / len(oks):.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="an installed trained spaCy pipeline (name or path)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every error of the suggester")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--calibrate", action="store_true", help="confidence bands and how often each was right")
    ap.add_argument(
        "--gum", type=Path, default=GUM, help="the GUM news folder of ../shared/eval (calibration)"
    )
    args = ap.parse_args(argv)
    if args.calibrate:
        print_calibration(args.model, args.gum)
        return 0
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
