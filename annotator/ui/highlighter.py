"""Claim highlighting that scales with what is visible (DESIGN.md rule 4).

``ClaimIndex`` keeps the claims of one article in UTF-16 positions, sorted by where their extent starts
(the claim plus its source and cue), with a running maximum of extent ends. The claims touching one block
are found with a bisect plus a short walk back, never with a loop over every claim. ``ClaimHighlighter``
asks the index for each block Qt wants formatted, and the window calls ``rehighlight_range`` for the few
blocks an edited claim covers.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass

from PySide6.QtGui import QSyntaxHighlighter, QTextDocument

from annotator.core.model import Claim
from annotator.ui.offsets import OffsetConverter
from annotator.ui.style import FormatCache


@dataclass(frozen=True, slots=True)
class QtClaim:
    """What highlighting needs of a claim, in Qt (UTF-16) positions."""

    id: str
    start: int
    end: int
    label: str | None
    status: str
    source: tuple[int, int] | None
    cue: tuple[int, int] | None

    @property
    def extent(self) -> tuple[int, int]:
        starts, ends = [self.start], [self.end]
        for span in (self.source, self.cue):
            if span:
                starts.append(span[0])
                ends.append(span[1])
        return min(starts), max(ends)

    @classmethod
    def from_claim(cls, claim: Claim, conv: OffsetConverter) -> QtClaim:
        def span(s: object) -> tuple[int, int] | None:
            return conv.to_qt_span(s.start, s.end) if s is not None else None  # type: ignore[attr-defined]

        return cls(
            claim.id,
            conv.to_qt(claim.start),
            conv.to_qt(claim.end),
            claim.label,
            claim.status,
            span(claim.source),
            span(claim.cue),
        )


class ClaimIndex:
    """Claims by position. ``overlapping(a, b)`` costs a bisect plus the claims it returns (few)."""

    def __init__(self) -> None:
        self._keys: list[tuple[int, int, str]] = []  # (extent start, -extent end, id): long claims first
        self._ends: list[int] = []
        self._max_end: list[int] = []  # running maximum of extent ends: where the walk back may stop
        self.claims: dict[str, QtClaim] = {}

    def __len__(self) -> int:
        return len(self.claims)

    def reset(self, claims: list[QtClaim]) -> None:
        self.claims = {c.id: c for c in claims if c.status != "rejected"}
        self._keys = sorted((c.extent[0], -c.extent[1], c.id) for c in self.claims.values())
        self._rebuild()

    def _rebuild(self) -> None:
        self._ends = [-key[1] for key in self._keys]
        running, self._max_end = -1, []
        for end in self._ends:
            running = max(running, end)
            self._max_end.append(running)

    def put(self, claim: QtClaim) -> tuple[int, int] | None:
        """Add or replace a claim (a rejected one is dropped). Returns the old extent, if any."""
        old = self.claims.get(claim.id)
        if old is not None and old.extent == claim.extent and claim.status != "rejected":
            self.claims[claim.id] = claim  # same place: no re-sorting needed (the common label edit)
            return old.extent
        old_extent = self.remove(claim.id, rebuild=False)
        if claim.status != "rejected":
            self.claims[claim.id] = claim
            insort(self._keys, (claim.extent[0], -claim.extent[1], claim.id))
        self._rebuild()
        return old_extent

    def remove(self, claim_id: str, *, rebuild: bool = True) -> tuple[int, int] | None:
        old = self.claims.pop(claim_id, None)
        if old is None:
            return None
        key = (old.extent[0], -old.extent[1], old.id)
        index = bisect_left(self._keys, key)
        if index < len(self._keys) and self._keys[index] == key:
            del self._keys[index]
        if rebuild:
            self._rebuild()
        return old.extent

    def overlapping(self, start: int, end: int) -> list[QtClaim]:
        """Claims whose extent overlaps [start, end), in drawing order (outer before inner)."""
        i = bisect_left(self._keys, (end,))
        found = []
        j = i - 1
        while j >= 0 and self._max_end[j] > start:
            if self._ends[j] > start:
                found.append(self.claims[self._keys[j][2]])
            j -= 1
        found.reverse()
        return found

    def at(self, pos: int) -> QtClaim | None:
        """The innermost claim containing ``pos`` (claim span, not source/cue)."""
        best = None
        for claim in self.overlapping(pos, pos + 1):
            if claim.start <= pos < claim.end and (
                best is None or claim.end - claim.start < best.end - best.start
            ):
                best = claim
        return best


class ClaimHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, index: ClaimIndex, formats: FormatCache) -> None:
        super().__init__(document)
        self.index = index
        self.formats = formats
        self.body: tuple[int, int] | None = None  # Qt positions of the article body; None: all body

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        start = block.position()
        length = block.length() - 1  # UTF-16 units, without the block separator
        if length <= 0:
            return
        end = start + length
        if self.body is not None:
            body_start, body_end = self.body
            if start < body_start:
                self.setFormat(0, min(length, body_start - start), self.formats.outside_body)
            if end > body_end:
                lo = max(0, body_end - start)
                self.setFormat(lo, length - lo, self.formats.outside_body)
        for claim in self.index.overlapping(start, end):
            fmt = self.formats.get(claim.label, claim.status)
            self._apply(start, end, claim.start, claim.end, fmt)
            for part, span in (("source", claim.source), ("cue", claim.cue)):
                if span is not None:
                    self._apply(
                        start, end, span[0], span[1], self.formats.get(claim.label, claim.status, part)
                    )

    def _apply(self, block_start: int, block_end: int, a: int, b: int, fmt: object) -> None:
        lo, hi = max(a, block_start), min(b, block_end)
        if lo < hi:
            self.setFormat(lo - block_start, hi - lo, fmt)

    def rehighlight_range(self, start: int, end: int) -> None:
        """Re-format only the blocks that [start, end) touches (Qt positions)."""
        document = self.document()
        if document is None:
            return
        block = document.findBlock(start)
        while block.isValid() and block.position() < max(end, start + 1):
            self.rehighlightBlock(block)
            block = block.next()
