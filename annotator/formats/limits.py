"""The importers' size bounds (issue #19, DESIGN.md rule 9): a file from someone else cannot exhaust
memory or stack. Each bound is refused in one sentence naming the file (and line); docs/formats.md lists
them. They are far above any real article: the largest tested import is a 20 MB article.
"""

from __future__ import annotations

from pathlib import Path

from annotator.formats.base import BadInputError

MAX_FILE_BYTES = 1 << 30  # 1 GiB: any input file (a JSONL export of 100,000 claims is about 60 MB)
MAX_ARTICLE_CHARS = 50_000_000  # code points of one article's text
MAX_LINE_BYTES = 256 << 20  # one JSONL line (one article with its claims)
MAX_JSON_DEPTH = 1024  # nesting of a JSON value: orjson's own recursion limit, reported as ours
MAX_CLAIMS_PER_ARTICLE = 1_000_000


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BadInputError(
            f"{path} is {size / (1 << 20):,.0f} MiB, larger than the import limit of "
            f"{MAX_FILE_BYTES >> 20:,} MiB; split it into smaller files."
        )


def check_article(where: str, text: str) -> None:
    """``where`` names the file (and line): "a.jsonl, line 3"."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise BadInputError(
            f"{where}: the article has {len(text):,} characters, more than the limit of "
            f"{MAX_ARTICLE_CHARS:,}; nothing from this file was imported."
        )


def check_claim_count(where: str, count: int) -> None:
    if count > MAX_CLAIMS_PER_ARTICLE:
        raise BadInputError(
            f"{where}: the article has {count:,} claims, more than the limit of "
            f"{MAX_CLAIMS_PER_ARTICLE:,}; nothing from this file was imported."
        )


def json_error(exc: Exception) -> str:
    """orjson's message for a JSON error, with its recursion limit said as our documented bound."""
    message = str(getattr(exc, "msg", exc))
    if "depth limit" in message or "recursion" in message.lower():
        return f"JSON nested deeper than {MAX_JSON_DEPTH} levels (the limit)"
    return message
