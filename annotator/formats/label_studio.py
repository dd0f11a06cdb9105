"""Label Studio, both ways: a JSON list of tasks, and the labeling config that goes with it.

Out: ``[{"data": {"text", "title", "meta", "article_id"}, "annotations": [...], "predictions": [...]}]``.
Accepted claims are ``annotations``, one per annotator; suggestions are ``predictions`` (``score`` = the
suggester's confidence). Each claim is a ``labels`` region (``value.start``/``end`` in code points, which is
what Label Studio counts, with ``value.text``); its source and cue are regions of the ``part`` labels, joined
to it by ``has_source``/``has_cue`` relations; verdict, note and evidence are per-region text areas. The
region's ``meta.text`` names the annotator and our claim id, so they survive a trip through Label Studio.
Label Studio maps ``completed_by`` only to its own users (an e-mail address of a project member): an
annotator whose name is an e-mail address is written as such, the others are left to the importing user.
Rejected claims have no place in a Label Studio task: they are left out and counted in a warning.
``NAME.label_config.xml`` is written beside the file: paste it into the project's Labeling Interface.

In: our export, or Label Studio's own JSON export (``completed_by`` as a user id or ``{"email"}``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeGuard
from xml.sax.saxutils import quoteattr

import orjson

from annotator.core.jsonlines import ordered_meta
from annotator.core.model import LABELS, Claim, Document
from annotator.core.text import OffsetMap
from annotator.formats.atomic import atomic_write
from annotator.formats.base import (
    DEFAULT_WRITE,
    ArticleIn,
    BadInputError,
    ReadOptions,
    ReadResult,
    WriteOptions,
    title_from_text,
)
from annotator.formats.limits import check_article, check_claim_count, json_error
from annotator.formats.writers import Records, WriteCounts

UNLABELLED = "claim"
SUGGESTER = "suggester"
_COLOURS = {"attributed": "#8ecae6", "disputed": "#ffb703", "factual": "#90be6d", UNLABELLED: "#dddddd"}
_TEXT_AREAS = ("verdict", "note", "evidence")


def labeling_config() -> str:
    labels = "\n".join(
        f"    <Label value={quoteattr(name)} background={quoteattr(colour)}/>"
        for name, colour in _COLOURS.items()
    )
    areas = "\n".join(
        f'    <TextArea name="{name}" toName="text" perRegion="true" editable="true" maxSubmissions="1" '
        f'placeholder="{name}"/>'
        for name in _TEXT_AREAS
    )
    return f"""<View>
  <Header value="$title"/>
  <Labels name="label" toName="text">
{labels}
  </Labels>
  <Labels name="part" toName="text">
    <Label value="source" background="#e0e0ff"/>
    <Label value="cue" background="#ffe0f0"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Relations>
    <Relation value="has_source"/>
    <Relation value="has_cue"/>
  </Relations>
  <View visibleWhen="region-selected" whenTagName="label">
{areas}
  </View>
</View>
"""


def config_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.label_config.xml")


def _region(claim: Claim) -> list[dict[str, Any]]:
    """The results of one claim: its region, its source and cue regions with their relations, and its
    per-region text areas."""
    value = {"start": claim.start, "end": claim.end, "text": claim.text}
    meta = [f"annotator: {claim.annotator}", f"id: {claim.id}"]
    results: list[dict[str, Any]] = [
        {
            "id": claim.id,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "origin": "prediction" if claim.status == "suggested" else "manual",
            "value": {**value, "labels": [claim.label or UNLABELLED]},
            "meta": {"text": meta},
            **({"score": claim.confidence} if claim.confidence is not None else {}),
        }
    ]
    for role in ("source", "cue"):
        span = getattr(claim, role)
        if span is None:
            continue
        part_id = f"{claim.id}-{role}"
        results.append(
            {
                "id": part_id,
                "from_name": "part",
                "to_name": "text",
                "type": "labels",
                "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [role]},
            }
        )
        results.append(
            {
                "type": "relation",
                "from_id": claim.id,
                "to_id": part_id,
                "direction": "right",
                "labels": [f"has_{role}"],
            }
        )
    for name, text in (
        ("verdict", claim.verdict),
        ("note", claim.note),
        ("evidence", "\n".join(claim.evidence)),
    ):
        if text:
            results.append(
                {
                    "id": claim.id,
                    "from_name": name,
                    "to_name": "text",
                    "type": "textarea",
                    "value": {**value, "text": [text]},
                }
            )
    return results


def task(doc: Document, claims: Sequence[Claim], counts: WriteCounts) -> dict[str, Any]:
    annotations: dict[str, list[dict[str, Any]]] = {}
    predictions: list[dict[str, Any]] = []
    scores: list[float] = []
    for claim in claims:
        if claim.status == "rejected":
            counts.skip("are rejected, which a Label Studio task cannot hold, and were left out", claim)
            continue
        counts.claims += 1
        if claim.status == "suggested":
            predictions.extend(_region(claim))
            if claim.confidence is not None:
                scores.append(claim.confidence)
        else:
            annotations.setdefault(claim.annotator, []).extend(_region(claim))
    meta = {k: v for k, v in ordered_meta(doc.meta).items() if v is not None}
    record: dict[str, Any] = {
        "data": {"text": doc.text, "title": doc.title, "meta": meta, "article_id": doc.id},
        "annotations": [
            {"result": result, **({"completed_by": {"email": name}} if "@" in name else {})}
            for name, result in annotations.items()
        ],
        "predictions": [],
    }
    if predictions:
        score = sum(scores) / len(scores) if scores else None
        record["predictions"] = [
            {
                "model_version": "claim-annotator-suggester",
                "result": predictions,
                **({"score": score} if score is not None else {}),
            }
        ]
    return record


def write_label_studio(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    """A JSON list written item by item (memory stays one task), and the labeling config beside it."""
    counts = WriteCounts()

    def chunks() -> Any:
        yield b"["
        for doc, claims in records:
            yield (b",\n" if counts.documents else b"\n") + orjson.dumps(task(doc, claims, counts))
            counts.documents += 1
        yield b"\n]\n"

    atomic_write(path, chunks())
    config = config_path(path)
    atomic_write(config, labeling_config().encode("utf-8"))
    counts.extra_files.append(config)
    return counts


# -- in -------------------------------------------------------------------------------------------------


class _TaskError(Exception):
    """A problem in one task, raised with the text after "<file>, task N: "."""


def _annotator(annotation: dict[str, Any], fallback: str) -> str:
    completed = annotation.get("completed_by")
    if isinstance(completed, dict):
        return str(completed.get("email") or completed.get("username") or fallback)
    if isinstance(completed, int) and not isinstance(completed, bool):
        return f"label-studio-user-{completed}"
    return fallback


def _offset(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _meta_fields(result: dict[str, Any]) -> dict[str, str]:
    fields = {}
    lines = _dict(result.get("meta")).get("text")
    for line in lines if isinstance(lines, list) else []:
        key, sep, value = str(line).partition(": ")
        if sep and key in ("annotator", "id"):
            fields[key] = value
    return fields


def _claims_of(
    results: Any, raw: str, offsets: OffsetMap, status: str, annotator: str
) -> list[dict[str, Any]]:
    if not isinstance(results, list):
        raise _TaskError('"result" must be a list')
    claims: dict[str, dict[str, Any]] = {}
    parts: dict[str, tuple[str, int, int]] = {}
    areas: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for number, result in enumerate(results, start=1):
        if not isinstance(result, dict):
            raise _TaskError(f"result {number} is not an object")
        kind = result.get("type")
        if kind == "relation":
            relations.append(result)
            continue
        if kind == "textarea":
            areas.append(result)
            continue
        if kind != "labels":
            continue  # choices, ratings …: nothing of ours
        value = result.get("value")
        if not isinstance(value, dict):
            raise _TaskError(f"region {number} has no value")
        start, end = value.get("start"), value.get("end")
        if not (_offset(start) and _offset(end)) or not 0 <= start < end <= len(raw):
            raise _TaskError(
                f"region {number} covers {start!r}–{end!r}, which lies outside its text (0–{len(raw)})"
            )
        given = value.get("text")
        if isinstance(given, str) and given != raw[start:end]:
            raise _TaskError(
                f"region {number} says its text is {given[:40]!r} but the text has "
                f"{raw[start:end][:40]!r} at {start}–{end} (offsets must count code points)"
            )
        labels = value.get("labels") if isinstance(value.get("labels"), list) else []
        label = str(labels[0]).strip().lower() if labels else ""
        region_id = str(result.get("id", number))
        if label in ("source", "cue"):
            parts[region_id] = (label, start, end)
            continue
        if label not in (*LABELS, UNLABELLED):
            raise _TaskError(f"region {number} has label {labels!r}, which is not one of {', '.join(LABELS)}")
        fields = _meta_fields(result)
        claim: dict[str, Any] = {
            "start": offsets(start),
            "end": offsets(end),
            "label": None if label == UNLABELLED else label,
            "status": status,
            "origin": "import",
            "annotator": fields.get("annotator") or annotator,
        }
        if "id" in fields:
            claim["id"] = fields["id"]
        score = result.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool) and 0 <= score <= 1:
            claim["confidence"] = score
        claims[region_id] = claim
    for relation in relations:
        source, target = str(relation.get("from_id")), str(relation.get("to_id"))
        for claim_id, part_id in ((source, target), (target, source)):
            if claim_id in claims and part_id in parts:
                role, start, end = parts[part_id]
                claims[claim_id][role] = {"start": offsets(start), "end": offsets(end)}
    for area in areas:
        owner = claims.get(str(area.get("id")))
        texts = _dict(area.get("value")).get("text")
        name = area.get("from_name")
        if owner is None or not isinstance(texts, list) or name not in _TEXT_AREAS:
            continue
        joined = "\n".join(str(t) for t in texts)
        owner[name] = joined.split() if name == "evidence" else joined
    return list(claims.values())


def read_label_studio(path: Path, options: ReadOptions) -> ReadResult:
    try:
        tasks = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise BadInputError(
            f"{path}, line {exc.lineno}: malformed JSON at column {exc.colno} ({json_error(exc)}); "
            "nothing from this file was imported."
        ) from None
    if isinstance(tasks, dict):  # one task, or the API's page of tasks ({"tasks": [...], "total": …})
        tasks = tasks["tasks"] if isinstance(tasks.get("tasks"), list) else [tasks]
    if not isinstance(tasks, list) or not tasks:
        raise BadInputError(f"{path} is not a Label Studio export (a JSON list of tasks).")
    articles = []
    by_id = 0  # predictions Label Studio's JSON export lists by id only: nothing to read
    for number, item in enumerate(tasks, start=1):
        if isinstance(item, dict) and isinstance(item.get("predictions"), list):
            by_id += sum(isinstance(p, int) for p in item["predictions"])
        try:
            articles.append(_article(path, item, number))
        except _TaskError as exc:
            raise BadInputError(
                f"{path}, task {number}: {exc}; nothing from this file was imported."
            ) from None
    warnings = []
    if by_id:
        warnings.append(
            f"{path}: {by_id} prediction(s) are listed by id only, as Label Studio's JSON export lists them, "
            "so those suggestions were not imported (GET /api/tasks?project=ID&fields=all gives them whole)."
        )
    return ReadResult(articles, warnings)


def _article(path: Path, item: Any, number: int) -> ArticleIn:
    if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
        raise _TaskError('a task must be an object with "data"')
    data = item["data"]
    raw = data.get("text")
    if not isinstance(raw, str):
        strings = [v for v in data.values() if isinstance(v, str)]
        raw = max(strings, key=len) if strings else None
    if not isinstance(raw, str) or not raw.strip():
        raise _TaskError("there is no text (data.text)")
    check_article(f"{path}, task {number}", raw)
    offsets = OffsetMap(raw)
    claims: list[dict[str, Any]] = []
    for key in ("annotations", "predictions"):
        if not isinstance(item.get(key) or [], list):
            raise _TaskError(f'"{key}" must be a list')
    for annotation in item.get("annotations") or []:
        if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
            continue
        annotator = _annotator(annotation, "label-studio")
        claims += _claims_of(annotation.get("result", []), raw, offsets, "accepted", annotator)
    for prediction in item.get("predictions") or []:
        if isinstance(prediction, dict):
            claims += _claims_of(prediction.get("result", []), raw, offsets, "suggested", SUGGESTER)
    check_claim_count(f"{path}, task {number}", len(claims))
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    meta = {**meta, "source_path": str(path)}
    title = data.get("title") if isinstance(data.get("title"), str) and data["title"].strip() else None
    text = offsets.text
    return ArticleIn(
        text, (title or title_from_text(text, f"{path.stem} task {number}")).strip(), meta, claims=claims
    )
