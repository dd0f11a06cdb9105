"""Dialogs: help (the guidelines in resources/guidelines.md and every keyboard shortcut, F1) and the
suggester's model (Claim → Suggester model…)."""

from __future__ import annotations

import html
from importlib import resources

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

FALLBACK_GUIDELINES = "# Annotation guidelines\n\nThe guidelines file is missing from this installation."


def guidelines_markdown() -> str:
    try:
        return resources.files("annotator.resources").joinpath("guidelines.md").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return FALLBACK_GUIDELINES


def shortcuts_html(rows: list[tuple[str, str, str]]) -> str:
    """rows: (group, keys, what it does)."""
    parts = ["<h2>Keyboard shortcuts</h2>"]
    group = None
    for row_group, keys, text in rows:
        if row_group != group:
            if group is not None:
                parts.append("</table>")
            parts.append(f"<h3>{html.escape(row_group)}</h3><table cellpadding='3'>")
            group = row_group
        parts.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(text)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class HelpDialog(QDialog):
    def __init__(self, shortcuts: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Claim Annotator help")
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.guidelines = QTextBrowser()
        self.guidelines.setOpenExternalLinks(True)
        self.guidelines.setMarkdown(guidelines_markdown())
        self.shortcuts = QTextBrowser()
        self.shortcuts.setHtml(shortcuts_html(shortcuts))
        self.tabs.addTab(self.guidelines, "Guidelines")
        self.tabs.addTab(self.shortcuts, "Keyboard shortcuts")
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def set_shortcuts(self, shortcuts: list[tuple[str, str, str]]) -> None:
        """The list after the user changed a shortcut."""
        self.shortcuts.setHtml(shortcuts_html(shortcuts))

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(1 if name == "shortcuts" else 0)


class SuggesterModelDialog(QDialog):
    """The trained spaCy pipeline the suggester uses: a package name or a folder; empty = built-in rules.

    Nothing is loaded here (spaCy never runs on the GUI thread): a pipeline that is not installed is
    reported, in one sentence, when the suggester next runs.
    """

    def __init__(self, model: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggester model")
        layout = QVBoxLayout(self)
        explanation = QLabel(
            "The name (for example <i>en_core_web_sm</i>) or the folder of an installed trained spaCy "
            "pipeline finds sources more precisely. Leave it empty to use the built-in rules. "
            "Models are never downloaded."
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        row = QHBoxLayout()
        self.edit = QLineEdit(model or "")
        self.edit.setPlaceholderText("Built-in rules")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(360)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of a spaCy pipeline", self.edit.text())
        if folder:
            self.edit.setText(folder)

    def model(self) -> str | None:
        """The chosen pipeline, or None for the built-in rules."""
        return self.edit.text().strip() or None
