"""Keyboard-only work (#18): every path a person labelling all day takes without the mouse."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.services import claims as claim_service
from annotator.store import Store
from annotator.ui.mainwindow.actions import ActionKey

SENTENCE = "As Perplexity CEO Aravind Srinivas noted"


def add(path: Path, snippet: str, **fields):
    with Store(path) as store:
        doc_id = store.document_ids()[0]
        start = store.get_document(doc_id).text.index(snippet)
        fields.setdefault("annotator", "tester")
        return claim_service.add_claim(store, doc_id, start, start + len(snippet), **fields).claim


def stored(path: Path, claim_id: str):
    with Store(path) as store:
        return store.get_claim(claim_id)


def select_words(qtbot, view, words: str) -> None:
    """Select ``words`` with the keyboard only: Ctrl+F to find them, Esc back to the article."""
    window = view.window()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    window.find_edit.setText(words)
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Return)
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Escape)
    assert view.hasFocus() and view.textCursor().selectedText() == words


def test_source_and_cue_are_set_from_the_selection_with_s_and_c(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, SENTENCE, status="suggested", origin="suggester")
    window = make_window(db_path)
    view = window.article_view
    window.select_claim(claim.id)
    qtbot.keyClick(view, Qt.Key.Key_1)
    select_words(qtbot, view, "Aravind Srinivas")
    qtbot.keyClick(view, Qt.Key.Key_S)
    select_words(qtbot, view, "noted")
    qtbot.keyClick(view, Qt.Key.Key_C)
    saved = stored(db_path, claim.id)
    assert (saved.label, saved.source.text, saved.cue.text) == ("attributed", "Aravind Srinivas", "noted")
    assert not view.textCursor().hasSelection()  # ready for the next claim
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert stored(db_path, claim.id).cue is None
    assert "source" not in window.editor.warning.text()


def test_v_o_e_jump_to_the_fields_and_esc_returns_to_the_article(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, SENTENCE, label="attributed")
    window = make_window(db_path)
    view = window.article_view
    window.select_claim(claim.id)
    qtbot.keyClick(view, Qt.Key.Key_O)
    assert window.editor.note.hasFocus()
    qtbot.keyClicks(window.editor.note, "jk")  # letters are typed, not shortcuts
    qtbot.keyClick(window.editor.note, Qt.Key.Key_Escape)
    assert view.hasFocus()
    assert stored(db_path, claim.id).note == "jk"
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert window.editor.evidence.hasFocus()
    qtbot.keyClicks(window.editor.evidence, "https://example.org/a")
    qtbot.keyClick(window.editor.evidence, Qt.Key.Key_Escape)
    assert view.hasFocus() and stored(db_path, claim.id).evidence == ("https://example.org/a",)
    qtbot.keyClick(view, Qt.Key.Key_V)
    assert window.editor.verdict_edit.hasFocus()
    qtbot.keyClicks(window.editor.verdict_edit, "mostly true")
    qtbot.keyClick(window.editor.verdict_edit, Qt.Key.Key_Escape)
    assert view.hasFocus() and stored(db_path, claim.id).verdict == "mostly true"
    # Esc from the article filter and from the table too
    window.documents_filter.setFocus()
    qtbot.keyClick(window.documents_filter, Qt.Key.Key_Escape)
    assert view.hasFocus()


def test_j_and_k_skip_rejected_claims_and_filtered_rows(qtbot, db_path: Path, make_window) -> None:
    first = add(db_path, "DeepSeek, a Chinese startup", label="factual")
    rejected = add(db_path, "Nvidia, which saw a 17% drop", status="rejected", origin="suggester")
    last = add(db_path, "Aravind Srinivas noted", label="attributed")
    window = make_window(db_path)
    view = window.article_view
    window.select_claim(first.id)
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert window.current_claim_id == last.id  # the rejected one is not drawn: J skips it
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert window.current_claim_id == first.id
    assert window.claims_model.row_of(rejected.id) is not None  # still listed (status "rejected")


def test_no_label_is_lit_when_no_claim_is_selected(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, SENTENCE, label="disputed")
    window = make_window(db_path)
    window.select_claim(claim.id)
    assert window.editor.label_buttons["disputed"].isChecked()
    window.select_claim(None)
    assert not any(b.isChecked() for b in window.editor.label_buttons.values())


def test_gentle_warnings_never_block(qtbot, db_path: Path, make_window) -> None:
    claim = add(db_path, SENTENCE, status="suggested", origin="suggester")
    window = make_window(db_path)
    view = window.article_view
    window.select_claim(claim.id)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert "source" in window.editor.warning.text() and window.editor.warning.isVisibleTo(window)
    qtbot.keyClick(view, Qt.Key.Key_E)
    qtbot.keyClicks(window.editor.evidence, "not a url")
    qtbot.keyClick(window.editor.evidence, Qt.Key.Key_Escape)
    assert stored(db_path, claim.id).evidence == ("not a url",)  # saved all the same
    assert "not a link" in window.editor.warning.text()
    assert 'href="not a url"' not in window.editor.links.text()  # and never shown as a link


def test_changed_shortcuts_are_stored_and_applied(qtbot, db_path: Path, make_window, settings) -> None:
    from annotator.ui.shortcuts import load_current, save_current

    window = make_window(db_path)
    current = load_current(settings)
    current[ActionKey.NEXT_CLAIM] = ("L",)
    save_current(settings, current)
    assert settings.value("shortcuts/NEXT_CLAIM") in (["L"], "L")
    assert settings.value("shortcuts/PREVIOUS_CLAIM") is None  # defaults are not stored
    window.apply_shortcuts(load_current(settings))
    first = add(db_path, "DeepSeek, a Chinese startup", label="factual")
    window.close()
    again = make_window(db_path)
    qtbot.keyClick(again.article_view, Qt.Key.Key_L)
    assert again.current_claim_id == first.id
    assert "L" in " ".join(keys for _g, keys, text in again.shortcut_rows() if text == "Next claim")
    assert QApplication.activeModalWidget() is None


def test_the_article_has_the_keyboard_when_the_window_opens(qtbot, db_path: Path, settings) -> None:
    from annotator.ui.mainwindow import MainWindow

    first = add(db_path, "DeepSeek, a Chinese startup", label="factual")
    window = MainWindow(Store(db_path), "tester", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    assert QApplication.focusWidget() is window.article_view  # not the article filter box
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_J)
    assert window.current_claim_id == first.id
    window.close()
    window.store.close()


def test_a_shortcut_removed_stays_removed_after_a_restart(tmp_path: Path) -> None:
    """An empty list reads back from an INI file as missing, which is the default: "none" is "" there."""
    from PySide6.QtCore import QSettings

    from annotator.ui.shortcuts import load_current, save_current

    path = str(tmp_path / "settings.ini")
    first = QSettings(path, QSettings.Format.IniFormat)
    current = load_current(first)
    current[ActionKey.NEXT_CLAIM] = ()
    save_current(first, current)
    del first
    assert load_current(QSettings(path, QSettings.Format.IniFormat))[ActionKey.NEXT_CLAIM] == ()


def test_the_window_s_hotkey_dialog_stores_and_applies_a_change(
    qtbot, db_path: Path, make_window, settings, monkeypatch
) -> None:
    """Edit ▸ Keyboard shortcuts… as the window opens it (the dialog module is imported only then)."""
    from PySide6.QtWidgets import QDialog

    from annotator.ui.shortcuts_dialog import ShortcutsDialog

    def accept_with_l(dialog: ShortcutsDialog) -> int:
        dialog.set_shortcuts("NEXT_CLAIM", ["L"])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ShortcutsDialog, "exec", accept_with_l)
    first = add(db_path, "DeepSeek, a Chinese startup", label="factual")
    window = make_window(db_path)
    window.edit_shortcuts()
    assert settings.value("shortcuts/NEXT_CLAIM") in (["L"], "L")
    qtbot.keyClick(window.article_view, Qt.Key.Key_L)
    assert window.current_claim_id == first.id
