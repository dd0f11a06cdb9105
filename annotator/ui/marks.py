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
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class _Style:
    """What every block's drawing depends on besides its claims and line breaks."""

    font: QFont  # the marks' font
    base: QColor  # the article's background: a suggestion's box is filled with it
    ratio: float  # device pixels per pixel
    dark: bool
    key: tuple[object, ...]  # the above, comparable (with the viewport's width, which moves line breaks)

    @classmethod
    def of(cls, view: QPlainTextEdit, dark: bool) -> _Style:
        font = QFont(view.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * MARK_SCALE))
        font.setBold(True)
        base, ratio = view.palette().base().color(), view.devicePixelRatioF()
        return cls(font, base, ratio, dark, (font.key(), base.rgba(), ratio, dark, view.viewport().width()))


class MarkPainter:
    """Paints the underlines and marks of the claims on screen, remembering each block's drawing."""

    def __init__(self) -> None:
        self._blocks: dict[int, tuple[tuple[object, ...], list[_Piece]]] = {}
        self._tiles: dict[tuple[str, int], QPixmap] = {}
        self._marks: dict[tuple[object, ...], QPixmap] = {}

    def clear(self) -> None:
        """Forget every block (a new article: block numbers mean other text)."""
        self._blocks.clear()

    def prepare(
        self, view: QPlainTextEdit, index: ClaimIndex, dark: bool
    ) -> list[tuple[QPointF, list[_Piece]]]:
        """The drawing of the blocks on screen, each with its top left corner in the viewport. Called before
        Qt draws the text: working out x positions shapes a block's text again, and Qt's drawing of the
        block then frees that (a block whose shaping was kept cost 5 KB: 25 MB for a 1 MB article)."""
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
        """The block's underline pieces and marks, in the block's coordinates: kept while still valid."""
        layout = block.layout()
        key = (tuple(claims), layout.lineCount(), style.key)
        cached = self._blocks.get(block.blockNumber())
        if cached is not None and cached[0] == key:
            return cached[1]
        pieces: list[_Piece] = []
        marks: list[_Piece] = []
        base = block.position()
        end = base + block.length() - 1
        marked: set[int] = set()
        ltr = block.textDirection() == Qt.LayoutDirection.LeftToRight
        for claim in claims:
            colour = label_strong_colour(claim.label, style.dark) or QColor(
                "#aaaaaa" if style.dark else "#777777"
            )
            last: tuple[QTextLine, float] | None = None  # the line and x where the claim's last piece ends
            for line, x1, x2 in _line_pieces(layout, claim, base, ltr):
                y = line.y() + line.ascent() + line.descent() * 0.55
                pieces.extend(self._underline(claim, colour, x1, x2, y))
                last = (line, x2)
            if base <= claim.end - 1 < end and claim.end not in marked and last is not None:
                marked.add(claim.end)  # two claims ending together: one mark
                line, x = last
                pixmap = self._mark_pixmap(style, claim, colour)
                tall = pixmap.height() / pixmap.devicePixelRatio() - 2
                # Raised like a footnote sign, above the next word's capitals rather than over them.
                top = line.y() - tall * MARK_RAISE
                marks.append((round(x) - 1, round(top) - 1, 0, 0, pixmap))  # the pixmap's margin
        pieces.extend(marks)  # marks over every underline
        self._blocks[block.blockNumber()] = (key, pieces)
        return pieces

    def _underline(self, claim: QtClaim, colour: QColor, x1: float, x2: float, y: float) -> list[_Piece]:
        if x2 - x1 < 1:
            return []
        suggested = claim.status == "suggested"
        style = LABEL_STYLES.get(claim.label or "")
        pen_colour = QColor(colour)
        if suggested:
            pen_colour.setAlpha(150)
        left, width, middle = round(x1), round(x2) - round(x1), round(y)
        out: list[_Piece] = []
        if style is not None:
            if style.underline_name == "solid":
                out.append((left, middle - 1, width, 2, pen_colour))
            else:
                tile = self._tile("wave" if style.underline_name == "wavy" else "dots", pen_colour)
                out.append((left, middle - TILE_HEIGHT // 2, width, TILE_HEIGHT, tile))
        if suggested:  # the overlay: not yet decided
            tile = self._tile("dashes", pen_colour)
            out.append((left, middle + 3 - TILE_HEIGHT // 2, width, TILE_HEIGHT, tile))
        return out

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

    def _mark_pixmap(self, style: _Style, claim: QtClaim, colour: QColor) -> QPixmap:
        """The letter in its box: outlined for a suggestion, filled for a decided claim."""
        letter, suggested = mark_letter(claim), claim.status == "suggested"
        key = (letter, suggested, colour.rgba(), style.key)
        pixmap = self._marks.get(key)
        if pixmap is not None:
            return pixmap
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
        self._marks[key] = pixmap
        return pixmap


def _line_pieces(
    layout: QTextLayout, claim: QtClaim, base: int, ltr: bool
) -> list[tuple[QTextLine, float, float]]:
    """The claim's part on each line of the block: (line, x from, x to). In a left-to-right block a piece
    that starts or ends with its line takes the line's own left edge or text width: asking Qt for an x
    (``cursorToX``) costs 15 µs, and most pieces of a claim over several lines are whole lines."""
    out = []
    first = layout.lineForTextPosition(max(0, claim.start - base))
    for i in range(first.lineNumber() if first.isValid() else 0, layout.lineCount()):
        line = layout.lineAt(i)
        line_start = line.textStart()
        if line_start >= claim.end - base:
            break
        line_end = line_start + line.textLength()
        lo = max(claim.start - base, line_start)
        hi = min(claim.end - base, line_end)
        if lo < hi:
            x1 = line.x() if ltr and lo == line_start else _x(line, lo)
            x2 = line.x() + line.naturalTextWidth() if ltr and hi == line_end else _x(line, hi)
            out.append((line, x1, x2))
    return out


def _x(line: QTextLine, pos: int) -> float:
    return float(line.cursorToX(pos)[0])  # type: ignore[index]  # PySide returns (x, pos)
