"""The team features in the main window: File → Merge databases…, View → Review mode, View → Statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import GOLD
from annotator.services.claims import add_claim
from annotator.store import Store
from annotator.ui.mainwindow import MainWindow

from .conftest import sentence_span


@pytest.fixture
def window(qtbot, tmp_path, make_db):
    path = make_db("rita", [], file="team.db")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Store(path), "rita", settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.runner.shutdown()
    win.store.close()


def menu_texts(window: MainWindow, name: str) -> list[str]:
    return [action.text() for action in window.menu(name).actions()]


def test_menus_offer_the_team_features(window):
    assert "&Merge databases…" in menu_texts(window, "file")
    assert {"&Review mode", "&Statistics"} <= set(menu_texts(window, "view"))


def test_merge_review_and_statistics_in_the_window(qtbot, window, make_db):
    alice = make_db("alice", [(0, "factual"), (1, "disputed")])
    bob = make_db("bob", [(0, "factual"), (1, "attributed")])

    task = window.merge_files([alice, bob])  # on the worker thread
    with qtbot.waitSignal(task.signals.done, timeout=10000):
        pass

    box = window.merge_report_box
    assert isinstance(box, QMessageBox)
    assert "alice: 2 new decisions; bob: 2 new decisions; 1 article already present" in box.text()
    box.close()
    assert sorted({c.annotator for c in window.store.claims()}) == ["alice", "bob"]

    stats = window.show_statistics()
    qtbot.waitUntil(lambda: not stats.refreshing, timeout=10000)
    assert window.stats_dock is not None and window.stats_dock.isVisible()
    assert dict(stats.by_annotator.bars()) == {"alice": 2, "bob": 2}
    assert stats.pairs.rowCount() == 1

    dialog = window.show_review()
    review = dialog.widget
    qtbot.waitUntil(lambda: not review.loading, timeout=10000)
    assert review.model.rowCount() == 2 and review.model.item(0).disagree
    claim = review.adjudicate_selected("disputed")
    assert claim is not None and claim.annotator == GOLD
    assert window.store.events(claim.id)[0]["annotator"] == "rita"

    # Work in the window shows up in the statistics without anyone asking.
    add_claim(
        window.store, window.store.document_ids()[0], *sentence_span(7), annotator="rita", label="factual"
    )
    with qtbot.waitSignal(stats.refreshed, timeout=5000):
        pass
    assert dict(stats.by_annotator.bars())["rita"] == 1


def test_switching_database_moves_the_team_views(qtbot, window, make_db):
    window.show_statistics()
    window.show_review()
    other = make_db("zoe", [(3, "factual")])
    assert window.switch_database(Path(other))
    qtbot.waitUntil(lambda: not window.stats_view.refreshing, timeout=10000)
    assert dict(window.stats_view.by_annotator.bars()) == {"zoe": 1}
    assert window._review is not None
    qtbot.waitUntil(lambda: not window._review.widget.loading, timeout=10000)
    assert window._review is not None and window._review.widget.model.annotators() == ["zoe"]


@pytest.fixture
def alice_window(qtbot, tmp_path):
    """alice's window on an article with three suggestions (the suggester's)."""
    from PySide6.QtWidgets import QApplication

    from annotator.core.model import SUGGESTER

    from .conftest import add_article

    path = tmp_path / "alice.db"
    with Store(path) as store:
        doc_id = add_article(store, annotator="lead")
        for index in range(3):
            add_claim(
                store, doc_id, *sentence_span(index), annotator="lead", owner=SUGGESTER, status="suggested",
                origin="suggester", label="factual",
            )  # fmt: skip
    settings = QSettings(str(tmp_path / "alice.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Store(path), "alice", settings)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    win.article_view.setFocus()
    yield win
    win.close()
    win.runner.shutdown()
    win.store.close()


def test_deciding_a_suggestion_in_the_window_and_undoing_it(qtbot, alice_window):
    from PySide6.QtCore import Qt

    from annotator.core.model import SUGGESTER

    window, view = alice_window, alice_window.article_view
    qtbot.keyClick(view, Qt.Key.Key_J)
    suggestion = window.current_claim()
    qtbot.keyClick(view, Qt.Key.Key_2)  # disputed: alice's own claim replaces the suggestion in her view
    mine = window.current_claim()
    assert (mine.annotator, mine.basis, mine.label) == ("alice", suggestion.id, "disputed")
    assert suggestion.id not in {c.id for c in window.claims_model.claims()}
    assert window.store.get_claim(suggestion.id) == suggestion  # stored untouched
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_X)  # rejecting the next suggestion is a decision too
    rejected = [c for c in window.claims_model.claims() if c.status == "rejected"]
    assert [(c.annotator, c.basis is not None) for c in rejected] == [("alice", True)]
    assert window.progress_label.text().startswith("1 of 2 claims labelled")

    window.undo_stack.undo()
    window.undo_stack.undo()
    assert [c.annotator for c in window.claims_model.claims()] == [SUGGESTER] * 3
    assert window.current_claim().id == suggestion.id  # undo shows the suggestion it brought back
    window.undo_stack.redo()
    assert window.current_claim().id == mine.id


def test_undo_in_the_window_never_overwrites_a_change_made_meanwhile(qtbot, alice_window):
    from PySide6.QtCore import Qt

    from annotator.services.claims import update_claim

    window, view = alice_window, alice_window.article_view
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_1)
    mine = window.current_claim()
    qtbot.keyClick(view, Qt.Key.Key_3)  # then factual
    with Store(window.store.path) as other:  # alice's second window, on the same file
        update_claim(other, mine.id, annotator="alice", note="checked by phone")
        theirs = other.get_claim(mine.id)
    window.undo_stack.undo()
    assert window.store.get_claim(mine.id) == theirs  # the note and the label stay
    assert window.statusBar().currentMessage() == "alice changed this claim since; nothing was undone."
    assert window.saved  # nothing was written, so nothing is unsaved
    assert window.claims_model.get(mine.id) == theirs  # the window shows what the file holds
    assert window.undo_stack.count() == 1  # the obsolete step left the stack; the one before remains
