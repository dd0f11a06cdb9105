"""The quality bars of the issue, measured on the labelled articles in tests/data (a regression guard)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _evaluate() -> dict:
    path = ROOT / "scripts" / "evaluate_suggester.py"
    spec = importlib.util.spec_from_file_location("evaluate_suggester", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.evaluate()


def test_gold_file_is_native_jsonl_with_consistent_offsets() -> None:
    for line in (ROOT / "tests" / "data" / "suggester_gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for claim in record["claims"]:
            assert record["text"][claim["start"] : claim["end"]] == claim["text"]
            for part in ("source", "cue"):
                if claim[part]:
                    assert record["text"][claim[part]["start"] : claim[part]["end"]] == claim[part]["text"]
                    assert claim["start"] <= claim[part]["start"] < claim[part]["end"] <= claim["end"]


def test_suggester_meets_the_bars_and_beats_the_regex_baseline() -> None:
    figures = _evaluate()
    ours, regex = figures["suggester"], figures["regex baseline"]
    assert ours["recall"] >= 0.9 and ours["precision"] >= 0.8
    assert ours["label_accuracy"] >= 0.9 and ours["source_accuracy"] >= 0.75
    assert ours["boilerplate_suggestions"] == 0
    assert ours["f1"] > regex["f1"] and ours["label_accuracy"] > regex["label_accuracy"]
