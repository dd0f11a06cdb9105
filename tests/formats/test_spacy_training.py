"""The spaCy DocBin export feeds a spancat `spacy train` as it is: `spacy debug data` accepts it, the
config.cfg written beside it trains as it is, and no claim is dropped by training's tokenizer.

About 20 s (spaCy subprocesses, a few CPU training steps), so it runs with the fast tests; the DocBin load
itself is tested in test_export_formats.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.formats.readers import ArticleIn
from annotator.services.exporting import export
from annotator.services.importing import import_article
from annotator.store import Store

from .helpers import claim, populate

SOURCES = ["Alice Dupont", "the ministry", "Bob 🚀 Lee", "analysts at the bank", "a spokesperson"]
CUES = ["said", "noted", "claimed", "told reporters", "argued"]


def _corpus(store: Store, articles: int) -> None:
    """More articles than spaCy's minimum for a new pipeline (100), every label well represented."""
    for n in range(articles):
        source, cue = SOURCES[n % 5], CUES[(n // 5) % 5]
        attributed = f"{source} {cue} that prices rose {n}% in {2000 + n}."
        disputed = f"Critics doubt the figure of {n * 7} jobs."
        factual = f"The plant opened in {1900 + n} with {n + 3} workers."
        text = f"Report {n}.\n{attributed} {disputed}\n{factual} The rest is analysis."
        claims = [
            claim(text, attributed, "attributed"),
            claim(text, disputed, "disputed"),
            claim(text, factual, "factual"),
        ]
        if n % 10 == 0:  # claims that end inside a token of spaCy's tokenizer, as people select them
            text += " The revenue grew 40% and 中文文本在这里很长。"
            claims += [claim(text, "venue grew 40", "factual"), claim(text, "文本在", "factual")]
        import_article(store, ArticleIn(text, f"Report {n}", claims=claims), annotator="tester")


def test_spacy_debug_data_accepts_the_export_with_its_config(store: Store, tmp_path: Path) -> None:
    populate(store)
    _corpus(store, 120)
    data = tmp_path / "train.spacy"
    (config,) = export(store, "spacy", data).extra_files
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "data", str(config), "--paths.train", str(data),
         "--paths.dev", str(data)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Corpus is loadable" in result.stdout
    assert "spans_key 'sc'" in result.stdout or "'sc'" in result.stdout
    for label in ("attributed", "disputed", "factual"):
        assert label in result.stdout


def test_the_written_config_trains_and_no_span_is_dropped(store: Store, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    _corpus(store, 120)
    folder = tmp_path / "training run"
    folder.mkdir()
    report = export(store, "spacy", folder / "train.spacy")
    config = folder / "config.cfg"
    assert report.extra_files == [config]
    # The claims that end inside a token were widened, and the report says so with an example.
    widened = [w for w in report.warnings if "widened to whole tokens" in w]
    assert widened and widened[0].startswith("24 claim(s)") and "'venue grew 40'" in widened[0]
    assert "→ 'revenue grew 40'" in widened[0]
    # Every span the DocBin holds survives the alignment spacy train makes with its own tokenization.
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(folder / "train.spacy").get_docs(nlp.vocab))
    assert sum(len(doc.spans["sc"]) for doc in docs) == report.claims == 120 * 3 + 24
    for doc in docs:
        example = Example(nlp.make_doc(doc.text), doc)
        assert len(example.get_aligned_spans_y2x(doc.spans["sc"], allow_overlap=True)) == len(doc.spans["sc"])
    # The suggester covers the longest claim (the default 1-3 tokens cannot propose a 15-token claim).
    longest = max(len(span) for doc in docs for span in doc.spans["sc"])
    text = config.read_text("utf-8")
    assert f"max_size = {longest}" in text and "ngram_range_suggester" in text
    # python -m spacy train config.cfg, as it is, in that folder (a few CPU steps).
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "train", "config.cfg", "--training.max_steps", "4",
         "--training.eval_frequency", "2", "--output", "model"],
        cwd=folder, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (folder / "model" / "model-last" / "config.cfg").exists()
