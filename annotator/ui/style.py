"""How labels look: a colour, an underline style and a letter each (colour is never the only signal).

Colours are picked for the palette in use (light or dark) so that highlights stay readable in both.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True, slots=True)
class LabelStyle:
    name: str
    letter: str
    key: str  # the digit key
    light: str  # highlight colour on a light palette
    dark: str  # on a dark palette
    underline_name: str  # "solid", "wavy", "dotted": painted by annotator.ui.marks


LABEL_STYLES: dict[str, LabelStyle] = {
    "attributed": LabelStyle("attributed", "A", "1", "#9cc8f5", "#2d5d8f", "solid"),
    "disputed": LabelStyle("disputed", "D", "2", "#f7b37c", "#8a4a16", "wavy"),
    "factual": LabelStyle("factual", "F", "3", "#a6df9b", "#2f6b2a", "dotted"),
}
# The text selection: a violet no label uses, dark enough to stand apart from every tint in greyscale.
SELECTION_LIGHT, SELECTION_DARK = "#5b2c83", "#c9a3ec"
UNLABELLED_LIGHT, UNLABELLED_DARK = "#d9d9d9", "#5a5a5a"
OUTLINE_LIGHT, OUTLINE_DARK = "#1a1a1a", "#f0f0f0"


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def label_colour(label: str | None, dark: bool) -> QColor:
    style = LABEL_STYLES.get(label or "")
    if style is None:
        return QColor(UNLABELLED_DARK if dark else UNLABELLED_LIGHT)
    return QColor(style.dark if dark else style.light)


# Strong versions of the highlight hues, for text and chart bars (review table, statistics), so a label has
# one colour family everywhere in the window.
STRONG_COLOURS: dict[str, tuple[str, str]] = {  # (light palette, dark palette)
    "attributed": ("#1f5fa8", "#8fc1f2"),
    "disputed": ("#b85412", "#f5a866"),
    "factual": ("#2e7d32", "#93d68a"),
}


def label_strong_colour(label: str | None, dark: bool | None = None) -> QColor | None:
    colours = STRONG_COLOURS.get(label or "")
    if colours is None:
        return None
    return QColor(colours[1] if (is_dark() if dark is None else dark) else colours[0])


def label_text(label: str | None) -> str:
    """'A attributed' in the claims table: the letter is the non-colour signal."""
    style = LABEL_STYLES.get(label or "")
    return f"{style.letter} {style.name}" if style else "– (none)"


class FormatCache:
    """QTextCharFormats per (label, status, part), built once per palette: highlighting only looks them up."""

    def __init__(self, dark: bool) -> None:
        self.dark = dark
        self._cache: dict[tuple[str | None, str, str, bool], QTextCharFormat] = {}
        self.outside_body = QTextCharFormat()
        self.outside_body.setForeground(QColor("#8a8a8a" if not dark else "#8c8c8c"))

    def get(
        self, label: str | None, status: str, part: str = "claim", *, alternate: bool = False
    ) -> QTextCharFormat:
        """``alternate``: a deeper tint, for a claim that directly follows one with the same label."""
        key = (label, status, part, alternate)
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self._build(label, status, part, alternate)
        return fmt

    def _build(self, label: str | None, status: str, part: str, alternate: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        colour = label_colour(label, self.dark)
        if alternate:
            colour = colour.darker(118) if not self.dark else colour.lighter(135)
        if status == "suggested":
            colour.setAlpha(90)  # lighter: a proposal the annotator has not decided on yet
        fmt.setBackground(colour)  # the underline and the mark are painted (annotator.ui.marks)
        if part == "source":
            fmt.setFontWeight(QFont.Weight.Bold)
        elif part == "cue":
            fmt.setFontItalic(True)
            fmt.setFontWeight(QFont.Weight.DemiBold)
        return fmt
