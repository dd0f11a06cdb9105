"""Clause splitting inside a sentence ("…; …", ", but …", "While …, …")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.nlp import lexicon as lx
from annotator.nlp.body import blank_or_emoji


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(words) + ")"


_CLAUSE_SPLIT = re.compile(
    rf";\s+|,\s+(?=(?:a|an)\s+{_alt(lx.CLAUSE_NOUNS)}\s)"
    rf"|,\s+(?={_alt(lx.CONTRAST_CONJ)}\b(?!\s+also))|\s+(?=but\b(?!\s+also))"
)
_COORD = re.compile(rf"{_alt(lx.CLAUSE_COORDINATORS)}\s+")
_LEADING_SUB = re.compile(rf"^{_alt(lx.LEADING_SUBORDINATORS)}\b[^,]{{3,}}?,\s+")
# The first words of _LEADING_SUB, to test before the pattern.
_LEADING_WORDS = tuple(w.split("\\")[0] for w in lx.LEADING_SUBORDINATORS)
_DIGITS = "0123456789"
# With "; " and " but ", the substrings without which no clause split can match: most sentences skip
# the regex.
_COMMA_HINTS = (", a ", ", an ", *(", " + w for w in lx.CONTRAST_CONJ if w != "but"))


def has_digit(text: str) -> bool:
    """Does ``text`` hold an ASCII digit? Ten substring searches are several times faster than a regex,
    which tries every position of the sentence."""
    for digit in _DIGITS:  # noqa: SIM110 (a generator for any() costs more than the ten searches)
        if digit in text:
            return True
    return False


def has_quote_mark(text: str) -> bool:
    return '"' in text or "“" in text or "”" in text


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without leading and trailing whitespace and emoji (never part of a claim)."""
    while start < end and blank_or_emoji(text[start]):
        start += 1
    while end > start and blank_or_emoji(text[end - 1]):
        end -= 1
    return start, end


def split_clauses(stext: str) -> list[tuple[int, int]]:
    """Clause ranges (relative to the sentence) at "; ", ", but", ", while"… and after "While …,"."""
    cuts = []
    m = _LEADING_SUB.match(stext) if stext.startswith(_LEADING_WORDS) else None
    if m and '"' not in stext[: m.end()] and "“" not in stext[: m.end()]:
        cuts.append((m.end() - len(m.group()) + len(m.group().rstrip().rstrip(",")), m.end()))
    for m in _CLAUSE_SPLIT.finditer(stext) if _split_hinted(stext) else ():
        if not inside_quote(stext, m.start()):
            # A coordinator opening the next clause belongs to neither claim ("…, but the company said…").
            coord = _COORD.match(stext, m.end())
            cuts.append((m.start(), coord.end() if coord else m.end()))
    if not cuts:
        return [(0, len(stext))]
    cuts.sort()
    out, pos = [], 0
    for a, b in cuts:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    out.append((pos, len(stext)))
    return [(a, b) for a, b in out if len(stext[a:b].split()) >= 3]


def _split_hinted(stext: str) -> bool:
    """Does the sentence hold a substring without which no clause split can match?"""
    if "; " in stext or " but " in stext:
        return True
    if ", " in stext:
        for hint in _COMMA_HINTS:  # a loop: a generator for any() costs more than the searches
            if hint in stext:
                return True
    return False


def inside_quote(stext: str, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened earlier in the sentence?"""
    before = stext[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def strip_end(text: str, a: int, b: int) -> int:
    """The end of ``text[a:b]`` without trailing clause punctuation."""
    while b > a and text[b - 1] in ",;: ":
        b -= 1
    return b
