"""The open article as the window sees it, without Qt: the article, the claims its annotator's view shows
(``claims.claims_for``: their own and the suggestions they have not decided), and the selection.

Every edit, undo, redo and refresh reaches the window as one ``Changes`` (what the claim services
return). ``Session.apply`` folds its ``view`` into the claims held here and says what changed; the window
then updates each of its views from that one call (Anki's ``OpChanges``). An article's counts for the
status bar and the article list are counted here, with the one definition of "labelled"
(``core.model.is_labelled``).

Tests drive this object directly, with a store and no window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from annotator.core.model import Claim, Document, is_labelled
from annotator.services.changes import Changes, ClaimChange


def counts_of(claim: Claim | None) -> tuple[int, int, int]:
    """(labelled, total, suggested) contribution of one claim to an article's progress; a rejected
    suggestion is no longer a claim of the article."""
    if claim is None or claim.status == "rejected":
        return 0, 0, 0
    return int(is_labelled(claim)), 1, int(claim.status == "suggested")


class Counts(NamedTuple):
    labelled: int = 0
    total: int = 0
    suggested: int = 0

    def text(self) -> str:
        text = f"{self.labelled} of {self.total} claims labelled" if self.total else "No claims yet"
        if self.suggested:
            text += f" · {self.suggested} suggestions open"
        return text


class Session:
    """The open article, its claims (by id) and the selected claim."""

    def __init__(self) -> None:
        self.doc: Document | None = None
        self._claims: dict[str, Claim] = {}
        self.selected_id: str | None = None
        self.loading = False  # the claims are still being read (on the worker)
        self._labelled = self._total = self._suggested = 0

    # -- the article ----------------------------------------------------------------------------

    def open(self, doc: Document | None, claims: Iterable[Claim] = (), *, loading: bool = False) -> None:
        self.doc = doc
        self.selected_id = None
        self.loading = loading
        self.set_claims(claims)

    def set_claims(self, claims: Iterable[Claim]) -> None:
        self._claims = {c.id: c for c in claims}
        self._labelled = self._total = self._suggested = 0
        for claim in self._claims.values():
            self._count(None, claim)
        if self.selected_id not in self._claims:
            self.selected_id = None

    # -- claims ---------------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        return list(self._claims.values())

    def get(self, claim_id: str | None) -> Claim | None:
        return self._claims.get(claim_id) if claim_id else None

    def shown(self, claim: Claim) -> bool:
        """Whether the article draws the claim (a rejected suggestion is kept but no longer drawn)."""
        return claim.status != "rejected"

    def counts(self) -> Counts:
        return Counts(self._labelled, self._total, self._suggested)

    def _count(self, old: Claim | None, new: Claim | None) -> None:
        ol, ot, os_ = counts_of(old)
        nl, nt, ns = counts_of(new)
        self._labelled += nl - ol
        self._total += nt - ot
        self._suggested += ns - os_

    # -- the selection --------------------------------------------------------------------------

    def selected(self) -> Claim | None:
        return self.get(self.selected_id)

    def select(self, claim_id: str | None) -> Claim | None:
        claim = self.get(claim_id)
        self.selected_id = claim.id if claim else None
        return claim

    def step(self, order: Sequence[str], step: int) -> str | None:
        """The claim ``step`` places from the selected one in ``order`` (the ids the table shows, in its
        order), skipping claims the article does not draw; None when there is none that way."""
        ids = [i for i in order if (c := self._claims.get(i)) is not None and self.shown(c)]
        if not ids:
            return None
        if self.selected_id in ids:
            target = ids.index(self.selected_id) + step
        else:
            target = 0 if step > 0 else len(ids) - 1
        return ids[max(0, min(len(ids) - 1, target))]

    # -- the one change path --------------------------------------------------------------------

    def apply(self, changes: Changes) -> list[ClaimChange]:
        """Fold what ``changes`` changed in this view into the claims held here; returns those changes, as
        they apply here (an edit in another article changes nothing shown)."""
        if self.doc is None or changes.doc_id != self.doc.id:
            return []
        applied = []
        for change in changes.view:
            old = self._claims.get(change.claim_id)
            if change.after is None:
                self._claims.pop(change.claim_id, None)
                if self.selected_id == change.claim_id:
                    self.selected_id = None
            else:
                self._claims[change.after.id] = change.after
            self._count(old, change.after)
            applied.append(ClaimChange(old, change.after))
        return applied

    def diff(self, claims: Iterable[Claim]) -> Changes | None:
        """What turns the claims held here into ``claims`` (a refresh after another connection wrote);
        None when nothing differs."""
        if self.doc is None:
            return None
        new = {c.id: c for c in claims}
        out = [ClaimChange(old, None) for cid, old in self._claims.items() if cid not in new]
        out += [ClaimChange(self._claims.get(cid), c) for cid, c in new.items() if self._claims.get(cid) != c]
        return Changes(self.doc.id, tuple(out), tuple(out)) if out else None
