"""Export use case: the database out as a dataset file (or brat folder), article by article.

Articles are read one at a time with their claims (two cursors for the whole export, never a query per
article or claim) and handed to a format writer as a stream, so memory stays flat however large the
database is (the DocBin writer is the exception: spaCy serialises a DocBin as one blob).

Which claims go out: those passing the filters. The training formats (prodigy, doccano, spacy) default
to accepted claims only (a suggestion nobody reviewed, or a rejected one, is not a training example)
and leave out articles with no claim; jsonl, csv and brat default to everything, every article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import LABELS, STATUSES, Claim, Document, Span, ValidationError
from annotator.formats.writers import WRITERS, ordered_meta, write_json_records
from annotator.store import Store

EXPORT_FORMATS: dict[str, str] = {
    "jsonl": "Native JSONL (.jsonl): every article with its claims; imports back unchanged",
    "prodigy": "Prodigy spans JSONL (.jsonl): text, tokens and labelled spans per article",
    "doccano": "doccano JSONL (.jsonl): text with [start, end, label] triples",
    "spacy": "spaCy DocBin (.spacy): claims in doc.spans['sc'] for spancat training",
    "csv": "CSV (.csv): one row per claim, safe to open in a spreadsheet",
    "brat": "brat standoff (folder): .txt and .ann per article",
}
FORMAT_SUFFIXES: dict[str, str] = {
    "jsonl": ".jsonl",
    "prodigy": ".jsonl",
    "doccano": ".jsonl",
    "spacy": ".spacy",
    "csv": ".csv",
    "brat": "",
}
TRAINING_FORMATS = frozenset({"prodigy", "doccano", "spacy"})
DEFAULT_TRAINING_STATUS = ("accepted",)

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExportReport:
    format: str
    path: Path
    documents: int
    claims: int
    skipped: int  # claims the format cannot hold (no label, or the same span and label twice)


def _check_filter(name: str, values: Iterable[str] | None, allowed: Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    values = list(values)
    if not values:
        return None
    if allowed is not None:
        for value in values:
            if value not in allowed:
                raise ValidationError(name, value, f"expected one of {', '.join(allowed)}")
    return values


# Explicit columns (not the store's private row helpers): the export reads only what it writes.
_CLAIM_COLUMNS = (
    'c.doc_id, c.id, c.start, c."end", c.text, c.label, c.status, c.source_start, c.source_end, '
    "c.source_text, c.cue_start, c.cue_end, c.cue_text, c.verdict, c.note, c.evidence, c.annotator, "
    "c.origin, c.confidence, c.created_at, c.updated_at"
)
Row = tuple[Any, ...]


def _evidence(value: str | None) -> list[str]:
    return [] if not value or value == "[]" else orjson.loads(value)


def _claim(r: Row) -> Claim:
    return Claim(
        id=r[1], doc_id=r[0], start=r[2], end=r[3], text=r[4], label=r[5], status=r[6],
        source=None if r[7] is None else Span(r[7], r[8], r[9] or ""),
        cue=None if r[10] is None else Span(r[10], r[11], r[12] or ""),
        verdict=r[13], note=r[14], evidence=tuple(_evidence(r[15])), annotator=r[16], origin=r[17],
        confidence=r[18], created_at=r[19], updated_at=r[20],
    )  # fmt: skip


def _native_claim(r: Row) -> dict[str, Any]:
    """``_claim(r).to_json_dict()`` without the Claim in between: the jsonl export's hot path (a test
    checks that both give the same bytes)."""
    return {
        "id": r[1], "start": r[2], "end": r[3], "text": r[4], "label": r[5], "status": r[6],
        "source": None if r[7] is None else {"start": r[7], "end": r[8], "text": r[9] or ""},
        "cue": None if r[10] is None else {"start": r[10], "end": r[11], "text": r[12] or ""},
        "verdict": r[13], "note": r[14], "evidence": _evidence(r[15]), "annotator": r[16], "origin": r[17],
        "confidence": r[18], "created_at": r[19], "updated_at": r[20],
    }  # fmt: skip


def iter_rows(
    store: Store,
    *,
    status: Iterable[str] | None = None,
    label: Iterable[str] | None = None,
    annotator: Iterable[str] | None = None,
    skip_empty: bool = False,
    on_progress: ProgressCallback | None = None,
) -> Iterator[tuple[Row, list[Row]]]:
    """(article row, its claim rows passing the filters) in database order, one article at a time.

    Two cursors walked side by side (articles by rowid, claims ordered by their article's rowid), so the
    whole export costs two queries, not one per article: with 100,000 one-claim articles the per-article
    queries took three times as long as writing the JSON.
    """
    total = store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    where, params = [], []
    for column, values in (("status", status), ("label", label), ("annotator", annotator)):
        if values is not None:
            values = list(values)
            where.append(f"c.{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    # Store.claims' order, which the byte-identical round trip relies on.
    claim_rows = store.conn.execute(
        f"SELECT {_CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id = c.doc_id"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + ' ORDER BY d.rowid, c.start, c."end", c.created_at, c.id',
        params,
    )
    pending = next(claim_rows, None)
    doc_rows = store.conn.execute("SELECT id, title, text, meta FROM documents ORDER BY rowid")
    for index, row in enumerate(doc_rows):
        claims: list[Row] = []
        while pending is not None and pending[0] == row[0]:
            claims.append(pending)
            pending = next(claim_rows, None)
        if claims or not skip_empty:
            yield row, claims
        if on_progress is not None:
            on_progress(index + 1, total)


def _meta(value: str | None) -> dict[str, Any]:
    return orjson.loads(value) if value else {}


def iter_records(store: Store, **filters: Any) -> Iterator[tuple[Document, list[Claim]]]:
    """(article, its claims passing the filters) as domain objects, for the format writers."""
    for (doc_id, title, text, meta), claims in iter_rows(store, **filters):
        yield Document(doc_id, title, text, _meta(meta)), [_claim(r) for r in claims]


def iter_native_records(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Articles as native JSONL records (DESIGN.md key order), built straight from the rows."""
    for (doc_id, title, text, meta), claims in iter_rows(store, **filters):
        yield {
            "id": doc_id,
            "title": title,
            "text": text,
            "meta": ordered_meta(_meta(meta)),
            "claims": [_native_claim(r) for r in claims],
        }


def export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    status: Iterable[str] | None = None,
    label: Iterable[str] | None = None,
    annotator: Iterable[str] | None = None,
    on_progress: ProgressCallback | None = None,
) -> ExportReport:
    """Write the database (filtered) to ``out`` in format ``fmt``; the target is replaced atomically."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValidationError("format", fmt, f"expected one of {', '.join(EXPORT_FORMATS)}")
    statuses = _check_filter("status", status, STATUSES)
    labels = _check_filter("label", label, LABELS)
    annotators = _check_filter("annotator", annotator, None)
    if statuses is None and fmt in TRAINING_FORMATS:
        statuses = list(DEFAULT_TRAINING_STATUS)
    filtered = statuses is not None or labels is not None or annotators is not None
    filters: dict[str, Any] = {
        "status": statuses,
        "label": labels,
        "annotator": annotators,
        # A training format has nothing to learn from an article without claims; jsonl keeps every
        # article, and csv/brat every article unless a filter was asked for.
        "skip_empty": fmt in TRAINING_FORMATS or (filtered and fmt != "jsonl"),
        "on_progress": on_progress,
    }
    if fmt == "jsonl":
        counts = write_json_records(Path(out), iter_native_records(store, **filters))
    else:
        counts = writer(Path(out), iter_records(store, **filters))
    return ExportReport(fmt, Path(out), counts.documents, counts.claims, counts.skipped)
