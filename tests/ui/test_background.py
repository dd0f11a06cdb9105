"""Suggestions, import and export run on the worker; the window stays responsive and stale work is dropped."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.services import claims as claim_service
from annotator.store import Store
from annotator.ui.import_dialog import report_lines
from tests.conftest import child_env


@pytest.fixture
def fake_suggester(monkeypatch):
    """suggest_documents replaced by a quick one that stores one suggestion, and records its thread."""
    calls = []

    def suggest_documents(store, doc_ids, annotator, progress=None, **_):
        from annotator.services.suggest import DocumentReport, SuggestReport

        calls.append(threading.current_thread())
        doc_ids = store.document_ids() if doc_ids is None else doc_ids
        report = SuggestReport()
        for done, doc_id in enumerate(doc_ids, 1):
            text = store.get_document(doc_id).text
            start = text.index("Nvidia")
            claim_service.add_claim(
                store, doc_id, start, start + 6, annotator=annotator, status="suggested", origin="suggester"
            )
            report.documents.append(DocumentReport(doc_id, added=1))
            if progress:
                progress.step(done, len(doc_ids), doc_id)
        return report

    monkeypatch.setattr("annotator.services.suggest.suggest_documents", suggest_documents)
    return calls


def test_suggestions_run_off_the_gui_thread_and_appear(
    qtbot, db_path: Path, make_window, fake_suggester
) -> None:
    window = make_window(db_path)
    assert window.empty_banner.isVisible()  # an article without claims offers the suggester
    with qtbot.waitSignal(window.runner.busy_changed, timeout=5000, check_params_cb=lambda busy: not busy):
        window.suggest_claims()
    assert fake_suggester and fake_suggester[0] is not threading.main_thread()
    assert [c.text for c in window.claims_model.claims()] == ["Nvidia"]
    assert window.claims_model.claims()[0].status == "suggested"
    assert not window.empty_banner.isVisible()
    assert "1 suggestions open" in window.progress_label.text()


def test_spacy_is_not_loaded_to_show_the_window(tmp_path: Path) -> None:
    # A fresh process: other tests in this one may have imported spaCy already.
    script = (
        "import sys\n"
        "from annotator.ui.app import run_app\n"
        "code = run_app(None, 'tester', smoke_test=True)\n"
        "print('exit', code, 'spacy loaded:', 'spacy' in sys.modules)\n"
    )
    env = child_env(tmp_path, HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert "exit 0 spacy loaded: False" in result.stdout, result.stderr


def test_switching_articles_cancels_stale_suggestions(
    qtbot, tmp_path: Path, db_path: Path, make_window, monkeypatch
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Another article.\n\nThe minister said the bridge cost $3 million.\n", encoding="utf-8")
    from annotator.services.importing import import_paths

    with Store(db_path) as store:
        second = import_paths(store, [other], annotator="t").articles[0].doc_id
    started = threading.Event()

    def slow(store, doc_ids, annotator, progress, **_):
        started.set()
        while not progress.cancelled():
            threading.Event().wait(0.01)

    monkeypatch.setattr("annotator.services.suggest.suggest_documents", slow)
    window = make_window(db_path)
    first = window.doc.id
    task = window.suggest_claims()
    qtbot.waitUntil(started.is_set, timeout=5000)  # tasks start from the event loop
    with qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        window.open_document(second)
    assert window.doc.id == second != first
    assert window.claims_model.rowCount() == 0


def test_import_by_worker_adds_the_article_and_opens_it(
    qtbot, tmp_path: Path, db_path: Path, make_window
) -> None:
    """A drop of files (and Ctrl+O) goes through the import dialog, which imports on its worker; the window
    then lists the new article and opens it."""
    article = tmp_path / "bridge.txt"
    article.write_text("Bridge story\n\nThe minister said the bridge cost $3 million.\n", encoding="utf-8")
    window = make_window(db_path)
    with qtbot.waitSignal(window_import(window, [article]).imported, timeout=10000):
        pass
    qtbot.waitUntil(lambda: window.documents_model.rowCount() == 2, timeout=5000)
    assert window.doc is not None and window.doc.title == "Bridge story"


def test_a_bad_file_is_reported_in_one_sentence(qtbot, tmp_path: Path, db_path: Path, make_window) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "ok"}\n{not json\n', encoding="utf-8")
    window = make_window(db_path)
    dialog = window_import(window, [bad])
    with qtbot.waitSignal(dialog.imported, timeout=10000) as blocker:
        pass
    kind, headline, lines = report_lines(blocker.args[0])
    assert kind == dialog.headline_kind == "error"  # shown with the critical icon, not an "info"
    assert "broken.jsonl" in headline + " ".join(line for _kind, line in lines)
    assert not headline.startswith("Imported 0")
    assert window.documents_model.rowCount() == 1  # nothing from the bad file


def test_export_writes_the_file(qtbot, tmp_path: Path, db_path: Path, make_window) -> None:
    add_fact(db_path)
    window = make_window(db_path)
    dialog = window.export_dialog()
    dialog.path_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.exported, timeout=10000):
        dialog.start_export()
    out = tmp_path / "out.jsonl"  # the format's suffix added
    assert out.exists() and out.read_text(encoding="utf-8").startswith("{")
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=2000)


def window_import(window, paths):
    """What a drop of ``paths`` on the window does."""
    return window.import_dialog(paths)


def test_a_long_article_shows_its_text_first_and_its_claims_from_the_worker(
    qtbot, db_path: Path, make_window, monkeypatch
):
    from annotator.ui.mainwindow import documents as mainwindow

    claim = add_fact(db_path)
    monkeypatch.setattr(mainwindow, "ASYNC_CLAIMS", 0)  # every article counts as long
    window = make_window(db_path)
    qtbot.waitUntil(lambda: not window.loading, timeout=5000)
    assert window.article_view.text  # the text was there all along
    assert window.claims_model.get(claim.id) is not None
    assert claim.id in window.index.claims
    window.select_claim(claim.id)
    window.set_label("disputed")
    with Store(db_path) as store:
        assert store.get_claim(claim.id).label == "disputed"


def add_fact(path: Path):
    with Store(path) as store:
        doc_id = store.document_ids()[0]
        text = store.get_document(doc_id).text
        start = text.index("Nvidia")
        return claim_service.add_claim(
            store, doc_id, start, start + 6, annotator="tester", label="factual"
        ).claim


def test_dropping_files_on_the_window_imports_them(qtbot, tmp_path: Path, db_path: Path, make_window):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    article = tmp_path / "dropped.txt"
    article.write_text("Dropped story\n\nThe mayor said taxes rose 4% in 2025.\n", encoding="utf-8")
    window = make_window(db_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)  # opens the import dialog on the dropped files
    with qtbot.waitSignal(window.import_window.imported, timeout=10000):
        pass
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.title == "Dropped story", timeout=5000)


def test_a_quick_task_result_reaches_slots_connected_after_submit(qtbot) -> None:
    """A task starts from the event loop: slots connected after ``submit`` always hear it. Started at
    once, a quick task could finish before anyone listened (the statistics view lost a result now and
    then); the wait below gives it that chance."""
    import time

    from annotator.ui.workers import TaskRunner

    runner = TaskRunner()
    ran = threading.Event()
    task = runner.submit("quick", lambda ctx: ran.set() or 42)
    ran.wait(0.5)
    time.sleep(0.05)
    results = []
    task.signals.finished.connect(results.append)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
    assert results == [42]

    replaced = runner.submit("same", lambda ctx: "old")
    replaced.signals.finished.connect(results.append)
    runner.submit("same", lambda ctx: "new").signals.finished.connect(results.append)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
    assert results == [42, "new"]  # the replaced task was cancelled before it started: it never ran
    runner.shutdown()


def test_a_database_is_opened_on_the_worker_and_a_refusal_is_one_sentence(
    qtbot, tmp_path: Path, db_path: Path, make_window, monkeypatch
) -> None:
    import sqlite3

    hostile = tmp_path / "hostile.db"
    with Store(hostile):
        pass
    conn = sqlite3.connect(hostile)
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON documents BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    before = hostile.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window = make_window(db_path)
    threads = []
    real_store = Store

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_store(*args, **kwargs)

    monkeypatch.setattr("annotator.ui.mainwindow.databases.Store", spy)
    task = window.open_database(hostile)
    with qtbot.waitSignal(task.signals.done, timeout=10000):
        pass
    assert threads and threads[0] is not threading.main_thread()  # checked on the worker
    assert shown and "sneaky" in shown[0] and shown[0].count(". ") == 0  # one sentence naming it
    assert hostile.read_bytes() == before  # left untouched
    assert window.store.path == db_path  # the window stays on its database

    other = tmp_path / "other.db"
    with Store(other) as store:
        from annotator.services.library import import_sample

        import_sample(store, annotator="tester")
    task = window.open_database(other)
    with qtbot.waitSignal(task.signals.done, timeout=10000):
        pass
    qtbot.waitUntil(lambda: window.store.path == other, timeout=5000)
    assert window.doc is not None and "other.db" in window.windowTitle()


def test_suggest_all_articles_runs_with_progress_and_can_be_cancelled(
    qtbot, tmp_path: Path, db_path: Path, make_window, fake_suggester
) -> None:
    from annotator.services.importing import import_paths

    other = tmp_path / "nvidia.txt"
    other.write_text("Nvidia story\n\nNvidia fell 17% on Monday.\n", encoding="utf-8")
    with Store(db_path) as store:
        import_paths(store, [other], annotator="tester")
    window = make_window(db_path)
    steps = []
    task = window.suggest_all()
    task.signals.progress.connect(lambda done, total, _m: steps.append((done, total)))
    with qtbot.waitSignal(task.signals.done, timeout=10000):
        pass
    assert steps[-1] == (2, 2)  # every article, with progress
    with Store(db_path) as store:
        assert {c.doc_id for c in store.claims()} == set(store.document_ids())
    cancelled = window.suggest_all()
    cancelled.cancel()  # Cancel before it starts: nothing more is written
    with qtbot.waitSignal(cancelled.signals.done, timeout=10000):
        pass
    with Store(db_path) as store:
        assert len(store.claims()) == 2
