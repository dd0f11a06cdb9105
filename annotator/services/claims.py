"""Claim use cases: add, update, label, accept, reject, delete, undo, redo, and what a view shows.

Each function is one user edit: it validates, writes the claims and their audit events in one
``BEGIN IMMEDIATE`` transaction, returns only after the commit (DESIGN.md rule 2), and returns what it
changed as :class:`~annotator.services.changes.Changes` (rule 10).

Ownership (rule 7): a decision belongs to the person who made it. Editing your own claim edits it in place.
Deciding on a claim that is not yours (a suggestion, another annotator's claim) leaves that claim untouched
and writes a claim of your own with ``basis`` = the decided claim's id and the deterministic id
``decision_id(basis, you)``; a rejection is such a claim with status ``rejected``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.model import (
    GOLD,
    LABELS,
    Claim,
    Span,
    ValidationError,
    decision_id,
    make_span,
    new_id,
    now_iso,
    validate_claim,
)
from annotator.services.changes import Changes, ClaimChange, ObsoleteChange
from annotator.store import DocumentSummary, Store
from annotator.store.decisions import decided_bases, decision_of, documents_for, find_claim, last_editor

SpanArg = Span | tuple[int, int] | None
_UNSET: Any = object()


def claim_event_dict(claim: Claim) -> dict[str, Any]:
    """The claim as recorded in the audit log: the export schema plus what only the database keeps."""
    return {**claim.to_json_dict(), "doc_id": claim.doc_id, "reason": claim.reason}


def _span(text: str, value: SpanArg, field_name: str) -> Span | None:
    if value is None:
        return None
    start, end = (value.start, value.end) if isinstance(value, Span) else value
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ValidationError(field_name, (start, end), f"must lie inside the text (0..{len(text)})")
    return make_span(text, start, end)


# -- what a view shows -----------------------------------------------------------------------------


def is_suggestion_for(claim: Claim, annotator: str) -> bool:
    """A claim ``annotator`` may still decide on: someone else's (usually the suggester's) suggestion."""
    return claim.annotator != annotator and claim.status == "suggested"


def visible(claims: Iterable[Claim], annotator: str, decided: set[str]) -> list[Claim]:
    """The claims ``annotator``'s view shows: their own, and the suggestions they have not decided."""
    return [
        c
        for c in claims
        if c.annotator == annotator or (is_suggestion_for(c, annotator) and c.id not in decided)
    ]


def claims_for(
    store: Store, doc_id: str, annotator: str, *, start: int | None = None, end: int | None = None
) -> list[Claim]:
    """What ``annotator`` sees of one article: their own claims plus the suggestions they have not decided
    (a suggestion with a decision of theirs is hidden), in article order. With ``start``/``end``, only the
    claims overlapping that range (the first screen of a long article)."""
    if start is None or end is None:
        claims = store.claims(doc_id)
    else:
        claims = store.claims_overlapping(doc_id, start, end)
    return visible(claims, annotator, decided_bases(store, doc_id, annotator))


def article_progress(store: Store, annotator: str) -> list[DocumentSummary]:
    """Every article with its counts as ``annotator``'s view shows them (see ``claims_for``)."""
    return documents_for(store, annotator)


def _view(store: Store, changes: tuple[ClaimChange, ...], annotator: str) -> tuple[ClaimChange, ...]:
    """The stored changes as ``annotator``'s view sees them: bases hidden by a new decision, shown again when
    the decision goes."""
    result: list[ClaimChange] = []
    for change in changes:
        before, after = change.before, change.after
        if after is not None and after.basis and (before is None or before.basis != after.basis):
            basis = find_claim(store, after.basis)
            if basis is not None and basis.annotator != annotator:
                result.append(ClaimChange(basis, None))
        result.append(change)
        if before is not None and before.basis and (after is None or after.basis != before.basis):
            basis = find_claim(store, before.basis)
            if (
                basis is not None
                and is_suggestion_for(basis, annotator)
                and decision_of(store, basis.id, annotator) is None
            ):
                result.append(ClaimChange(None, basis))
    return tuple(result)


def _changes(store: Store, doc_id: str, changes: list[ClaimChange], annotator: str) -> Changes:
    done = tuple(changes)
    return Changes(doc_id, done, _view(store, done, annotator))


# -- writing, with the audit log -------------------------------------------------------------------


def _write(store: Store, action: str, annotator: str, before: Claim | None, after: Claim | None) -> None:
    """Move one stored claim from ``before`` to ``after`` (None = absent) and log it; inside a transaction."""
    if after is None:
        assert before is not None
        store.remove_claim(before.id)
    elif before is None:
        store.insert_claim(after)
    else:
        store.replace_claim(after)
    claim = after or before
    assert claim is not None
    store.log_event(
        action,
        annotator,
        doc_id=claim.doc_id,
        claim_id=claim.id,
        before=None if before is None else claim_event_dict(before),
        after=None if after is None else claim_event_dict(after),
    )


def _own(store: Store, claim: Claim, annotator: str) -> tuple[Claim | None, Claim]:
    """The stored claim of ``annotator`` an edit of ``claim`` changes (None: the edit creates it), and the
    claim to apply the edit to. Their own claim is edited in place; on anyone else's claim they edit their
    decision, which is created from the decided claim the first time (status accepted until they say
    otherwise: correcting or labelling a suggestion is accepting it). Gold claims are the team's reference,
    no one's own: a reviewer edits them in place (the audit log names the reviewer)."""
    if claim.annotator in (annotator, GOLD):
        return claim, claim
    existing = find_claim(store, decision_id(claim.id, annotator)) or decision_of(store, claim.id, annotator)
    if existing is not None:
        return existing, existing
    stamp = now_iso()
    fresh = claim.with_changes(
        id=decision_id(claim.id, annotator),
        annotator=annotator,
        basis=claim.id,
        status="accepted",
        created_at=stamp,
        updated_at=stamp,
    )
    return None, fresh


def add_claim(
    store: Store,
    doc_id: str,
    start: int,
    end: int,
    *,
    annotator: str,
    owner: str | None = None,
    label: str | None = None,
    status: str = "accepted",
    origin: str = "manual",
    source: SpanArg = None,
    cue: SpanArg = None,
    verdict: str | None = None,
    note: str | None = None,
    evidence: Iterable[str] = (),
    confidence: float | None = None,
    reason: str | None = None,
    claim_id: str | None = None,
) -> Changes:
    """A new claim of ``owner`` (default: ``annotator``, who is logged as having made it)."""
    text = store.get_document(doc_id).text
    timestamp = now_iso()
    claim = Claim(
        id=claim_id or new_id(),
        doc_id=doc_id,
        start=start,
        end=end,
        text=text[start:end] if isinstance(start, int) and isinstance(end, int) else "",
        label=label,
        status=status,
        source=_span(text, source, "source"),
        cue=_span(text, cue, "cue"),
        verdict=verdict,
        note=note,
        evidence=tuple(evidence),
        annotator=owner or annotator,
        origin=origin,
        confidence=confidence,
        created_at=timestamp,
        updated_at=timestamp,
        reason=reason,
    )
    validate_claim(claim, text)
    with store.transaction():
        _write(store, "add", annotator, None, claim)
        return _changes(store, doc_id, [ClaimChange(None, claim)], annotator)


def update_claim(
    store: Store,
    claim_id: str,
    *,
    annotator: str,
    start: int = _UNSET,
    end: int = _UNSET,
    label: str | None = _UNSET,
    status: str = _UNSET,
    source: SpanArg = _UNSET,
    cue: SpanArg = _UNSET,
    verdict: str | None = _UNSET,
    note: str | None = _UNSET,
    evidence: Iterable[str] = _UNSET,
) -> Changes:
    """Change the given fields; fields left out keep their value. On a claim that is not ``annotator``'s, the
    change is made to their decision on it (created on the first one), and the claim stays as it is."""
    with store.transaction():
        stored, before = _own(store, store.get_claim(claim_id), annotator)
        text = store.get_document(before.doc_id).text
        changes: dict[str, Any] = {}
        if start is not _UNSET or end is not _UNSET:
            new_start = before.start if start is _UNSET else start
            new_end = before.end if end is _UNSET else end
            changes.update(start=new_start, end=new_end, text=text[new_start:new_end])
        for name, value in (("label", label), ("status", status), ("verdict", verdict), ("note", note)):
            if value is not _UNSET:
                changes[name] = value
        if source is not _UNSET:
            changes["source"] = _span(text, source, "source")
        if cue is not _UNSET:
            changes["cue"] = _span(text, cue, "cue")
        if evidence is not _UNSET:
            changes["evidence"] = tuple(url.strip() for url in evidence if url.strip())
        after = before.with_changes(**changes)
        if stored is not None and after == stored:
            return Changes(before.doc_id)
        after = after.with_changes(updated_at=now_iso())
        validate_claim(after, text)
        _write(store, "update" if stored is not None else "add", annotator, stored, after)
        return _changes(store, after.doc_id, [ClaimChange(stored, after)], annotator)


def set_label(store: Store, claim_id: str, label: str | None, *, annotator: str) -> Changes:
    """Label a claim; labelling a suggestion also accepts it (the annotator has decided)."""
    if label is not None and label not in LABELS:
        raise ValidationError("label", label, f"expected one of {', '.join(LABELS)}")
    claim = store.get_claim(claim_id)
    status = "accepted" if claim.status == "suggested" and label is not None else _UNSET
    return update_claim(store, claim_id, annotator=annotator, label=label, status=status)


def accept_claim(store: Store, claim_id: str, *, annotator: str) -> Changes:
    return update_claim(store, claim_id, annotator=annotator, status="accepted")


def reject_claim(store: Store, claim_id: str, *, annotator: str) -> Changes:
    return update_claim(store, claim_id, annotator=annotator, status="rejected")


def delete_claim(store: Store, claim_id: str, *, annotator: str) -> Changes:
    """Delete your own claim (deleting your decision on a suggestion makes the suggestion open again). On a
    claim that is not yours, nothing is deleted: it is a rejection, recorded as your decision."""
    with store.transaction():
        claim = store.get_claim(claim_id)
        if claim.annotator not in (annotator, GOLD):
            return reject_claim(store, claim_id, annotator=annotator)
        _write(store, "delete", annotator, claim, None)
        return _changes(store, claim.doc_id, [ClaimChange(claim, None)], annotator)


# -- undo and redo: compare-and-swap ---------------------------------------------------------------


def _obsolete(store: Store, claim_id: str, current: Claim | None, undoing: bool) -> ObsoleteChange:
    who = last_editor(store, claim_id) or "Someone"
    done = "deleted" if current is None else "changed"
    return ObsoleteChange(f"{who} {done} this claim since; nothing was {'undone' if undoing else 'redone'}.")


def _swap(store: Store, changes: Changes, annotator: str, *, undoing: bool) -> Changes:
    steps = [change.inverted() for change in reversed(changes.claims)] if undoing else list(changes.claims)
    with store.transaction():
        # Every claim is compared before anything is written: one obsolete step leaves the whole edit alone.
        for step in steps:
            current = find_claim(store, step.claim_id)
            if current != step.before:
                raise _obsolete(store, step.claim_id, current, undoing)
        for step in steps:
            if step.after is not None:
                validate_claim(step.after, store.get_document(step.after.doc_id).text)
            _write(store, "undo" if undoing else "redo", annotator, step.before, step.after)
        return _changes(store, changes.doc_id, steps, annotator)


def undo(store: Store, changes: Changes, *, annotator: str) -> Changes:
    """Revert an edit, only if every claim it wrote is still exactly as it left it (compared in the same
    transaction that writes: compare-and-swap). Otherwise raise :class:`ObsoleteChange` and write nothing.
    Returns what the undo changed."""
    return _swap(store, changes, annotator, undoing=True)


def redo(store: Store, changes: Changes, *, annotator: str) -> Changes:
    """Apply an undone edit again, only if every claim is still as it was before the edit (else
    :class:`ObsoleteChange`, nothing written)."""
    return _swap(store, changes, annotator, undoing=False)


def list_claims(
    store: Store,
    doc_id: str | None = None,
    *,
    status: Iterable[str] | None = None,
    label: Iterable[str] | None = None,
    annotator: Iterable[str] | None = None,
) -> list[Claim]:
    return store.claims(doc_id, status=status, label=label, annotator=annotator)
