"""JSONL in: one article per line, in the native schema or as Prodigy/doccano tasks.

Accepted per line: ``text`` (required) and optional ``id``, ``title``, ``meta``, plus claims from any of
``claims`` (native schema), ``spans`` (Prodigy: ``start``/``end``/``label``), ``label`` (doccano:
``[[start, end, "LABEL"], …]``) or ``entities`` (newer doccano: ``start_offset``/``end_offset``/``label``).

Offsets index ``text`` exactly as given. The stored text is normalised (BOM dropped, CRLF/CR → LF), so
every offset is remapped through ``OffsetMap`` here, before the import service sees it, and each claim
keeps covering the same characters. A claim whose ``text`` does not match the characters at its offsets
is refused: it almost always means offsets counted in UTF-16 units or bytes instead of code points.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import LABELS
from annotator.core.text import OffsetMap
from annotator.formats.base import (
    DEFAULT_READ,
    ArticleIn,
    BadInputError,
    OffsetUnit,
    ReadOptions,
    ReadResult,
    title_from_text,
)
from annotator.formats.limits import MAX_LINE_BYTES, json_error
from annotator.formats.units import Units, has_astral

PARTS = ("source", "cue")
_PRODIGY_STATUS = {"accept": "accepted", "reject": "rejected", "ignore": "suggested"}


class _LineError(Exception):
    """A problem on one line, raised with the text after "<file>, line N: "."""


def read_jsonl(path: Path, options: ReadOptions = DEFAULT_READ) -> ReadResult:
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    articles: list[ArticleIn] = []
    astral_lines: set[int] = set()  # doccano lines where the offset unit matters
    # Split on LF only: U+2028 and friends are ordinary characters inside JSON strings.
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            articles.append(_article(path, number, _parse_line(raw), options, astral_lines))
        except _LineError as exc:
            raise BadInputError(
                f"{path}, line {number}: {exc}; nothing from this file was imported."
            ) from None
    if not articles:
        raise BadInputError(f"{path} is empty; there is no article to import.")
    warnings = []
    if astral_lines:
        unit = "code points"
        if options.doccano_offsets == "utf-16":
            unit = "UTF-16 units, as doccano's editor counts"
        warnings.append(
            f"{path}: {len(astral_lines)} doccano line(s) (first: line {min(astral_lines)}) have "
            "characters outside the Basic Multilingual Plane, where the offset unit matters; their "
            f"offsets were read as {unit} (choose the other unit if the claims look shifted)."
        )
    return ReadResult(articles, warnings)


def _parse_line(raw: bytes) -> Any:
    if len(raw) > MAX_LINE_BYTES:
        raise _LineError(
            f"the line is {len(raw) / (1 << 20):,.0f} MiB, "
            f"longer than the limit of {MAX_LINE_BYTES >> 20} MiB"
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _LineError(f"the line is not valid UTF-8 (byte {exc.start + 1} of the line)") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _LineError(f"malformed JSON at column {exc.colno} ({json_error(exc)})") from None


def _article(path: Path, number: int, obj: Any, options: ReadOptions, warnings: set[int]) -> ArticleIn:
    line_number = number
    if not isinstance(obj, dict):
        raise _LineError(f"expected a JSON object with a text, found {type(obj).__name__}")
    raw_text = obj.get("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise _LineError('there is no article text (a non-empty string "text" is required)')
    offsets = OffsetMap(raw_text)
    text = offsets.text
    meta = obj.get("meta", {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise _LineError('"meta" must be an object')
    meta = dict(meta)
    meta.setdefault("source_path", str(path))
    doc_id = obj.get("id")
    if doc_id is not None and not isinstance(doc_id, str | int):
        raise _LineError('"id" must be a string')
    title = obj.get("title")
    if title is None and isinstance(meta.get("title"), str):
        title = meta["title"]  # our Prodigy export keeps the title in meta
    if title is not None and not isinstance(title, str):
        raise _LineError('"title" must be a string')
    doccano = _doccano_claims(obj, raw_text, offsets, options.doccano_offsets)
    if (doccano or "relations" in obj) and "claims" not in obj:
        # A doccano row: its id numbers doccano's rows, it is no article id of ours.
        if doc_id is not None:
            meta.setdefault("doccano_id", doc_id)
        doc_id = None
        if has_astral(raw_text):
            warnings.add(line_number)
    claims = [
        *_native_claims(obj.get("claims"), raw_text, offsets),
        *_with_annotator(
            _prodigy_claims(obj.get("spans"), obj.get("answer"), raw_text, offsets), prodigy_annotator(obj)
        ),
        *doccano,
    ]
    if not (title and title.strip()):
        title = title_from_text(text, f"{path.stem} line {number}")
    return ArticleIn(
        text=text,
        title=title.strip(),
        meta=meta,
        id=None if doc_id is None else str(doc_id),
        claims=claims,
        line=number,
    )


def _check_range(what: str, start: Any, end: Any, raw_text: str) -> tuple[int, int]:
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise _LineError(f"{what} has {name} {value!r}, which is not an integer offset")
    if start < 0 or end > len(raw_text) or start >= end:
        raise _LineError(
            f"{what} covers {start}–{end}, which lies outside its text (0–{len(raw_text)}) or is empty"
        )
    return start, end


def _check_text(what: str, given: Any, start: int, end: int, raw_text: str) -> None:
    if isinstance(given, str) and given and given != raw_text[start:end]:
        raise _LineError(
            f"{what} says its text is {given[:40]!r} but the article has {raw_text[start:end][:40]!r} at "
            f"{start}–{end} (offsets must count Unicode code points)"
        )


def _remap_span(what: str, span: Any, raw_text: str, offsets: OffsetMap) -> Any:
    if span is None:
        return None
    if not isinstance(span, dict):
        raise _LineError(f"{what} must be an object with start and end")
    start, end = _check_range(what, span.get("start"), span.get("end"), raw_text)
    _check_text(what, span.get("text"), start, end, raw_text)
    return {**span, "start": offsets(start), "end": offsets(end)}


def _native_claims(claims: Any, raw_text: str, offsets: OffsetMap) -> list[dict[str, Any]]:
    if claims is None:
        return []
    if not isinstance(claims, list):
        raise _LineError('"claims" must be a list')
    result = []
    for number, claim in enumerate(claims, start=1):
        what = f"claim {number}"
        if not isinstance(claim, dict):
            raise _LineError(f"{what} is not an object")
        remapped = _remap_span(what, claim, raw_text, offsets)
        for part in ("source", "cue"):
            if part in claim:
                remapped[part] = _remap_span(f"the {part} of {what}", claim[part], raw_text, offsets)
        result.append(remapped)
    return result


def _label(what: str, value: Any) -> str:
    if not isinstance(value, str) or value.strip().lower() not in LABELS:
        raise _LineError(f"{what} has label {value!r}, which is not one of {', '.join(LABELS)}")
    return value.strip().lower()


def _with_annotator(claims: list[dict[str, Any]], annotator: str | None) -> list[dict[str, Any]]:
    if annotator:
        for claim in claims:
            claim["annotator"] = annotator
    return claims


def _imported(start: int, end: int, label: str, status: str, offsets: OffsetMap) -> dict[str, Any]:
    return {
        "start": offsets(start),
        "end": offsets(end),
        "label": label,
        "status": status,
        "origin": "import",
    }


def prodigy_annotator(obj: dict[str, Any]) -> str | None:
    """The Prodigy annotator of a task: ``_annotator_id`` (or else ``_session_id``), which Prodigy writes as
    "DATASET-SESSION" for named multi-user sessions; the session name is the person."""
    for key in ("_annotator_id", "_session_id"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            dataset = obj.get("_dataset") if isinstance(obj.get("_dataset"), str) else None
            value = value.strip()
            return value.removeprefix(f"{dataset}-") if dataset else value
    return None


def _prodigy_claims(spans: Any, answer: Any, raw_text: str, offsets: OffsetMap) -> list[dict[str, Any]]:
    if spans is None:
        return []
    if not isinstance(spans, list):
        raise _LineError('"spans" must be a list')
    status = _PRODIGY_STATUS.get(answer, "accepted") if isinstance(answer, str) else "accepted"
    result = []
    for number, span in enumerate(spans, start=1):
        what = f"span {number}"
        if not isinstance(span, dict):
            raise _LineError(f"{what} is not an object")
        start, end = _check_range(what, span.get("start"), span.get("end"), raw_text)
        _check_text(what, span.get("text"), start, end, raw_text)
        result.append(_imported(start, end, _label(what, span.get("label")), status, offsets))
    return result


def _doccano_offset(what: str, value: Any, units: Units, raw_text: str) -> int:
    """A doccano offset in the chosen unit as a code-point offset into the raw text."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= units.length:
        raise _LineError(
            f"{what} has offset {value!r}, which lies outside its text (0–{units.length} {units.unit} units)"
        )
    cp = units.to_cp(value)
    if cp is None:
        raise _LineError(
            f"{what} has offset {value}, which falls inside a character of two UTF-16 units (the file's "
            "offsets are probably code points: import it with --doccano-offsets code-points)"
        )
    return cp


def _doccano_claims(
    obj: dict[str, Any], raw_text: str, offsets: OffsetMap, unit: OffsetUnit
) -> list[dict[str, Any]]:
    """Claims from doccano's ``label`` triples or ``entities`` with ``relations``: an entity labelled
    source or cue becomes the source or cue of the claim a relation joins it to."""
    result = []
    labels, entities, relations = obj.get("label"), obj.get("entities"), obj.get("relations")
    units = Units(raw_text, unit)

    def span(what: str, start: Any, end: Any) -> tuple[int, int]:
        a, b = _doccano_offset(what, start, units, raw_text), _doccano_offset(what, end, units, raw_text)
        _check_range(what, a, b, raw_text)
        return a, b

    if labels is not None:
        if not isinstance(labels, list):
            raise _LineError('"label" must be a list of [start, end, "label"] triples')
        for number, item in enumerate(labels, start=1):
            what = f"label {number}"
            if not (isinstance(item, list) and len(item) == 3):
                raise _LineError(f'{what} is {item!r}, not a [start, end, "label"] triple')
            start, end = span(what, item[0], item[1])
            result.append(_imported(start, end, _label(what, item[2]), "accepted", offsets))
    if entities is None:
        return result
    if not isinstance(entities, list):
        raise _LineError('"entities" must be a list')
    claims: dict[Any, dict[str, Any]] = {}
    parts: dict[Any, tuple[str, int, int]] = {}
    for number, item in enumerate(entities, start=1):
        what = f"entity {number}"
        if not isinstance(item, dict):
            raise _LineError(f"{what} is not an object")
        start, end = span(what, item.get("start_offset"), item.get("end_offset"))
        name = item.get("label")
        if isinstance(name, str) and name.strip().lower() in PARTS:
            parts[item.get("id", number)] = (name.strip().lower(), start, end)
            continue
        claim = _imported(start, end, _label(what, name), "accepted", offsets)
        claims[item.get("id", number)] = claim
        result.append(claim)
    if relations is not None and not isinstance(relations, list):
        raise _LineError('"relations" must be a list')
    joined: set[Any] = set()
    for number, relation in enumerate(relations or [], start=1):
        if not isinstance(relation, dict):
            raise _LineError(f"relation {number} is not an object")
        ends = [relation.get("from_id"), relation.get("to_id")]
        claim_id = next((e for e in ends if e in claims), None)
        part_id = next((e for e in ends if e in parts), None)
        if claim_id is None or part_id is None:
            continue  # a relation of another kind: nothing of ours
        kind, start, end = parts[part_id]
        if kind in claims[claim_id]:
            raise _LineError(f"relation {number} gives claim entity {claim_id} a second {kind}")
        claims[claim_id][kind] = {"start": offsets(start), "end": offsets(end)}
        joined.add(part_id)
    loose = [part_id for part_id in parts if part_id not in joined]
    if loose:
        kind = parts[loose[0]][0]
        raise _LineError(
            f"entity {loose[0]} is a {kind} that no relation joins to a claim (a source or cue needs a "
            "has_source or has_cue relation from its claim)"
        )
    return result
