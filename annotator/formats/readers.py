"""Readers: files in, articles out, as plain ``ArticleIn`` records; nothing here touches the store.

A reader raises ``BadInputError`` with one sentence naming the file (and line) for input it cannot take.
Which reader takes which file type is in the one format table, ``annotator.formats.registry.FORMATS``.
"""

from __future__ import annotations

from pathlib import Path

from annotator.formats.base import (
    DEFAULT_READ,
    ArticleIn,
    BadInputError,
    ReadOptions,
    ReadResult,
    read_text_article,
    title_from_text,
)
from annotator.formats.limits import check_article, check_claim_count, check_file_size
from annotator.formats.registry import reader_for, supported_suffixes

__all__ = [
    "ArticleIn",
    "BadInputError",
    "ReadOptions",
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


def read_path(path: Path, options: ReadOptions = DEFAULT_READ) -> ReadResult:
    reader = reader_for(path)
    if reader is None:
        raise BadInputError(
            f"{path} has an unsupported file type; supported: {', '.join(supported_suffixes())}."
        )
    try:
        check_file_size(path)
        result = reader(path, options)
    except OSError as exc:
        raise BadInputError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    for article in result.articles:  # the same bounds whatever the reader
        where = f"{path}, line {article.line}" if article.line else str(path)
        check_article(where, article.text)
        check_claim_count(where, len(article.claims))
    return result
