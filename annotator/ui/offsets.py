"""Code points (Python, the store) ⇄ UTF-16 units (Qt): the one place where the two meet (DESIGN.md rule 1).

Pure Python, no Qt, so that it can be property-tested on its own. Only astral characters (U+10000 and up:
emoji, rare CJK) take two UTF-16 units, so a text is described by the sorted positions of its astral
characters and every conversion is a bisect over them: cheap even for a 1 MB article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetConverter:
    """Precomputed conversions for one text. ``to_qt(cp)`` and ``to_cp(qt)`` are O(log astral)."""

    __slots__ = ("_astral_cp", "_astral_qt", "cp_length", "qt_length")

    def __init__(self, text: str) -> None:
        # Positions of astral characters in code points and in UTF-16 units (k astral characters before).
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_qt = [cp + k for k, cp in enumerate(self._astral_cp)]
        self.cp_length = len(text)
        self.qt_length = len(text) + len(self._astral_cp)

    @property
    def identity(self) -> bool:
        """True when the two kinds of offsets coincide (no astral characters)."""
        return not self._astral_cp

    def to_qt(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp`` (0 ≤ cp ≤ len(text))."""
        if not 0 <= cp <= self.cp_length:
            raise ValueError(f"code-point offset {cp} is outside 0..{self.cp_length}")
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, qt: int) -> int:
        """Code-point offset of UTF-16 offset ``qt``; a position inside a surrogate pair rounds down."""
        if not 0 <= qt <= self.qt_length:
            raise ValueError(f"UTF-16 offset {qt} is outside 0..{self.qt_length}")
        return qt - bisect_right(self._astral_qt, qt - 1)

    def to_qt_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def to_cp_span(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 range as code points; an end inside a surrogate pair rounds up (keeps the character)."""
        cp_end = self.to_cp(end)
        if self.to_qt(cp_end) < end:
            cp_end += 1
        return self.to_cp(start), cp_end


def utf16_offset(text: str, cp: int) -> int:
    """UTF-16 offset (what Qt counts) of the code-point offset ``cp`` in ``text``."""
    if not 0 <= cp <= len(text):
        raise ValueError(f"code-point offset {cp} is outside 0..{len(text)}")
    return cp + len(_ASTRAL.findall(text, 0, cp))


def cp_offset(text: str, utf16: int) -> int:
    """Code-point offset of the UTF-16 offset ``utf16`` in ``text`` (inside a surrogate pair: rounds down)."""
    return OffsetConverter(text).to_cp(utf16)
