"""The domain: documents, claims, labels and spans. Plain data, no Qt, no SQLite, no spaCy.

Offsets are Python code points into the document text; ``end`` is exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

LABELS: tuple[str, ...] = ("attributed", "disputed", "factual")
STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")
ORIGINS: tuple[str, ...] = ("suggester", "manual", "import")
META_KEYS: tuple[str, ...] = ("url", "author", "published", "source_path")
GOLD = "gold"  # annotator name of adjudicated claims
# Annotator name of every suggestion, whoever ran the suggester (DESIGN.md rule 7): a suggestion is the
# suggester's, and a person's decision on it is a claim of their own (``Claim.basis``).
SUGGESTER = "suggester"
RESERVED_ANNOTATORS: tuple[str, ...] = (GOLD, SUGGESTER)  # not people: no agreement pair, no statistics row


class ValidationError(ValueError):
    """A field of a document or claim holds a value the schema does not allow."""

    def __init__(self, field_name: str, value: Any, reason: str) -> None:
        self.field = field_name
        self.value = value
        self.reason = reason
        super().__init__(f"{field_name} {value!r} is invalid: {reason}")


def now_iso() -> str:
    """UTC timestamp as in the JSONL schema, e.g. 2026-11-28T17:00:00.123Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# uuid (which imports platform) and hashlib are imported on first use: together about 6 ms of the
# window's start-up, which creates no id and hashes no text.
def new_id() -> str:
    import uuid

    return uuid.uuid4().hex


def text_sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, field_name: str = "span") -> Span | None:
        if data is None:
            return None
        if not isinstance(data, dict):
            raise ValidationError(field_name, data, "expected an object with start and end")
        start, end = data.get("start"), data.get("end")
        for name, value in (("start", start), ("end", end)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValidationError(f"{field_name}.{name}", value, "expected an integer")
        assert isinstance(start, int) and isinstance(end, int)  # checked above; for the type checker
        return cls(start, end, str(data.get("text") or ""))


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    @staticmethod
    def make_id(text: str) -> str:
        """Deterministic id from the text, so the same article gets the same id in every database."""
        return text_sha256(text)[:16]


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    doc_id: str
    start: int
    end: int
    text: str
    label: str | None = None
    status: str = "accepted"
    source: Span | None = None
    cue: Span | None = None
    verdict: str | None = None
    note: str | None = None
    evidence: tuple[str, ...] = ()
    annotator: str = ""
    origin: str = "manual"
    confidence: float | None = None
    created_at: str = ""
    updated_at: str = ""
    # Why the suggester proposed it ("cue 'noted' with source 'Aravind Srinivas'"); kept in the
    # database and shown in the window, not part of the exported dataset schema.
    reason: str | None = None
    # The id of the claim this one is a decision on (a suggestion, another annotator's claim), or None.
    basis: str | None = None

    def with_changes(self, **changes: Any) -> Claim:
        return replace(self, **changes)

    def to_json_dict(self) -> dict[str, Any]:
        """The claim in the native JSONL schema (DESIGN.md), keys in schema order."""
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "status": self.status,
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "verdict": self.verdict,
            "note": self.note,
            "evidence": list(self.evidence),
            "annotator": self.annotator,
            "origin": self.origin,
            "confidence": self.confidence,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "basis": self.basis,
        }


def extent_end(claim: Claim) -> int:
    """Where a claim's extent (the claim with its source and cue) ends, in code points."""
    return max([claim.end, *(span.end for span in (claim.source, claim.cue) if span is not None)])


def is_decided(claim: Claim) -> bool:
    """A person has decided this claim: accepted (with or without a label) or rejected."""
    return claim.status != "suggested"


def is_labelled(claim: Claim) -> bool:
    """The claim counts as labelled: accepted and carrying a label (the progress figures' numerator)."""
    return claim.status == "accepted" and claim.label is not None


def is_person(annotator: str) -> bool:
    """A real annotator, not the suggester or the gold reference."""
    return annotator not in RESERVED_ANNOTATORS


def decision_id(basis_id: str, annotator: str) -> str:
    """The id of ``annotator``'s decision on claim ``basis_id``: the same in every database (so merges are
    idempotent and order-independent), different for two annotators deciding the same suggestion."""
    import uuid

    return uuid.uuid5(uuid.UUID(_DECISION_NAMESPACE), f"{basis_id}/{annotator}").hex


# Fixed forever: changing it would give every existing decision a second id.
_DECISION_NAMESPACE = "6c1b5d0e-7a3f-4c2b-9e8d-1a0f3b2c4d5e"


def make_span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def validate_range(field_name: str, start: Any, end: Any, text_length: int) -> None:
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(
                f"{field_name}.{name}" if field_name else name, value, "expected an integer"
            )
    prefix = f"{field_name}." if field_name else ""
    if start < 0:
        raise ValidationError(f"{prefix}start", start, "must be >= 0")
    if end > text_length:
        raise ValidationError(f"{prefix}end", end, f"must be <= the text length {text_length}")
    if start >= end:
        raise ValidationError(f"{prefix}end", end, f"must be greater than start {start}")


def validate_claim(claim: Claim, text: str) -> None:
    """Raise ValidationError naming the first field that breaks the schema."""
    validate_range("", claim.start, claim.end, len(text))
    if claim.label is not None and claim.label not in LABELS:
        raise ValidationError("label", claim.label, f"expected one of {', '.join(LABELS)} or null")
    if claim.status not in STATUSES:
        raise ValidationError("status", claim.status, f"expected one of {', '.join(STATUSES)}")
    if claim.origin not in ORIGINS:
        raise ValidationError("origin", claim.origin, f"expected one of {', '.join(ORIGINS)}")
    for name in ("source", "cue"):
        span = getattr(claim, name)
        if span is not None:
            validate_range(name, span.start, span.end, len(text))
    if claim.confidence is not None and not (
        isinstance(claim.confidence, int | float) and 0.0 <= claim.confidence <= 1.0
    ):
        raise ValidationError("confidence", claim.confidence, "expected a number from 0 to 1 or null")
    if not isinstance(claim.annotator, str) or not claim.annotator.strip():
        raise ValidationError("annotator", claim.annotator, "expected a non-empty name")
    for url in claim.evidence:
        if not isinstance(url, str):
            raise ValidationError("evidence", url, "expected a list of URL strings")
    for name in ("verdict", "note"):
        value = getattr(claim, name)
        if value is not None and not isinstance(value, str):
            raise ValidationError(name, value, "expected a string or null")


def _optional_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValidationError(key, value, "expected a string or null")
    return value


def claim_from_json_dict(
    data: Any, doc_id: str, text: str, *, default_annotator: str, default_origin: str = "import"
) -> Claim:
    """Parse and validate one claim of the native JSONL schema against its article text.

    Missing optional fields take schema defaults; wrong types or values raise ValidationError naming
    the field. The claim text is taken from the article, so it always equals ``text[start:end]``.
    """
    if not isinstance(data, dict):
        raise ValidationError("claim", data, "expected an object")
    start, end = data.get("start"), data.get("end")
    validate_range("", start, end, len(text))
    assert isinstance(start, int) and isinstance(end, int)  # validate_range checked; for the type checker
    source = Span.from_dict(data.get("source"), "source")
    cue = Span.from_dict(data.get("cue"), "cue")
    evidence = data.get("evidence") or []
    if not isinstance(evidence, list):
        raise ValidationError("evidence", evidence, "expected a list of URL strings")
    confidence = data.get("confidence")
    if isinstance(confidence, bool) or (confidence is not None and not isinstance(confidence, int | float)):
        raise ValidationError("confidence", confidence, "expected a number from 0 to 1 or null")
    claim_id = data.get("id") or new_id()
    if not isinstance(claim_id, str):
        raise ValidationError("id", claim_id, "expected a string")
    stamp = now_iso()
    claim = Claim(
        id=claim_id,
        doc_id=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        label=data.get("label"),
        status=data.get("status", "accepted"),
        source=make_span(text, source.start, source.end) if source else None,
        cue=make_span(text, cue.start, cue.end) if cue else None,
        verdict=_optional_str(data, "verdict"),
        note=_optional_str(data, "note"),
        evidence=tuple(evidence),
        annotator=data.get("annotator") or default_annotator,
        origin=data.get("origin") or default_origin,
        confidence=confidence,
        created_at=_optional_str(data, "created_at") or stamp,
        updated_at=_optional_str(data, "updated_at") or stamp,
        basis=_optional_str(data, "basis"),  # absent in files written before decisions had a basis
    )
    validate_claim(claim, text)
    return claim
