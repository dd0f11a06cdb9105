"""Writers: datasets out. Each takes (document, claims) pairs as plain data and writes one target
atomically; none of them reads the store, so the export service decides what goes in.

Offsets are Python code points in every format (DESIGN.md rule 1); docs/formats.md has each format's
layout and quirks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.jsonlines import escape_line_separators, ordered_meta
from annotator.core.model import Claim, Document
from annotator.formats.atomic import atomic_write
from annotator.formats.base import DEFAULT_WRITE, WriteOptions

Records = Iterable[tuple[Document, Sequence[Claim]]]


@dataclass(slots=True)
class WriteCounts:
    documents: int = 0
    claims: int = 0
    skipped: int = 0  # claims passed in but not written (each reason is a warning)
    warnings: list[str] = field(default_factory=list)
    extra_files: list[Path] = field(default_factory=list)  # written beside the export (config files)
    _skips: dict[str, list[Any]] = field(default_factory=dict)  # reason -> [count, first example]

    def skip(self, reason: str, claim: Claim) -> None:
        """Leave ``claim`` out for ``reason`` ("have no label"); said once per reason with an example."""
        self.skipped += 1
        entry = self._skips.setdefault(reason, [0, claim])
        entry[0] += 1

    def note(self, reason: str, claim: Claim, detail: str = "") -> None:
        """A claim written with a caveat ("were widened to spaCy's tokens"): counted like a skip, but
        still written; ``detail`` follows the first example ("→ 'revenue grew 40'")."""
        entry = self._skips.setdefault(reason, [0, claim, detail])
        entry[0] += 1

    def sentences(self) -> list[str]:
        """The warnings, with one sentence per reason: how many claims, and the first as an example."""
        said = []
        for reason, (count, claim, *detail) in self._skips.items():
            after = f" {detail[0]}" if detail and detail[0] else ""
            said.append(f"{count} claim(s) {reason}, such as {_example(claim)}{after}.")
        return [*said, *self.warnings]


def _example(claim: Claim) -> str:
    text = claim.text if len(claim.text) <= 60 else claim.text[:57] + "…"
    return f"{text!r} ({claim.start}–{claim.end} in article {claim.doc_id})"


Writer = Callable[[Path, Records, WriteOptions], WriteCounts]
Converter = Callable[[Document, Sequence[Claim], WriteCounts], Any]


def json_line(record: Any) -> bytes:
    return escape_line_separators(orjson.dumps(record)) + b"\n"


def native_record(doc: Document, claims: Sequence[Claim]) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "text": doc.text,
        "meta": ordered_meta(doc.meta),
        "claims": [claim.to_json_dict() for claim in claims],
    }


def write_converted(path: Path, records: Records, convert: Converter) -> WriteCounts:
    counts = WriteCounts()

    def write(handle: BinaryIO) -> None:
        for doc, claims in records:
            record = convert(doc, claims, counts)
            if record is not None:
                handle.write(json_line(record))
                counts.documents += 1

    atomic_write(path, write)
    return counts


def write_json_lines(path: Path, lines: Iterable[tuple[bytes, int]]) -> WriteCounts:
    """Native records already serialised as ``json_line`` would (``orjson.dumps`` of ``native_record``'s
    layout, U+2028/U+2029 escaped), without the newline, each with its number of claims."""
    counts = WriteCounts()

    def chunks() -> Iterator[bytes]:
        for line, claims in lines:
            yield line
            yield b"\n"
            counts.documents += 1
            counts.claims += claims

    atomic_write(path, chunks())
    return counts


def write_jsonl(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    """The native schema (DESIGN.md): one article per line with all its claims."""

    def convert(doc: Document, claims: Sequence[Claim], counts: WriteCounts) -> dict[str, Any]:
        counts.claims += len(claims)
        return native_record(doc, claims)

    return write_converted(path, records, convert)


def labelled_spans(claims: Sequence[Claim], counts: WriteCounts) -> list[Claim]:
    """Claims a span-label format can hold: labelled, one per (start, end, label), in text order."""
    seen: set[tuple[int, int, str]] = set()
    kept: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.label or "")):
        key = (claim.start, claim.end, claim.label or "")
        if claim.label is None:
            counts.skip("have no label, which this format needs, and were left out", claim)
            continue
        if key in seen:
            counts.skip(
                "repeat the span and label of another (several annotators marked the same claim) and were "
                "written once",
                claim,
            )
            continue
        seen.add(key)
        kept.append(claim)
    counts.claims += len(kept)
    return kept


# Prodigy's set_hashes, as its documentation describes it: the input hash covers the task's input keys,
# the task hash its annotation keys and the input hash; each is a MurmurHash of the keys' JSON (sorted).
# If a Prodigy version hashes differently, ``prodigy db-in DATASET file.jsonl --rehash`` recomputes them.
PRODIGY_INPUT_KEYS = ("text", "image", "html", "input")
PRODIGY_TASK_KEYS = ("spans", "label", "options", "arcs")


def prodigy_hash(task: dict[str, Any], keys: Sequence[str], prefix: str = "") -> int:
    import json

    from murmurhash import hash as murmur  # installed with spaCy

    values = {key: task[key] for key in keys if key in task}
    return int(murmur(prefix + json.dumps(values, sort_keys=True)))


def prodigy_task(doc: Document, spans: Sequence[Claim]) -> dict[str, Any]:
    from annotator.formats.tokens import aligned_doc

    tokens = aligned_doc(doc.text, ((c.start, c.end) for c in spans))
    start_token = {t.idx: t.i for t in tokens}
    end_token = {t.idx + len(t.text): t.i for t in tokens}
    prodigy_spans = [
        {
            "start": c.start,
            "end": c.end,
            "token_start": start_token[c.start],
            "token_end": end_token[c.end],  # inclusive, as Prodigy counts
            "label": c.label,
        }
        for c in spans
    ]
    task: dict[str, Any] = {
        "text": doc.text,
        "tokens": [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in tokens
        ],
        "spans": prodigy_spans,
    }
    task["_input_hash"] = prodigy_hash(task, PRODIGY_INPUT_KEYS)
    task["_task_hash"] = prodigy_hash(task, PRODIGY_TASK_KEYS, str(task["_input_hash"]))
    task["answer"] = "accept"
    task["meta"] = {
        "id": doc.id,
        "title": doc.title,
        **{k: v for k, v in ordered_meta(doc.meta).items() if v},
    }
    annotators = sorted({c.annotator for c in spans})
    if len(annotators) == 1:  # Prodigy's task belongs to one annotator; a mix is left to the importer
        task["_annotator_id"] = annotators[0]
    return task


def write_prodigy(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    """Prodigy spans JSONL (``spans_manual`` / ``db-in`` / ``data-to-spacy``)."""

    def convert(doc: Document, claims: Sequence[Claim], counts: WriteCounts) -> dict[str, Any]:
        return prodigy_task(doc, labelled_spans(claims, counts))

    return write_converted(path, records, convert)


CSV_COLUMNS = (
    "article_id",
    "article_title",
    "claim_id",
    "start",
    "end",
    "text",
    "label",
    "status",
    "source",
    "cue",
    "verdict",
    "note",
    "evidence",
    "annotator",
)
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection): prefix it with an apostrophe,
    which Excel and LibreOffice show as text and hide."""
    return "'" + cell if cell.startswith(_FORMULA_PREFIXES) else cell


def csv_row(doc: Document, claim: Claim) -> list[str | int]:
    cells: list[str | None] = [
        doc.id,
        doc.title,
        claim.id,
        None,
        None,
        claim.text,
        claim.label,
        claim.status,
        claim.source.text if claim.source else None,
        claim.cue.text if claim.cue else None,
        claim.verdict,
        claim.note,
        " ".join(claim.evidence),
        claim.annotator,
    ]
    row: list[str | int] = [neutralise(cell or "") for cell in cells]
    row[3], row[4] = claim.start, claim.end
    return row


def write_csv(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    """One row per claim; UTF-8 with a BOM so that Excel reads it as UTF-8; RFC 4180 quoting and CRLF."""
    counts = WriteCounts()

    def write(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(CSV_COLUMNS)
        for doc, claims in records:
            counts.documents += 1
            for claim in claims:
                writer.writerow(csv_row(doc, claim))
                counts.claims += 1
        text.flush()
        text.detach()  # atomic_write still needs the binary handle for fsync

    atomic_write(path, write)
    return counts
