"""Size: articles longer than spaCy's max_length are suggested in chunks with exact offsets, and big text
files import exactly and within bounded memory.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_helpers import HERE, count

from annotator.core.text import normalize_text
from annotator.nlp.suggester import Suggestion, load_pipeline, suggest
from annotator.services import claims as svc
from annotator.services.importing import import_paths
from annotator.services.library import sample_article_text
from annotator.store import Store

LINE = "Officials said the figure rose 📈 by 4 % in Kyiv 🇺🇦 — “قال” 中文 e\u0301 👩‍👩‍👧.\r\n"


def emoji_article(copies: int) -> str:
    """The sample article with astral characters sprinkled in, repeated ``copies`` times."""
    text = sample_article_text().replace("AI", "AI 🤖").replace("DeepSeek", "DeepSeek 🐳")
    return "\n\n".join([text] * copies)


@pytest.fixture
def pipeline() -> Iterator[object]:
    nlp = load_pipeline()
    old = nlp.max_length
    yield nlp
    nlp.max_length = old  # the pipeline is cached and shared with other tests


def assert_same_suggestions(chunked: list[Suggestion], whole: list[Suggestion], text: str) -> None:
    assert chunked, "the sample article should yield suggestions"
    assert [(s.start, s.end, s.label, s.source, s.cue) for s in chunked] == [
        (s.start, s.end, s.label, s.source, s.cue) for s in whole
    ]
    for s in chunked:
        assert text[s.start : s.end].strip() == text[s.start : s.end]  # a real span, not shifted by emoji


def test_suggestions_in_chunks_keep_exact_offsets(pipeline: object) -> None:
    text = emoji_article(3)
    whole = suggest(text, nlp=pipeline)  # type: ignore[arg-type]
    longest_paragraph = max(len(p) for p in text.split("\n\n"))
    pipeline.max_length = longest_paragraph + 10  # type: ignore[attr-defined]
    assert len(text) > 3 * pipeline.max_length  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="E088"):
        pipeline(text)  # type: ignore[operator]  # proves the text could not be processed in one piece
    chunked = suggest(text, nlp=pipeline)  # type: ignore[arg-type]
    assert_same_suggestions(chunked, whole, text)
    count("suggester chunked characters", len(text))


@pytest.mark.slow
def test_article_larger_than_default_max_length(pipeline: object) -> None:
    big = emoji_article(1_000_000 // len(emoji_article(1)) + 2)
    assert len(big) > pipeline.max_length  # type: ignore[attr-defined]  # the real default: 1,000,000
    chunked = suggest(big, nlp=pipeline)  # type: ignore[arg-type]
    pipeline.max_length = len(big) + 1  # type: ignore[attr-defined]
    whole = suggest(big, nlp=pipeline)  # type: ignore[arg-type]
    assert_same_suggestions(chunked, whole, big)
    count("suggester chunked characters", len(big))


def write_big(path: Path, megabytes: int) -> str:
    repeat = megabytes * 1024 * 1024 // len(LINE.encode("utf-8"))
    raw = "\ufeffBig article\r\n" + LINE * repeat + "The end 🏁"
    path.write_bytes(raw.encode("utf-8"))
    return normalize_text(raw)


def test_large_text_file_imports_exactly(tmp_path: Path) -> None:
    path = tmp_path / "big article ü.txt"
    expected = write_big(path, 2)
    with Store(tmp_path / "big.db") as store:
        (article,) = import_paths(store, [path], annotator="tester").articles
        text = store.get_document(article.doc_id).text
        assert hashlib.sha256(text.encode()).digest() == hashlib.sha256(expected.encode()).digest()
        start = len(text) - len("The end 🏁")
        claim = svc.add_claim(
            store, article.doc_id, start, len(text), annotator="tester", label="factual"
        ).claim
        assert claim.text == "The end 🏁"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_20_mb_text_file_imports_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "twenty megabytes.txt"
    expected = write_big(path, 20)
    db = tmp_path / "big.db"
    out = subprocess.run(
        [sys.executable, str(HERE / "child_import_memory.py"), str(db), str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(out)
    grown_mib = (figures["peak_kib"] - figures["baseline_kib"]) / 1024
    # The text is held as a 4-byte-per-character str (it has emoji) a few times over; 400 MiB is about
    # twice what it takes today, and far from what a leak or a per-line copy would need.
    assert grown_mib < 400, f"importing 20 MB grew the process by {grown_mib:.0f} MiB"
    with Store(db) as store:
        assert store.get_document(figures["doc_id"]).text == expected
    count("20 MB import peak growth MiB", round(grown_mib))
