"""The code-point ⇄ UTF-16 helper on the characters that broke other annotation tools."""

from __future__ import annotations

import pytest

from annotator.core.offsets import OffsetConverter, cp_offset, utf16_offset

TEXTS = [
    "",
    "plain ascii",
    "NBSP\u00a0and\u2028line separator",
    "emoji 😀 then 👨‍👩‍👧‍👦 family and 🇫🇷 flag",
    "CJK 中文字符 and 𠀋 (an astral ideograph)",
    "combining e\u0301 and a\u0308",
    "😀😀😀",
]


@pytest.mark.parametrize("text", TEXTS)
def test_conversions_agree_with_utf16_encoding(text: str) -> None:
    conv = OffsetConverter(text)
    assert conv.qt_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        expected = len(text[:cp].encode("utf-16-le")) // 2
        assert utf16_offset(text, cp) == conv.to_qt(cp) == expected
        assert conv.to_cp(expected) == cp_offset(text, expected) == cp


def test_position_inside_a_surrogate_pair_rounds_down_and_spans_keep_the_character() -> None:
    text = "a😀b"
    conv = OffsetConverter(text)
    assert conv.to_cp(2) == 1  # between the two halves of 😀
    assert conv.to_cp_span(1, 2) == (1, 2)  # a span ending mid-pair keeps the whole emoji


def test_out_of_range_offsets_are_refused() -> None:
    conv = OffsetConverter("ab")
    with pytest.raises(ValueError):
        conv.to_qt(3)
    with pytest.raises(ValueError):
        conv.to_cp(-1)


@pytest.mark.parametrize("text", TEXTS)
def test_scanning_only_the_first_screen_gives_the_same_answers(text: str) -> None:
    """A converter that scans only a prefix (a long article's first screen) answers like a full one,
    whichever position is asked first, inside the prefix, at its edge or beyond it."""
    full = OffsetConverter(text)
    for scan_first in range(len(text) + 1):
        for first_cp in (0, scan_first, len(text)):
            lazy = OffsetConverter(text, scan_first=scan_first)
            assert lazy.to_qt(first_cp) == full.to_qt(first_cp)
            assert [lazy.to_qt(cp) for cp in range(len(text) + 1)] == [
                full.to_qt(cp) for cp in range(len(text) + 1)
            ]
        lazy = OffsetConverter(text, scan_first=scan_first)
        qts = range(full.qt_length + 1)
        assert [lazy.to_cp(qt) for qt in qts] == [full.to_cp(qt) for qt in qts]
        assert OffsetConverter(text, scan_first=scan_first).qt_length == full.qt_length
        with pytest.raises(ValueError):
            OffsetConverter(text, scan_first=scan_first).to_cp(full.qt_length + 1)
