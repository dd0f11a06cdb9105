"""The window as an annotator uses it: keyboard, mouse, undo, selection sync, saving, reopening."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.services import claims as claim_service
from annotator.store import Store, StoreError


def add(path: Path, snippet: str, **fields):
    """Add a claim over the first occurrence of ``snippet`` in the database's first article."""
    with Store(path) as store:
        doc_id = store.document_ids()[0]
        text = store.get_document(doc_id).text
        start = text.index(snippet)
        fields.setdefault("annotator", "tester")
        return claim_service.add_claim(store, doc_id, start, start + len(snippet), **fields).claim


def stored(path: Path, claim_id: str):
    with Store(path) as store:
        return store.get_claim(claim_id)


def stored_claims(path: Path) -> list:
    with Store(path) as store:
        return store.claims()


def point_at(view, qt_pos: int) -> QPoint:
    """Viewport coordinates of the gap before UTF-16 position ``qt_pos`` (vertically centred)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_pos)
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag_select(qtbot, view, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = view.viewport()
    a, b = point_at(view, start), point_at(view, end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, a)
    qtbot.mouseMove(viewport, b)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, b)


FACT = "Nvidia, which saw a 17% drop"


def test_label_by_keyboard_is_saved_and_shown(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, FACT, status="suggested", origin="suggester")
    window = make_window(db_path)
    window.select_claim(claim.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_3)
    assert stored(db_path, claim.id).label == "factual"
    assert stored(db_path, claim.id).status == "accepted"  # labelling a suggestion decides it
    row = window.claims_model.row_of(claim.id)
    assert window.claims_model.index(row, 2).data() == "F factual"
    assert window.saved_label.text() == "✓ All changes saved"
    assert window.progress_label.text().startswith("1 of 1 claims labelled")
    qtbot.keyClick(window.claims_table, Qt.Key.Key_A)  # letters work too, from the table as well
    assert stored(db_path, claim.id).label == "attributed"


def test_typing_a_note_never_labels_the_claim(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, FACT, label="factual")
    window = make_window(db_path)
    window.select_claim(claim.id)
    window.editor.note.setFocus()
    qtbot.keyClicks(window.editor.note, "a 2 d")
    window.article_view.setFocus()  # leaving the field commits it
    assert stored(db_path, claim.id).note == "a 2 d"
    assert stored(db_path, claim.id).label == "factual"


def test_mouse_selection_snaps_to_words_and_n_makes_a_claim(qtbot, db_path: Path, make_window) -> None:
    window = make_window(db_path)
    view = window.article_view
    text = view.text
    start = text.index("Perplexity CEO") + 3  # inside "Perplexity"
    end = text.index("Aravind Srinivas") + 4  # inside "Aravind"
    drag_select(qtbot, view, window.converter.to_qt(start), window.converter.to_qt(end))
    assert view.textCursor().selectedText() == "Perplexity CEO Aravind"
    qtbot.keyClick(view, Qt.Key.Key_N)
    claims = stored_claims(db_path)
    assert [c.text for c in claims] == ["Perplexity CEO Aravind"]
    assert claims[0].origin == "manual" and claims[0].annotator == "tester"
    assert window.current_claim_id == claims[0].id
    assert window.claims_model.rowCount() == 1


def test_alt_selection_keeps_characters(qtbot, db_path: Path, make_window) -> None:
    window = make_window(db_path)
    view = window.article_view
    start = view.text.index("Perplexity") + 3
    drag_select(qtbot, view, start, start + 4, Qt.KeyboardModifier.AltModifier)
    assert view.textCursor().selectedText() == "plex"
    qtbot.keyClick(view, Qt.Key.Key_2)  # a label key on a selection makes a labelled claim
    claims = stored_claims(db_path)
    assert [(c.text, c.label) for c in claims] == [("plex", "disputed")]


def test_accept_reject_and_delete(qtbot, db_path: Path, make_window) -> None:
    first = add(db_path, FACT, label="factual", status="suggested", origin="suggester")
    second = add(
        db_path, "While there remains skepticism", label="disputed", status="suggested", origin="suggester"
    )
    manual = add(db_path, "Aravind Srinivas noted", label="attributed")
    window = make_window(db_path)
    window.select_claim(first.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Space)
    assert stored(db_path, first.id).status == "accepted"
    window.select_claim(second.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_X)
    assert stored(db_path, second.id).status == "rejected"  # kept, so it is not suggested again
    assert window.claims_model.index(window.claims_model.row_of(second.id), 3).data() == "rejected"
    window.select_claim(manual.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Delete)
    assert manual.id not in {c.id for c in stored_claims(db_path)}
    assert window.claims_model.row_of(manual.id) is None
    assert manual.id not in window.index.claims  # no longer highlighted


def test_undo_and_redo_every_kind_of_edit(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, FACT, status="suggested", origin="suggester")
    window = make_window(db_path)
    window.select_claim(claim.id)
    view = window.article_view
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # merges with the one before
    assert stored(db_path, claim.id).text == FACT + ", erasing over"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored_claims(db_path) == []
    assert window.undo_stack.count() == 3
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # restore, exactly
    assert stored(db_path, claim.id).text == FACT + ", erasing over"
    assert window.claims_model.row_of(claim.id) is not None
    window.undo_stack.undo()  # span
    window.undo_stack.undo()  # label
    assert stored(db_path, claim.id) == claim  # back to exactly what it was, timestamps included
    assert window.claims_model.get(claim.id) == claim
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert stored(db_path, claim.id).label == "attributed"
    window.undo_stack.redo()
    window.undo_stack.redo()
    assert stored_claims(db_path) == []


def test_table_and_article_follow_each_other(qtbot, db_path: Path, make_window) -> None:
    early = add(db_path, "DeepSeek, a Chinese startup", label="factual")
    late = add(db_path, "Lawmakers such as Ro Khanna", label="attributed")
    window = make_window(db_path)
    table = window.claims_table
    # clicking a row outlines the claim and scrolls the article to it
    row = window.claims_proxy.mapFromSource(window.claims_model.index(window.claims_model.row_of(late.id), 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(row).center())
    assert window.current_claim_id == late.id
    assert window.article_view.selected_claim == late.id
    qt = window.index.claims[late.id]
    assert window.article_view._visible(qt.start)
    # clicking the other claim in the article selects its row
    window.article_view.verticalScrollBar().setValue(0)
    qt_early = window.index.claims[early.id]
    point = point_at(window.article_view, qt_early.start + 3)
    qtbot.mouseClick(window.article_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.current_claim_id == early.id
    assert table.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == early.id
    # J/K walk the table's order
    qtbot.keyClick(window.article_view, Qt.Key.Key_J)
    assert window.current_claim_id == late.id
    qtbot.keyClick(window.article_view, Qt.Key.Key_K)
    assert window.current_claim_id == early.id


def test_filters_hide_rows_and_navigation_skips_them(qtbot, db_path: Path, make_window) -> None:
    add(db_path, "DeepSeek, a Chinese startup", label="factual")
    attributed = add(db_path, "Aravind Srinivas noted", label="attributed")
    window = make_window(db_path)
    window.label_filter.setCurrentIndex(window.label_filter.findData("attributed"))
    assert window.claims_proxy.rowCount() == 1
    qtbot.keyClick(window.article_view, Qt.Key.Key_J)
    assert window.current_claim_id == attributed.id


def test_a_failed_write_is_shown_and_nothing_changes(qtbot, db_path: Path, make_window, monkeypatch) -> None:
    claim = add(db_path, FACT, label="factual")
    window = make_window(db_path)
    window.select_claim(claim.id)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))

    def full_disk(*_args, **_kwargs):
        raise StoreError("Could not save to window.db: the disk is full; the change was not saved.")

    monkeypatch.setattr(claim_service, "set_label", full_disk)
    qtbot.keyClick(window.article_view, Qt.Key.Key_1)
    assert shown and "disk is full" in shown[0]
    assert "NOT saved" in window.saved_label.text()
    assert window.undo_stack.count() == 0
    assert window.claims_model.get(claim.id).label == "factual"
    assert stored(db_path, claim.id).label == "factual"


def test_closing_and_reopening_shows_every_edit(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, FACT, status="suggested", origin="suggester")
    window = make_window(db_path)
    view = window.article_view
    window.select_claim(claim.id)
    qtbot.keyClick(view, Qt.Key.Key_2)
    window.editor.note.setFocus()
    qtbot.keyClicks(window.editor.note, "check the filing")
    start = view.text.index("Aravind Srinivas")
    window.article_view.select_cp(start, start + len("Aravind Srinivas"))
    window.set_span_part("source", True)
    view.setFocus()
    window.article_view.select_cp(view.text.index("Perplexity"), view.text.index("Perplexity") + 10)
    qtbot.keyClick(view, Qt.Key.Key_N)
    window.close()
    window.store.close()

    again = make_window(db_path)
    reopened = again.claims_model.get(claim.id)
    assert reopened is not None
    assert (reopened.label, reopened.status, reopened.note) == ("disputed", "accepted", "check the filing")
    assert reopened.source is not None and reopened.source.text == "Aravind Srinivas"
    assert [c.text for c in again.claims_model.claims()] == [FACT, "Perplexity"]
    assert again.documents_list.currentIndex().data(Qt.ItemDataRole.UserRole + 11) == 1  # labelled count


def test_another_process_writing_is_picked_up_live(qtbot, db_path: Path, make_window) -> None:
    first = add(db_path, FACT, label="factual")
    window = make_window(db_path)
    window.select_claim(first.id)
    other = add(db_path, "Aravind Srinivas noted", label="attributed")  # a second connection
    assert window.check_external_changes()
    assert window.claims_model.get(other.id) is not None
    assert other.id in window.index.claims
    assert window.current_claim_id == first.id  # the selection survives the refresh


def test_help_lists_every_shortcut(qtbot, db_path: Path, make_window) -> None:
    window = make_window(db_path)
    window.show_help("shortcuts")
    listed = window.help_dialog.shortcuts.toPlainText()
    for keys in (
        "1",
        "Ctrl+Z",
        "Ctrl+Shift+Z",
        "Ctrl+F",
        "Ctrl+O",
        "Ctrl+E",
        "F1",
        "J",
        "Shift+Tab",
        "N",
        "Shift+Right",
        "X or Del",
        "Return",
    ):
        assert keys in listed, keys
    assert "attributed" in window.help_dialog.guidelines.toPlainText()
    window.help_dialog.close()


def test_menus_are_reachable_by_name(db_path: Path, make_window) -> None:
    window = make_window(db_path)
    assert window.menu("View") is window.view_menu
    assert window.menu("file") is window.file_menu
    assert window.help_menu.actions()


def test_font_size_is_remembered(qtbot, db_path: Path, make_window, settings) -> None:
    window = make_window(db_path)
    before = window.article_view.font().pointSizeF()
    qtbot.keyClick(window.article_view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.article_view.font().pointSizeF() == before + 1
    assert window.article_view.document().defaultFont().pointSizeF() == before + 1  # the text itself grew
    window.close()
    again = make_window(db_path)
    assert again.article_view.font().pointSizeF() == before + 1


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_accepts_a_suggestion(qtbot, db_path: Path, make_window, key) -> None:
    claim = add(db_path, FACT, label="factual", status="suggested", origin="suggester")
    window = make_window(db_path)
    window.select_claim(claim.id)
    qtbot.keyClick(window.claims_table, key)
    assert stored(db_path, claim.id).status == "accepted"
    assert QApplication.activeModalWidget() is None


def test_every_shortcut_is_listed_in_help(db_path: Path, make_window) -> None:
    from PySide6.QtGui import QKeySequence

    window = make_window(db_path)
    listed = " ".join(keys for _group, keys, _text in window.shortcut_rows())
    for name, action in window.actions_by_name.items():
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            assert text in listed, (name, text)


def test_find_moves_to_the_next_match_and_wraps(qtbot, db_path: Path, make_window) -> None:
    window = make_window(db_path)
    qtbot.keyClick(window.article_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and window.find_edit.hasFocus()
    qtbot.keyClicks(window.find_edit, "Nvidia")
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Return)
    first = window.article_view.textCursor().selectionStart()
    assert window.article_view.textCursor().selectedText() == "Nvidia"
    for _ in range(10):  # however many there are, it comes back round
        qtbot.keyClick(window.find_edit, Qt.Key.Key_Return)
        if window.article_view.textCursor().selectionStart() == first:
            break
    assert window.article_view.textCursor().selectionStart() == first
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_documents_filter_box(qtbot, tmp_path: Path, db_path: Path, make_window) -> None:
    from annotator.services.importing import import_paths

    other = tmp_path / "bridge.txt"
    other.write_text("Bridge story\n\nThe minister said the bridge cost $3 million.\n", encoding="utf-8")
    with Store(db_path) as store:
        import_paths(store, [other], annotator="t")
    window = make_window(db_path)
    assert window.documents_proxy.rowCount() == 2
    qtbot.keyClicks(window.documents_filter, "bridge")
    assert window.documents_proxy.rowCount() == 1
    index = window.documents_proxy.index(0, 0)
    qtbot.mouseClick(
        window.documents_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.documents_list.visualRect(index).center(),
    )
    assert window.doc.title == "Bridge story"


def test_shift_up_extends_the_start_and_evidence_links_are_clickable(
    qtbot, db_path: Path, make_window
) -> None:
    claim = add(db_path, "Aravind Srinivas noted", label="attributed")
    window = make_window(db_path)
    window.select_claim(claim.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert stored(db_path, claim.id).text == "CEO Aravind Srinivas noted"
    window.editor.evidence.setFocus()
    qtbot.keyClicks(window.editor.evidence, "https://example.org/filing")
    window.article_view.setFocus()
    assert stored(db_path, claim.id).evidence == ("https://example.org/filing",)
    assert window.editor.links.openExternalLinks()
    assert 'href="https://example.org/filing"' in window.editor.links.text()


def test_a_read_only_database_can_be_read_but_says_it_cannot_be_edited(
    qtbot, db_path: Path, make_window, settings
) -> None:
    from annotator.ui.mainwindow import MainWindow

    claim = add(db_path, FACT, label="factual")
    window = MainWindow(Store(db_path, readonly=True), "tester", settings)
    qtbot.addWidget(window)
    try:
        assert "read-only" in window.db_label.text() and "read-only" in window.windowTitle()
        assert not window.actions_by_name["label_attributed"].isEnabled()
        assert not window.actions_by_name["new_claim"].isEnabled()
        assert not window.editor.isEnabled()
        window.select_claim(claim.id)
        window.set_label("disputed")  # e.g. from a context menu: refused without an error dialog
        assert stored(db_path, claim.id).label == "factual"
        assert window.saved_label.text() == "✓ All changes saved"
        assert window.claims_model.rowCount() == 1
    finally:
        window.close()
        window.store.close()


def _rows_differing(a, b) -> set[int]:
    """Pixel rows in which two images of the same size differ."""
    width = a.bytesPerLine()
    bits_a, bits_b = bytes(a.constBits()), bytes(b.constBits())
    return {
        y
        for y in range(a.height())
        if bits_a[y * width : (y + 1) * width] != bits_b[y * width : (y + 1) * width]
    }


def test_the_selected_claims_mark_is_painted_over_its_frame(db_path: Path, make_window, monkeypatch) -> None:
    """The frame around the selected claim is drawn first: drawn last, it covered the claim's A/D/F mark."""
    claim = add(db_path, FACT, status="accepted", label="factual")
    window = make_window(db_path)
    view = window.article_view
    window.select_claim(claim.id)
    order: list[str] = []

    def recorded(name: str, draw):
        def run(*args):
            order.append(name)
            return draw(*args)

        return run

    monkeypatch.setattr(view, "_outline", recorded("frame", view._outline))
    monkeypatch.setattr(view.mark_painter, "paint", recorded("marks", view.mark_painter.paint))
    view.viewport().grab()
    assert order == ["frame", "marks"]


def test_label_marks_kept_between_paints_follow_every_edit(
    qtbot, db_path: Path, make_window, monkeypatch
) -> None:
    """The underlines and A/D/F marks a paint keeps per block are what a fresh paint draws, after an edit
    too: an edit of a claim makes its block be worked out again. The edited claim is below another
    paragraph with a claim: every block on screen gets its marks, not only the first."""
    add(db_path, "DeepSeek, a Chinese startup", status="suggested", origin="suggester", label="factual")
    claim = add(db_path, FACT, status="suggested", origin="suggester", label="factual")
    window = make_window(db_path)
    view = window.article_view
    window.select_claim(claim.id)

    def shot(*, fresh: bool = False):
        if fresh:
            view.mark_painter.clear()
        return view.viewport().grab().toImage()

    suggested = shot()
    assert shot() == suggested  # drawn from what the first paint kept
    assert shot(fresh=True) == suggested
    qtbot.keyClick(view, Qt.Key.Key_1)  # attributed, and decided: another underline, a filled "A"
    assert stored(db_path, claim.id).label == "attributed"
    labelled = shot()
    assert labelled != suggested
    assert shot(fresh=True) == labelled
    block = view.document().findBlock(window.index.claims[claim.id].start)
    rect = view.blockBoundingGeometry(block).translated(view.contentOffset()).toRect()
    with monkeypatch.context() as patch:
        patch.setattr(view.mark_painter, "paint", lambda *args: None)
        unmarked = shot()
    assert _rows_differing(unmarked, labelled) & set(range(rect.top(), rect.bottom()))
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shot() == suggested
