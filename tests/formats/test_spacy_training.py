"""The spaCy DocBin export feeds a spancat `spacy train` as it is: `spacy debug data` accepts it.

About 6 s (two spaCy subprocesses), so it runs with the fast tests; the DocBin load itself is tested in
test_export_formats.py.
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
        import_article(store, ArticleIn(text, f"Report {n}", claims=claims), annotator="tester")


def test_spacy_debug_data_accepts_the_export_with_a_generated_spancat_config(
    store: Store, tmp_path: Path
) -> None:
    populate(store)
    _corpus(store, 120)
    data = tmp_path / "train.spacy"
    export(store, "spacy", data)
    config = tmp_path / "config.cfg"
    spacy = [sys.executable, "-m", "spacy"]
    # Offline: a blank English spancat pipeline, no vectors, nothing downloaded.
    subprocess.run(
        [*spacy, "init", "config", str(config), "--pipeline", "spancat", "--lang", "en"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = subprocess.run(
        [*spacy, "debug", "data", str(config), "--paths.train", str(data), "--paths.dev", str(data)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Corpus is loadable" in result.stdout
    assert "spans_key 'sc'" in result.stdout or "'sc'" in result.stdout
    for label in ("attributed", "disputed", "factual"):
        assert label in result.stdout
