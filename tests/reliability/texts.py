"""Hypothesis strategies for "any text": the characters that shift offsets in other tools."""

from __future__ import annotations

from hypothesis import strategies as st

PIECES = (
    "😀",  # astral: two UTF-16 units
    "👩‍👩‍👧",  # ZWJ sequence: five code points, one glyph
    "🇺🇦",  # regional-indicator flag
    "👍🏽",  # emoji with skin-tone modifier
    "e\u0301",  # combining acute accent
    "ᄀ\u1161\u11a8",  # Hangul jamo forming one syllable
    "中文字",  # CJK
    "𠀀",  # astral CJK (extension B)
    "العربية",  # right-to-left
    "שלום",
    "\u200f",  # right-to-left mark
    "\r\n",
    "\r",
    "\n",
    "\u00a0",  # NBSP
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\t",
    " ",
    "said",
    "=SUM(A1)",
    '"quoted"',
    "\\",
    "\ufeff",  # a BOM inside the text is kept (only a leading one is dropped)
)

piece = st.sampled_from(PIECES) | st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=4
)


@st.composite
def raw_texts(draw: st.DrawFn, min_pieces: int = 1, max_pieces: int = 40) -> str:
    """Article text as it may arrive in a file (CRLF, BOM …), with at least one visible letter."""
    body = "".join(draw(st.lists(piece, min_size=min_pieces, max_size=max_pieces)))
    return draw(st.sampled_from(("", "\ufeff"))) + "A" + body


@st.composite
def spans_in(draw: st.DrawFn, length: int, max_spans: int = 6) -> list[tuple[int, int]]:
    result = []
    for _ in range(draw(st.integers(0, max_spans))):
        start = draw(st.integers(0, length - 1))
        result.append((start, draw(st.integers(start + 1, length))))
    return result
