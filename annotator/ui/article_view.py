"""The article: a read-only QPlainTextEdit showing the text exactly, with claims highlighted.

Selections snap to whole words on mouse release (hold Alt for characters). The selected claim is outlined
by painting a frame around its lines: a transient mark that never touches the document's formats.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextDocumentLayout, QPlainTextEdit, QWidget

from annotator.core.offsets import OffsetConverter
from annotator.core.spans import snap_to_words
from annotator.ui.highlighter import ClaimHighlighter, ClaimIndex
from annotator.ui.marks import MarkPainter
from annotator.ui.style import OUTLINE_DARK, OUTLINE_LIGHT, SELECTION_DARK, SELECTION_LIGHT, is_dark

AFTER_PAINT_FALLBACK_MS = 100


class ArticleView(QPlainTextEdit):
    claim_clicked = Signal(str)  # claim id under a plain click
    context_menu_requested = Signal(QMenu, object)  # menu to fill, claim id under the pointer (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptDrops(False)  # files dropped on the article go to the window (import)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setCenterOnScroll(False)
        self.setObjectName("article")
        self.setCursorWidth(0)  # read-only: no caret drawn inside the selected claim's frame
        self._apply_selection_colour()
        # The viewport is a plain QWidget made by Qt: the first `viewport()` call had PySide find its
        # Python type by trying every QWidget subclass, which builds all of QtWidgets' classes and their
        # enums (about 7 ms before the first paint). Looked up by name, it gets its wrapper directly, and
        # `viewport()` returns that same wrapper from then on.
        self.findChild(QWidget, "qt_scrollarea_viewport")
        self.text = ""
        self.converter = OffsetConverter("")
        self.index: ClaimIndex | None = None
        self.highlighter: ClaimHighlighter | None = None
        self.mark_painter = MarkPainter()
        self.selected_claim: str | None = None
        self._press_pos: QPoint | None = None
        self._formatting = False
        # Blocks scrolled into view are formatted when the view asks for its update, before the paint:
        # formatting them inside paintEvent changed the layout there and cost a second paint per page.
        self.updateRequest.connect(self._format_visible)
        self._after_paint: list[Callable[[], None]] = []
        # Runs them anyway when no paint comes (a hidden or minimised window).
        self._after_paint_fallback = QTimer(self)
        self._after_paint_fallback.setSingleShot(True)
        self._after_paint_fallback.setInterval(AFTER_PAINT_FALLBACK_MS)
        self._after_paint_fallback.timeout.connect(self._run_after_paint)

    def _apply_selection_colour(self) -> None:
        """A selection no label colour is close to (the default blue was close to "attributed")."""
        palette = self.palette()
        dark = is_dark(palette)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(
                group, QPalette.ColorRole.Highlight, QColor(SELECTION_DARK if dark else SELECTION_LIGHT)
            )
            palette.setColor(
                group, QPalette.ColorRole.HighlightedText, QColor("#000000" if dark else "#ffffff")
            )
        self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.setPalette(QApplication.palette(self))
            self._apply_selection_colour()

    def call_after_next_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` from the event loop once the next paint of the article has ended.

        For work that must not delay an article's first paint: a worker started earlier competes with
        the paint for the GIL (and a zero-timeout timer fires before the paint, not after it).
        """
        self._after_paint.append(callback)
        if not self._after_paint_fallback.isActive():
            self._after_paint_fallback.start()

    def discard_after_paint(self) -> None:
        """Forget the pending callbacks (the window is closing: nothing may start a worker any more)."""
        self._after_paint_fallback.stop()
        self._after_paint.clear()

    def _run_after_paint(self) -> None:
        self._after_paint_fallback.stop()
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            callback()

    def _format_visible(self, *_args: object) -> None:
        if self.highlighter is None or self._formatting:
            return  # formatting a block requests an update itself
        self._formatting = True
        try:
            self.highlighter.ensure_visible(self)
        finally:
            self._formatting = False

    # -- content ------------------------------------------------------------------------------------

    def set_article(self, text: str, converter: OffsetConverter | None = None) -> None:
        self.text = text
        self.converter = converter or OffsetConverter(text)
        self.selected_claim = None
        self.mark_painter.clear()
        # A fresh document, given to the highlighter while still empty (attaching it to a filled one
        # schedules a pass over every block: 15 ms for 1 MB), then filled without its signals, so that
        # the highlighter makes no call per block either: the first paint formats only what it shows.
        document = QTextDocument(self)
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setDefaultFont(self.font())
        self._formatting = True  # no formatting until the view has the new document (the paint does it)
        try:
            if self.highlighter is not None:
                self.highlighter.reset()
                self.highlighter.setDocument(document)
            document.blockSignals(True)  # nothing else listens yet: the view gets the document below
            document.setPlainText(text)
            document.blockSignals(False)
            old = self.document()
            self.setDocument(document)  # Qt deletes its own initial document here
            if shiboken6.isValid(old) and old.parent() is self:
                shiboken6.delete(old)  # the previous article, freed now (and the highlighter let go of it)
        finally:
            self._formatting = False

    def selection_cp(self) -> tuple[int, int] | None:
        """The current selection as code points, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.converter.to_cp_span(cursor.selectionStart(), cursor.selectionEnd())

    def select_cp(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.converter.to_qt(start))
        cursor.setPosition(self.converter.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def scroll_to_qt(self, start: int, end: int) -> None:
        """Bring [start, end) into view without selecting it (centred only when it is off screen)."""
        if self._visible(start) and self._visible(end):
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        self.setTextCursor(cursor)
        self.centerCursor()

    def _visible(self, pos: int) -> bool:
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        rect = self.cursorRect(cursor)
        return self.viewport().rect().contains(rect.center())

    # -- mouse --------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cursor = self.textCursor()
        if cursor.hasSelection():
            if not event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.snap_selection()
            else:
                self.select_cp(*self.selection_cp() or (0, 0))  # never half a surrogate pair on screen
            return
        moved = (
            self._press_pos is not None
            and (event.position().toPoint() - self._press_pos).manhattanLength() > 3
        )
        if not moved:
            claim = self.claim_at(event.position().toPoint())
            if claim is not None:
                self.claim_clicked.emit(claim)

    def snap_selection(self) -> None:
        span = self.selection_cp()
        if span is None:
            return
        start, end = snap_to_words(self.text, *span)
        if start < end:
            self.select_cp(start, end)

    def claim_at(self, point: QPoint) -> str | None:
        if self.index is None:
            return None
        pos = self.cursorForPosition(point).position()
        # cursorForPosition returns the nearest gap; look at the character on either side.
        claim = self.index.at(pos) or (self.index.at(pos - 1) if pos > 0 else None)
        return claim.id if claim else None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        self.context_menu_requested.emit(menu, self.claim_at(event.pos()))
        if not menu.isEmpty():
            menu.exec(event.globalPos())
        menu.deleteLater()

    # -- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.highlighter is not None:
            self.highlighter.ensure_visible(self)  # only what is on screen is ever formatted
        marks = (
            self.mark_painter.prepare(self, self.index, is_dark(self.palette()))
            if self.index is not None and len(self.index)
            else []
        )
        super().paintEvent(event)
        if self.selected_claim and self.index is not None:
            claim = self.index.claims.get(self.selected_claim)
            if claim is not None:
                self._outline(claim.start, claim.end)
        if marks:  # over the selected claim's frame, which hid its mark
            painter = QPainter(self.viewport())
            self.mark_painter.paint(painter, marks)
            painter.end()
        if self._after_paint:
            QTimer.singleShot(0, self, self._run_after_paint)  # posted: runs when this paint has ended

    def _outline(self, start: int, end: int) -> None:
        """Frame each line of [start, end): only blocks on screen are visited."""
        painter = QPainter(self.viewport())
        pen = QPen(QColor(OUTLINE_DARK if is_dark(self.palette()) else OUTLINE_LIGHT))
        pen.setWidthF(1.6)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        offset = self.contentOffset()
        height = self.viewport().height()
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if geometry.bottom() >= 0 and block.isVisible():
                layout = block.layout()
                base = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    lo = max(start - base, line.textStart())
                    hi = min(end - base, line.textStart() + line.textLength())
                    if lo >= hi:
                        continue
                    x1 = float(line.cursorToX(lo)[0])  # type: ignore[index]  # PySide: (x, pos)
                    x2 = float(line.cursorToX(hi)[0])  # type: ignore[index]
                    rect = QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height()).translated(
                        geometry.topLeft()
                    )
                    painter.drawRoundedRect(rect.adjusted(-1.5, 0.5, 1.5, -0.5), 3, 3)
            block = block.next()
        painter.end()
