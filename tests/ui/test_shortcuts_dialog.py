"""Hotkey settings by keyboard: record a shortcut, see a conflict flagged and refused, reset; the mapping
round-trips through QSettings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog

from annotator.ui.shortcut_settings import (
    ShortcutRow,
    find_conflicts,
    load_shortcuts,
    normalise,
    save_shortcuts,
)
from annotator.ui.shortcuts_dialog import ShortcutsDialog

ROWS = [
    ShortcutRow("EXPORT", "Export…", ("Ctrl+E",), ("Ctrl+E",)),
    ShortcutRow("NEXT_CLAIM", "Next claim", ("J", "Tab"), ("J", "Tab")),
    ShortcutRow("PREVIOUS_CLAIM", "Previous claim", ("K", "Shift+Tab"), ("K", "Shift+Tab")),
    ShortcutRow("SEARCH_ALL", "Search all articles", ("Ctrl+Shift+F",), ("Ctrl+Shift+F",)),
]


@pytest.fixture
def dialog(qtbot) -> ShortcutsDialog:
    dialog = ShortcutsDialog(ROWS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    yield dialog
    dialog.close()
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # now, on the GUI thread


def record(
    qtbot, dialog: ShortcutsDialog, row: int, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier
) -> None:
    """Select ``row`` with the arrow keys, Enter to record, then press the new shortcut."""
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.table.currentRow() == row
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.recorder.hasFocus()
    with qtbot.waitSignal(dialog.recorder.editingFinished, timeout=3000):
        qtbot.keyClick(dialog.recorder, key, modifiers)


def press(qtbot, dialog: ShortcutsDialog, button, letter: Qt.Key) -> None:
    """Alt+letter, the button's mnemonic: Qt clicks it after a short animation."""
    with qtbot.waitSignal(button.clicked, timeout=3000):
        qtbot.keyClick(dialog.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)


def current_text(dialog: ShortcutsDialog, row: int) -> str:
    return dialog.table.item(row, 2).text()


def test_record_a_new_shortcut(qtbot, dialog: ShortcutsDialog) -> None:
    record(
        qtbot,
        dialog,
        3,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert dialog.mapping()["SEARCH_ALL"] == ("Ctrl+Shift+G",)
    assert current_text(dialog, 3) == "Ctrl+Shift+G"
    assert dialog.table.item(3, 2).font().bold()  # changed from its default
    assert dialog.table.hasFocus()  # back in the table for the next one
    assert dialog.ok_button.isEnabled()


def test_a_conflict_is_flagged_and_refused_until_reset(qtbot, dialog: ShortcutsDialog) -> None:
    record(qtbot, dialog, 1, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Export's shortcut
    assert dialog.conflicts() == {"Ctrl+E": ["EXPORT", "NEXT_CLAIM"]}
    assert not dialog.table.item(0, 2).icon().isNull() and not dialog.table.item(1, 2).icon().isNull()
    assert dialog.table.item(3, 2).icon().isNull()
    assert "Next claim" in dialog.table.item(0, 2).toolTip()
    assert dialog.conflict_label.isVisible() and "“Export…” and “Next claim”" in dialog.conflict_label.text()
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # even asked directly, an ambiguous mapping is not accepted
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted

    press(qtbot, dialog, dialog.reset_button, Qt.Key.Key_S)  # "Re&set" this row
    assert dialog.mapping()["NEXT_CLAIM"] == ("J", "Tab")
    assert dialog.conflicts() == {} and dialog.ok_button.isEnabled()
    assert not dialog.conflict_label.isVisible()


def test_reset_all_and_clear(qtbot, dialog: ShortcutsDialog) -> None:
    record(qtbot, dialog, 0, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    press(qtbot, dialog, dialog.clear_button, Qt.Key.Key_L)  # "C&lear"
    assert dialog.mapping()["NEXT_CLAIM"] == ()
    assert current_text(dialog, 1) == "—"
    press(qtbot, dialog, dialog.reset_all_button, Qt.Key.Key_A)  # "Reset &all"
    assert dialog.mapping() == {row.key: row.defaults for row in ROWS}


def test_esc_in_the_recorder_stops_recording_only(qtbot, dialog: ShortcutsDialog) -> None:
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.recorder, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.table.hasFocus()
    assert dialog.mapping()["EXPORT"] == ("Ctrl+E",)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_shift_tab_and_backtab_are_one_shortcut() -> None:
    assert normalise("Backtab") == normalise("Shift+Tab") == normalise("Shift+Backtab") == "Shift+Tab"
    assert find_conflicts({"PREVIOUS_CLAIM": ["Shift+Tab"], "OTHER": ["Backtab"]}) == {
        "Shift+Tab": ["PREVIOUS_CLAIM", "OTHER"]
    }
    assert find_conflicts({row.key: row.defaults for row in ROWS}) == {}


def test_settings_round_trip(tmp_path: Path) -> None:
    path = str(tmp_path / "shortcuts.ini")
    settings = QSettings(path, QSettings.Format.IniFormat)
    assert load_shortcuts(settings, ROWS) == {row.key: row.defaults for row in ROWS}
    changed = {
        "EXPORT": ("Ctrl+Shift+E",),
        "NEXT_CLAIM": ("J", "Ctrl+,"),  # a comma inside a shortcut survives the list
        "PREVIOUS_CLAIM": (),  # no shortcut at all
        "SEARCH_ALL": ("Ctrl+Shift+F",),  # the default: not stored
    }
    save_shortcuts(settings, ROWS, changed)
    # A copy under another name: QSettings caches a file's values per path within a process, and only a
    # fresh read shows what the next run of the app gets.
    copy = tmp_path / "next-run.ini"
    copy.write_bytes(Path(path).read_bytes())
    again = QSettings(str(copy), QSettings.Format.IniFormat)
    assert sorted(again.allKeys()) == ["shortcuts/EXPORT", "shortcuts/NEXT_CLAIM", "shortcuts/PREVIOUS_CLAIM"]
    assert load_shortcuts(again, ROWS) == changed
    save_shortcuts(settings, ROWS, {row.key: row.defaults for row in ROWS})  # back to the defaults: forgotten
    assert QSettings(path, QSettings.Format.IniFormat).allKeys() == []
