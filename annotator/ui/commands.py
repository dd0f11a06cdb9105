"""Undo commands: every edit of a claim is one QUndoCommand holding the claim before and after.

The first application of an edit is done by the window through the matching service (``set_label``,
``add_claim``…) *before* the command is pushed, so a failed write never reaches the undo stack. Undo and
redo then move the stored claim between the two states with ``put_claim`` / ``restore_claim`` /
``delete_claim``, which reproduce a claim exactly (id, timestamps and all).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Claim

MERGE_SPAN_ID = 4242


class ClaimApplier(Protocol):
    def apply_transition(self, current: Claim | None, target: Claim | None) -> bool:
        """Write ``current`` → ``target`` to the database and show it; False if the write failed."""


class ClaimCommand(QUndoCommand):
    """before=None: the edit added the claim; after=None: it deleted it; else it changed it."""

    def __init__(self, applier: ClaimApplier, text: str, before: Claim | None, after: Claim | None) -> None:
        super().__init__(text)
        self.applier = applier
        self.before = before
        self.after = after
        self._already_done = True  # the window has already written ``after``

    @property
    def claim_id(self) -> str:
        claim = self.after or self.before
        assert claim is not None
        return claim.id

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self.applier.apply_transition(self.before, self.after)

    def undo(self) -> None:
        self.applier.apply_transition(self.after, self.before)


class AdjustSpanCommand(ClaimCommand):
    """Shift+arrow presses on one claim merge into a single undo step."""

    def id(self) -> int:
        return MERGE_SPAN_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AdjustSpanCommand) or other.claim_id != self.claim_id:
            return False
        self.after = other.after
        return True
