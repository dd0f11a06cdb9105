"""Helpers for the team tests: small databases, one per annotator, on the same articles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from annotator.core.model import Claim
from annotator.formats.readers import ArticleIn
from annotator.services.claims import add_claim
from annotator.services.importing import import_article
from annotator.store import Store

# 60 numbered sentences: every sentence is a span that annotators can mark.
SENTENCES = [f"Sentence number {i:02d} says something checkable." for i in range(60)]
ARTICLE = " ".join(SENTENCES)
SECOND_ARTICLE = "The minister said taxes will fall. Critics doubt it. Unemployment was 5% in May."


def sentence_span(index: int) -> tuple[int, int]:
    start = ARTICLE.index(SENTENCES[index])
    return start, start + len(SENTENCES[index])


def add_suggestions(store: Store, doc_id: str, count: int, label: str = "factual") -> list[Claim]:
    """The suggester's claims on the first ``count`` sentences, as a lead's suggest run leaves them."""
    from annotator.core.model import SUGGESTER

    return [
        add_claim(
            store, doc_id, *sentence_span(i), annotator="lead", owner=SUGGESTER, status="suggested",
            origin="suggester", label=label,
        ).claim
        for i in range(count)
    ]  # fmt: skip


def add_article(store: Store, text: str = ARTICLE, *, annotator: str = "tester") -> str:
    return import_article(store, ArticleIn(text, text[:20]), annotator=annotator).doc_id


LabelSpec = Sequence[tuple[int, str | None]]  # (sentence index, label)


@pytest.fixture
def make_db(tmp_path: Path) -> Callable[..., Path]:
    """make_db("alice", [(0, "factual"), (1, "disputed")]) -> path of alice's database on ARTICLE."""

    def make(name: str, labels: LabelSpec = (), *, file: str | None = None, status: str = "accepted") -> Path:
        path = tmp_path / (file or f"{name}.db")
        with Store(path) as store:
            doc_id = add_article(store, annotator=name)
            for index, label in labels:
                start, end = sentence_span(index)
                add_claim(store, doc_id, start, end, annotator=name, label=label, status=status)
        return path

    return make
