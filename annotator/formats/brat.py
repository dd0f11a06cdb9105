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
from typing import Any

from annotator.core.model import LABELS, Claim, Span
from annotator.core.text import OffsetMap
from annotator.formats.atomic import atomic_folder
from annotator.formats.base import (
    DEFAULT_READ,
    DEFAULT_WRITE,
    ArticleIn,
    BadInputError,
    ReadOptions,
    ReadResult,
    WriteOptions,
    title_from_text,
)
from annotator.formats.limits import check_article, check_claim_count
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


# -- brat in: the .txt with its .ann ---------------------------------------------------------------------

_NOTE_KEYS = ("status", "annotator", "id", "verdict", "note", "evidence", "origin")
_NOTE_SPLIT = re.compile(r"; (?=(?:" + "|".join(_NOTE_KEYS) + r"): )")
_PART_ROLES = {"source": "source", "has_source": "source", "cue": "cue", "has_cue": "cue"}
_ATTRIBUTES = {"status", "annotator", "verdict", "note", "origin", "label"}


class _AnnError(Exception):
    """A problem on one line of an .ann file."""


def _brat_entity(rest: str, covered: str, raw: str) -> tuple[str, list[tuple[int, int]]]:
    kind, _, offsets = rest.partition(" ")
    pieces: list[tuple[int, int]] = []
    for piece in offsets.split(";"):
        numbers = piece.split()
        if len(numbers) != 2 or not all(n.isdigit() for n in numbers):
            raise _AnnError(f"the offsets {offsets!r} are not 'start end' pairs")
        start, end = int(numbers[0]), int(numbers[1])
        if not 0 <= start < end <= len(raw):
            raise _AnnError(f"the span {start}–{end} lies outside the text (0–{len(raw)}) or is empty")
        pieces.append((start, end))
    found = " ".join(raw[a:b] for a, b in pieces)
    if covered != found.replace("\t", " ") and covered != found:
        raise _AnnError(
            f"the annotation's text is {covered[:40]!r} but the .txt has {found[:40]!r} at {offsets} "
            "(brat offsets count code points of the .txt as saved)"
        )
    return kind, pieces


def _note_fields(note: str) -> dict[str, str]:
    """Our AnnotatorNotes ("status: accepted; annotator: alice; …") as fields; any other note is a note."""
    parts = _NOTE_SPLIT.split(note)
    fields = {}
    for part in parts:
        key, sep, value = part.partition(": ")
        if sep and key in _NOTE_KEYS:
            fields[key] = value
        else:
            fields["note"] = (fields.get("note", "") + " " + part).strip()
    return fields


def read_brat(path: Path, options: ReadOptions = DEFAULT_READ) -> ReadResult:
    """A brat document: ``NAME.txt`` and ``NAME.ann`` (either may be given). T lines of a label (or
    ``claim``) are claims; ``source``/``cue`` entities join their claim through an R line (``has_source``,
    ``has_cue``, or any relation between a claim and a source or cue) or an E line's arguments; A lines set
    status, annotator, verdict or label; ``#`` AnnotatorNotes carry our fields or a free note."""
    txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
    if not txt.is_file():
        raise BadInputError(f"{ann} has no {txt.name} beside it; a brat document is the two files together.")
    try:
        raw = txt.read_bytes().decode("utf-8")
        lines = ann.read_bytes().decode("utf-8").split("\n") if ann.is_file() else []
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"{txt if ann.is_file() else ann} is not valid UTF-8 (byte {exc.start})."
        ) from exc
    check_article(str(txt), raw)
    offsets = OffsetMap(raw)
    claims: dict[str, dict[str, Any]] = {}
    parts: dict[str, tuple[str, int, int]] = {}
    links: list[list[str]] = []  # the annotation ids of each R or E line
    warnings: list[str] = []
    ignored = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            fields = line.split("\t")
            ident = fields[0]
            if ident.startswith("T"):
                if len(fields) < 3:
                    raise _AnnError("a T line needs an id, a type with offsets and the text, tab-separated")
                kind, pieces = _brat_entity(fields[1], "\t".join(fields[2:]), raw)
                start, end = pieces[0][0], pieces[-1][1]
                if kind in _PART_ROLES:
                    parts[ident] = (_PART_ROLES[kind], start, end)
                elif kind in LABELS or kind == UNLABELLED:
                    claims[ident] = {
                        "start": offsets(start),
                        "end": offsets(end),
                        "label": None if kind == UNLABELLED else kind,
                        "status": "accepted",
                        "origin": "import",
                    }
                else:
                    raise _AnnError(
                        f"{ident} has the type {kind!r}, which is not one of {', '.join(LABELS)}, "
                        f"{UNLABELLED}, source or cue"
                    )
            elif ident.startswith(("R", "E")):
                # "R1\thas_source Arg1:T1 Arg2:T2" or "E1\tattributed:T1 Source:T2 Cue:T3": the ids after
                # the colons, a claim and its source or cue among them.
                words = fields[1].split() if len(fields) > 1 else []
                links.append([word.split(":", 1)[1] for word in words if ":" in word])
            elif ident.startswith("A") or ident.startswith("M"):
                words = fields[1].split() if len(fields) > 1 else []
                if len(words) >= 2 and words[0].lower() in _ATTRIBUTES and words[1] in claims:
                    value = " ".join(words[2:]) if len(words) > 2 else "true"
                    claims[words[1]][words[0].lower()] = value
                else:
                    ignored += 1
            elif ident.startswith("#"):
                words = fields[1].split() if len(fields) > 1 else []
                target = words[1] if len(words) > 1 else ""
                if target in claims and len(fields) > 2:
                    note = _note_fields("\t".join(fields[2:]))
                    if "evidence" in note:
                        claims[target]["evidence"] = note.pop("evidence").split()
                    claims[target].update(note)
                else:
                    ignored += 1
            else:
                ignored += 1  # N (normalisation), * (equivalence): nothing of ours
        except _AnnError as exc:
            raise BadInputError(
                f"{ann}, line {number}: {exc}; nothing from this file was imported."
            ) from None
    joined: set[str] = set()
    for targets in links:
        for claim_id in (t for t in targets if t in claims):
            for part_id in (t for t in targets if t in parts):
                kind, start, end = parts[part_id]
                claims[claim_id][kind] = {"start": offsets(start), "end": offsets(end)}
                joined.add(part_id)
    loose = [ident for ident in parts if ident not in joined]
    if loose:
        warnings.append(
            f"{ann}: {len(loose)} source or cue annotation(s) (first: {loose[0]}) are joined to no claim by "
            "a relation or event; they were not imported."
        )
    if ignored:
        warnings.append(
            f"{ann}: {ignored} line(s) of other kinds (attributes, notes or normalisations "
            "that are not ours) were not imported."
        )
    check_claim_count(str(ann), len(claims))
    text = offsets.text
    if not text.strip():
        raise BadInputError(f"{txt} is empty; there is no article to import.")
    article = ArticleIn(
        text, title_from_text(text, txt.stem), {"source_path": str(txt)}, claims=list(claims.values())
    )
    return ReadResult([article], warnings)
