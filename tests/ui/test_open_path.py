"""Opening a long article: the text is painted first, the worker and the settings write come after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings

from annotator.services import claims as claim_service
from annotator.store import Store
from annotator.ui.mainwindow import MainWindow
from annotator.ui.mainwindow import documents as mainwindow
from annotator.ui.settings import SettingsStore


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


@pytest.fixture
def long_articles(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> str:
    """Every article counts as long (its claims are loaded on the worker); returns one with a claim."""
    monkeypatch.setattr(mainwindow, "ASYNC_CLAIMS", 0)
    with Store(db_path) as store:
        doc_id = store.document_ids()[0]
        text = store.get_document(doc_id).text
        start = text.index("Nvidia")
        claim_service.add_claim(store, doc_id, start, start + 6, annotator="tester", label="factual")
    return doc_id


def test_the_claims_are_loaded_after_the_first_paint(qtbot, db_path: Path, make_window, long_articles):
    window = make_window(db_path)
    qtbot.waitUntil(lambda: not window.loading, timeout=5000)
    counter = PaintCounter()
    window.article_view.viewport().installEventFilter(counter)
    paints_at_submit: list[int] = []
    submit = window.runner.submit

    def recording_submit(name: str, fn: Any) -> Any:
        paints_at_submit.append(counter.paints)
        return submit(name, fn)

    window.runner.submit = recording_submit  # type: ignore[method-assign]
    window.open_document(long_articles)
    assert window.loading and not paints_at_submit  # nothing started before the text is painted
    qtbot.waitUntil(lambda: not window.loading, timeout=5000)
    assert paints_at_submit and paints_at_submit[0] >= 1
    assert len(window.index) == 1


def test_a_window_that_is_never_painted_still_loads_its_claims(
    qtbot, db_path: Path, settings: QSettings, long_articles
):
    window = MainWindow(Store(db_path), "tester", settings)  # never shown
    try:
        assert window.loading
        qtbot.waitUntil(lambda: not window.loading, timeout=5000)
        assert len(window.index) == 1
    finally:
        window.runner.shutdown()
        window.store.close()
        window.deleteLater()


def test_the_open_article_is_remembered(qtbot, tmp_path: Path, db_path: Path, make_window, settings):
    other = tmp_path / "other.txt"
    other.write_text("Another article.\n\nThe minister said the bridge cost $3 million.\n", encoding="utf-8")
    from annotator.services.importing import import_paths

    with Store(db_path) as store:
        second = import_paths(store, [other], annotator="t").articles[0].doc_id
    window = make_window(db_path)
    window.open_document(second)
    prefs = SettingsStore(settings)
    qtbot.waitUntil(lambda: prefs.last_document(str(window.store.path)) == second, timeout=3000)
    first = next(doc_id for doc_id in window.documents_model.ids() if doc_id != second)
    window.open_document(first)
    window.close()  # written on closing even before the window has painted again
    assert prefs.last_document(str(window.store.path)) == first


def test_the_article_reopened_keeps_its_body_without_the_body_finder(
    qtbot, db_path: Path, make_window, settings, monkeypatch: pytest.MonkeyPatch
):
    first = make_window(db_path)
    body = first.highlighter.body
    assert body is not None  # the sample's headline and author bio are greyed
    # written after the paint
    qtbot.waitUntil(lambda: bool(SettingsStore(settings).value("last_body")), timeout=3000)
    first.close()

    def no_finder(_text: str) -> tuple[int, int]:
        raise AssertionError("the body finder ran for the article shown last")

    monkeypatch.setattr(mainwindow, "find_body", no_finder)
    again = make_window(db_path)
    assert again.highlighter.body == body


def test_a_remembered_body_is_not_used_once_the_rules_change(
    qtbot, db_path: Path, make_window, settings, monkeypatch: pytest.MonkeyPatch
):
    first = make_window(db_path)
    qtbot.waitUntil(lambda: bool(SettingsStore(settings).value("last_body")), timeout=3000)
    body = first.highlighter.body
    first.close()
    monkeypatch.setattr("annotator.nlp.body_rules_digest", lambda: "other rules")
    found = []
    real = mainwindow.find_body
    monkeypatch.setattr(mainwindow, "find_body", lambda text: found.append(text) or real(text))
    again = make_window(db_path)
    assert len(found) == 1 and again.highlighter.body == body
    prefs = SettingsStore(settings)
    assert prefs.known_body(again.doc.id, "stale") is None
