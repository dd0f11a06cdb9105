"""What an edit changed (DESIGN.md rule 10, Anki's ``OpChanges``).

Every claim-edit service returns a :class:`Changes`: the stored claims before and after, which is all a view
needs to update itself and all undo needs to revert the edit (compare-and-swap: ``claims.undo``).
"""

from __future__ import annotations

from typing import NamedTuple

from annotator.core.model import Claim
from annotator.store import StoreError


class ClaimChange(NamedTuple):
    """One stored claim: ``before`` None = added, ``after`` None = removed, else changed."""

    before: Claim | None
    after: Claim | None

    @property
    def claim_id(self) -> str:
        claim = self.after or self.before
        assert claim is not None, "a change has a before or an after"
        return claim.id

    def inverted(self) -> ClaimChange:
        return ClaimChange(self.after, self.before)


class Changes(NamedTuple):
    """What one edit changed in one article.

    ``claims`` are the stored claims the edit wrote, in order. ``view`` is the same edit as the editing
    annotator's view sees it (``claims_for``): a new decision on a suggestion also hides the suggestion
    (``ClaimChange(suggestion, None)``), and removing that decision shows the suggestion again
    (``ClaimChange(None, suggestion)``), though the suggestion itself was never written.
    """

    doc_id: str
    claims: tuple[ClaimChange, ...] = ()
    view: tuple[ClaimChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.claims

    @property
    def claim(self) -> Claim | None:
        """The claim the edit left (the last change's ``after``); None when it removed a claim."""
        return self.claims[-1].after if self.claims else None

    @property
    def removed(self) -> Claim | None:
        """The claim the edit removed, as it was (the last change's ``before`` when it has no ``after``)."""
        return self.claims[-1].before if self.claims and self.claims[-1].after is None else None


class ObsoleteChange(StoreError):
    """Undo or redo found a claim no longer as the edit left it: nothing was written.

    A StoreError, so every face that reports a failed write reports this one the same way; its message is
    one sentence for the user ("bob changed this claim since; nothing was undone.").
    """
