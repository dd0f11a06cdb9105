"""Claim use cases: add, update, label, accept, reject, delete, restore, list.

Each function is one user edit: it validates, writes the claim and its audit event in one
``BEGIN IMMEDIATE`` transaction, and returns only after the commit (DESIGN.md rule 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.model import (
    LABELS,
    Claim,
    Span,
    ValidationError,
    make_span,
    new_id,
    now_iso,
    validate_claim,
)
from annotator.store import Store

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


def add_claim(
    store: Store,
    doc_id: str,
    start: int,
    end: int,
    *,
    annotator: str,
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
) -> Claim:
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
        annotator=annotator,
        origin=origin,
        confidence=confidence,
        created_at=timestamp,
        updated_at=timestamp,
        reason=reason,
    )
    validate_claim(claim, text)
    with store.transaction():
        store.insert_claim(claim)
        store.log_event("add", annotator, doc_id=doc_id, claim_id=claim.id, after=claim_event_dict(claim))
    return claim


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
) -> Claim:
    """Change the given fields of a claim; fields left out keep their value."""
    with store.transaction():
        before = store.get_claim(claim_id)
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
        if after == before:
            return before
        after = after.with_changes(updated_at=now_iso())
        validate_claim(after, text)
        store.replace_claim(after)
        store.log_event(
            "update",
            annotator,
            doc_id=after.doc_id,
            claim_id=claim_id,
            before=claim_event_dict(before),
            after=claim_event_dict(after),
        )
    return after


def set_label(store: Store, claim_id: str, label: str | None, *, annotator: str) -> Claim:
    """Label a claim; labelling a suggestion also accepts it (the annotator has decided)."""
    if label is not None and label not in LABELS:
        raise ValidationError("label", label, f"expected one of {', '.join(LABELS)}")
    claim = store.get_claim(claim_id)
    status = "accepted" if claim.status == "suggested" and label is not None else claim.status
    return update_claim(store, claim_id, annotator=annotator, label=label, status=status)


def accept_claim(store: Store, claim_id: str, *, annotator: str) -> Claim:
    return update_claim(store, claim_id, annotator=annotator, status="accepted")


def reject_claim(store: Store, claim_id: str, *, annotator: str) -> Claim:
    return update_claim(store, claim_id, annotator=annotator, status="rejected")


def delete_claim(store: Store, claim_id: str, *, annotator: str) -> Claim:
    """Delete a claim; returns it as it was so that undo can restore it exactly."""
    with store.transaction():
        claim = store.get_claim(claim_id)
        store.remove_claim(claim_id)
        store.log_event(
            "delete", annotator, doc_id=claim.doc_id, claim_id=claim_id, before=claim_event_dict(claim)
        )
    return claim


def restore_claim(store: Store, claim: Claim, *, annotator: str) -> Claim:
    """Put back a deleted claim with its id and every field (undo of delete)."""
    validate_claim(claim, store.get_document(claim.doc_id).text)
    with store.transaction():
        store.insert_claim(claim)
        store.log_event(
            "restore", annotator, doc_id=claim.doc_id, claim_id=claim.id, after=claim_event_dict(claim)
        )
    return claim


def put_claim(store: Store, claim: Claim, *, annotator: str) -> Claim:
    """Set a stored claim back to exactly ``claim`` (undo/redo of an update)."""
    with store.transaction():
        before = store.get_claim(claim.id)
        validate_claim(claim, store.get_document(claim.doc_id).text)
        store.replace_claim(claim)
        store.log_event(
            "update",
            annotator,
            doc_id=claim.doc_id,
            claim_id=claim.id,
            before=claim_event_dict(before),
            after=claim_event_dict(claim),
        )
    return claim


def list_claims(
    store: Store,
    doc_id: str | None = None,
    *,
    status: Iterable[str] | None = None,
    label: Iterable[str] | None = None,
    annotator: Iterable[str] | None = None,
) -> list[Claim]:
    return store.claims(doc_id, status=status, label=label, annotator=annotator)
