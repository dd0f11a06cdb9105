"""Rows <-> domain objects. The claim mapping is derived once from the fields of ``Claim``.

Each field is stored as a column of the same name, except a ``Span`` field (``source``), stored as
``source_start``, ``source_end``, ``source_text``, and a tuple field (``evidence``), stored as JSON. So a new
plain ``Claim`` field needs only a migration that adds its column.
"""

from __future__ import annotations

import json
import typing
from dataclasses import fields
from enum import Enum
from typing import Any

from annotator.core.jsonlines import document_head
from annotator.core.model import Claim, Document, Span


class _Kind(Enum):
    PLAIN = "plain"
    SPAN = "span"
    JSON = "json"


def _kind(hint: Any) -> _Kind:
    args = typing.get_args(hint)
    if hint is Span or Span in args:
        return _Kind.SPAN
    if typing.get_origin(hint) is tuple:
        return _Kind.JSON
    return _Kind.PLAIN


def _quoted(column: str) -> str:
    # "end" is an SQL keyword. Brackets, not double quotes: SQLite reads a double-quoted name that is no
    # column as a string, so a damaged column name would go unnoticed.
    return f"[{column}]"


_HINTS = typing.get_type_hints(Claim)
_PLAN: tuple[tuple[str, _Kind], ...] = tuple((f.name, _kind(_HINTS[f.name])) for f in fields(Claim))

CLAIM_COLUMN_NAMES: tuple[str, ...] = tuple(
    column
    for name, kind in _PLAN
    for column in ((f"{name}_start", f"{name}_end", f"{name}_text") if kind is _Kind.SPAN else (name,))
)
CLAIM_COLUMNS = ", ".join(map(_quoted, CLAIM_COLUMN_NAMES))
CLAIM_SELECT = ", ".join(f"c.{_quoted(name)}" for name in CLAIM_COLUMN_NAMES)  # with the alias c
# Written with every claim, never read back into a Claim (migration m005).
CLAIM_WRITE_NAMES: tuple[str, ...] = (*CLAIM_COLUMN_NAMES, "native_json")
CLAIM_WRITE_COLUMNS = ", ".join(map(_quoted, CLAIM_WRITE_NAMES))
CLAIM_WRITE_PLACEHOLDERS = ", ".join("?" * len(CLAIM_WRITE_NAMES))
DOCUMENT_COLUMNS = "id, title, text, meta, created_at"


def claim_row(claim: Claim) -> tuple[Any, ...]:
    """The values of ``CLAIM_COLUMN_NAMES`` for a claim."""
    row: list[Any] = []
    for name, kind in _PLAN:
        value = getattr(claim, name)
        if kind is _Kind.SPAN:
            row.extend((None, None, None) if value is None else (value.start, value.end, value.text))
        elif kind is _Kind.JSON:
            row.append(json.dumps(list(value), ensure_ascii=False))
        else:
            row.append(value)
    return tuple(row)


def json_field(value: str, default: Any) -> Any:
    """A JSON column as written by this store; a damaged byte (integrity_check cannot see one inside a
    value) reads as the empty default instead of making the whole article unreadable."""
    try:
        loaded = json.loads(value)
    except ValueError:
        return default
    return loaded if isinstance(loaded, type(default)) else default


# The row positions of the columns that are not a field as they are, last first (each Span's three columns
# become one value, which moves the positions after it): a claim is read field by field only there, since
# opening a long article reads thousands of rows.
_CONVERTED: tuple[tuple[int, _Kind], ...] = tuple(
    reversed(
        [
            (sum(3 if k is _Kind.SPAN else 1 for _, k in _PLAN[:i]), kind)
            for i, (_, kind) in enumerate(_PLAN)
            if kind is not _Kind.PLAIN
        ]
    )
)


def claim_from_row(row: tuple[Any, ...]) -> Claim:
    """A claim from the values of ``CLAIM_COLUMN_NAMES``."""
    values = list(row)
    for index, kind in _CONVERTED:
        if kind is _Kind.SPAN:
            start, end, text = values[index : index + 3]
            values[index : index + 3] = [None if start is None else Span(start, end, text or "")]
        else:
            value = values[index]
            values[index] = () if not value or value == "[]" else tuple(json_field(value, []))
    return Claim(*values)


def document_from_row(row: tuple[Any, ...]) -> Document:
    """A document from the values of ``DOCUMENT_COLUMNS``."""
    doc_id, title, text, meta, created_at = row
    return Document(doc_id, title, text, json_field(meta or "{}", {}), created_at)


def document_head_or_none(doc: Document) -> bytes | None:
    try:
        return document_head(doc)
    except TypeError:  # meta orjson cannot hold (an integer beyond 64 bits): the export says so itself
        return None
