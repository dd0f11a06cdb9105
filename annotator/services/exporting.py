"""Export use case: the database out as a dataset file (or brat folder), article by article.

Articles are read one at a time with their claims (one query per article, never per claim) and handed
to a format writer as a stream, so memory stays flat however large the database is (the DocBin writer
is the exception: spaCy serialises a DocBin as one blob).

Which claims go out: those passing the filters. The training formats (prodigy, doccano, spacy) default
to accepted claims only (a suggestion nobody reviewed, or a rejected one, is not a training example)
and leave out articles with no claim; jsonl, csv and brat default to everything, every article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import LABELS, STATUSES, Claim, Document, ValidationError
from annotator.formats.writers import WRITERS
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


def iter_records(
    store: Store,
    *,
    status: Iterable[str] | None = None,
    label: Iterable[str] | None = None,
    annotator: Iterable[str] | None = None,
    skip_empty: bool = False,
    on_progress: ProgressCallback | None = None,
) -> Iterator[tuple[Document, list[Claim]]]:
    """(article, its claims passing the filters) in database order, one article in memory at a time."""
    ids = store.document_ids()
    for index, doc_id in enumerate(ids):
        claims = store.claims(doc_id, status=status, label=label, annotator=annotator)
        if claims or not skip_empty:
            yield store.get_document(doc_id), claims
        if on_progress is not None:
            on_progress(index + 1, len(ids))


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
    records = iter_records(
        store,
        status=statuses,
        label=labels,
        annotator=annotators,
        # A filtered-out article has nothing to train on; jsonl and brat keep every article unless filtered.
        skip_empty=fmt in TRAINING_FORMATS or (filtered and fmt != "jsonl"),
        on_progress=on_progress,
    )
    counts = writer(Path(out), records)
    return ExportReport(fmt, Path(out), counts.documents, counts.claims, counts.skipped)
