"""Review mode: every claim span with each annotator's label side by side, disagreements first.

The reviewer picks the final label with 1/2/3 (or A/D/F; X: not a claim); it is stored as the ``gold`` claim
through ``services.agreement.adjudicate`` and logged under the reviewer's name. Rows stay where they are after
a decision (no re-sorting under the reviewer's hands) and the selection moves on to the next row.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
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

from annotator.core.model import Claim
from annotator.services.agreement import ReviewItem, adjudicate, review_items
from annotator.store import Store, StoreError
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
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._titles.get(item.doc_id, item.doc_id) if column == 1 else item.text
        label, present = self._cell_label(item, column)
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
        return "—" if self._annotators[column - len(self.FIXED)] in item.annotators else ""


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
        self, store: Store, reviewer: str, parent: QWidget | None = None, *, doc_id: str | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.reviewer = reviewer
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
        key = self.selected_item().key if self.selected_item() else None
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

    def _show_detail(self) -> None:
        item = self.selected_item()
        if item is None:
            self.detail.setText("Nothing to review yet: merge the annotators' databases first.")
            return
        votes = ", ".join(f"{name}: {label or 'no label'}" for name, label in item.labels.items())
        missing = [name for name in item.annotators if name not in item.labels]
        if missing:
            votes += f"; not marked by {', '.join(missing)}"
        self.detail.setText(f"“{item.text}”\n{votes}")

    def adjudicate_selected(self, label: str | None) -> Claim | None:
        """Record ``label`` (None: not a claim) as the gold label of the selected span; move on."""
        row = self.selected_row()
        if row is None:
            return None
        item = self.model.item(row)
        try:
            claim = adjudicate(
                self.store, item.doc_id, item.start, item.end, label, reviewer=self.reviewer
            ).claim
        except (StoreError, ValueError) as exc:
            self.message.setText(f"Not saved: {exc}")
            return None
        assert claim is not None  # adjudicating always leaves a gold claim
        self.message.setText(f"Saved: {label or 'not a claim'} for “{item.text[:60]}”.")
        self.model.set_gold(row, claim)
        self._update_summary()
        self.select_row(min(row + 1, self.model.rowCount() - 1))
        self.adjudicated.emit(claim)
        return claim

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.view.setFocus()


class ReviewDialog(QDialog):
    """Review mode in its own window, so that its 1/2/3 keys never compete with the main window's."""

    def __init__(self, store: Store, reviewer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Review and adjudicate — reviewer {reviewer}")
        self.widget = ReviewWidget(store, reviewer, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.widget)
        layout.addWidget(close)
        self.resize(960, 560)
