"""Shared helpers of the format tests: data paths, a database snapshot, a populated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.formats.readers import ArticleIn
from annotator.services.importing import import_article
from annotator.store import Store

DATA = Path(__file__).parent / "data"


def snapshot(store: Store) -> tuple[Any, ...]:
    """Everything an import could change, to assert that a refused file changed nothing."""
    rows = store.conn.execute
    return (
        rows("SELECT * FROM documents ORDER BY rowid").fetchall(),
        rows("SELECT * FROM claims ORDER BY rowid").fetchall(),
        rows("SELECT count(*) FROM events").fetchone(),
        rows("SELECT name FROM annotators ORDER BY name").fetchall(),
    )


def claim(text: str, fragment: str, label: str | None = "factual", **fields: Any) -> dict[str, Any]:
    start = text.index(fragment)
    return {"start": start, "end": start + len(fragment), "label": label, **fields}


def populate(store: Store) -> list[str]:
    """Three articles with claims of every status, two annotators, an emoji and formula-like text."""
    first = "Prices rose 5% in 2024 🚀, Alice said.\n-10 is the low =SUM(A1) claims Bob.\nNo one doubts it."
    second = "Critics doubt the figures 👩‍👩‍👧.\nThe bridge opened in 1932."
    third = "An article without claims."
    articles = [
        ArticleIn(
            first,
            "Prices",
            {
                "url": "https://example.org/p",
                "author": "Ann",
                "published": "2025-01-01",
                "source_path": "p.txt",
            },
            claims=[
                claim(
                    first,
                    "Prices rose 5% in 2024 🚀, Alice said.",
                    "attributed",
                    source={"start": first.index("Alice"), "end": first.index("Alice") + 5},
                    cue={"start": first.index("said"), "end": first.index("said") + 4},
                    verdict="true",
                    note="checked\tagainst the =stats",
                    evidence=["https://stats.example.org/a", "https://stats.example.org/b"],
                    annotator="alice",
                    confidence=0.82,
                ),
                claim(first, "-10 is the low =SUM(A1) claims Bob.", "factual", annotator="bob"),
                claim(first, "No one doubts it.", None, status="suggested", annotator="alice"),
            ],
        ),
        ArticleIn(
            second,
            "@Critics",
            {"source_path": "c.txt"},
            claims=[
                claim(second, "Critics doubt the figures 👩‍👩‍👧.", "disputed", annotator="alice"),
                claim(second, "The bridge opened in 1932.", "factual", status="rejected", annotator="bob"),
                claim(second, "The bridge opened in 1932.", "factual", annotator="alice"),
            ],
        ),
        ArticleIn(third, "Empty", {}),
    ]
    return [import_article(store, article, annotator="tester").doc_id for article in articles]


class Recorder:
    """A Progress (annotator.core.progress) that records "done/total message" and cancels on request."""

    def __init__(self, steps: list[str] | None = None, cancel_after: int | None = None) -> None:
        self.steps = [] if steps is None else steps
        self.cancel_after = cancel_after

    def step(self, done: int, total: int, message: str = "") -> None:
        self.steps.append(f"{done}/{total} {message}")

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.steps) >= self.cancel_after
