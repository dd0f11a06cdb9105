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
    """Precomputed conversions for one text. ``to_qt(cp)`` and ``to_cp(qt)`` are O(log astral).

    With ``scan_first=n`` only the first ``n`` code points are scanned at once (what an article's first
    screen needs); the rest is scanned, once, when a position beyond them is first converted. Scanning
    1 MB takes about 2 ms, on the path of a long article's first paint.
    """

    __slots__ = ("_astral_cp", "_astral_qt", "_rest", "_scanned", "_scanned_qt", "cp_length")

    def __init__(self, text: str, *, scan_first: int | None = None) -> None:
        self.cp_length = len(text)
        # Positions of astral characters in code points and in UTF-16 units (k astral characters before).
        self._astral_cp: list[int] = []
        self._astral_qt: list[int] = []
        self._rest: str | None = None  # the text, while part of it is not scanned yet
        self._scanned = 0
        self._scanned_qt = 0
        if scan_first is not None and scan_first < len(text):
            self._scan(text, scan_first)
            self._rest = text
        else:
            self._scan(text, len(text))

    def _scan(self, text: str, end: int) -> None:
        found = [m.start() for m in _ASTRAL.finditer(text, self._scanned, end)]
        before = len(self._astral_cp)
        self._astral_cp += found
        self._astral_qt += [cp + k for k, cp in enumerate(found, before)]
        self._scanned = end
        self._scanned_qt = end + len(self._astral_cp)

    def _scan_all(self) -> None:
        if self._rest is not None:
            self._scan(self._rest, self.cp_length)
            self._rest = None

    @property
    def qt_length(self) -> int:
        self._scan_all()
        return self._scanned_qt

    def to_qt(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp`` (0 ≤ cp ≤ len(text))."""
        if not 0 <= cp <= self.cp_length:
            raise ValueError(f"code-point offset {cp} is outside 0..{self.cp_length}")
        if cp > self._scanned:
            self._scan_all()
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, qt: int) -> int:
        """Code-point offset of UTF-16 offset ``qt``; a position inside a surrogate pair rounds down."""
        if not 0 <= qt <= self._scanned_qt and not 0 <= qt <= self.qt_length:
            raise ValueError(f"UTF-16 offset {qt} is outside 0..{self.qt_length}")
        if qt > self._scanned_qt:
            self._scan_all()
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
