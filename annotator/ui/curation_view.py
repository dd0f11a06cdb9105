"""The article in curation: gold decisions marked in the text, every annotator's decision in a lane of its own
above each line, so that overlapping decisions stay legible and never blend their colours.

Room for the lanes: QPlainTextEdit's layout ignores block line heights and margins, so the highlighter gives
each space a larger font (the line grows) with a negative letter spacing of exactly the extra width (the
words stay where they were). The lanes are painted into the space this opens above the glyphs. Like the
annotator's view (``highlighter.py``), only blocks on screen are formatted and painted, and the marks are
found per block with a bisect, so a 1 MB article with 15,000 decisions paints what it shows and no more.

A lane draws, per label, the label's colour *and* its pattern (solid attributed, hatched disputed, dotted
factual); a rejection is a grey struck-through outline; "not marked" is nothing at all.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCharFormat,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import GOLD, Claim
from annotator.core.offsets import OffsetConverter
from annotator.services.curation import Curation, Unit, decision_text
from annotator.ui.article_view import ArticleView
from annotator.ui.highlighter import ClaimHighlighter, ClaimIndex, QtClaim
from annotator.ui.style import FormatCache, is_dark, label_strong_colour

PATTERNS = {
    "attributed": Qt.BrushStyle.SolidPattern,
    "disputed": Qt.BrushStyle.BDiagPattern,
    "factual": Qt.BrushStyle.Dense4Pattern,
}
PATTERN_NAMES = {"attributed": "solid", "disputed": "hatched", "factual": "dotted"}
GREY = QColor("#8a8a8a")
OPEN_COLOUR = QColor("#d9822b")
SPACER_EVERY = 4
FORMAT_AHEAD_IDLE_MS = 60
FORMAT_AHEAD_BLOCKS = 6
FORMAT_AHEAD_REACH = 80


@dataclass(frozen=True, slots=True)
class Mark:
    """One decision in one lane, in Qt (UTF-16) positions."""

    start: int
    end: int
    lane: int
    label: str | None
    rejected: bool
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    unit: tuple[int, int]  # the unit's code-point span


class MarkIndex:
    """Marks by position: a bisect plus a walk back bounded by a running maximum of ends."""

    def __init__(self, marks: list[Mark] | None = None) -> None:
        self.marks = sorted(marks or [], key=lambda m: (m.start, -m.end, m.lane))
        self._starts = [m.start for m in self.marks]
        self._max_end: list[int] = []
        running = -1
        for mark in self.marks:
            running = max(running, mark.end)
            self._max_end.append(running)

    def overlapping(self, start: int, end: int) -> list[Mark]:
        found = []
        j = bisect_left(self._starts, end) - 1
        while j >= 0 and self._max_end[j] > start:
            if self.marks[j].end > start:
                found.append(self.marks[j])
            j -= 1
        return found


def _qt_span(claim: Claim, part: str, conv: OffsetConverter) -> tuple[int, int] | None:
    span = getattr(claim, part)
    return None if span is None else conv.to_qt_span(span.start, span.end)


def mark_of(unit: Unit, lane: int, claim: Claim, conv: OffsetConverter) -> Mark:
    start, end = conv.to_qt_span(unit.start, unit.end)
    return Mark(
        start,
        end,
        lane,
        claim.label,
        claim.status == "rejected",
        _qt_span(claim, "source", conv),
        _qt_span(claim, "cue", conv),
        unit.key,
    )


def marks_of(curation: Curation, conv: OffsetConverter) -> tuple[list[Mark], dict[tuple[int, int], Mark]]:
    """The people's marks (one lane per annotator) and gold's (the last lane), by unit."""
    lanes = {name: index for index, name in enumerate(curation.annotators)}
    people = []
    gold = {}
    for unit in curation.units:
        for name, claim in unit.decisions.items():
            people.append(mark_of(unit, lanes[name], claim, conv))
        if unit.gold is not None:
            gold[unit.key] = mark_of(unit, len(lanes), unit.gold, conv)
    return people, gold


class GoldFormats(FormatCache):
    """Gold in the text: the label's underline style in its strong colour, no background (a background would
    fill the lanes above the glyphs too, the line being that tall)."""

    def _build(self, label: str | None, status: str, part: str, alternate: bool) -> QTextCharFormat:
        fmt = super()._build(label, status, part, alternate)
        fmt.clearBackground()
        colour = label_strong_colour(label, self.dark)
        if colour is not None:
            fmt.setUnderlineColor(colour.darker(115) if alternate else colour)
            fmt.setForeground(colour)
        return fmt


class CurationHighlighter(ClaimHighlighter):
    """The gold claims' highlight, plus the larger spaces that open room for the lanes."""

    spacer: QTextCharFormat | None = None

    def set_room(self, font: QFont, room: float) -> None:
        """Make every line ``room`` pixels taller above its glyphs (0: no lanes)."""
        if room <= 0:
            self.spacer = None
            return
        metrics = QFontMetricsF(font)
        big = QFont(font)
        big.setPointSizeF(font.pointSizeF() * (1 + room / max(1.0, metrics.ascent())))
        spacer = QTextCharFormat()
        spacer.setFont(big, QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesSpecifiedOnly)
        spacer.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
        spacer.setFontLetterSpacing(
            metrics.horizontalAdvance(" ") - QFontMetricsF(big).horizontalAdvance(" ")
        )
        self.spacer = spacer

    def highlightBlock(self, text: str) -> None:
        if not self._forcing and self.currentBlock().blockNumber() not in self.done:
            return
        super().highlightBlock(text)
        if self.spacer is None:
            return
        # Every SPACER_EVERY-th space, and the first and the last one of the paragraph: enough for every line
        # (a wrapped line holds many spaces; a paragraph's last line holds its last space), and each taller
        # space splits the line into one more text item to shape and draw (all of them: 3x the paint time).
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        if not spaces:
            return
        chosen = set(spaces[::SPACER_EVERY])
        chosen.add(spaces[-1])
        for i in sorted(chosen):
            fmt = self.format(i)
            fmt.merge(self.spacer)
            self.setFormat(i, 1, fmt)


class _Gutter(QWidget):
    """Left margin: each lane's initial beside every line that has a mark, an orange bar where a
    disagreement is open."""

    def __init__(self, view: CurationView) -> None:
        super().__init__(view)
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        self.view.paint_gutter(self, event)


class CurationView(ArticleView):
    """Read-only article with the decisions of every annotator stacked in lanes."""

    unit_clicked = Signal(object)  # the unit's (start, end) in code points

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curation_article")
        self.gold_index = ClaimIndex()
        self.index = self.gold_index
        self.formats = GoldFormats(is_dark(self.palette()))
        self.highlighter = self.curation_highlighter = CurationHighlighter(
            self, self.gold_index, self.formats
        )
        self.highlighter.setDocument(self.document())
        self.marks = MarkIndex()  # the people's decisions: built once per article
        self.gold_marks: dict[tuple[int, int], Mark] = {}
        self.gold_mark_index = MarkIndex()  # rebuilt on each gold write (a few thousand at most)
        self.lanes: tuple[str, ...] = ()
        self.open_spans: set[tuple[int, int]] = set()
        self.units: dict[tuple[int, int], Unit] = {}
        self.current: tuple[int, int] | None = None
        self.gutter = _Gutter(self)
        self.gutter_width = 0
        self.updateRequest.connect(lambda *_: self.gutter.update())  # scrolled or repainted: the margin too
        self._screen_cache: tuple[Any, list[tuple[int, QTextLine, QPointF, list[Mark]]]] | None = None
        # A block grows taller when it is first formatted (the lanes' room), which makes a page scrolled into
        # view for the first time cost about three times a formatted one: the blocks just below the screen
        # are formatted while the reviewer reads, so the next page is mostly ready.
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.timeout.connect(self.format_ahead)
        self._lane_font = QFont(self.font())
        self._update_metrics()

    # -- geometry ---------------------------------------------------------------------------------

    def _update_metrics(self) -> None:
        self._lane_font = QFont(self.font())
        self._lane_font.setPointSizeF(max(5.5, self.font().pointSizeF() * 0.55))
        self._lane_font.setBold(True)
        # a lane as tall as its initial's capitals and a little more: the initials stand in one column
        self.lane_height = max(7.0, round(QFontMetricsF(self._lane_font).capHeight() + 3))
        self.bar_height = max(4.0, self.lane_height - 3)
        metrics = QFontMetricsF(self._lane_font)
        # At least two letters wide, so that most articles need the same margin: a new margin width
        # relays out the whole text (17 ms for 1 MB).
        width = max(
            [metrics.horizontalAdvance(initial) for initial in self._initials()]
            + [metrics.horizontalAdvance("Wm")]
        )
        self._initial_width = width + 2
        gutter_width = int(self._initial_width + 12)
        if gutter_width != self.gutter_width:
            self.gutter_width = gutter_width
            self.setViewportMargins(self.gutter_width, 0, 0, 0)
        self.curation_highlighter.set_room(
            self.font(), len(self.lanes) * self.lane_height + 2 if self.lanes else 0
        )

    def _initials(self) -> list[str]:
        return [lane_initial(name, self.lanes) for name in self.lanes]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_gutter()

    def _place_gutter(self) -> None:
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width, rect.height()))

    # -- content ----------------------------------------------------------------------------------

    def show_curation(
        self, curation: Curation, converter: OffsetConverter, *, reset_text: str | None = None
    ) -> None:
        """Show ``curation``'s decisions (``reset_text``: also a new article text)."""
        lanes = (*curation.annotators, GOLD)
        relayout = lanes != self.lanes
        self.lanes = lanes
        if relayout:
            self._update_metrics()
        people, self.gold_marks = marks_of(curation, converter)
        self.marks = MarkIndex(people)
        self.gold_mark_index = MarkIndex(list(self.gold_marks.values()))
        self.gold_index.reset([QtClaim.from_claim(u.gold, converter) for u in curation.units if u.gold])
        self.units = {unit.key: unit for unit in curation.units}
        self.open_spans = {unit.key for unit in curation.units if unit.open}
        if reset_text is not None:
            self.set_article(reset_text, converter)
        else:
            self.converter = converter
            self.curation_highlighter.rehighlight_formatted()
        if relayout:
            self._place_gutter()  # (a synthetic resize event here relaid out the whole text: 1 MB)
        self.viewport().update()
        self.gutter.update()

    def update_gold(self, units: list[Unit]) -> None:
        """Show gold's new decisions on ``units`` (repaints only the blocks they cover)."""
        lane = len(self.lanes) - 1
        for unit in units:
            self.units[unit.key] = unit
            self.open_spans.discard(unit.key)
            if unit.open:
                self.open_spans.add(unit.key)
            if unit.gold is not None:
                self.gold_marks[unit.key] = mark_of(unit, lane, unit.gold, self.converter)
                self.gold_index.put(QtClaim.from_claim(unit.gold, self.converter))
            else:
                self.gold_marks.pop(unit.key, None)
                for claim in self.gold_index.overlapping(*self.converter.to_qt_span(*unit.key)):
                    if self.converter.to_cp_span(claim.start, claim.end) == unit.key:
                        self.gold_index.remove(claim.id)
            self.curation_highlighter.rehighlight_range(*self.converter.to_qt_span(*unit.key))
        self.gold_mark_index = MarkIndex(list(self.gold_marks.values()))
        self.viewport().update()
        self.gutter.update()

    def marks_overlapping(self, start: int, end: int) -> list[Mark]:
        return self.marks.overlapping(start, end) + self.gold_mark_index.overlapping(start, end)

    def set_current(self, key: tuple[int, int] | None, *, scroll: bool = True) -> None:
        self.current = key
        if key is not None and scroll:
            self.scroll_to_qt(*self.converter.to_qt_span(*key))
        self.viewport().update()
        self.gutter.update()

    def lane_top(self, line_y: float, line_ascent: float, lane: int) -> float:
        """Top of ``lane`` above a line whose top is ``line_y`` (viewport coordinates)."""
        glyph_top = line_y + line_ascent - self.fontMetrics().ascent()
        return glyph_top - (len(self.lanes) - lane) * self.lane_height

    # -- painting ---------------------------------------------------------------------------------

    def _visible_lines(self) -> Iterator[tuple[int, QTextLine, QPointF]]:
        """(block start, line, top-left of the block) for each line on screen."""
        offset = self.contentOffset()
        height = self.viewport().height()
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if block.isVisible() and geometry.bottom() >= 0:
                layout = block.layout()
                for i in range(layout.lineCount()):
                    yield block.position(), layout.lineAt(i), geometry.topLeft()
            block = block.next()

    def _screen(self) -> list[tuple[int, QTextLine, QPointF, list[Mark]]]:
        """The lines on screen with their marks, computed once per scroll position and content: the viewport
        and the gutter both paint from it (walking the blocks twice cost a third of a page's paint)."""
        key = (
            self.verticalScrollBar().value(),
            self.viewport().size().toTuple(),
            id(self.marks),
            id(self.gold_mark_index),
            self.document().revision(),
            self.document().pageCount(),
        )
        if self._screen_cache is None or self._screen_cache[0] != key:
            lines = []
            for base, line, origin in self._visible_lines():
                lo = base + line.textStart()
                lines.append((base, line, origin, self.marks_overlapping(lo, lo + line.textLength())))
            self._screen_cache = (key, lines)
        return self._screen_cache[1]

    def format_ahead(self, blocks: int = FORMAT_AHEAD_BLOCKS) -> int:
        """Format (and lay out) up to ``blocks`` of the ``FORMAT_AHEAD_REACH`` blocks from the top of the
        screen that are not formatted yet; the rest of the article waits until it comes near (blocks not
        laid out have no useful position, so the reach is counted in blocks). Returns how many it
        formatted; while there were some, it runs again at once (small steps keep the keys responsive)."""
        highlighter = self.curation_highlighter
        if highlighter.spacer is None:
            return 0
        layout = self.document().documentLayout()
        block = self.firstVisibleBlock()
        done = 0
        for _ in range(FORMAT_AHEAD_REACH):
            if not block.isValid() or done >= blocks:
                break
            if block.blockNumber() not in highlighter.done:
                highlighter.format_block(block)
                layout.blockBoundingRect(block)  # laid out now, not when it scrolls into view
                done += 1
            block = block.next()
        if done:
            self._ahead.start(0)
        return done

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._ahead.start(FORMAT_AHEAD_IDLE_MS)  # restarted by every paint: runs once the view is idle
        if not self.lanes:
            return
        self._screen_cache = None  # the paint may have laid out blocks anew
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        dark = is_dark(self.palette())
        for base, line, origin, marks in self._screen():
            lo = base + line.textStart()
            hi = lo + line.textLength()
            xs: dict[int, float] = {}  # marks of one unit in several lanes share their ends
            for mark in marks:
                a, b = max(mark.start, lo), min(mark.end, hi)
                if a >= b:
                    continue
                if a not in xs:
                    xs[a] = _x(line, a - base) + origin.x()
                if b not in xs:
                    xs[b] = _x(line, b - base) + origin.x()
                top = self.lane_top(line.y() + origin.y(), line.ascent(), mark.lane)
                self._paint_mark(
                    painter,
                    mark,
                    QRectF(xs[a], top, xs[b] - xs[a], self.lane_height),
                    line,
                    base,
                    origin,
                    dark,
                )
        painter.end()
        if self.current is not None:
            self._outline(*self.converter.to_qt_span(*self.current))

    def _paint_mark(
        self,
        painter: QPainter,
        mark: Mark,
        lane: QRectF,
        line: QTextLine,
        base: int,
        origin: QPointF,
        dark: bool,
    ) -> None:
        bar = QRectF(
            lane.left() + 1, lane.bottom() - self.bar_height - 1, max(2.0, lane.width() - 2), self.bar_height
        )
        current = self.current == mark.unit
        if mark.rejected:
            pen = QPen(GREY, 1.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(bar)
            painter.setPen(QPen(GREY.darker(130), 1.4))
            middle = bar.center().y()
            painter.drawLine(QPointF(bar.left(), middle), QPointF(bar.right(), middle))  # struck through
            return
        colour = label_strong_colour(mark.label, dark) if mark.label else None
        if colour is None:  # accepted without a label
            painter.setPen(QPen(GREY, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(bar)
            return
        painter.setPen(QPen(colour, 1.6 if current else 1.0))
        painter.setBrush(QBrush(colour, PATTERNS.get(mark.label or "", Qt.BrushStyle.SolidPattern)))
        painter.drawRect(bar)
        edge = QColor("#111111") if not dark else QColor("#f5f5f5")
        for span, style in ((mark.source, Qt.PenStyle.SolidLine), (mark.cue, Qt.PenStyle.DotLine)):
            if span is None:
                continue
            lo = max(span[0], base + line.textStart())
            hi = min(span[1], base + line.textStart() + line.textLength())
            if lo >= hi:
                continue
            painter.setPen(QPen(edge, 2.0, style))
            x1 = _x(line, lo - base) + origin.x()
            x2 = _x(line, hi - base) + origin.x()
            painter.drawLine(QPointF(x1, bar.top() - 1), QPointF(x2, bar.top() - 1))

    def paint_gutter(self, gutter: QWidget, event: QPaintEvent) -> None:
        painter = QPainter(gutter)
        painter.fillRect(event.rect(), self.palette().window())
        if not self.lanes:
            return
        painter.setFont(self._lane_font)
        offset_y = self.viewport().geometry().top() - gutter.geometry().top()
        text_colour = QColor(self.palette().color(self.palette().ColorRole.WindowText))
        text_colour.setAlpha(200)
        faint = QColor(text_colour)
        faint.setAlpha(70)  # a lane without a mark on this line
        initials = self._initials()
        for _base, line, origin, marks in self._screen():
            if not marks:
                continue
            y = line.y() + origin.y() + offset_y
            lanes = {m.lane for m in marks}
            for lane, initial in enumerate(initials):
                top = self.lane_top(y, line.ascent(), lane)
                painter.setPen(text_colour if lane in lanes else faint)
                painter.drawText(
                    QRectF(
                        self.gutter_width - 8 - self._initial_width,
                        top - 3,
                        self._initial_width,
                        self.lane_height + 6,
                    ),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                    initial,
                )
            if any(m.unit in self.open_spans for m in marks):
                painter.fillRect(QRectF(self.gutter_width - 4, y, 3, line.height()), OPEN_COLOUR)
        painter.end()

    # -- pointer ----------------------------------------------------------------------------------

    def unit_at(self, point: QPoint) -> Unit | None:
        """The span under the pointer (on the text or in its lanes): the shortest, an open one first."""
        qt = self.cursorForPosition(point).position()
        # cursorForPosition returns the nearest gap: look at the character on either side
        marks = self.marks_overlapping(qt, qt + 1) or self.marks_overlapping(max(0, qt - 1), qt)
        covering = {m.unit: self.units[m.unit] for m in marks if m.unit in self.units}
        if not covering:
            return None
        return min(covering.values(), key=lambda u: (not u.open, u.end - u.start))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        QPlainTextEdit.mouseReleaseEvent(self, event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            unit = self.unit_at(event.position().toPoint())
            if unit is not None:
                self.unit_clicked.emit(unit.key)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            unit = self.unit_at(self.viewport().mapFrom(self, event.pos()))
            if unit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), unit_tooltip(unit), self)
            return True
        return super().event(event)


def lane_initial(name: str, lanes: tuple[str, ...]) -> str:
    """The shortest prefix of ``name`` no other lane shares (gold is "gold"'s G)."""
    for size in range(1, len(name) + 1):
        prefix = name[:size]
        if not any(other != name and other[:size].lower() == prefix.lower() for other in lanes):
            return prefix[:1].upper() + prefix[1:]
    return name


def unit_tooltip(unit: Unit) -> str:
    lines = [f"“{unit.text[:80]}”"]
    for name in unit.annotators:
        lines.append(f"{name}: {decision_text(unit.decision(name))}")
    lines.append(f"gold: {decision_text(unit.gold) if unit.gold else 'not decided'}")
    lines += unit.differences()
    return "\n".join(lines)


def _x(line: QTextLine, position: int) -> float:
    """x of a position in a line (PySide returns cursorToX as (x, position))."""
    result: Any = line.cursorToX(position)
    return float(result[0])
