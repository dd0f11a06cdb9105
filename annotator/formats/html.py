"""HTML in: trafilatura's main-text extraction, never a fetch.

Only the bytes of the file are parsed: scripts, styles, navigation, comments and boilerplate are
dropped by trafilatura; the title (og:title, <title>, <h1>) goes to the title, author (byline), date and
canonical URL into ``meta``. Every block element (heading, paragraph, quote, list, table) becomes a paragraph
of its own, separated by a blank line, so the suggester and the window see the article's paragraphs. The
extracted text is what gets stored and annotated, so offsets index that text, not the HTML source.

lxml's HTML parser reads no DTD and resolves no external entity: an XXE or billion-laughs payload is text
at worst, never a file read or a blow-up (tested).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from annotator.core.text import normalize_text
from annotator.formats.base import ArticleIn, BadInputError, ReadResult, title_from_text

# trafilatura logs every short or odd page at WARNING; the reader reports problems itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _extract(data: bytes, favor_recall: bool) -> Any:
    import trafilatura  # imported on first use: it is slow to import and only HTML needs it

    return trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=favor_recall,
        deduplicate=False,
    )


# Block elements of trafilatura's output tree: each becomes one paragraph (a blank line between two).
_ROWS = frozenset({"item", "row"})


def _block_text(element: Any) -> str:
    """The text of one block, whitespace collapsed; list items and table rows on lines of their own."""
    rows = [child for child in element if child.tag in _ROWS]
    if rows:
        lines = []
        for row in rows:
            cells = [" ".join("".join(c.itertext()).split()) for c in row if c.tag == "cell"]
            line = " | ".join(c for c in cells if c) if cells else " ".join("".join(row.itertext()).split())
            if line:
                lines.append(f"- {line}" if row.tag == "item" else line)
        return "\n".join(lines)
    return " ".join("".join(element.itertext()).split())


def _paragraphs(result: Any) -> str:
    """The extracted text with a blank line between block elements (headings, paragraphs, quotes, lists,
    tables): trafilatura's own ``text`` joins them with single newlines, which runs the paragraphs together
    and merges the headline into the first sentence."""
    body = getattr(result, "body", None)
    if body is None or not len(body):
        return result.text or ""
    blocks = [_block_text(child) for child in body]
    return "\n\n".join(b for b in blocks if b)


def read_html(path: Path) -> ReadResult:
    data = path.read_bytes()
    if not data.strip():
        raise BadInputError(f"{path} is empty; there is no article to import.")
    try:
        result = _extract(data, favor_recall=False)
        if result is None or not (result.text or "").strip():
            # Short pages fall under trafilatura's minimum size; recall mode keeps them.
            result = _extract(data, favor_recall=True)
    except Exception as exc:  # lxml and trafilatura raise many types for broken markup
        raise BadInputError(f"{path} could not be parsed as HTML ({exc}).") from exc
    text = normalize_text(_paragraphs(result)) if result is not None else ""
    if not text.strip():
        raise BadInputError(f"{path} has no article text that could be extracted; nothing was imported.")
    meta = {
        "url": result.url or None,
        "author": result.author or None,
        "published": result.date or None,
        "source_path": str(path),
    }
    title = (result.title or "").strip() or title_from_text(text, path.stem)
    return ReadResult([ArticleIn(text, title, meta)])
