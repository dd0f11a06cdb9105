"""What shows a claim's label without colour (DESIGN.md rule 5), painted over the visible blocks only.

* A mark with the label's letter (A, D, F; "?" without a label) raised like a footnote sign right after each
  claim: filled for a decided claim, outlined for a suggestion. It is painted over the space that follows,
  not given room in the text: a gap changed the lines' wrapping and cost the opening paint 13 ms.
* The label's own underline, drawn thick enough to tell apart in greyscale: a 2-px solid line
  (attributed), a wave (disputed), round dots (factual). A suggestion keeps its label's underline, lighter,
  with a dashed line under it as an overlay; an unlabelled one has the dashes only.

Painted rather than set as character formats: Qt's underlines are 1-px hairlines that look the same in
greyscale, and a format cannot draw a letter.

What a block needs drawn is worked out once and kept (``MarkPainter``): finding the x of each claim's ends
in Qt's line layout, and drawing each letter in its rounded box, were 4 ms of each 8 ms page paint. A
block's entry is valid while its claims, its line breaks, the font and the palette are the same; an edit
changes the claims of the blocks it touches, so only those are worked out again.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTextBlock,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit

from annotator.ui.highlighter import ClaimIndex, QtClaim
from annotator.ui.style import LABEL_STYLES, label_strong_colour

MARK_SCALE = 0.55  # a mark's letter, in the article's font size
MARK_RAISE = 0.45  # how far a mark rises above its line, in the mark's height
TILE_HEIGHT = 6  # underline tiles, in pixels: drawn once per colour and then tiled (one C++ call per line)
MAX_CACHED_BLOCKS = 1024  # blocks with claims; a screen shows a few: the rest is kept for scrolling back


def mark_letter(claim: QtClaim) -> str:
    style = LABEL_STYLES.get(claim.label or "")
    return style.letter if style else "?"


# A piece of a block's drawing, in the block's coordinates: (x, y, width, height, colour) fills a solid
# underline, (x, y, width, height, tile) tiles a wave, dots or dashes, and (x, y, 0, 0, pixmap) is a mark.
# Whole pixels keep lines crisp, and plain ints keep the blocks kept cheap for the garbage collector.
_Piece = tuple[int, int, int, int, QColor | QPixmap]


class _Style(NamedTuple):
    """What every block's drawing depends on besides its claims and line breaks."""

    font: QFont  # the marks' font
    base: QColor  # the article's background: a suggestion's box is filled with it
    ratio: float  # device pixels per pixel
    dark: bool
    look_key: tuple[object, ...]  # the above, comparable: what a claim's look depends on
    key: tuple[object, ...]  # with the viewport's width, which moves line breaks

    @classmethod
    def of(cls, view: QPlainTextEdit, dark: bool) -> _Style:
        font = QFont(view.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * MARK_SCALE))
        font.setBold(True)
        base, ratio = view.palette().base().color(), view.devicePixelRatioF()
        look_key = (font.key(), base.rgba(), ratio, dark)
        return cls(font, base, ratio, dark, look_key, (*look_key, view.viewport().width()))


class _Look(NamedTuple):
    """How a claim of one label and status is drawn: its underline pieces, as (y from the underline's
    middle, height, paint) for each line it covers, and its mark."""

    underline: tuple[tuple[int, int, QColor | QPixmap], ...]
    mark: QPixmap
    mark_rise: float  # from the top of the claim's last line to the top of its mark


class MarkPainter:
    """Paints the underlines and marks of the claims on screen, remembering each block's drawing."""

    def __init__(self) -> None:
        self._blocks: dict[int, tuple[tuple[object, ...], list[_Piece]]] = {}
        self._looks: dict[tuple[object, ...], _Look] = {}
        self._tiles: dict[tuple[str, int], QPixmap] = {}

    def clear(self) -> None:
        """Forget every block (a new article: block numbers mean other text)."""
        self._blocks.clear()

    def prepare(
        self, view: QPlainTextEdit, index: ClaimIndex, dark: bool
    ) -> list[tuple[QPointF, list[_Piece]]]:
        """The drawing of the blocks on screen, each with its top left corner in the viewport. Called before
        Qt draws the text: working out x positions shapes a block's text, which Qt's drawing then uses and
        frees (kept, a block's shaping cost 5 KB: 25 MB for a 1 MB article)."""
        style = _Style.of(view, dark)
        offset = view.contentOffset()
        bottom = view.viewport().height()
        if len(self._blocks) > MAX_CACHED_BLOCKS:
            self._blocks.clear()
        out = []
        block = view.firstVisibleBlock()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and block.length() > 1:
                base = block.position()
                claims = index.overlapping(base, base + block.length() - 1)
                if claims:
                    out.append((geometry.topLeft(), self._block_pieces(block, claims, style)))
            block = block.next()
        return out

    @staticmethod
    def paint(painter: QPainter, prepared: list[tuple[QPointF, list[_Piece]]]) -> None:
        """Draw what ``prepare`` returned, over the text."""
        for origin, pieces in prepared:
            painter.translate(origin)
            for x, y, w, h, paint in pieces:
                if isinstance(paint, QColor):
                    painter.fillRect(x, y, w, h, paint)
                elif w:
                    painter.drawTiledPixmap(x, y, w, h, paint, x % paint.width())
                else:
                    painter.drawPixmap(x, y, paint)
            painter.translate(-origin)

    def _block_pieces(self, block: QTextBlock, claims: list[QtClaim], style: _Style) -> list[_Piece]:
        """The block's underline pieces and marks, in the block's coordinates: kept while still valid.
        A page's first paint works out a few dozen claims here, so the loop calls Qt as little as it can:
        a piece that starts or ends with its line takes the line's edge (in a left-to-right block) instead
        of asking Qt for the x (``cursorToX``)."""
        layout = block.layout()
        key = (tuple(claims), layout.lineCount(), style.key)
        cached = self._blocks.get(block.blockNumber())
        if cached is not None and cached[0] == key:
            return cached[1]
        lines = _Lines(layout, block.textDirection() == Qt.LayoutDirection.LeftToRight)
        pieces: list[_Piece] = []
        marks: list[_Piece] = []
        base = block.position()
        end = base + block.length() - 1
        marked: set[int] = set()
        for claim in claims:
            look = self._look(claim, style)
            last: tuple[float, float] | None = None  # the top of the claim's last line, and its x there
            for top, middle, x1, x2 in lines.pieces(claim.start - base, claim.end - base):
                if x2 - x1 >= 1:
                    left = round(x1)
                    width = max(1, round(x2) - left)  # 0 would read as a mark in ``paint``
                    pieces.extend((left, middle + dy, width, h, paint) for dy, h, paint in look.underline)
                last = (top, x2)
            if base <= claim.end - 1 < end and claim.end not in marked and last is not None:
                marked.add(claim.end)  # two claims ending together: one mark
                top, x = last
                marks.append((round(x) - 1, round(top - look.mark_rise) - 1, 0, 0, look.mark))  # its margin
        pieces.extend(marks)  # marks over every underline
        self._blocks[block.blockNumber()] = (key, pieces)
        return pieces

    def _look(self, claim: QtClaim, style: _Style) -> _Look:
        suggested = claim.status == "suggested"
        key = (claim.label, suggested, style.look_key)
        look = self._looks.get(key)
        if look is not None:
            return look
        colour = label_strong_colour(claim.label, style.dark) or QColor(
            "#aaaaaa" if style.dark else "#777777"
        )
        line_colour = QColor(colour)
        if suggested:
            line_colour.setAlpha(150)
        label_style = LABEL_STYLES.get(claim.label or "")
        underline: list[tuple[int, int, QColor | QPixmap]] = []
        if label_style is not None:
            if label_style.underline_name == "solid":
                underline.append((-1, 2, line_colour))
            else:
                kind = "wave" if label_style.underline_name == "wavy" else "dots"
                underline.append((-(TILE_HEIGHT // 2), TILE_HEIGHT, self._tile(kind, line_colour)))
        if suggested:  # the overlay: not yet decided
            underline.append((3 - TILE_HEIGHT // 2, TILE_HEIGHT, self._tile("dashes", line_colour)))
        mark = _mark_pixmap(style, mark_letter(claim), suggested, colour)
        # Raised like a footnote sign, above the next word's capitals rather than over them.
        rise = (mark.height() / mark.devicePixelRatio() - 2) * MARK_RAISE
        look = self._looks[key] = _Look(tuple(underline), mark, rise)
        return look

    def _tile(self, kind: str, colour: QColor) -> QPixmap:
        """One period of a wave (disputed), of round dots (factual) or of dashes (the suggestion overlay).
        Stroking them with an antialiased dashed pen cost 140 µs a line: a page's paint doubled."""
        tile = self._tiles.get((kind, colour.rgba()))
        if tile is not None:
            return tile
        width = {"wave": 8, "dots": 5, "dashes": 6}[kind]
        tile = QPixmap(width, TILE_HEIGHT)
        tile.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = TILE_HEIGHT / 2
        if kind == "wave":
            painter.setPen(QPen(colour, 1.6))
            path = QPainterPath(QPointF(0, middle))
            for i in range(1, 17):
                path.lineTo(QPointF(width * i / 16, middle - 2.0 * math.sin(2 * math.pi * i / 16)))
            painter.drawPath(path)
        elif kind == "dots":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(1.7, middle), 1.6, 1.6)
        else:
            painter.fillRect(QRectF(0, middle - 0.5, 3, 1), colour)
        painter.end()
        self._tiles[(kind, colour.rgba())] = tile
        return tile


def _mark_pixmap(style: _Style, letter: str, suggested: bool, colour: QColor) -> QPixmap:
    """The letter in its box: outlined for a suggestion, filled for a decided claim."""
    font, metrics, base, ratio = style.font, QFontMetricsF(style.font), style.base, style.ratio
    width, tall = metrics.horizontalAdvance("W") + 1.0, metrics.ascent() + 1.0
    pixmap = QPixmap(math.ceil((width + 2) * ratio), math.ceil((tall + 2) * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    rect = QRectF(1, 1, width, tall)
    if suggested:
        painter.setPen(QPen(colour, 1.3))
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(colour)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(base)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return pixmap


class _Lines:
    """A block's lines, each read from Qt once for all the block's claims."""

    def __init__(self, layout: QTextLayout, ltr: bool) -> None:
        self.layout, self.ltr = layout, ltr
        self.count = layout.lineCount()
        self._read: dict[int, tuple[QTextLine, float, int, int, int, float, float]] = {}

    def pieces(self, start: int, end: int) -> list[tuple[float, int, float, float]]:
        """The part of [start, end) on each line: (line's top, underline's middle, x from, x to)."""
        out = []
        first = self.layout.lineForTextPosition(max(0, start))
        for i in range(first.lineNumber() if first.isValid() else 0, self.count):
            line, top, middle, line_start, line_end, left, right = self._line(i)
            if line_start >= end:
                break
            lo, hi = max(start, line_start), min(end, line_end)
            if lo < hi:
                x1 = left if self.ltr and lo == line_start else _x(line, lo)
                x2 = right if self.ltr and hi == line_end else _x(line, hi)
                out.append((top, middle, x1, x2))
        return out

    def _line(self, i: int) -> tuple[QTextLine, float, int, int, int, float, float]:
        read = self._read.get(i)
        if read is None:
            line = self.layout.lineAt(i)
            top, start, left = line.y(), line.textStart(), line.x()
            middle = round(top + line.ascent() + line.descent() * 0.55)
            read = (line, top, middle, start, start + line.textLength(), left, left + line.naturalTextWidth())
            self._read[i] = read
        return read


def _x(line: QTextLine, pos: int) -> float:
    return float(line.cursorToX(pos)[0])  # type: ignore[index]  # PySide returns (x, pos)
