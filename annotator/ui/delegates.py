"""Painting of the documents list: title over a thin progress bar with "labelled / total"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from annotator.ui.models import LabelledRole, TotalRole

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem


class DocumentDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, height * 2 + 16)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # Imported at the first paint of a row: PySide builds QStyle's twelve enum types (~580 members,
        # ~5 ms) when the class is first imported, and the list lays out and paints its rows after the
        # window's first frame, so importing it with this module delayed the article's first paint.
        from PySide6.QtWidgets import QStyle, QStyleOptionProgressBar

        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        # background and selection as the style draws them, then our own text and bar
        text = option.text
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(6, 4, -6, -4)
        line = option.fontMetrics.height()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        title = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft, title
        )
        labelled = int(index.data(LabelledRole) or 0)
        total = int(index.data(TotalRole) or 0)
        caption = f"{labelled} / {total} labelled" if total else "no claims yet"
        caption_width = option.fontMetrics.horizontalAdvance(caption) + 8
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(rect.left(), rect.top() + line + 6, max(20, rect.width() - caption_width), line - 4)
        bar.minimum = 0
        bar.maximum = max(total, 1)
        bar.progress = labelled
        bar.textVisible = False  # the caption sits beside the bar, readable whatever the fill
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
        painter.drawText(
            QRect(bar.rect.right() + 6, rect.top() + line + 2, caption_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            caption,
        )
        painter.restore()
