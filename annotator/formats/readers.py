"""Readers: files in, articles out, as plain ``ArticleIn`` records; nothing here touches the store.

A reader raises ``BadInputError`` with one sentence naming the file (and line) for input it cannot take.
``READERS`` maps a lower-case suffix to its reader; the import service and the window's file dialog
both take the supported types from it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.formats.base import ArticleIn, BadInputError, ReadResult, read_text_article, title_from_text
from annotator.formats.html import read_html
from annotator.formats.jsonl import read_jsonl
from annotator.formats.markdown import read_markdown

__all__ = [
    "READERS",
    "ArticleIn",
    "BadInputError",
    "ReadResult",
    "read_path",
    "read_txt",
    "supported_suffixes",
    "title_from_text",
]


def read_txt(path: Path) -> ReadResult:
    text, warnings = read_text_article(path)
    return ReadResult(
        [ArticleIn(text, title_from_text(text, path.stem), {"source_path": str(path)})], warnings
    )


Reader = Callable[[Path], ReadResult]
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(READERS))


def read_path(path: Path) -> ReadResult:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise BadInputError(
            f"{path} has an unsupported file type; supported: {', '.join(supported_suffixes())}."
        )
    try:
        return reader(path)
    except OSError as exc:
        raise BadInputError(f"{path} could not be read: {exc.strerror or exc}.") from exc
