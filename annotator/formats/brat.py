"""brat standoff out: a folder with ``NAME.txt`` and ``NAME.ann`` per article, plus the collection's
``annotation.conf`` and ``visual.conf`` so brat shows the types without warnings.

Offsets are code points: brat's server is Python and slices the ``.txt`` as a Unicode string (an
emoji counts 1, not the 2 UTF-16 units JavaScript would count). brat spans cannot hold a newline, so a
claim that crosses one is written as a discontinuous span (``start end;start end``) with one fragment
per line; its text field joins the fragments with a space, as brat does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from annotator.core.model import LABELS, Claim, Span
from annotator.formats.atomic import atomic_folder
from annotator.formats.base import DEFAULT_WRITE, WriteOptions
from annotator.formats.writers import Records, WriteCounts

UNLABELLED = "claim"  # brat needs a type for claims that have no label yet
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_OWN_SUFFIXES = {".txt", ".ann", ".conf"}

ANNOTATION_CONF = f"""[entities]
{chr(10).join(LABELS)}
{UNLABELLED}
source
cue

[relations]
has_source\tArg1:{"|".join((*LABELS, UNLABELLED))}, Arg2:source
has_cue\tArg1:{"|".join((*LABELS, UNLABELLED))}, Arg2:cue
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
"""

VISUAL_CONF = """[labels]
attributed | Attributed | Attr
disputed | Disputed | Disp
factual | Factual | Fact
claim | Claim (no label) | Claim
source | Source | Src
cue | Cue

[drawing]
attributed\tbgColor:#8ecae6
disputed\tbgColor:#ffb703
factual\tbgColor:#90be6d
claim\tbgColor:#dddddd
source\tbgColor:#e0e0ff
cue\tbgColor:#ffe0f0
"""


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of [start, end) between newlines, without empty pieces."""
    pieces: list[tuple[int, int]] = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline == -1 else newline
        if stop > position:
            pieces.append((position, stop))
        position = stop + 1
    return pieces or [(start, end)]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _entity(number: int, kind: str, text: str, start: int, end: int) -> str:
    pieces = fragments(text, start, end)
    offsets = ";".join(f"{a} {b}" for a, b in pieces)
    covered = " ".join(text[a:b] for a, b in pieces).replace("\t", " ")
    return f"T{number}\t{kind} {offsets}\t{covered}\n"


def ann_text(text: str, claims: Sequence[Claim]) -> str:
    lines: list[str] = []
    entity = relation = 0
    for note, claim in enumerate(claims, start=1):
        entity += 1
        claim_ref = entity
        lines.append(_entity(entity, claim.label or UNLABELLED, text, claim.start, claim.end))
        parts = [f"status: {claim.status}", f"annotator: {claim.annotator}", f"id: {claim.id}"]
        for name, value in (("verdict", claim.verdict), ("note", claim.note)):
            if value:
                parts.append(f"{name}: {_one_line(value)}")
        if claim.evidence:
            parts.append("evidence: " + " ".join(claim.evidence))
        lines.append(f"#{note}\tAnnotatorNotes T{claim_ref}\t{'; '.join(parts)}\n")
        for kind, span in (("source", claim.source), ("cue", claim.cue)):
            if isinstance(span, Span):
                entity += 1
                lines.append(_entity(entity, kind, text, span.start, span.end))
                relation += 1
                lines.append(f"R{relation}\thas_{kind} Arg1:T{claim_ref} Arg2:T{entity}\n")
    return "".join(lines)


def _is_earlier_export(folder: Path) -> bool:
    return all(child.is_file() and child.suffix in _OWN_SUFFIXES for child in folder.iterdir())


def file_stem(doc_id: str, used: set[str]) -> str:
    stem = _SAFE_NAME.sub("_", doc_id).strip("._") or "article"
    candidate, counter = stem, 1
    while candidate.lower() in used:  # case-insensitive file systems (macOS, Windows)
        counter += 1
        candidate = f"{stem}-{counter}"
    used.add(candidate.lower())
    return candidate


def write_brat_folder(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    counts = WriteCounts()
    used: set[str] = set()
    with atomic_folder(path, _is_earlier_export) as folder:
        (folder / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8", newline="\n")
        (folder / "visual.conf").write_text(VISUAL_CONF, encoding="utf-8", newline="\n")
        for doc, claims in records:
            stem = file_stem(doc.id, used)
            # newline="\n": the .txt must hold exactly the stored characters, or every offset shifts.
            (folder / f"{stem}.txt").write_text(doc.text, encoding="utf-8", newline="\n")
            (folder / f"{stem}.ann").write_text(ann_text(doc.text, claims), encoding="utf-8", newline="\n")
            counts.documents += 1
            counts.claims += len(claims)
    return counts
