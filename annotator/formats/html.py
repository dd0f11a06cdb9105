"""HTML in: trafilatura's main-text extraction, never a fetch.

Only the bytes of the file are parsed: scripts, styles, navigation, comments and boilerplate are
dropped by trafilatura; title, author, date and canonical URL go into ``meta``. The extracted text
is what gets stored and annotated, so offsets index that text, not the HTML source.
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
    text = normalize_text(result.text or "") if result is not None else ""
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
