"""The export queries: articles with their claims passing a filter, streamed in database order, and their
counts (for the export dialog's live count). The export service (``annotator.services.exporting``) decides
what the filter is and hands the stream to a format writer.

Articles are read one at a time with their claims (two cursors for the whole export, never a query per
article or claim), so memory stays flat however large the database is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from annotator.core.jsonlines import document_head, escape_line_separators
from annotator.core.model import Claim, Document
from annotator.store.rows import CLAIM_SELECT, claim_from_row, json_field

if TYPE_CHECKING:
    from annotator.store.database import Store


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """Which claims: each tuple is "one of these" (None: any). ``labelled``/``with_verdict`` keep only
    claims with a label / a verdict; ``all_articles`` also yields articles with no such claim."""

    status: tuple[str, ...] | None = None
    label: tuple[str, ...] | None = None
    annotator: tuple[str, ...] | None = None
    labelled: bool = False
    with_verdict: bool = False
    all_articles: bool = False

    def sql(self) -> tuple[str, list[str]]:
        """`` AND ...`` conditions on claims ``c``, and their parameters."""
        where, params = "", list[str]()
        for column, values in (("status", self.status), ("label", self.label), ("annotator", self.annotator)):
            if values is not None:
                where += f" AND c.{column} IN ({', '.join('?' * len(values))})"
                params.extend(values)
        if self.labelled:
            where += " AND c.label IS NOT NULL"
        if self.with_verdict:
            where += " AND c.verdict IS NOT NULL AND trim(c.verdict) != ''"
        return where, params


# Store.claims' order, which the byte-identical round trip relies on; the position index serves it whole.
_CLAIM_ORDER = 'c.start, c."end", c.created_at, c.id'


def count(store: Store, query: ClaimQuery, *, distinct_spans: bool = False) -> tuple[int, int]:
    """(articles, claims) that an export with ``query`` writes; with ``distinct_spans`` a claim is one
    (article, start, end, label), as the span formats write it. One indexed query: fast enough for a count
    that follows every change of a filter in a dialog."""
    where, params = query.sql()
    key = 'DISTINCT c.doc_id, c.start, c."end", c.label' if distinct_spans else "c.doc_id"
    articles, claims = store.conn.execute(
        f"SELECT count(DISTINCT doc_id), count(*) FROM (SELECT {key} FROM claims c WHERE 1{where})", params
    ).fetchone()
    if query.all_articles:
        articles = store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    return int(articles), int(claims)


def _claims_in_order(store: Store, query: ClaimQuery) -> sqlite3.Cursor:
    """Claims passing the query in ``Store.claims``' order.

    CROSS JOIN keeps articles the outer loop (rowid order), so the position index serves the order whole
    (no sort of every claim).
    """
    where, params = query.sql()
    return store.conn.execute(
        f"SELECT {CLAIM_SELECT} FROM documents d CROSS JOIN claims c ON c.doc_id = d.id WHERE 1{where}"
        f" ORDER BY d.rowid, {_CLAIM_ORDER}",
        params,
    )


def iter_records(store: Store, query: ClaimQuery) -> Iterator[tuple[Document, list[Claim]]]:
    """(article, its claims passing the query) in database order, one article at a time.

    Two cursors walked side by side (articles by rowid, claims ordered by their article's rowid), so the
    whole export costs two queries, not one per article: with 100,000 one-claim articles the per-article
    queries took three times as long as writing the JSON.
    """
    claim_rows = map(claim_from_row, _claims_in_order(store, query))
    pending = next(claim_rows, None)
    doc_rows = store.conn.execute("SELECT id, title, text, meta FROM documents ORDER BY rowid")
    for doc_id, title, text, meta in doc_rows:
        claims: list[Claim] = []
        while pending is not None and pending.doc_id == doc_id:
            claims.append(pending)
            pending = next(claim_rows, None)
        if claims or query.all_articles:
            yield Document(doc_id, title, text, json_field(meta or "{}", {})), claims


# The native JSON of a claim whose stored copy is missing (migration m005: changed by another tool since
# the last writable open), rendered by SQLite with the keys in schema order, as bytes: orjson's rendering
# of ``Claim.to_json_dict()``, which is what the store keeps (tests compare both). confidence is left null
# and spliced in with orjson: SQLite 3.40 prints a REAL with 15 digits (0.1 + 0.2 as 0.3), orjson the
# shortest repr that reads back the same.
_CLAIM_JSON = """CAST(json_object(
    'id', c.id, 'start', c.start, 'end', c."end", 'text', c.text, 'label', c.label, 'status', c.status,
    'source', CASE WHEN c.source_start IS NULL THEN NULL ELSE
        json_object('start', c.source_start, 'end', c.source_end, 'text', coalesce(c.source_text, '')) END,
    'cue', CASE WHEN c.cue_start IS NULL THEN NULL ELSE
        json_object('start', c.cue_start, 'end', c.cue_end, 'text', coalesce(c.cue_text, '')) END,
    'verdict', c.verdict, 'note', c.note,
    'evidence', CASE WHEN c.evidence = '[]' OR NOT json_valid(c.evidence) OR json_type(c.evidence) != 'array'
        THEN json('[]') ELSE json((SELECT json_group_array(value) FROM json_each(c.evidence))) END,
    'annotator', c.annotator, 'origin', c.origin, 'confidence', NULL,
    'created_at', c.created_at, 'updated_at', c.updated_at, 'basis', c.basis) AS BLOB)"""
_NULL_CONFIDENCE = b'"confidence":null,"created_at"'  # only ever structural: quotes in values are escaped


def _valid_utf8(data: bytes) -> bytes:
    """The bytes as the store's lenient reads give them: a damaged byte becomes U+FFFD (SQLite copies
    invalid UTF-8 as is, into its JSON too; only ASCII around it is escaped)."""
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace").encode("utf-8")
    return data


def _rendered_claims(store: Store, doc_id: str, where: str, params: list[str]) -> list[bytes]:
    """One article's claims passing the filters, rendered from their columns (the slow path)."""
    rendered = []
    for claim, confidence in store.conn.execute(
        f"SELECT {_CLAIM_JSON}, c.confidence FROM claims c WHERE c.doc_id = ?{where} ORDER BY {_CLAIM_ORDER}",
        (doc_id, *params),
    ):
        if confidence is not None:
            spliced = b'"confidence":%b,"created_at"' % orjson.dumps(confidence)
            claim = claim.replace(_NULL_CONFIDENCE, spliced, 1)
        rendered.append(escape_line_separators(_valid_utf8(claim)))
    return rendered


def iter_native_lines(store: Store, query: ClaimQuery) -> Iterator[tuple[bytes, int]]:
    """(one native JSONL line without its newline, its number of claims) per article, in database order:
    ``json_line(native_record(...))``'s bytes.

    Each line is the article's stored head and its claims' stored JSON (migration m005), the claims joined
    by SQLite in the position index's order: one row per article reaches Python, and nothing is rendered.
    Where a stored head or claim JSON is missing (another tool changed the row), that article is rendered
    from its columns instead, in the same read transaction (the outer statement is still running), so
    the export is one consistent snapshot. Stored JSON is orjson's output, so valid UTF-8; columns another
    tool wrote may not be, and are read as the store reads them (U+FFFD).
    """
    where, params = query.sql()
    # group_concat keeps the subquery's order: SQLite retains a FROM-subquery's ORDER BY when the outer
    # query uses an aggregate other than count/min/max (select.c, the omit-ORDER-BY rule, condition 4).
    # The two counts read an index of the article's claims and the (almost always empty) index of claims
    # without JSON, named: without statistics SQLite chose the extent index (m008) for the second and read
    # every claim's row to test native_json (a fifth of the export's time).
    rows = store.conn.execute(
        "SELECT d.rowid, d.native_head,"
        f" (SELECT count(*) FROM claims c WHERE c.doc_id = d.id{where}),"
        " (SELECT count(*) FROM claims c INDEXED BY claims_without_native_json"
        "  WHERE c.doc_id = d.id AND c.native_json IS NULL),"
        " (SELECT CAST(group_concat(c.native_json, ',') AS BLOB) FROM"
        f" (SELECT native_json FROM claims c WHERE c.doc_id = d.id{where} ORDER BY {_CLAIM_ORDER}) c)"
        " FROM documents d ORDER BY d.rowid",
        params + params,
    )
    for rowid, head, claim_count, missing, claims in rows:
        if not claim_count and not query.all_articles:
            continue
        if head is None or missing:
            doc_id, title, text, meta = store.conn.execute(
                "SELECT id, title, text, meta FROM documents WHERE rowid = ?", (rowid,)
            ).fetchone()
            if head is None:
                head = document_head(Document(doc_id, title, text, json_field(meta or "{}", {})))
            if missing:
                rendered = _rendered_claims(store, doc_id, where, params)
                claims, claim_count = b",".join(rendered), len(rendered)
        yield b"".join((head, b',"claims":[', claims or b"", b"]}")), claim_count
