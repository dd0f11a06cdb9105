"""Readers: files in, articles out, as plain ``ArticleIn`` records; nothing here touches the store.

A reader raises ``BadInputError`` with one sentence naming the file (and line) for input it cannot take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.text import decode_bytes, normalize_text


class BadInputError(ValueError):
    """An input file that cannot be imported; the message is one sentence naming the file (and line)."""


@dataclass(slots=True)
class ArticleIn:
    text: str  # already normalised (BOM removed, CRLF/CR -> LF)
    title: str
    meta: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)  # native-schema claims, offsets into text
    line: int | None = None  # line of a JSONL file the article came from


@dataclass(slots=True)
class ReadResult:
    articles: list[ArticleIn]
    warnings: list[str] = field(default_factory=list)


def title_from_text(text: str, fallback: str) -> str:
    """The first non-empty line when it looks like a headline, else the fallback (the file name)."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 200 else fallback
    return fallback


def read_txt(path: Path) -> ReadResult:
    decoded = decode_bytes(path.read_bytes(), str(path))
    text = normalize_text(decoded.text)
    if not text.strip():
        raise BadInputError(f"{path} is empty; there is no article to import.")
    article = ArticleIn(text, title_from_text(text, path.stem), {"source_path": str(path)})
    return ReadResult([article], [decoded.warning] if decoded.warning else [])


Reader = Callable[[Path], ReadResult]
READERS: dict[str, Reader] = {".txt": read_txt}


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
