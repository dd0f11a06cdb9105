"""Find the article body in a plain-text article: pure regex heuristics, no spaCy.

The window calls :func:`find_body` at start-up to grey out what is not body (headline, bylines, author bios,
comment forms, share/subscribe/tags lines), and the suggester never suggests outside that range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from annotator.nlp import lexicon as lx

__all__ = [
    "Body",
    "blank_or_emoji",
    "char_positions",
    "ends_sentence",
    "find_body",
    "is_boilerplate",
    "paragraphs",
    "read_body",
    "skipped_paragraphs",
]

# A blank line (possibly holding spaces) separates paragraphs.
_PARA_SPLIT = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")

# Lines that end an article: everything from the first of them on is boilerplate. This pattern and
# _NOISE_LINE are written in lower case and matched against the lower-cased line: under IGNORECASE the
# engine enters every alternative, without it one whose first letter differs is skipped at once (they run
# on most paragraphs).
_END_MARKERS = re.compile(
    r"""^(?:
        (?:original\s+)?source\s*:
      | about\s+(?:the\s+)?(?:author|[a-z][\w.'’-]+(?:\s+[a-z][\w.'’-]+){0,3})\s*$
      | view\s+all\s+(?:posts|articles|stories)
      | (?:more\s+)?(?:posts|articles|stories)\s+by\s+[a-z]
      | leave\s+a\s+(?:reply|comment)
      | \d*\s*(?:comments?|responses?|replies)\s*(?:\(\d+\))?\s*$
      | your\s+email\s+address\s+will\s+not
      | required\s+fields\s+are\s+marked
      | (?:post\s+)?comment\s*:?\s*$
      | (?:name|email|website)\s*\*?\s*$
      | save\s+my\s+name
      | (?:©|\(c\)|copyright\b)
      | all\s+rights\s+reserved
      | tags?\s*:
      | filed\s+under\s*:
      | (?:related|recommended)(?:\s+(?:articles?|posts?|stories|reading|content))?\s*:?\s*$
      | you\s+may\s+also\s+like
      | (?:share|sharing)\s+(?:this|on|via)\b
      | share\s*:?\s*$
      | subscribe\s+(?:to|now|for|today|:|$)
      | sign\s+up\s+for\s+(?:our|the)\s+newsletter
      | follow\s+us\b
      | (?:this\s+)?(?:article|story)\s+(?:was\s+)?(?:originally\s+)?(?:published|appeared)\s+(?:on|in|at)\b
    )""",
    re.VERBOSE,
)

# Lines that may sit anywhere (top, middle, bottom) and are never article text.
_NOISE_LINE = re.compile(
    r"""^(?:
        (?:read|see)\s+(?:more|also)\s*:
      | related\s*:
      | advertisement\s*$
      | (?:photo|image|video|audio|credit|photo\s+credit|illustration|graphic)s?\s*:
      | editor[’']?s\s+note\s*:
      | (?:correction|clarification|update|updated)\s*(?:\(.{0,40}\))?\s*:
      | by\s+[a-z][\w.'’-]+(?:\s+(?:and\s+)?[a-z][\w.'’-]+){0,4}\s*(?:[|,•·–-].*)?$
      | (?:published|updated|posted|last\s+updated)\s*(?::|on\b|\d).{0,60}$
      | (?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+\w+\s+\d{1,2},?\s+\d{4}.{0,30}$
      | (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\s*$
      | \d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}\s*$
      | (?:facebook|twitter|x|linkedin|whatsapp|email|print|reddit|telegram)(?:\s*[|,•·]\s*\w+)*\s*$
      | (?:share\s*(?:this|on|via|:|$)|subscribe\s+(?:to|now|for|today|:|$)|sign\s+up\b|follow\s+us\b).{0,80}$
      | tags?\s*:.*$
    )""",
    re.VERBOSE,
)

# An author bio: "Amina Hassan is a dedicated journalist specializing in ...".
_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}"
    r"(?:journalist|reporter|writer|correspondent|editor|columnist|contributor|author|analyst\s+and\s+writer"
    r"|freelancer|blogger|producer)\b",
)

_EMOJI = re.compile(f"[{lx.EMOJI_CLASS}]")
_CLOSERS = "\"'”’)]"
SUBHEAD_MAX = 200  # code points: furniture lines and subheads are short; longer paragraphs are text


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield the code-point ranges of the paragraphs of ``text[start:end]``, trimmed of whitespace."""
    end = len(text) if end is None else end
    pos = start
    for m in _PARA_SPLIT.finditer(text, start, end):
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():  # by index: slicing copied every paragraph twice
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def is_boilerplate(paragraph: str) -> bool:
    """True for a paragraph (or line) that is site furniture rather than article text."""
    first = paragraph.lstrip().split("\n", 1)[0].strip()
    low = first.lower()
    return bool(_END_MARKERS.match(low) or _NOISE_LINE.match(low))


def ends_sentence(text: str, colon: bool = False) -> bool:
    """Does ``text`` end with sentence-final punctuation (past closing quotes, brackets, spaces and emoji:
    "Great news! 🎉"), or with ``colon``, a colon or semicolon? (A regex anchored at the end tried every
    position: 7 ms a hundred articles.)"""
    end = len(text)
    while end and blank_or_emoji(text[end - 1]):
        end -= 1
    last = text[:end]
    return (colon and last.endswith((":", ";"))) or last.rstrip(_CLOSERS).endswith((".", "!", "?", "…"))


def char_positions(text: str, chars: str, start: int, end: int) -> list[int]:
    """The positions of any of ``chars`` in ``text[start:end]``, in order. One ``str.find`` per hit: a
    regex character class is tried at every position of the text, about ten times slower."""
    found: list[int] = []
    for char in chars:
        i = text.find(char, start, end)
        while i >= 0:
            found.append(i)
            i = text.find(char, i + 1, end)
    if len(chars) > 1:
        found.sort()
    return found


def blank_or_emoji(char: str) -> bool:
    """A space or an emoji: never at the edge of a claim, a sentence or a paragraph's text."""
    # A character below every emoji is one only if it is a space: most are letters, and skip the regex.
    return char.isspace() or (char >= lx.EMOJI_LOWEST and _EMOJI.match(char) is not None)


class Body(NamedTuple):
    """The article body of a text, with what was read to find it (code-point ranges)."""

    start: int
    end: int  # start == end: nothing looks like body
    paragraphs: list[tuple[int, int]]  # every paragraph of the text
    skipped: list[tuple[int, int]]  # the body's paragraphs that are never claims: furniture lines, subheads


def find_body(text: str) -> tuple[int, int]:
    """Return the code-point range ``(start, end)`` of the article body in ``text``.

    The body excludes a leading headline, bylines and dates, and everything from the first trailing
    boilerplate marker on ("Original Source:", "About <author>", a bio, "View all posts", "Leave a Reply",
    comment forms, share/subscribe/tags lines). When nothing looks like body, an empty range is returned.
    """
    body = read_body(text)
    return body.start, body.end


def read_body(text: str) -> Body:
    """:func:`find_body`, with the paragraphs and the body's paragraphs that are never claims (the
    suggester skips them): each paragraph's lines are matched against the furniture patterns once."""
    paras = list(paragraphs(text))
    if not paras:
        return Body(0, 0, [], [])
    # Paragraphs are read up to the first end marker after body: nothing after it is body. (A bio ends the
    # body unless body follows before that marker.)
    read: list[tuple[str, bool]] = []
    seen_body = False
    for i, (s, e) in enumerate(paras):
        kind, skip = _read(text[s:e], i)
        read.append((kind, skip))
        if kind == "end" and seen_body:
            break
        seen_body = seen_body or kind == "body"
    first = next((i for i, (kind, _) in enumerate(read) if kind == "body"), None)
    if first is None:
        return Body(paras[0][0], paras[0][0], paras, [])
    last = first
    for i in range(first + 1, len(read)):
        kind = read[i][0]
        if kind == "end":
            break
        if kind == "bio" and all(k != "body" for k, _ in read[i + 1 :]):
            break
        if kind == "body":
            last = i
    skipped = [paras[i] for i in range(first, last + 1) if read[i][1]]
    return Body(paras[first][0], paras[last][1], paras, skipped)


def skipped_paragraphs(text: str, paras: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Those of ``paras`` (ranges in ``text``) that are never claims: furniture lines and subheads."""
    return [(s, e) for s, e in paras if _read(text[s:e], 1)[1]]


def _read(paragraph: str, index: int) -> tuple[str, bool]:
    """The paragraph's kind (body, headline, noise, bio, or the end of the article) and whether it is
    never a claim (a furniture line or a subhead, which may sit inside the body)."""
    short = len(paragraph) <= SUBHEAD_MAX
    if not short and "\n" not in paragraph:
        return ("bio" if _BIO.match(paragraph) else "body"), False  # a long paragraph is text or a bio
    first = paragraph.split("\n", 1)[0].strip()
    low = first.lower()
    if _END_MARKERS.match(low):
        # "Source:" or "Tags:" as the very first paragraph is metadata, not the end of the article.
        return ("noise" if index == 0 else "end"), short
    if _NOISE_LINE.match(low):
        return "noise", short
    # One short line without sentence-final punctuation: a headline, or inside the body a subhead (one
    # ending in a colon too). Most paragraphs end a sentence: their words are not counted.
    one_line = not ends_sentence(paragraph) and "\n" not in paragraph and len(paragraph.split()) <= 25
    subhead = short and one_line
    if _BIO.match(first):
        return "bio", subhead
    if one_line and not ends_sentence(paragraph, colon=True):
        return "headline", subhead
    return "body", subhead
