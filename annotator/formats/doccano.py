"""doccano out: sequence labelling JSONL in doccano's relation layout.

``{"text": …, "title": …, "meta": {…}, "entities": [{"id", "start_offset", "end_offset", "label"}],
"relations": [{"id", "from_id", "to_id", "type"}]}``: a claim is an entity labelled with its label, its source
and cue are entities labelled ``source`` and ``cue`` joined to it by ``has_source``/``has_cue`` relations.
doccano keeps ``title`` and ``meta`` as the example's metadata and gives them back on export.

Offsets are in the unit chosen (``WriteOptions.doccano_offsets``): UTF-16 code units by default, because
doccano's editor is JavaScript and counts them (doccano issue #2290; its backend stores what it is sent).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.core.jsonlines import ordered_meta
from annotator.core.model import Claim, Document
from annotator.formats.base import DEFAULT_WRITE, WriteOptions
from annotator.formats.units import Units, has_astral
from annotator.formats.writers import Records, WriteCounts, labelled_spans, write_converted

PARTS = ("source", "cue")


def _overlaps(spans: list[tuple[int, int]]) -> bool:
    spans = sorted(spans)
    return any(b[0] < a[1] for a, b in pairwise(spans))


def doccano_record(
    doc: Document, claims: Sequence[Claim], counts: WriteCounts, options: WriteOptions, state: dict[str, int]
) -> dict[str, Any]:
    spans = labelled_spans(claims, counts)
    units = Units(doc.text, options.doccano_offsets)
    entities: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    covered: list[tuple[int, int]] = []

    def entity(start: int, end: int, label: str) -> int:
        number = len(entities)
        entities.append(
            {
                "id": number,
                "start_offset": units.to_unit(start),
                "end_offset": units.to_unit(end),
                "label": label,
            }
        )
        covered.append((start, end))
        return number

    for claim in spans:
        claim_entity = entity(claim.start, claim.end, claim.label or "")
        for part in PARTS:
            span = getattr(claim, part)
            if span is not None:
                part_entity = entity(span.start, span.end, part)
                relations.append(
                    {
                        "id": len(relations),
                        "from_id": claim_entity,
                        "to_id": part_entity,
                        "type": f"has_{part}",
                    }
                )
    if _overlaps(covered):
        state["overlapping"] += 1
    if has_astral(doc.text):
        state["astral"] += 1
    meta = {k: v for k, v in ordered_meta(doc.meta).items() if v is not None}
    return {"text": doc.text, "title": doc.title, "meta": meta, "entities": entities, "relations": relations}


def write_doccano(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    state = {"overlapping": 0, "astral": 0}
    counts = write_converted(
        path, records, lambda doc, claims, counts: doccano_record(doc, claims, counts, options, state)
    )
    if state["overlapping"]:
        counts.warnings.append(
            f"{state['overlapping']} article(s) have overlapping spans (two claims, or a source or cue "
            'inside its claim): create the doccano project with "Allow overlapping spans", or doccano '
            "keeps only the first of each overlapping set without an error."
        )
    if state["astral"]:
        unit = (
            "UTF-16 units, as doccano's editor counts"
            if options.doccano_offsets == "utf-16"
            else ("code points, which doccano's editor will draw shifted")
        )
        counts.warnings.append(
            f"{state['astral']} article(s) have characters outside the Basic Multilingual Plane (such as "
            f"emoji), where the offset unit matters: offsets were written in {unit}; leave doccano's "
            '"Count grapheme clusters as one character" off.'
        )
    return counts
