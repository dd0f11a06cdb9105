"""Pure domain layer: no Qt, no SQLite, no spaCy."""

from annotator.core.model import (
    GOLD,
    LABELS,
    ORIGINS,
    STATUSES,
    Claim,
    Document,
    Span,
    ValidationError,
    make_span,
    new_id,
    now_iso,
    validate_claim,
)
from annotator.core.text import DecodedText, OffsetMap, decode_bytes, normalize_text

__all__ = [
    "GOLD",
    "LABELS",
    "ORIGINS",
    "STATUSES",
    "Claim",
    "DecodedText",
    "Document",
    "OffsetMap",
    "Span",
    "ValidationError",
    "decode_bytes",
    "make_span",
    "new_id",
    "normalize_text",
    "now_iso",
    "validate_claim",
]
