"""What shows a claim's label without colour (DESIGN.md rule 5), painted over the visible blocks only.

* A mark with the label's letter (A, D, F; "?" without a label) raised like a footnote sign right after each
  claim: filled for a decided claim, outlined for a suggestion. It is painted over the space that follows,
  not given room in the text: a gap changed the lines' wrapping and cost the opening paint 13 ms.
* The label's own underline, drawn thick enough to tell apart in greyscale: a 2-px solid line
  (attributed), a wave (disputed), round dots (factual). A suggestion keeps its label's underline, lighter,
  with a dashed line under it as an overlay; an unlabelled one has the dashes only.

Painted rather than set as character formats: Qt's underlines are 1-px hairlines that look the same in
greyscale, and a format cannot draw a letter.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit

from annotator.ui.highlighter import ClaimIndex, QtClaim
from annotator.ui.style import LABEL_STYLES, label_strong_colour

MARK_SCALE = 0.55  # a mark's letter, in the article's font size
MARK_RAISE = 0.45  # how far a mark rises above its line, in the mark's height


def mark_letter(claim: QtClaim) -> str:
    style = LABEL_STYLES.get(claim.label or "")
    return style.letter if style else "?"


def paint_marks(view: QPlainTextEdit, painter: QPainter, index: ClaimIndex, dark: bool) -> None:
    """Underlines and marks of the claims in the blocks on screen."""
    font = QFont(view.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * MARK_SCALE))
    font.setBold(True)
    metrics = QFontMetricsF(font)
    colours: dict[str | None, QColor] = {}
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    offset = view.contentOffset()
    height = view.viewport().height()
    block = view.firstVisibleBlock()
    while block.isValid():
        geometry = view.blockBoundingGeometry(block).translated(offset)
        if geometry.top() > height:
            break
        if block.isVisible() and block.length() > 1:
            base = block.position()
            end = base + block.length() - 1
            marked: set[int] = set()
            for claim in index.overlapping(base, end):
                colour = colours.get(claim.label)
                if colour is None:
                    colour = label_strong_colour(claim.label, dark) or QColor(
                        "#aaaaaa" if dark else "#777777"
                    )
                    colours[claim.label] = colour
                origin = geometry.topLeft()
                for line, x1, x2 in _pieces(block.layout(), claim, base):
                    y = origin.y() + line.y() + line.ascent() + line.descent() * 0.55
                    _underline(painter, claim, colour, origin.x() + x1, origin.x() + x2, y)
                if base <= claim.end - 1 < end and claim.end not in marked:
                    marked.add(claim.end)  # two claims ending together: one mark
                    line = block.layout().lineForTextPosition(claim.end - 1 - base)
                    if line.isValid():
                        x = origin.x() + _x(line, claim.end - base)
                        width, tall = _size(metrics)
                        # Raised like a footnote sign, above the next word's capitals rather than over them.
                        top = origin.y() + line.y() - tall * MARK_RAISE
                        _mark(painter, view, font, claim, colour, QRectF(x, top, width, tall))
        block = block.next()


def _size(metrics: QFontMetricsF) -> tuple[float, float]:
    return metrics.horizontalAdvance("W") + 1.0, metrics.ascent() + 1.0


def _pieces(layout: QTextLayout, claim: QtClaim, base: int) -> list[tuple[QTextLine, float, float]]:
    """The claim's part on each line of the block: (line, x from, x to)."""
    out = []
    first = layout.lineForTextPosition(max(0, claim.start - base))
    for i in range(first.lineNumber() if first.isValid() else 0, layout.lineCount()):
        line = layout.lineAt(i)
        if line.textStart() >= claim.end - base:
            break
        lo = max(claim.start - base, line.textStart())
        hi = min(claim.end - base, line.textStart() + line.textLength())
        if lo < hi:
            out.append((line, _x(line, lo), _x(line, hi)))
    return out


def _x(line: QTextLine, pos: int) -> float:
    return float(line.cursorToX(pos)[0])  # type: ignore[index]  # PySide returns (x, pos)


TILE_HEIGHT = 6  # underline tiles, in pixels: drawn once per colour and then tiled (one C++ call per line)
_TILES: dict[tuple[str, int], QPixmap] = {}


def _tile(kind: str, colour: QColor) -> QPixmap:
    """One period of a wave (disputed), of round dots (factual) or of dashes (the suggestion overlay).
    Stroking them with an antialiased dashed pen cost 140 µs a line: a page's paint doubled."""
    tile = _TILES.get((kind, colour.rgba()))
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
    _TILES[(kind, colour.rgba())] = tile
    return tile


def _underline(painter: QPainter, claim: QtClaim, colour: QColor, x1: float, x2: float, y: float) -> None:
    """One drawing call per line piece."""
    if x2 - x1 < 1:
        return
    suggested = claim.status == "suggested"
    style = LABEL_STYLES.get(claim.label or "")
    pen_colour = QColor(colour)
    if suggested:
        pen_colour.setAlpha(150)
    if style is not None:
        if style.underline_name == "solid":
            painter.fillRect(QRectF(x1, y - 1, x2 - x1, 2), pen_colour)
        else:
            kind = "wave" if style.underline_name == "wavy" else "dots"
            tile = _tile(kind, pen_colour)
            rect = QRectF(x1, y - TILE_HEIGHT / 2, x2 - x1, TILE_HEIGHT)
            painter.drawTiledPixmap(rect, tile, QPointF(x1 % tile.width(), 0))
    if suggested:  # the overlay: not yet decided
        tile = _tile("dashes", pen_colour)
        rect = QRectF(x1, y + 3.5 - TILE_HEIGHT / 2, x2 - x1, TILE_HEIGHT)
        painter.drawTiledPixmap(rect, tile, QPointF(x1 % tile.width(), 0))


def _mark(
    painter: QPainter, view: QPlainTextEdit, font: QFont, claim: QtClaim, colour: QColor, rect: QRectF
) -> None:
    painter.setFont(font)
    if claim.status == "suggested":  # outlined: a proposal
        painter.setPen(QPen(colour, 1.3))
        painter.setBrush(view.palette().base())
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(colour)
    else:  # filled: decided
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(view.palette().base().color())
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark_letter(claim))
