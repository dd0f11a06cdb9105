"""Search across all articles by keyboard only: type, Down/Up, Enter opens the hit with code-point
offsets; Esc closes; any input (quotes, emoji, operators) is a query, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.store import Store
from annotator.ui.search_dialog import Hit, SearchDialog, hit_html, search
from tests.ui.dialog_data import EMOJI_TEXT, dispose, make_database


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_database(tmp_path)


@pytest.fixture
def dialog(qtbot, db: Path) -> SearchDialog:
    dialog = SearchDialog(db)
    qtbot.addWidget(dialog)
    dialog.show_search()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    yield dialog
    dispose(dialog)


def type_query(qtbot, dialog: SearchDialog, text: str) -> None:
    qtbot.keyClick(dialog.query, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Delete)
    for char in text:
        if ord(char) > 0xFFFF:  # QTest.keyClicks aborts on a surrogate pair: type it as an input method does
            QApplication.sendEvent(
                dialog.query, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char)
            )
        else:
            qtbot.keyClicks(dialog.query, char)
    qtbot.waitUntil(lambda: not dialog.pending(), timeout=10000)


def test_enter_opens_the_hit_after_emoji_at_code_point_offsets(qtbot, dialog: SearchDialog) -> None:
    type_query(qtbot, dialog, "zebra")
    assert [hit.title for hit in dialog.model.hits] == ["Zoo"]
    start = EMOJI_TEXT.index("zebra")  # 22 code points; Qt's UTF-16 count would be 24
    with qtbot.waitSignal(dialog.open_hit, timeout=3000) as opened:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert opened.args == ["d3", start, start + len("zebra")]
    assert EMOJI_TEXT[opened.args[1] : opened.args[2]] == "zebra"
    assert not dialog.isVisible()  # opening a hit closes the search


def test_down_and_up_choose_the_result(qtbot, dialog: SearchDialog) -> None:
    type_query(qtbot, dialog, "Prices")
    type_query(qtbot, dialog, "")
    assert dialog.model.hits == [] and dialog.status.text() == "Type to search."
    type_query(qtbot, dialog, "the")
    titles = {hit.title for hit in dialog.model.hits}
    assert titles == {"First", "Zoo"}  # "the" is in two articles
    last = len(dialog.model.hits) - 1
    assert dialog.results.currentIndex().row() == 0
    for _ in range(last + 2):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.results.currentIndex().row() == last  # stays on the last
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.results.currentIndex().row() == last - 1
    qtbot.keyClick(dialog.query, Qt.Key.Key_Home)  # Home and End stay the query box's own
    assert dialog.query.cursorPosition() == 0 and dialog.results.currentIndex().row() == last - 1
    with qtbot.waitSignal(dialog.open_hit, timeout=3000) as opened:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Enter)
    second = dialog.model.hits[last - 1]
    assert opened.args == [second.doc_id, second.start, second.end]


@pytest.mark.parametrize(
    "query", ['"zebra', 'zebra"', "🎉", "zebra 🎉", "AND", "NOT zebra", "ze*", "(", "^", "-", "a:b"]
)
def test_any_input_is_a_query(qtbot, dialog: SearchDialog, query: str) -> None:
    type_query(qtbot, dialog, query)
    assert dialog.query.text() == query
    assert not dialog.status.text().startswith("Search failed"), dialog.status.text()


def test_esc_closes(qtbot, dialog: SearchDialog) -> None:
    type_query(qtbot, dialog, "zebra")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    dialog.show_search()  # reopened: the last query is there, selected, to be typed over
    assert dialog.query.text() == "zebra" and dialog.query.selectedText() == "zebra"


def test_the_snippet_emphasises_the_hit(db: Path) -> None:
    with Store(db, readonly=True) as store:
        (hit,) = search(store, "zebra")
    assert hit.snippet[hit.snippet_start : hit.snippet_end] == "zebra"
    assert "<b><u>zebra</u></b>" in hit_html(hit)
    escaped = hit_html(Hit("d", "<T&>", 0, 1, "<a>", 0, 1))
    assert escaped == "<b>&lt;T&amp;&gt;</b><br><b><u>&lt;</u></b>a&gt;"


def test_enter_right_after_typing_opens_the_first_result(qtbot, dialog: SearchDialog) -> None:
    with qtbot.waitSignal(dialog.open_hit, timeout=10000) as opened:
        qtbot.keyClicks(dialog.query, "zebra")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # before the search has even started
    start = EMOJI_TEXT.index("zebra")
    assert opened.args == ["d3", start, start + 5]


def test_articles_imported_while_it_is_open_are_found(
    qtbot, dialog: SearchDialog, db: Path, tmp_path: Path
) -> None:
    from annotator.services.importing import import_paths

    type_query(qtbot, dialog, "zebra")
    assert len(dialog.model.hits) == 1
    (tmp_path / "new.txt").write_text("Another zebra\n\nA zebra was seen in town.", "utf-8")
    with Store(db) as store:  # the window's connection, writing
        import_paths(store, [tmp_path / "new.txt"], annotator="tester")
    type_query(qtbot, dialog, "zebra")  # the dialog's open connection sees the new article
    assert {hit.title for hit in dialog.model.hits} == {"Zoo", "Another zebra"}


def test_ctrl_shift_f_in_the_window_opens_the_article_at_the_hit(qtbot, db: Path, make_window) -> None:
    """The whole path a user takes: Ctrl+Shift+F in the window, type, Enter: the article opens with the hit
    selected (code points, after emoji)."""
    window = make_window(db)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.article_view, Qt.Key.Key_F, ctrl_shift)
    search = window.findChild(SearchDialog)
    assert search is not None
    qtbot.waitUntil(search.isVisible, timeout=3000)
    type_query(qtbot, search, "zebra")
    qtbot.keyClick(search.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.id == "d3", timeout=5000)
    start = EMOJI_TEXT.index("zebra")
    assert window.article_view.selection_cp() == (start, start + len("zebra"))
