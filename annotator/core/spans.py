"""Span arithmetic on plain text for the window: word snapping and word-wise adjustment. Pure Python.

Offsets are code points. A "word" is a run of letters/digits (with inner apostrophes and hyphens); a Han or
kana character is a word of its own, since those scripts do not separate words with spaces.
"""

from __future__ import annotations

import unicodedata

_JOINERS = frozenset("'’-‐_")


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) == "Mn"  # combining marks belong to their letter


def _word_run(text: str, i: int) -> bool:
    """True when text[i-1] and text[i] belong to the same word."""
    if i <= 0 or i >= len(text):
        return False
    left, right = text[i - 1], text[i]
    if _is_cjk(left) or _is_cjk(right):
        return unicodedata.category(right) == "Mn"
    if _is_word(left) and _is_word(right):
        return True
    # an apostrophe or hyphen between two letters joins them (don't, U.S.-made, well-known)
    if right in _JOINERS and i + 1 < len(text) and _is_word(left) and _is_word(text[i + 1]):
        return True
    return left in _JOINERS and i >= 2 and _is_word(text[i - 2]) and _is_word(right)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim surrounding whitespace, then widen both ends to whole words. Returns (start, end), maybe empty."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return start, start
    while _word_run(text, start):
        start -= 1
    while _word_run(text, end):
        end += 1
    return start, end


def next_word_end(text: str, pos: int) -> int:
    """End of the word after ``pos`` (skipping spaces and punctuation in between)."""
    n = len(text)
    while pos < n and not _is_word(text[pos]):
        pos += 1
    pos = min(n, pos + 1)
    while _word_run(text, pos):
        pos += 1
    return pos


def previous_word_start(text: str, pos: int) -> int:
    """Start of the word before ``pos``."""
    while pos > 0 and not _is_word(text[pos - 1]):
        pos -= 1
    pos = max(0, pos - 1)
    while _word_run(text, pos):
        pos -= 1
    return pos


def adjust_span(
    text: str, start: int, end: int, edge: str, direction: int, *, by_char: bool
) -> tuple[int, int]:
    """Move the ``edge`` ("start" or "end") of a span one word (or one character) left (-1) or right (+1).

    The span never becomes empty and never leaves the text; ends land after a word, starts on a word.
    """
    if edge == "end":
        if by_char:
            new = end + direction
        elif direction > 0:
            new = next_word_end(text, end)
        else:
            new = previous_word_start(text, end)
            while new > start and text[new - 1].isspace():
                new -= 1
        end = min(len(text), max(start + 1, new))
    else:
        if by_char:
            new = start + direction
        elif direction < 0:
            new = previous_word_start(text, start)
        else:
            new = next_word_end(text, start)
            while new < end and not _is_word(text[new]):
                new += 1
            new = previous_word_start(text, new) if new < end and _word_run(text, new) else new
        start = max(0, min(end - 1, new))
    return start, end
