"""spaCy DocBin out: one ``Doc`` per article with its claims in ``doc.spans["sc"]``, the default
``spans_key`` of spaCy's spancat, so ``spacy train`` takes the file as it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.formats.atomic import atomic_write
from annotator.formats.base import DEFAULT_WRITE, WriteOptions
from annotator.formats.tokens import aligned_doc
from annotator.formats.writers import Records, WriteCounts, labelled_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPANS_KEY = "sc"


def claims_doc(text: str, spans: list, doc_id: str, title: str) -> Doc:
    doc = aligned_doc(text, ((c.start, c.end) for c in spans))
    # aligned_doc guarantees every boundary is a token boundary, so char_span never returns None here.
    doc.spans[SPANS_KEY] = [doc.char_span(c.start, c.end, label=c.label) for c in spans]
    doc.user_data["id"] = doc_id
    doc.user_data["title"] = title
    return doc


def write_docbin(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    from spacy.tokens import DocBin

    counts = WriteCounts()
    docbin = DocBin(store_user_data=True)
    for doc, claims in records:
        docbin.add(claims_doc(doc.text, labelled_spans(claims, counts), doc.id, doc.title))
        counts.documents += 1
    # DocBin serialises as one blob: the dataset is held in memory as spaCy Docs until written.
    atomic_write(path, docbin.to_bytes())
    return counts
