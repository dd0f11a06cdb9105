"""Undo commands: every edit of a claim is one QUndoCommand holding the ``Changes`` its service returned.

The first application of an edit is done by the window through the matching service (``set_label``,
``add_claim``…) *before* the command is pushed, so a failed write never reaches the undo stack. Undo and
redo then go through the compare-and-swap services ``claims.undo`` / ``claims.redo``, which reproduce each
claim exactly (id, timestamps and all) only if it is still as the command left it; otherwise the command
becomes obsolete (it leaves the stack) and the window says that someone changed the claim since.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.services.changes import Changes, ClaimChange

MERGE_SPAN_ID = 4242


class ClaimApplier(Protocol):
    def apply_changes(self, changes: Changes, *, undoing: bool) -> bool:
        """Undo (or redo) ``changes`` in the database and show it; False if nothing was written."""


class ClaimCommand(QUndoCommand):
    def __init__(self, applier: ClaimApplier, text: str, changes: Changes) -> None:
        super().__init__(text)
        self.applier = applier
        self.changes = changes
        self._already_done = True  # the window has already written the edit

    @property
    def claim_id(self) -> str:
        return self.changes.claims[-1].claim_id

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        if not self.applier.apply_changes(self.changes, undoing=False):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.applier.apply_changes(self.changes, undoing=True):
            self.setObsolete(True)


class AdjustSpanCommand(ClaimCommand):
    """Shift+arrow presses on one claim merge into a single undo step."""

    def id(self) -> int:
        return MERGE_SPAN_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AdjustSpanCommand) or other.claim_id != self.claim_id:
            return False
        # One claim moved twice: from the first edit's before to the second edit's after.
        first, last = self.changes.claims[0], other.changes.claims[-1]
        self.changes = Changes(self.changes.doc_id, (ClaimChange(first.before, last.after),))
        return True
