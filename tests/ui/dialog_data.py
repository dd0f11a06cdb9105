"""A small database for the dialog tests: three articles, claims of two annotators in every status."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services.importing import import_paths
from annotator.store import Store

# An emoji (two UTF-16 units each) before the word searched for: Qt's offsets would be off by four.
EMOJI_TEXT = "🎉🎉 Party news: the zebra escaped from the zoo."

ARTICLES = [
    {
        "id": "d1",
        "title": "First",
        "text": "Alice said the sky is green. Bob denied it.",
        "claims": [
            {"start": 0, "end": 28, "label": "attributed", "status": "accepted", "annotator": "alice"},
            {"start": 29, "end": 43, "label": "disputed", "status": "suggested", "annotator": "bob"},
        ],
    },
    {
        "id": "d2",
        "title": "Second",
        "text": "Prices rose 5% in May. Prices fell in June.",
        "claims": [
            {"start": 0, "end": 22, "label": "factual", "status": "accepted", "annotator": "alice"},
            {"start": 23, "end": 43, "label": "factual", "status": "rejected", "annotator": "alice"},
        ],
    },
    {"id": "d3", "title": "Zoo", "text": EMOJI_TEXT, "claims": []},
]


def write_jsonl(path: Path, articles: list[dict] = ARTICLES) -> Path:
    lines = []
    for article in articles:
        claims = [{**c, "text": article["text"][c["start"] : c["end"]]} for c in article["claims"]]
        lines.append(json.dumps({**article, "meta": {}, "claims": claims}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_database(folder: Path) -> Path:
    db = folder / "dialogs.db"
    with Store(db) as store:
        import_paths(store, [write_jsonl(folder / "seed.jsonl")], annotator="tester")
    return db


def dispose(dialog) -> None:  # type: ignore[no-untyped-def]
    """Stop a dialog's worker and delete the dialog now, on the GUI thread: a dialog left to the garbage
    collector can be deleted at any later moment, from any thread, in the middle of another test."""
    from PySide6.QtCore import QCoreApplication, QEvent

    dialog.runner.shutdown()
    dialog.close()
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
