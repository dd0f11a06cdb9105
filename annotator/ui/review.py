"""Review mode: every claim span of every article with each annotator's label side by side, disagreements
first: the overview across articles, where curation mode (``curation.py``) works on one article in its text.

The reviewer picks the final label with 1/2/3 (or A/D/F; X: not a claim); it is stored as the ``gold`` claim
through ``services.curation.decide`` (the same write as curation), logged under the reviewer's name, and
pushed onto the window's undo stack, so Ctrl+Z (in this dialog or the window) undoes it. Rows stay where they
are after a decision (no re-sorting under the reviewer's hands) and the selection moves on to the next row.
An annotator who rejected the span reads "✗ rejected", one who never marked it "—"; the detail under the
table shows the span in its sentences and the annotators' source and cue differences.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD, Claim
from annotator.services.agreement import ReviewItem, review_items
from annotator.services.changes import Changes
from annotator.services.claims import redo as redo_changes
from annotator.services.claims import undo as undo_changes
from annotator.services.curation import Unit, decide, make_unit
from annotator.store import NotFoundError, Store, StoreError
from annotator.ui.curation_items import GoldCommand, context_html, shorten
from annotator.ui.style import label_strong_colour
from annotator.ui.workers import TaskContext, TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex

# Each label has a letter as well as a colour: colour is never the only signal (DESIGN.md rule 5).
LABEL_KEYS: dict[int, str | None] = {
    Qt.Key.Key_1: "attributed",
    Qt.Key.Key_A: "attributed",
    Qt.Key.Key_2: "disputed",
    Qt.Key.Key_D: "disputed",
    Qt.Key.Key_3: "factual",
    Qt.Key.Key_F: "factual",
    Qt.Key.Key_X: None,
}
DISAGREE_BACKGROUND = QColor("#fff3cd")
EXCERPT_CHARS = 90


def load_review(store: Store, doc_id: str | None, match: str) -> tuple[list[ReviewItem], dict[str, str]]:
    """The review rows of one article (None: all) and the articles' titles."""
    return review_items(store, doc_id, match=match), {doc.id: doc.title for doc in store.list_documents()}


def label_text(label: str | None) -> str:
    return f"{label[0].upper()} {label}" if label else "∅ no label"


class ReviewModel(QAbstractTableModel):
    """Rows are review items; columns: status, article, span, one per annotator, gold."""

    FIXED = ("", "Article", "Span")
    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._items: list[ReviewItem] = []
        self._annotators: list[str] = []
        self._titles: dict[str, str] = {}
        self.doc_id: str | None = None
        self.only_disagreements = False
        self.match_mode = "exact"

    # -- loading -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload in the calling thread (the review widget loads on its worker and calls ``set_items``)."""
        self.set_items(*load_review(self._store, self.doc_id, self.match_mode))

    def set_items(self, items: list[ReviewItem], titles: dict[str, str]) -> None:
        self.beginResetModel()
        self._titles = titles
        if self.only_disagreements:
            items = [item for item in items if item.disagree]
        self._items = items
        self._annotators = sorted({name for item in items for name in (*item.annotators, *item.labels)})
        self.endResetModel()

    def set_store(self, store: Store) -> None:
        self._store = store

    def item(self, row: int) -> ReviewItem:
        return self._items[row]

    def annotators(self) -> list[str]:
        return list(self._annotators)

    def set_gold(self, row: int, claim: Claim) -> None:
        self._items[row] = replace(self._items[row], gold=claim)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- the model API ---------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self._annotators) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.columnCount():
            return None
        if section < len(self.FIXED):
            return self.FIXED[section]
        if section == self.columnCount() - 1:
            return "Gold"
        return self._annotators[section - len(self.FIXED)]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == self.ItemRole:
            return item
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(DISAGREE_BACKGROUND) if item.disagree and item.gold is None else None
        label, present = self._cell_label(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return self._titles.get(item.doc_id, item.doc_id)
            if self._display(item, column, label, present) == "—":
                return "not marked: this annotator worked on the article but did not mark this span"
            return item.text
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column, label, present)
        if role == Qt.ItemDataRole.ForegroundRole and present and label:
            colour = label_strong_colour(label)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and column == self.columnCount() - 1 and item.gold is not None:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _cell_label(self, item: ReviewItem, column: int) -> tuple[str | None, bool]:
        """(label, whether there is a claim) for the annotator and gold columns."""
        if column == self.columnCount() - 1:
            return (item.gold.label, True) if item.gold is not None else (None, False)
        if column >= len(self.FIXED):
            name = self._annotators[column - len(self.FIXED)]
            return item.labels.get(name), name in item.labels
        return None, False

    def _display(self, item: ReviewItem, column: int, label: str | None, present: bool) -> str:
        if column == 0:
            if item.gold is not None:
                return "✓"
            return "≠" if item.disagree else "="
        if column == 1:
            return self._titles.get(item.doc_id, item.doc_id)
        if column == 2:
            excerpt = " ".join(item.text.split())
            return excerpt if len(excerpt) <= EXCERPT_CHARS else excerpt[: EXCERPT_CHARS - 1] + "…"
        if column == self.columnCount() - 1:
            if item.gold is None:
                return ""
            return "✗ not a claim" if item.gold.status == "rejected" else label_text(label)
        if present:
            return label_text(label)
        name = self._annotators[column - len(self.FIXED)]
        if name in item.rejected:
            return "✗ rejected"
        return "—" if name in item.annotators else ""


class _ReviewTable(QTableView):
    """A table that keeps the label keys for itself, even where the window binds them to actions."""

    label_key = Signal(object)  # label or None

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._label_for(event) is not _NO_KEY
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        label = self._label_for(event)
        if label is _NO_KEY:
            super().keyPressEvent(event)
            return
        self.label_key.emit(label)

    @staticmethod
    def _label_for(event: QKeyEvent) -> Any:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return _NO_KEY
        return LABEL_KEYS.get(event.key(), _NO_KEY)


_NO_KEY = object()


class ReviewWidget(QWidget):
    """The review table, the full text of the selected span, and the adjudication buttons."""

    adjudicated = Signal(object)  # the gold Claim

    def __init__(
        self,
        store: Store,
        reviewer: str,
        parent: QWidget | None = None,
        *,
        doc_id: str | None = None,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.reviewer = reviewer
        self.undo_stack = undo_stack or QUndoStack(self)
        self.model = ReviewModel(store, self)
        self.model.doc_id = doc_id
        self._runner = TaskRunner(self)

        self.article = QComboBox()
        self.only_disagreements = QCheckBox("Disagreements only")
        self.match = QComboBox()
        self.match.addItem("Exact spans", "exact")
        self.match.addItem("Overlapping spans", "overlap")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Article:"))
        filters.addWidget(self.article, 1)
        filters.addWidget(self.match)
        filters.addWidget(self.only_disagreements)

        self.view = _ReviewTable()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(False)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        for text, label in (
            ("1 Attributed", "attributed"),
            ("2 Disputed", "disputed"),
            ("3 Factual", "factual"),
            ("X Not a claim", None),
        ):
            button = QPushButton(text)
            button.setToolTip("Record this as the final (gold) label of the selected span")
            button.clicked.connect(lambda _=False, value=label: self.adjudicate_selected(value))
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self.view.label_key.connect(self.adjudicate_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.only_disagreements.toggled.connect(self._filters_changed)
        self.article.currentIndexChanged.connect(self._filters_changed)
        self.match.currentIndexChanged.connect(self._filters_changed)
        self._fill_articles(doc_id)
        self.refresh()

    # -- loading ---------------------------------------------------------------------------------------

    def _fill_articles(self, doc_id: str | None) -> None:
        self.article.blockSignals(True)
        self.article.clear()
        self.article.addItem("All articles", None)
        for doc in self.store.list_documents():
            self.article.addItem(doc.title, doc.id)
        self.article.setCurrentIndex(max(0, self.article.findData(doc_id)) if doc_id else 0)
        self.article.blockSignals(False)

    def _filters_changed(self) -> None:
        self.model.doc_id = self.article.currentData()
        self.model.only_disagreements = self.only_disagreements.isChecked()
        self.model.match_mode = self.match.currentData()
        self.refresh()

    def set_store(self, store: Store) -> None:
        """Review another database (the window switched databases)."""
        self.store = store
        self.model.set_store(store)
        self.model.doc_id = None
        self._fill_articles(None)
        self.refresh()

    @property
    def loading(self) -> bool:
        """True while the rows are being read."""
        return self._runner.busy()

    def refresh(self) -> None:
        """Reload from the database on the worker thread (all articles of a team database with 100,000
        claims took 2 s), keeping the selected span selected when it is still there."""
        selected = self.selected_item()
        key = selected.key if selected else None
        path, doc_id, match = self.store.path, self.model.doc_id, self.model.match_mode

        def work(ctx: TaskContext) -> tuple[list[ReviewItem], dict[str, str]]:
            with Store(path, verify=False) as store:  # checked when the window opened it
                return load_review(store, doc_id, match)

        self.summary.setText("Loading…")
        task = self._runner.submit("review", work)
        task.signals.finished.connect(lambda result: self._loaded(key, *result))
        task.signals.failed.connect(self._load_failed)

    def _load_failed(self, message: str) -> None:
        self.summary.setText("")
        self.message.setText(f"Could not load the review: {message}")

    def _loaded(self, key: Any, items: list[ReviewItem], titles: dict[str, str]) -> None:
        self.model.set_items(items, titles)
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(1, min(self.view.columnWidth(1), 200))  # titles are long; tooltips exist
        label_width = self.view.fontMetrics().horizontalAdvance("✗ not a claim") + 16
        for column in range(len(ReviewModel.FIXED), self.model.columnCount()):
            self.view.setColumnWidth(column, max(self.view.columnWidth(column), label_width))
        rows = [row for row in range(self.model.rowCount()) if self.model.item(row).key == key]
        if rows or self.model.rowCount():
            self.select_row(rows[0] if rows else 0)
        self._update_summary()
        self._show_detail()

    def _update_summary(self) -> None:
        items = [self.model.item(row) for row in range(self.model.rowCount())]
        open_disagreements = sum(item.disagree and item.gold is None for item in items)
        decided = sum(item.gold is not None for item in items)
        self.summary.setText(
            f"{len(items)} span(s), {open_disagreements} open disagreement(s), {decided} adjudicated"
        )

    # -- selection and adjudication --------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))
            self._show_detail()

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return rows[0].row() if rows else None

    def selected_item(self) -> ReviewItem | None:
        row = self.selected_row()
        return None if row is None else self.model.item(row)

    def _unit(self, item: ReviewItem) -> tuple[Unit, str]:
        """The span as curation sees it (each annotator's claim on it, rejections included, and gold) and
        its article's text."""
        decisions = {}
        for name, claim_id in item.claim_ids.items():
            try:
                decisions[name] = self.store.get_claim(claim_id)
            except NotFoundError:  # changed since the rows were read
                continue
        for claim in self.store.claims_overlapping(item.doc_id, item.start, item.end):
            same_span = (claim.start, claim.end) == (item.start, item.end)
            if same_span and claim.status == "rejected" and claim.annotator != GOLD:
                decisions.setdefault(claim.annotator, claim)
        text = self.store.get_document(item.doc_id).text
        return make_unit(
            item.doc_id, item.start, item.end, item.text, item.annotators, decisions, item.gold
        ), text

    def _show_detail(self) -> None:
        item = self.selected_item()
        if item is None:
            self.detail.setText("Nothing to review yet: merge the annotators' databases first.")
            return
        try:
            unit, text = self._unit(item)
        except StoreError as exc:
            self.detail.setText(f"Could not read the span: {exc}")
            return
        votes = " · ".join(f"{name}: {_said(unit.decision(name))}" for name in item.annotators)
        differences = "".join(f"<br>≠ {html.escape(line)}" for line in unit.differences())
        self.detail.setText(
            f"{context_html(text, item.start, item.end)}<br>{html.escape(votes)}{differences}"
        )

    def adjudicate_selected(self, label: str | None) -> Claim | None:
        """Record ``label`` (None: not a claim) as the gold label of the selected span and move on; the
        decision goes onto the undo stack."""
        row = self.selected_row()
        if row is None:
            return None
        item = self.model.item(row)
        try:
            unit, _text = self._unit(item)
            changes = decide(self.store, unit, label, reviewer=self.reviewer)
        except (StoreError, ValueError) as exc:
            self.message.setText(f"Not saved: {exc}")
            return None
        claim = changes.claim if not changes.empty else item.gold
        if claim is None:
            return None
        text = f"Gold: {label or 'not a claim'} for “{shorten(item.text, 60)}”"
        self.message.setText(f"Saved. {text}. Ctrl+Z undoes it.")
        if not changes.empty:
            self.undo_stack.push(GoldCommand(self, text, changes))
        self.model.set_gold(row, claim)
        self._update_summary()
        self.select_row(min(row + 1, self.model.rowCount() - 1))
        self.adjudicated.emit(claim)
        return claim

    def apply_changes(self, changes: Changes, *, redo: bool) -> bool:
        """Undo (or redo) a gold decision by compare-and-swap; False when someone changed it since."""
        try:
            (redo_changes if redo else undo_changes)(self.store, changes, annotator=self.reviewer)
        except StoreError as exc:  # ObsoleteChange included: its message says who changed it
            self.message.setText(str(exc))
            return False
        self.message.setText("Redone." if redo else "Undone.")
        self.refresh()
        claim = changes.claims[0].after or changes.claims[0].before
        if claim is not None:
            self.adjudicated.emit(claim)
        return True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.view.setFocus()


def _said(claim: Claim | None) -> str:
    if claim is None:
        return "not marked"
    if claim.status == "rejected":
        return "✗ rejected"
    return claim.label or "no label"


class ReviewDialog(QDialog):
    """Review mode in its own window, so that its 1/2/3 keys never compete with the main window's. Its gold
    decisions go onto the window's undo stack (``parent.undo_stack``) and Ctrl+Z works here too."""

    def __init__(
        self, store: Store, reviewer: str, parent: QWidget | None = None, undo_stack: QUndoStack | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Review and adjudicate — reviewer {reviewer}")
        stack = undo_stack or getattr(parent, "undo_stack", None)
        self.widget = ReviewWidget(store, reviewer, self, undo_stack=stack)
        for action, keys in (
            (self.widget.undo_stack.createUndoAction(self, "&Undo"), ["Ctrl+Z"]),
            (self.widget.undo_stack.createRedoAction(self, "&Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"]),
        ):
            action.setShortcuts([QKeySequence(k) for k in keys])
            self.addAction(action)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.widget)
        layout.addWidget(close)
        self.resize(960, 560)
