"""Parts of curation mode the review dialog shares: the article list's model, the undo command of a gold
write, and the text helpers (a span in its sentences, a message cut at a word boundary)."""

from __future__ import annotations

import html
from typing import Any, Protocol

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QUndoCommand

from annotator.services.changes import Changes
from annotator.services.curation import ArticleProgress

ModelIndex = QModelIndex | QPersistentModelIndex
CONTEXT_CHARS = 160


class CurationArticlesModel(QAbstractListModel):
    """The articles with their adjudication progress: open disagreements, and whether finished."""

    DocIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleProgress] = []

    def set_rows(self, rows: list[ArticleProgress]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_row(self, row: int, progress: ArticleProgress) -> None:
        self._rows[row] = progress
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def row_of(self, doc_id: str) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.doc_id == doc_id), None)

    def progress(self, row: int) -> ArticleProgress:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.title}\n{progress_text(row)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            people = ", ".join(row.annotators) or "nobody yet"
            return f"{row.title}\nannotated by {people}\n{progress_text(row)}"
        if role == self.DocIdRole:
            return row.doc_id
        return None


def progress_text(row: ArticleProgress) -> str:
    """ "✓ finished · 12 spans, 3 open" """
    parts = [f"{row.spans} span(s)", f"{row.open} open" if row.open else "no open disagreement"]
    return ("✓ finished · " if row.finished else "") + ", ".join(parts)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary (never mid-word) with "…" when longer than ``limit``."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0].rstrip(",;:") if " " in words[:limit] else words[:limit]
    return cut + "…"


class GoldTarget(Protocol):
    def apply_changes(self, changes: Changes, *, redo: bool) -> bool:
        """Undo (or redo) a gold write; False when someone changed it since (nothing written then)."""


class GoldCommand(QUndoCommand):
    """A gold write already made; undo/redo move the stored gold claims by compare-and-swap (curation mode
    and the review dialog push these onto the window's one undo stack)."""

    def __init__(self, panel: GoldTarget, text: str, changes: Changes) -> None:
        super().__init__(text)
        self.panel = panel
        self.changes = changes
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        if not self.panel.apply_changes(self.changes, redo=True):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.panel.apply_changes(self.changes, redo=False):
            self.setObsolete(True)


_STOPS = (". ", "? ", "! ", "\n")


def _sentence_ends(text: str, lo: int, hi: int) -> list[int]:
    """Positions in [lo, hi) just after a sentence's end: a stop followed by a capital, a quote or a digit
    (so "the U.S. holds" goes on), or a line break."""
    ends = []
    for stop in _STOPS:
        at = text.find(stop, lo, hi)
        while at >= 0:
            after = text[at + len(stop) : at + len(stop) + 1]
            if stop == "\n" or after.isupper() or (after != "" and after in "\"“‘'0123456789"):
                ends.append(at + len(stop))
            at = text.find(stop, at + 1, hi)
    return sorted(ends)


def context_html(text: str, start: int, end: int) -> str:
    """The span with the sentences around it (HTML, the span in bold): up to ``CONTEXT_CHARS`` either side,
    from and to a sentence boundary where there is one, else from and to a word boundary with "…"."""
    lo, cut_before = max(0, start - CONTEXT_CHARS), False
    if lo > 0:
        ends = _sentence_ends(text, lo, start)
        if ends:
            lo = ends[0]
        else:
            lo, cut_before = (text.find(" ", lo, start) + 1) or lo, True
    hi, cut_after = min(len(text), end + CONTEXT_CHARS), False
    if hi < len(text):
        ends = [e for e in _sentence_ends(text, end, hi + 1) if e <= hi]
        if ends:
            hi = ends[-1]
        else:
            space = text.rfind(" ", end, hi)
            hi, cut_after = (space if space > end else hi), True
    esc = html.escape
    before, after = esc(text[lo:start].lstrip()), esc(text[end:hi].rstrip())
    prefix, suffix = ("…" if cut_before else ""), ("…" if cut_after else "")
    return f"{prefix}{before}<b>{esc(text[start:end])}</b>{after}{suffix}".replace("\n", " ")
