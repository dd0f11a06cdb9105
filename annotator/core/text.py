"""Text on the way in: decoding and the one documented normalisation.

Normalisation (and nothing else): a leading BOM is removed, CRLF and lone CR become LF. Every other
character (NBSP, U+2028, zero-width joiners, combining marks) is kept exactly, so offsets computed
on the normalised text index the same characters the user sees.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    warning: str | None = None


def decode_bytes(data: bytes, name: str = "the file") -> DecodedText:
    """UTF-8 (with or without BOM); anything else is read as cp1252 and said so in a warning."""
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        # cp1252 leaves five bytes undefined; map them through latin-1 so decoding never fails.
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text:
            text = "".join(
                bytes([b]).decode("latin-1") if ch == "\ufffd" else ch
                for ch, b in zip(text, data, strict=True)
            )
        return DecodedText(
            text,
            "cp1252",
            f"{name} is not valid UTF-8 (byte {exc.start}); it was read as Windows-1252 (cp1252).",
        )


def normalize_text(text: str) -> str:
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


class OffsetMap:
    """Maps code-point offsets in a raw text to offsets in ``normalize_text(raw)``.

    Built once per text; each lookup is a bisect over the (few) positions where characters were dropped.
    """

    def __init__(self, raw: str) -> None:
        removed: list[int] = []  # raw offsets of dropped characters, ascending
        if raw.startswith(BOM):
            removed.append(0)
        start = 0
        while (index := raw.find("\r\n", start)) != -1:
            removed.append(index)  # the CR of CRLF disappears; a lone CR is replaced, not removed
            start = index + 2
        removed.sort()
        self._removed = removed
        self.text = normalize_text(raw)

    def __call__(self, raw_offset: int) -> int:
        """New offset of the character at ``raw_offset`` (or of the end, for ``len(raw)``)."""
        return raw_offset - bisect_right(self._removed, raw_offset - 1)
