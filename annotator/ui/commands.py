"""Undo commands: every edit is one QUndoCommand holding the ``Changes`` its service returned.

The window applies an edit through its service *before* the command is pushed, so a failed write never
reaches the undo stack. Undo and redo are compare-and-swap (``services.claims.undo``/``redo``): they move
a claim back only while it is still what this command left. When someone changed it since (another window
or process), the command is made obsolete (Qt drops it from the stack) and the status bar says so.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.services.changes import Changes, ClaimChange

MERGE_SPAN_ID = 4242


class ChangeApplier(Protocol):
    def revert(self, changes: Changes, *, undo: bool) -> bool:
        """Undo (or redo) ``changes`` in the database and show it; False when it is obsolete or failed."""


class ClaimCommand(QUndoCommand):
    def __init__(self, applier: ChangeApplier, text: str, changes: Changes) -> None:
        super().__init__(text)
        self.applier = applier
        self.changes = changes
        self._already_done = True  # the window has already written it

    @property
    def claim_ids(self) -> frozenset[str]:
        return frozenset(c.claim_id for c in self.changes.claims)

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        if not self.applier.revert(self.changes, undo=False):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.applier.revert(self.changes, undo=True):
            self.setObsolete(True)


class AdjustSpanCommand(ClaimCommand):
    """Shift+arrow presses on one claim merge into a single undo step."""

    def id(self) -> int:
        return MERGE_SPAN_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AdjustSpanCommand) or other.claim_ids != self.claim_ids:
            return False
        # One claim moved twice: from the first edit's before to the second edit's after.
        first, last = self.changes.claims[0], other.changes.claims[-1]
        self.changes = Changes(self.changes.doc_id, (ClaimChange(first.before, last.after),))
        return True
