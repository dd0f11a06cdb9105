"""Item models: the claims of the open article (table) and the articles of the database (list).

Edits change one row and emit ``dataChanged`` for it; only opening an article or a change made by
another process resets a model.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from annotator.core.model import Claim
from annotator.store import DocumentSummary
from annotator.ui.style import is_dark, label_colour, label_text

Index = QModelIndex | QPersistentModelIndex
ClaimIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
LabelRole = Qt.ItemDataRole.UserRole + 3
StatusRole = Qt.ItemDataRole.UserRole + 4
FilterKeyRole = Qt.ItemDataRole.UserRole + 5  # "label|status", label "-" when there is none
DocIdRole = Qt.ItemDataRole.UserRole + 10
LabelledRole = Qt.ItemDataRole.UserRole + 11
TotalRole = Qt.ItemDataRole.UserRole + 12

EXCERPT_CHARS = 90
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def _order_key(claim: Claim) -> tuple[int, int, str, str]:
    return (claim.start, claim.end, claim.created_at, claim.id)


class ClaimsTableModel(QAbstractTableModel):
    """Claims of one article in article order.

    Column "#" is the number of the paragraph the claim starts in: unlike a running count it stays the
    same when claims are added or deleted around it, so no other row changes under an edit.
    """

    COLUMNS = ("#", "Claim", "Label", "Status", "Source", "Annotator")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._claims: list[Claim] = []
        self._keys: list[tuple[int, int, str, str]] = []
        self._rows: dict[str, int] = {}
        self._text = ""
        self._paragraphs: list[int] | None = []  # offsets where paragraphs 2, 3, … start; None: not yet

    # -- reading ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        if horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 0:
            return "Paragraph the claim starts in (sort by it for article order)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._claims):
            return None
        claim = self._claims[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(claim, column)
        if role == SortRole:
            return index.row() if column == 0 else self._display(claim, column)
        if role == ClaimIdRole:
            return claim.id
        if role == FilterKeyRole:
            return f"{claim.label or '-'}|{claim.status}"
        if role == LabelRole:
            return claim.label or ""
        if role == StatusRole:
            return claim.status
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [claim.text]
            if claim.reason:
                lines.append(f"Suggested because: {claim.reason}")
            if claim.confidence is not None:
                lines.append(f"Confidence: {claim.confidence:.2f}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return label_colour(claim.label, is_dark())
        if role == Qt.ItemDataRole.FontRole and claim.status == "suggested":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and claim.status == "rejected":
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def paragraph_of(self, offset: int) -> int:
        if self._paragraphs is None:
            self._paragraphs = [m.end() for m in _PARAGRAPH_BREAK.finditer(self._text)]
        return bisect_right(self._paragraphs, offset)

    def set_text(self, text: str) -> None:
        """The article text, for paragraph numbers (call before ``set_claims``). The paragraph table is
        built when a claim first needs it: a long article's claims arrive after its first paint, and
        scanning 1 MB for paragraphs (about 1 ms) has no place before it."""
        self._text = text
        self._paragraphs = None

    def _display(self, claim: Claim, column: int) -> str:
        if column == 0:
            return str(self.paragraph_of(claim.start) + 1)
        if column == 1:
            text = " ".join(claim.text.split())
            return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
        if column == 2:
            return label_text(claim.label)
        if column == 3:
            return claim.status
        if column == 4:
            return claim.source.text if claim.source else ""
        return claim.annotator

    # -- lookups ------------------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        return list(self._claims)

    def claim(self, row: int) -> Claim:
        return self._claims[row]

    def row_of(self, claim_id: str) -> int | None:
        return self._rows.get(claim_id)

    def get(self, claim_id: str) -> Claim | None:
        row = self._rows.get(claim_id)
        return None if row is None else self._claims[row]

    # -- changing -----------------------------------------------------------------------------------

    def set_claims(self, claims: list[Claim]) -> None:
        self.beginResetModel()
        keyed = sorted(((_order_key(c), c) for c in claims), key=lambda pair: pair[0])
        self._keys = [key for key, _ in keyed]
        self._claims = [claim for _, claim in keyed]
        self._reindex(0)
        self.endResetModel()

    def _reindex(self, first: int) -> None:
        for row in range(first, len(self._claims)):
            self._rows[self._claims[row].id] = row
        if first == 0:
            self._rows = {c.id: r for r, c in enumerate(self._claims)}

    def put(self, claim: Claim) -> None:
        """Insert or update one claim, keeping article order (a moved span moves its row)."""
        row = self._rows.get(claim.id)
        if row is None:
            self._insert(claim)
            return
        key = _order_key(claim)
        if key == self._keys[row] or (
            (row == 0 or self._keys[row - 1] <= key)
            and (row + 1 == len(self._keys) or key <= self._keys[row + 1])
        ):
            self._claims[row] = claim
            self._keys[row] = key
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            return
        self.remove(claim.id)
        self._insert(claim)

    def _insert(self, claim: Claim) -> None:
        key = _order_key(claim)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._claims.insert(row, claim)
        self._keys.insert(row, key)
        self._reindex(row)
        self.endInsertRows()

    def remove(self, claim_id: str) -> None:
        row = self._rows.get(claim_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._claims.pop(row)
        del self._keys[row]
        del self._rows[claim_id]
        self._reindex(row)
        self.endRemoveRows()


class ClaimsFilterProxy(QSortFilterProxyModel):
    """Sortable view of the claims, filtered by label ('' = all, '-' = unlabelled) and status.

    Filtering and sorting stay inside Qt (a regular expression over ``FilterKeyRole``, QVariant
    comparisons), with no Python callback per row, and with no filter set Qt does not even ask for data.
    Sorting by "#" ascending is the source model's own order, so the default view needs no sorting at all.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._label = ""
        self._status = ""
        self.setSortRole(SortRole)
        self.setFilterRole(FilterKeyRole)
        self.setFilterKeyColumn(0)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def set_label_filter(self, label: str) -> None:
        self._label = label or ""
        self._apply_filter()

    def set_status_filter(self, status: str) -> None:
        self._status = status or ""
        self._apply_filter()

    def _apply_filter(self) -> None:
        if not (self._label or self._status):
            self.setFilterRegularExpression("")
            return
        label = re.escape(self._label) if self._label else "[^|]*"
        status = re.escape(self._status) if self._status else ".*"
        self.setFilterRegularExpression(f"^{label}\\|{status}$")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == 0 and order == Qt.SortOrder.AscendingOrder:
            super().sort(-1)  # article order = source order
        else:
            super().sort(column, order)


class DocumentsModel(QAbstractListModel):
    """The articles of the database with their progress (labelled of total claims)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._docs: list[DocumentSummary] = []
        self._rows: dict[str, int] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._docs):
            return None
        doc = self._docs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{doc.title}\n{doc.labelled} of {doc.claims} claims labelled, "
                f"{doc.suggested} suggestions open, {doc.length:,} characters"
            )
        if role == DocIdRole:
            return doc.id
        if role == LabelledRole:
            return doc.labelled
        if role == TotalRole:
            return doc.claims
        return None

    def set_documents(self, docs: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._docs = list(docs)
        self._rows = {d.id: r for r, d in enumerate(self._docs)}
        self.endResetModel()

    def ids(self) -> list[str]:
        return [d.id for d in self._docs]

    def row_of(self, doc_id: str) -> int | None:
        return self._rows.get(doc_id)

    def summary(self, doc_id: str) -> DocumentSummary | None:
        row = self._rows.get(doc_id)
        return None if row is None else self._docs[row]

    def set_progress(self, doc_id: str, labelled: int, total: int, suggested: int) -> None:
        row = self._rows.get(doc_id)
        if row is None:
            return
        old = self._docs[row]
        if (old.labelled, old.claims, old.suggested) == (labelled, total, suggested):
            return
        self._docs[row] = DocumentSummary(old.id, old.title, old.length, total, labelled, suggested)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
