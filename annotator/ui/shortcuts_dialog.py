"""Hotkey settings (#18): change, reset and store every action's shortcuts, refusing ambiguous ones.

``ShortcutsDialog(rows, parent)``; ``exec()``; on Accepted, ``dialog.mapping()`` is the new mapping (every
row's key), which ``shortcut_settings.save_shortcuts(settings, rows, mapping)`` stores; then the window
applies it to the actions. Loading, storing and ``find_conflicts`` are in ``annotator.ui.shortcut_settings``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.shortcut_settings import ShortcutRow, Shortcuts, clean, find_conflicts


def _shown(shortcuts: Sequence[str]) -> str:
    """Shortcuts as the user's platform spells them ("Ctrl+E", "⌘E" on macOS)."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(QKeySequence(s).toString(native) for s in shortcuts) or "—"


LABEL, DEFAULT, CURRENT = range(3)


class ShortcutsDialog(QDialog):
    """A table of actions; select a row, press Enter (or Record) and type the new shortcut.

    Recording replaces the row's shortcuts with the one recorded; Clear leaves the action without one;
    Reset and Reset all restore the defaults. A shortcut held by two actions marks both rows with a
    warning, and OK stays disabled until the conflict is solved.
    """

    def __init__(self, rows: Sequence[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(640, 520)
        self._rows = list(rows)
        self._current: dict[str, Shortcuts] = {row.key: clean(row.current) for row in self._rows}

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Select an action and press <b>Enter</b> (or Record), then press the new shortcut. "
            "Two actions cannot share a shortcut."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(len(self._rows), 3)
        self.table.setHorizontalHeaderLabels(["Action", "Default", "Shortcut"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DEFAULT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CURRENT, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self.record)
        self.table.installEventFilter(self)
        self.table.currentCellChanged.connect(self._row_changed)
        layout.addWidget(self.table, 1)

        editor = QHBoxLayout()
        self.editor_label = QLabel("New shortcut:")
        self.recorder = QKeySequenceEdit()
        if hasattr(self.recorder, "setMaximumSequenceLength"):  # Qt 6.5+: one key combination, no chords
            self.recorder.setMaximumSequenceLength(1)
        self.recorder.editingFinished.connect(self._recorded)
        self.recorder.installEventFilter(self)
        self.editor_label.setBuddy(self.recorder)
        self.record_button = QPushButton("&Record")
        self.record_button.clicked.connect(self.record)
        self.clear_button = QPushButton("C&lear")
        self.clear_button.clicked.connect(self.clear_current)
        self.reset_button = QPushButton("Re&set")
        self.reset_button.clicked.connect(self.reset_current)
        self.reset_all_button = QPushButton("Reset &all")
        self.reset_all_button.clicked.connect(self.reset_all)
        editor.addWidget(self.editor_label)
        editor.addWidget(self.recorder, 1)
        layout.addLayout(editor)
        row_buttons = QHBoxLayout()
        for button in (self.record_button, self.clear_button, self.reset_button, self.reset_all_button):
            button.setAutoDefault(False)  # Enter in the table records; it never presses these
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        layout.addLayout(row_buttons)

        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.conflict_label)

        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(standard.Ok)
        self.ok_button.setAutoDefault(False)
        layout.addWidget(self.buttons)

        self._refresh()
        if self._rows:
            self.table.setCurrentCell(0, LABEL)
        self.table.setFocus()

    # -- what the window reads ----------------------------------------------------------------------

    def mapping(self) -> dict[str, Shortcuts]:
        return dict(self._current)

    def conflicts(self) -> dict[str, list[str]]:
        return find_conflicts(self._current)

    # -- editing ------------------------------------------------------------------------------------

    def current_key(self) -> str | None:
        row = self.table.currentRow()
        return self._rows[row].key if 0 <= row < len(self._rows) else None

    def record(self, *_index: object) -> None:
        """Put the keyboard in the recorder: the next key combination becomes the selected row's."""
        if self.current_key() is None:
            return
        self.recorder.clear()
        self.recorder.setFocus()

    def set_shortcuts(self, key: str, shortcuts: Sequence[str]) -> None:
        self._current[key] = clean(shortcuts)
        self._refresh()

    def _recorded(self) -> None:
        key = self.current_key()
        sequence = self.recorder.keySequence()
        if key is None or sequence.isEmpty():
            return
        if sequence.count() > 1:  # Qt before 6.5 records up to four chords: keep the first
            sequence = QKeySequence(sequence[0])  # type: ignore[index]
        self.set_shortcuts(key, [sequence.toString(QKeySequence.SequenceFormat.PortableText)])
        self.recorder.clear()
        self.table.setFocus()

    def clear_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.set_shortcuts(key, [])

    def reset_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._rows):
            self.set_shortcuts(self._rows[row].key, self._rows[row].defaults)

    def reset_all(self) -> None:
        self._current = {row.key: clean(row.defaults) for row in self._rows}
        self._refresh()

    def accept(self) -> None:
        if self.conflicts():  # refused: Enter in the recorder must not save an ambiguous mapping
            return
        super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.record()  # not the dialog's default button: Enter on a row records its shortcut
                return True
            if watched is self.recorder and key == Qt.Key.Key_Escape:
                self.recorder.clear()  # Esc stops recording (back to the table), not the whole dialog
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    # -- display ------------------------------------------------------------------------------------

    def _row_changed(self, *_cells: int) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._rows):
            self.editor_label.setText(f"New shortcut for “{self._rows[row].label}”:")

    def _refresh(self) -> None:
        conflicts = self.conflicts()
        in_conflict = {key for keys in conflicts.values() for key in keys}
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        labels = {row.key: row.label for row in self._rows}
        for number, row in enumerate(self._rows):
            label = QTableWidgetItem(row.label)
            label.setData(Qt.ItemDataRole.UserRole, row.key)
            default = QTableWidgetItem(_shown(clean(row.defaults)))
            current = QTableWidgetItem(_shown(self._current[row.key]))
            if self._current[row.key] != clean(row.defaults):
                font = current.font()
                font.setBold(True)  # changed from the default: bold, not only a colour
                current.setFont(font)
            if row.key in in_conflict:
                current.setIcon(warning)
                others = [
                    labels[k]
                    for s, keys in conflicts.items()
                    if row.key in keys
                    for k in keys
                    if k != row.key
                ]
                current.setToolTip("Also the shortcut of: " + ", ".join(others))
            for column, item in ((LABEL, label), (DEFAULT, default), (CURRENT, current)):
                self.table.setItem(number, column, item)
        if conflicts:
            lines = [
                f"{_shown([shortcut])} is the shortcut of "
                + " and ".join(f"“{labels[k]}”" for k in keys)
                + "."
                for shortcut, keys in conflicts.items()
            ]
            self.conflict_label.setText("⚠ " + " ".join(lines) + " Change one of them to save.")
        else:
            self.conflict_label.setText("")
        self.conflict_label.setVisible(bool(conflicts))
        self.ok_button.setEnabled(not conflicts)
