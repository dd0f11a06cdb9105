"""Offsets in a peer's unit ⇄ our code points, at the format's edge (DESIGN.md rule 8).

Ours are Python code points. doccano's editor and Java tools (INCEpTION, UIMA) count UTF-16 code units, in
which a character outside the Basic Multilingual Plane (most emoji, rare CJK) takes two. Label Studio and
brat count code points, as we do. Only astral characters differ, so a text is described by the sorted
positions of its astral characters and each conversion is one bisect.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from annotator.formats.base import OffsetUnit

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """True when the text has a character for which code points and UTF-16 units differ."""
    return _ASTRAL.search(text) is not None


class Units:
    """Conversions between code points and ``unit`` for one text; identity for code points."""

    __slots__ = ("_astral_cp", "_astral_unit", "cp_length", "length", "unit")

    def __init__(self, text: str, unit: OffsetUnit) -> None:
        self.unit = unit
        self.cp_length = len(text)
        found = [m.start() for m in _ASTRAL.finditer(text)] if unit == "utf-16" else []
        self._astral_cp = found
        self._astral_unit = [cp + k for k, cp in enumerate(found)]  # k astral characters before it
        self.length = len(text) + len(found)

    def to_unit(self, cp: int) -> int:
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, offset: int) -> int | None:
        """The code-point offset of a peer offset, or None when it falls inside a surrogate pair (the
        file counts in another unit, or was edited by hand)."""
        cp = offset - bisect_right(self._astral_unit, offset - 1)
        return cp if self.to_unit(cp) == offset else None
