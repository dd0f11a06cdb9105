"""Help: the guidelines (resources/guidelines.md) and every keyboard shortcut, in one dialog (F1)."""

from __future__ import annotations

import html
from importlib import resources

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

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

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(1 if name == "shortcuts" else 0)
