"""Markdown in: the file is kept as text (the markup characters stay, so offsets index the file as
written); the title is the first heading."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.formats.base import ArticleIn, ReadResult, read_text_article, title_from_text

_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def _plain(heading: str) -> str:
    """The heading as a reader sees it: link text kept, emphasis and code markers dropped."""
    return " ".join(_EMPHASIS.sub("", _LINK.sub(r"\1", heading)).split())


def _body_start(lines: list[str]) -> int:
    """Index of the first line after a YAML front matter block (``---`` … ``---``), if there is one."""
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                return index + 1
    return 0


def markdown_title(text: str) -> str | None:
    """The first ATX (``# Title``) or setext (``Title`` over ``===``) heading outside code fences."""
    lines = text.split("\n")
    fence: str | None = None
    for index in range(_body_start(lines), len(lines)):
        line = lines[index]
        if match := _FENCE.match(line):
            marker = match.group(1)[0]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        if match := _ATX.match(line):
            return _plain(match.group(1)) or None
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and _SETEXT_UNDERLINE.match(following) and not line.startswith(("    ", "\t")):
            return _plain(line) or None
    return None


def read_markdown(path: Path) -> ReadResult:
    text, warnings = read_text_article(path)
    title = markdown_title(text) or title_from_text(text, path.stem)
    return ReadResult([ArticleIn(text, title, {"source_path": str(path)})], warnings)
