"""Find the article body in a plain-text article: pure regex heuristics, no spaCy.

The window calls :func:`find_body` at start-up to grey out what is not body (headline, bylines, author bios,
comment forms, share/subscribe/tags lines), and the suggester never suggests outside that range.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["find_body", "is_boilerplate", "paragraphs"]

# A blank line (possibly holding spaces) separates paragraphs.
_PARA_SPLIT = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")

# Lines that end an article: everything from the first of them on is boilerplate.
_END_MARKERS = re.compile(
    r"""^(?:
        (?:original\s+)?source\s*:
      | about\s+(?:the\s+)?(?:author|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$
      | view\s+all\s+(?:posts|articles|stories)
      | (?:more\s+)?(?:posts|articles|stories)\s+by\s+[A-Z]
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
    re.IGNORECASE | re.VERBOSE,
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
      | by\s+[A-Z][\w.'’-]+(?:\s+(?:and\s+)?[A-Z][\w.'’-]+){0,4}\s*(?:[|,•·–-].*)?$
      | (?:published|updated|posted|last\s+updated)\s*(?::|on\b|\d).{0,60}$
      | (?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+\w+\s+\d{1,2},?\s+\d{4}.{0,30}$
      | (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\s*$
      | \d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}\s*$
      | (?:facebook|twitter|x|linkedin|whatsapp|email|print|reddit|telegram)(?:\s*[|,•·]\s*\w+)*\s*$
      | (?:share\s*(?:this|on|via|:|$)|subscribe\s+(?:to|now|for|today|:|$)|sign\s+up\b|follow\s+us\b).{0,80}$
      | tags?\s*:.*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# An author bio: "Amina Hassan is a dedicated journalist specializing in ...".
_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}"
    r"(?:journalist|reporter|writer|correspondent|editor|columnist|contributor|author|analyst\s+and\s+writer"
    r"|freelancer|blogger|producer)\b",
)

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[:;]\s*$")


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield the code-point ranges of the paragraphs of ``text[start:end]``, trimmed of whitespace."""
    end = len(text) if end is None else end
    pos = start
    for m in _PARA_SPLIT.finditer(text, start, end):
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    segment = text[start:end]
    stripped = segment.lstrip()
    if stripped:
        start += len(segment) - len(stripped)
        yield start, start + len(stripped.rstrip())


def is_boilerplate(paragraph: str) -> bool:
    """True for a paragraph (or line) that is site furniture rather than article text."""
    first = paragraph.lstrip().split("\n", 1)[0].strip()
    return bool(_END_MARKERS.match(first) or _NOISE_LINE.match(first))


def _is_headline(paragraph: str) -> bool:
    # A headline is one short line without sentence-final punctuation.
    return "\n" not in paragraph and len(paragraph.split()) <= 25 and not _TERMINAL.search(paragraph)


def find_body(text: str) -> tuple[int, int]:
    """Return the code-point range ``(start, end)`` of the article body in ``text``.

    The body excludes a leading headline, bylines and dates, and everything from the first trailing
    boilerplate marker on ("Original Source:", "About <author>", a bio, "View all posts", "Leave a Reply",
    comment forms, share/subscribe/tags lines). When nothing looks like body, an empty range is returned.
    """
    paras = list(paragraphs(text))
    if not paras:
        return (0, 0)
    kinds = [_kind(text[s:e], i) for i, (s, e) in enumerate(paras)]
    first = next((i for i, k in enumerate(kinds) if k == "body"), None)
    if first is None:
        return (paras[0][0], paras[0][0])
    last = first
    for i in range(first + 1, len(paras)):
        if kinds[i] == "end":
            break
        if kinds[i] == "bio" and all(k != "body" for k in kinds[i + 1 :]):
            break
        if kinds[i] == "body":
            last = i
    return (paras[first][0], paras[last][1])


def _kind(paragraph: str, index: int) -> str:
    if len(paragraph) > 200 and "\n" not in paragraph:
        # Furniture lines are short; a long paragraph is text or an author bio.
        return "bio" if _BIO.match(paragraph) else "body"
    first = paragraph.split("\n", 1)[0].strip()
    if _END_MARKERS.match(first):
        # "Source:" or "Tags:" as the very first paragraph is metadata, not the end of the article.
        return "noise" if index == 0 else "end"
    if _NOISE_LINE.match(first):
        return "noise"
    if _BIO.match(first):
        return "bio"
    if _is_headline(paragraph):
        return "headline"
    return "body"
