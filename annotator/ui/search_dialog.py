"""Search across all articles (Ctrl+Shift+F, #18), on the database's full-text index.

Entry point for the window::

    dialog = SearchDialog(store.path, parent=window)
    dialog.open_hit.connect(window.open_at)     # open_hit(doc_id, start, end): code points, end exclusive
    dialog.show_search()                        # shows it, focuses the query with its text selected

Keyboard: type; Down/Up move through the results (the focus stays in the query box); Enter opens the
current result (the first one if none is current); Esc closes. A double-click opens a result too. Any text
is a valid query (quotes, emoji, FTS operators are searched as plain words).

Queries run on the dialog's own worker thread (each opens a read-only Store), about 150 ms after the last
key press; a newer query cancels an older one, and a stale result is never shown.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.store import Store
from annotator.ui.worker_store import WorkerStore
from annotator.ui.workers import TaskContext, TaskRunner

LIMIT = 200
DEBOUNCE_MS = 150


@dataclass(frozen=True, slots=True)
class Hit:
    doc_id: str
    title: str
    start: int  # code points in the article's text, end exclusive
    end: int
    snippet: str  # plain text around the hit
    snippet_start: int  # where the hit is inside ``snippet`` (code points)
    snippet_end: int


SNIPPET_CONTEXT = 60  # code points either side of the hit


def search(store: Store, query: str, limit: int = LIMIT) -> list[Hit]:
    """Hits for ``query``, each with a plain-text snippet and the hit's position inside it."""
    if not query.strip():
        return []
    hits = []
    texts: dict[str, str] = {}  # an article with many hits is read once
    for doc_id, title, start, end, note in _store_hits(store, query, limit):
        if note is not None:  # a word of a claim's note: the note is the snippet
            hits.append(Hit(doc_id, title, start, end, "Note: " + " ".join(note.split()), 0, 0))
            continue
        if doc_id not in texts:
            texts[doc_id] = store.get_document(doc_id).text
        text = texts[doc_id]
        left = max(0, start - SNIPPET_CONTEXT)
        right = min(len(text), end + SNIPPET_CONTEXT)
        # Cut at a space, not inside a word ("…idia saw" read badly).
        if left > 0 and (space := text.find(" ", left, start)) >= 0:
            left = space + 1
        if right < len(text) and (space := text.rfind(" ", end, right)) >= 0:
            right = space
        prefix = "…" if left > 0 else ""
        # One line: line breaks inside would make results of uneven height (same length, so offsets hold).
        body = "".join(" " if c in "\n\r\t\u2028\u2029" else c for c in text[left:right])
        snippet = prefix + body + ("…" if right < len(text) else "")
        hits.append(
            Hit(doc_id, title, start, end, snippet, len(prefix) + start - left, len(prefix) + end - left)
        )
    return hits


def _store_hits(store: Store, query: str, limit: int) -> list[tuple[str, str, int, int, str | None]]:
    """(doc_id, title, start, end, the note for a hit in a claim's note) per ``Store.search`` hit."""
    return [
        (hit.doc_id, hit.title, hit.start, hit.end, hit.snippet if hit.kind == "note" else None)
        for hit in store.search(query, limit=limit)
    ]


class HitsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.title}: {hit.snippet}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.title
        if role == Qt.ItemDataRole.UserRole:
            return hit
        return None


def hit_html(hit: Hit) -> str:
    """Title in bold, then the snippet with the hit emphasised (bold and underlined: not colour alone)."""
    s = hit.snippet
    before, match, after = (
        s[: hit.snippet_start],
        s[hit.snippet_start : hit.snippet_end],
        s[hit.snippet_end :],
    )
    snippet = (
        html.escape(before) + (f"<b><u>{html.escape(match)}</u></b>" if match else "") + html.escape(after)
    )
    return f"<b>{html.escape(hit.title or 'Untitled')}</b><br>{snippet}"


class HitDelegate(QStyledItemDelegate):
    """Draws a result as two lines of rich text: the article's title and the snippet around the hit."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(4)
        document.setHtml(hit_html(index.data(Qt.ItemDataRole.UserRole)))
        document.setTextWidth(option.rect.width())
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self.initStyleOption(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        rect = option.rect
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))


class SearchDialog(QDialog):
    open_hit = Signal(str, int, int)  # doc_id, start, end (code points, end exclusive)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search all articles")
        self.resize(640, 480)
        self.db_path = Path(db_path)
        self.runner = TaskRunner(self)
        self.stores = WorkerStore(self.runner, self.db_path)
        self._generation = 0  # the latest query's number: older results are dropped
        self._open_when_shown = False  # Enter came before the results

        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search the titles and text of every article")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search all articles")
        self.query.installEventFilter(self)
        self.query.textChanged.connect(self._schedule)
        self.query.returnPressed.connect(self.open_current)
        layout.addWidget(self.query)

        self.model = HitsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the query box
        self.results.doubleClicked.connect(self._double_clicked)
        layout.addWidget(self.results, 1)

        self.status = QLabel("Type to search.")
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_query)

    def show_search(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def set_database(self, db_path: Path) -> None:
        """The window switched databases: search the new one."""
        self.db_path = Path(db_path)
        self.stores.set_path(self.db_path)
        self.model.set_hits([])
        self.run_query()

    # -- searching ----------------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._open_when_shown = False  # typing again takes back an Enter pressed too early
        self._generation += 1  # results of the query before this key press are stale from now on
        self._timer.start()

    def run_query(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation, text, stores = self._generation, self.query.text(), self.stores
        if not text.strip():
            self.runner.cancel("search")
            self.model.set_hits([])
            self.status.setText("Type to search.")
            return

        def work(ctx: TaskContext) -> tuple[int, list[Hit] | str]:
            try:
                return generation, search(stores.get(), text)
            except Exception as exc:  # one sentence in the dialog, never a traceback
                return generation, str(exc) or exc.__class__.__name__

        self.status.setText("Searching…")
        # A bound method, not a lambda: a lambda holding the dialog makes a reference cycle that Python
        # may collect on the worker thread, deleting a widget off the GUI thread.
        self.runner.submit("search", work).signals.finished.connect(self._searched)

    def _searched(self, found: tuple[int, list[Hit] | str]) -> None:
        generation, hits = found
        if generation != self._generation:
            return  # a newer query is on its way
        if isinstance(hits, str):
            self.model.set_hits([])
            self.status.setText(f"Search failed: {hits}")
            return
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
        count = len(hits)
        more = " (the first ones)" if count >= LIMIT else ""
        self.status.setText(f"{count} result{'s' if count != 1 else ''}{more}." if hits else "No results.")
        if self._open_when_shown:
            self._open_when_shown = False
            self._open(0)

    def pending(self) -> bool:
        """A query is waiting or running (tests wait for this to end)."""
        return self._timer.isActive() or self.runner.busy()

    # -- keyboard -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            steps = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 10,
                Qt.Key.Key_PageUp: -10,
            }
            step = steps.get(Qt.Key(event.key()))
            if step is not None and self.model.hits:
                row = self.results.currentIndex().row()
                row = min(max(0, row + step), len(self.model.hits) - 1) if row >= 0 else 0
                self.results.setCurrentIndex(self.model.index(row))
                return True
        return super().eventFilter(watched, event)

    def open_current(self) -> None:
        if self._timer.isActive():  # Enter right after typing: search first, then open
            self.run_query()
        if self.runner.busy():
            self._open_when_shown = True  # the first result opens as soon as it is there
            return
        row = self.results.currentIndex().row()
        self._open(row if row >= 0 else 0)

    def _double_clicked(self, index: QModelIndex) -> None:
        self._open(index.row())

    def _open(self, row: int) -> None:
        if not 0 <= row < len(self.model.hits):
            return
        hit = self.model.hits[row]
        self.open_hit.emit(hit.doc_id, hit.start, hit.end)
        self.accept()

    def done(self, result: int) -> None:
        self._timer.stop()
        self.runner.cancel()
        self.stores.release()  # reopened by the next search: the window keeps this dialog
        super().done(result)
