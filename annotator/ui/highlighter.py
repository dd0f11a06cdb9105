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

from PySide6.QtCore import QObject
from PySide6.QtGui import QSyntaxHighlighter, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Claim
from annotator.core.offsets import OffsetConverter
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
    extent: tuple[int, int]  # the claim with its source and cue: what the index sorts by

    @classmethod
    def from_claim(cls, claim: Claim, conv: OffsetConverter) -> QtClaim:
        start, end = conv.to_qt(claim.start), conv.to_qt(claim.end)
        source = conv.to_qt_span(claim.source.start, claim.source.end) if claim.source else None
        cue = conv.to_qt_span(claim.cue.start, claim.cue.end) if claim.cue else None
        lo, hi = start, end
        for span in (source, cue):
            if span is not None:
                lo, hi = min(lo, span[0]), max(hi, span[1])
        return cls(claim.id, start, end, claim.label, claim.status, source, cue, (lo, hi))


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
    """Formats only blocks that have been on screen.

    Qt asks for every block when an article's text is set; those calls return at once, so opening a 1 MB
    article costs about what showing its plain text costs. ``ensure_visible`` formats the blocks on
    screen before they are painted; ``done`` remembers them so an edit re-formats only the blocks it
    touches that have been formatted (the others will be formatted when they scroll into view).
    """

    def __init__(self, parent: QObject, index: ClaimIndex, formats: FormatCache) -> None:
        # Owned by the view, not by a document: documents are replaced (and deleted) per article.
        super().__init__(parent)
        self.index = index
        self.formats = formats
        self.body: tuple[int, int] | None = None  # Qt positions of the article body; None: all body
        self.done: set[int] = set()  # numbers of the blocks formatted since the article was set
        self._forcing = False

    def reset(self) -> None:
        """Forget formatted blocks (call before a new text is set)."""
        self.done.clear()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        if not self._forcing and block.blockNumber() not in self.done:
            return
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
            fmt = self.formats.get(claim.label, claim.status, alternate=self._alternate(claim, start))
            self._apply(start, end, claim.start, claim.end, fmt)
            for part, span in (("source", claim.source), ("cue", claim.cue)):
                if span is not None:
                    self._apply(
                        start, end, span[0], span[1], self.formats.get(claim.label, claim.status, part)
                    )

    def _alternate(self, claim: QtClaim, block_start: int) -> bool:
        """Whether the claim gets the alternate tint: claims with the same label that follow each other in a
        paragraph (nothing, or one character such as the space between two sentences, between them)
        alternate tints; otherwise they read as one claim."""
        chain = 0
        current: QtClaim | None = self._predecessor(claim, block_start)
        while chain < 100 and current is not None:
            chain += 1
            current = self._predecessor(current, block_start)
        return chain % 2 == 1

    def _predecessor(self, claim: QtClaim, block_start: int) -> QtClaim | None:
        for other in self.index.overlapping(claim.start - 2, claim.start):
            if (
                other.label == claim.label
                and block_start <= other.start < claim.start
                and claim.start - 1 <= other.end <= claim.start
            ):
                return other
        return None

    def _apply(self, block_start: int, block_end: int, a: int, b: int, fmt: object) -> None:
        lo, hi = max(a, block_start), min(b, block_end)
        if lo < hi:
            self.setFormat(lo - block_start, hi - lo, fmt)

    def format_block(self, block: QTextBlock) -> None:
        self.done.add(block.blockNumber())
        self._forcing = True
        try:
            self.rehighlightBlock(block)
        finally:
            self._forcing = False

    def ensure_visible(self, view: QPlainTextEdit) -> None:
        """Format the blocks on screen that have not been formatted yet (called before each paint)."""
        block = view.firstVisibleBlock()
        offset = view.contentOffset()
        height = view.viewport().height()
        while block.isValid():
            if view.blockBoundingGeometry(block).translated(offset).top() > height:
                break
            if block.blockNumber() not in self.done:
                self.format_block(block)
            block = block.next()

    def rehighlight_range(self, start: int, end: int) -> None:
        """Re-format the already formatted blocks that [start, end) touches (Qt positions)."""
        document = self.document()
        if document is None:
            return
        block = document.findBlock(start)
        while block.isValid() and block.position() < max(end, start + 1):
            if block.blockNumber() in self.done:
                self.format_block(block)
            block = block.next()

    def rehighlight_formatted(self) -> None:
        """Re-format every block formatted so far (new colours, claims reloaded from the database)."""
        document = self.document()
        if document is None:
            return
        for number in sorted(self.done):
            block = document.findBlockByNumber(number)
            if block.isValid():
                self.format_block(block)
