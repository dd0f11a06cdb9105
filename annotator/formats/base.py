"""What every reader shares: the article record, the error type and plain-text decoding.

Kept apart from ``readers.py`` so that the per-format modules can import it while ``readers.py``
imports them to fill the ``READERS`` registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.core.text import DecodedText, decode_bytes, normalize_text


class BadInputError(ValueError):
    """An input file that cannot be imported; the message is one sentence naming the file (and line)."""


OffsetUnit = Literal["code-points", "utf-16"]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Choices a reader cannot guess from the file.

    ``doccano_offsets``: the unit of doccano's ``label``/``entities`` offsets. doccano's editor is
    JavaScript and counts UTF-16 code units (doccano issue #2290), and its backend stores and exports
    the numbers unchanged, so "utf-16" matches what doccano writes; "code-points" reads files made by
    Python tools (and our own exports written with ``code-points``).
    """

    doccano_offsets: OffsetUnit = "utf-16"


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """Choices of a writer: doccano's offset unit (as on import), and who publishes ClaimReview."""

    doccano_offsets: OffsetUnit = "utf-16"
    publisher: str = "Claim Annotator user"  # ClaimReview ``author``: the fact-checking organisation
    publisher_url: str | None = None


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


def decode_text_file(path: Path, data: bytes) -> DecodedText:
    """Decode a plain-text file: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252 with a warning.

    A file with NUL bytes that is not UTF-16 is binary (a PDF, a Word file): no decoding repairs
    that, so it is refused rather than imported as mojibake.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise BadInputError(
                f"{path} is not valid UTF-16 (byte {exc.start}); it cannot be imported."
            ) from exc
    nul = data.find(b"\x00")
    if nul != -1:
        raise BadInputError(
            f"{path} is not a text file (it contains NUL bytes, byte {nul}); "
            "save it as UTF-8 text and import it again."
        )
    return decode_bytes(data, str(path))


def read_text_article(path: Path) -> tuple[str, list[str]]:
    """The normalised text of a plain-text file and any decoding warning; empty files are refused."""
    decoded = decode_text_file(path, path.read_bytes())
    text = normalize_text(decoded.text)
    if not text.strip():
        raise BadInputError(f"{path} is empty; there is no article to import.")
    return text, [decoded.warning] if decoded.warning else []


DEFAULT_READ = ReadOptions()
DEFAULT_WRITE = WriteOptions()
