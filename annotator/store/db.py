"""The SQLite store: one file per database, opened through sqlite-utils.

Rules kept here (DESIGN.md rule 2): WAL, a busy timeout, and every write inside ``Store.transaction()``,
which is ``BEGIN IMMEDIATE`` … ``COMMIT`` and returns only after the commit. A file that is not ours is
recognised from its header bytes before SQLite ever opens it, so it is left byte-for-byte untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.jsonlines import claim_json, document_head
from annotator.core.model import Claim, Document, Span, new_id, now_iso
from annotator.store.schema import (
    APPLICATION_ID,
    MIGRATION_NAMES,
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    migrations,
)

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0
LOCK_RETRIES = 5
DOCUMENT_CACHE_SIZE = 4


class StoreError(Exception):
    """A problem with a database file, phrased as one sentence for the user."""


class NotAnnotatorDatabase(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class ReadOnlyStoreError(StoreError):
    pass


class NotFoundError(StoreError):
    pass


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: str
    title: str
    length: int
    claims: int  # not rejected
    labelled: int  # accepted with a label
    suggested: int


def _decode_text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _read_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(100)


def check_is_annotator_database(path: Path) -> None:
    """Refuse a file that is not a Claim Annotator database without opening it in SQLite."""
    header = _read_header(path)
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        raise NotAnnotatorDatabase(
            f"{path} is not a Claim Annotator database (it is not an SQLite file); it was left untouched."
        )
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise NotAnnotatorDatabase(
            f"{path} is an SQLite file of another program, not a Claim Annotator database; "
            "it was left untouched."
        )
    check_not_truncated(path, header)


def check_not_truncated(path: Path, header: bytes) -> None:
    """Refuse a file shorter than its header says (a cut-off copy or download).

    SQLite reads missing bytes as zeros, so a cut that only loses the end of the last page passes every
    integrity check, and a cut inside the last record changes its value silently. The header's page count is
    valid when its change counter matches "version-valid-for" (SQLite >= 3.7.0 always writes both).
    """
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages == 0 or header[24:28] != header[92:96]:
        return  # no valid in-header size (written by a very old SQLite): integrity_check decides
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # pages past the end may be in the write-ahead log (a checkpoint cut short by a full disk)
    if path.stat().st_size < pages * page_size:
        raise StoreError(
            f"{path} is damaged: it is shorter than SQLite's header says (a cut-off copy?); "
            "it was left untouched."
        )


def _is_writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    # WAL needs to create the -wal and -shm files next to the database.
    return os.access(folder, os.W_OK)


class Store:
    """An open annotator database. One instance per thread (SQLite connections are not shared)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        readonly: bool = False,
        verify: bool = True,
    ) -> None:
        """``verify=False`` skips the integrity scan (it reads every page: 35 ms for 5 MB) for another
        connection to a file this process has already opened and checked (the window's worker)."""
        self.path = Path(path)
        self._verify = verify
        exists = self.path.exists() and self.path.stat().st_size > 0
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file.")
        if not exists and not create:
            raise StoreError(f"{self.path} does not exist.")
        if exists:
            check_is_annotator_database(self.path)
        self.readonly = readonly or not _is_writable(self.path)
        if self.readonly and not exists:
            raise StoreError(f"Cannot create {self.path}: the folder is not writable.")
        try:
            self._connect(exists)
        except (sqlite3.Error, UnicodeDecodeError, StoreError) as exc:
            # Close at once: a refused file must not stay open (locked on Windows, -wal/-shm left behind).
            if getattr(self, "conn", None) is not None:
                self.conn.close()
            if isinstance(exc, StoreError):
                raise
            # sqlite3 decodes its messages strictly: one quoting damaged schema text fails to decode. A
            # decodable one may quote many lines of schema: keep the message one short line.
            detail = "its schema is unreadable" if isinstance(exc, UnicodeDecodeError) else str(exc)
            detail = " ".join(detail.split())
            detail = detail if len(detail) <= 160 else detail[:160] + "…"
            raise StoreError(f"{self.path} could not be opened: {detail} (the file may be damaged).") from exc

    # -- opening -------------------------------------------------------------------------------------

    def _open_readonly(self) -> sqlite3.Connection:
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if os.access(self.path.parent, os.W_OK):
                raise
        # A WAL database in a read-only folder: SQLite cannot create the -shm index file, so the file is
        # read as immutable (no locking). That is only right when no committed changes wait in the -wal.
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"{self.path} has saved changes still in {wal.name} and its folder is read-only; "
                "copy both files to a writable folder to open it."
            )
        return sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)

    def _connect(self, exists: bool) -> None:
        if self.readonly:
            conn = self._open_readonly()
        else:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        # A damaged byte inside a stored text passes integrity_check (the page structure is intact) and
        # would make every read of that row raise; decoded leniently it shows as U+FFFD and the rest of the
        # database stays readable and exportable.
        conn.text_factory = _decode_text
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self._documents: dict[str, Document] = {}  # see get_document
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a commit is fsynced before the call returns, so an edit the window shows as saved survives a
        # power cut too (NORMAL only survives a process crash). Measured cost: ~0.3 ms per edit.
        conn.execute("PRAGMA synchronous = FULL")
        if not exists:
            # application_id first, before WAL, so the header on disk identifies the file from the start.
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # Checks that may refuse the file come before anything that writes (journal_mode changes the header).
        check = conn.execute("PRAGMA integrity_check(1)").fetchone()[0] if self._verify else "ok"
        if check != "ok":
            detail = " ".join(str(check).replace("*** in database main ***", "").split())
            raise StoreError(
                f"{self.path} is damaged ({detail}); it was left untouched, restore it from a backup."
            )
        self._refuse_newer_schema()
        if not self.readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        self._migrate(exists)
        self._check_schema()
        if not self.readonly:
            self._render_native_json()

    def _check_schema(self) -> None:
        """Compile every column list the store reads. integrity_check does not read the SQL text of the
        schema, so a damaged column name would otherwise only fail at the first read of that table."""
        for sql in (
            f"SELECT {_CLAIM_WRITE_COLUMNS} FROM claims",
            "SELECT id, sha256, title, text, meta, created_at, native_head FROM documents",
            "SELECT id, uid, at, annotator, action, doc_id, claim_id, before, after FROM events",
            "SELECT name, created_at FROM annotators",
        ):
            self.conn.execute(f"{sql} LIMIT 0")

    def _render_native_json(self) -> None:
        """Render the stored export JSON of articles and claims that have none: written before migration
        m005, or changed by another tool since (see m005). Usually there are none, found by one probe of
        each (empty) partial index. Best effort: if it cannot be done now, the export renders them itself."""
        if not self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE native_head IS NULL)"
            " OR EXISTS (SELECT 1 FROM claims WHERE native_json IS NULL)"
        ).fetchone()[0]:
            return
        with contextlib.suppress(StoreError, ValueError), self.transaction():
            documents = self.conn.execute(
                "SELECT id, title, text, meta, created_at FROM documents WHERE native_head IS NULL"
            )
            self.conn.executemany(
                "UPDATE documents SET native_head = ? WHERE id = ?",
                [(_document_head(doc), doc.id) for doc in map(_document, documents.fetchall())],
            )
            claims = self.conn.execute(f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE native_json IS NULL")
            self.conn.executemany(
                "UPDATE claims SET native_json = ? WHERE id = ?",
                [(claim_json(claim), claim.id) for claim in map(_claim_from_row, claims.fetchall())],
            )

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, imported on first use (migrations, search quoting)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _applied_migrations(self) -> list[str]:
        """Names of the applied migrations, read with plain SQL (what ``Migrations.applied`` reads)."""
        if not self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
        ).fetchone():
            return []
        sql = f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid"
        return [row[0] for row in self.conn.execute(sql, (MIGRATION_SET,))]

    def _refuse_newer_schema(self) -> None:
        if set(self._applied_migrations()) - set(MIGRATION_NAMES):
            raise NewerSchemaError(
                f"{self.path} was written by a newer version of Claim Annotator; "
                "please update the app to open it (the file was left untouched)."
            )

    def _migrate(self, exists: bool) -> None:
        applied = self._applied_migrations()
        if all(name in applied for name in MIGRATION_NAMES):
            return  # the common case: no sqlite-utils import at all
        if self.readonly:
            raise ReadOnlyStoreError(
                f"{self.path} needs an upgrade to this version's format but is read-only; "
                "make it writable or open a copy."
            )
        if exists and applied:
            self.backup_path = self._backup()
        with self.transaction():
            migrations().apply(self.db)

    def _backup(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.backup-{stamp}")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.backup-{stamp}-{counter}")
            counter += 1
        with contextlib.closing(sqlite3.connect(target)) as dest:
            self.conn.backup(dest)
        return target

    backup_path: Path | None = None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """One ``BEGIN IMMEDIATE`` transaction, committed before the block's caller regains control.

        Nested use joins the outer transaction. A lock held by another process is waited for (busy
        timeout) and retried a bounded number of times; any failure rolls back and raises StoreError.
        """
        if self.conn.in_transaction:
            yield self
            return
        if self.readonly:
            raise ReadOnlyStoreError(f"{self.path} is open read-only; the change was not saved.")
        for attempt in range(LOCK_RETRIES):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == LOCK_RETRIES - 1:
                    raise self._write_error(exc) from exc
                time.sleep(0.05 * (attempt + 1))
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            # sqlite3 raises UnicodeDecodeError for an error message quoting damaged bytes of the file.
            if isinstance(exc, sqlite3.Error | UnicodeDecodeError):
                raise self._write_error(exc) from exc
            raise

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: if the block raises, undo its writes and keep the rest of the transaction."""
        if not self.conn.in_transaction:
            raise RuntimeError("a savepoint needs an open transaction")
        self.conn.execute("SAVEPOINT block")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO block")
            self.conn.execute("RELEASE block")
            raise
        self.conn.execute("RELEASE block")

    def _write_error(self, exc: sqlite3.Error | UnicodeDecodeError) -> StoreError:
        if isinstance(exc, UnicodeDecodeError):
            return StoreError(
                f"Could not save to {self.path}: SQLite reported an unreadable error (the file may be "
                "damaged); the change was not saved."
            )
        message = " ".join(str(exc).split())  # one line, whatever SQLite quotes
        message = message if len(message) <= 160 else message[:160] + "…"
        if "full" in message:
            return StoreError(f"Could not save to {self.path}: the disk is full; the change was not saved.")
        if "readonly" in message or "read-only" in message:
            return ReadOnlyStoreError(f"{self.path} is read-only; the change was not saved.")
        return StoreError(f"Could not save to {self.path}: {message}; the change was not saved.")

    def data_version(self) -> int:
        """Changes whenever another connection commits to this file (used to notice other processes)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- documents ---------------------------------------------------------------------------------

    def find_document_by_sha(self, sha256: str) -> Document | None:
        row = self.conn.execute(
            "SELECT id, title, text, meta, created_at FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return _document(row) if row else None

    def insert_document(self, doc: Document) -> tuple[Document, bool]:
        """Insert unless the same normalised text is already stored; returns (stored document, created)."""
        existing = self.find_document_by_sha(doc.sha256)
        if existing is not None:
            return existing, False
        doc_id = doc.id or Document.make_id(doc.text)
        if self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
            doc_id = new_id()  # an imported id clashing with a different text: keep both articles
        stored = Document(doc_id, doc.title, doc.text, dict(doc.meta), doc.created_at or now_iso())
        self.conn.execute(
            "INSERT INTO documents (id, sha256, title, text, meta, created_at, native_head)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                doc.sha256,
                doc.title,
                doc.text,
                json.dumps(doc.meta, ensure_ascii=False),
                stored.created_at,
                _document_head(stored),
            ),
        )
        return stored, True

    def get_document(self, doc_id: str) -> Document:
        """The article. Rows of ``documents`` are never updated or deleted, so the last few are kept: every
        claim edit validates against its article's text, and reading a 1 MB text took 6 ms per edit."""
        cached = self._documents.get(doc_id)
        if cached is None:
            row = self.conn.execute(
                "SELECT id, title, text, meta, created_at FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"There is no article with id {doc_id!r} in {self.path}.")
            cached = _document(row)
            if len(self._documents) >= DOCUMENT_CACHE_SIZE:
                del self._documents[next(iter(self._documents))]  # the oldest entry
            self._documents[doc_id] = cached
        # A fresh meta dict, so that a caller changing it cannot change the cached article.
        return Document(cached.id, cached.title, cached.text, dict(cached.meta), cached.created_at)

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT id FROM documents ORDER BY rowid")]

    def list_documents(self) -> list[DocumentSummary]:
        rows = self.conn.execute(
            """
            SELECT d.id, d.title, length(d.text),
                   count(c.id) FILTER (WHERE c.status != 'rejected'),
                   count(c.id) FILTER (WHERE c.status = 'accepted' AND c.label IS NOT NULL),
                   count(c.id) FILTER (WHERE c.status = 'suggested')
            FROM documents d LEFT JOIN claims c ON c.doc_id = d.id
            GROUP BY d.id ORDER BY d.rowid
            """
        )
        return [DocumentSummary(*row) for row in rows]

    # -- claims ------------------------------------------------------------------------------------

    def get_claim(self, claim_id: str) -> Claim:
        row = self.conn.execute(f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE id = ?", (claim_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no claim with id {claim_id!r} in {self.path}.")
        return _claim_from_row(row)

    def claims(
        self,
        doc_id: str | None = None,
        *,
        status: Iterable[str] | None = None,
        label: Iterable[str] | None = None,
        annotator: Iterable[str] | None = None,
    ) -> list[Claim]:
        """Claims ordered by article, then position. Filters are optional sets of allowed values."""
        where, params = [], []
        if doc_id is not None:
            where.append("doc_id = ?")
            params.append(doc_id)
        for column, values in (("status", status), ("label", label), ("annotator", annotator)):
            if values is not None:
                values = list(values)
                where.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        sql = f"SELECT {_CLAIM_SELECT} FROM claims c JOIN documents d ON d.id = c.doc_id"
        if where:
            sql += " WHERE " + " AND ".join(f"c.{condition}" for condition in where)
        sql += ' ORDER BY d.rowid, c.start, c."end", c.created_at, c.id'
        return [_claim_from_row(row) for row in self.conn.execute(sql, params)]

    def claims_overlapping(self, doc_id: str, start: int, end: int) -> list[Claim]:
        """Claims of one article whose extent (claim, source and cue) overlaps [start, end), in position
        order: what a window needs to paint one screen before all claims of a long article are read."""
        extent_end = 'max("end", coalesce(source_end, "end"), coalesce(cue_end, "end"))'
        starting_before = (  # a range scan of the position index
            f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE doc_id = ? AND start < ? AND {extent_end} > ?"
        )
        reaching_back = (  # the rare claim after the range whose source or cue lies inside it
            f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE doc_id = ? AND start >= ?"
            " AND (source_start < ? OR cue_start < ?)"
            f" AND {extent_end} > ?"
        )
        rows = self.conn.execute(starting_before, (doc_id, end, start)).fetchall()
        rows += self.conn.execute(reaching_back, (doc_id, end, end, end, start)).fetchall()
        rows.sort(key=lambda r: (r[2], r[3], r[19], r[0]))  # start, end, created_at, id: as claims()
        return [_claim_from_row(row) for row in rows]

    def insert_claim(self, claim: Claim) -> None:
        self.conn.execute(
            f"INSERT INTO claims ({_CLAIM_WRITE_COLUMNS}) VALUES ({_CLAIM_WRITE_PLACEHOLDERS})",
            (*_claim_row(claim), claim_json(claim)),
        )
        self.ensure_annotator(claim.annotator)

    def replace_claim(self, claim: Claim) -> None:
        assignments = ", ".join(f"{col} = ?" for col in _CLAIM_WRITE_NAMES[1:])
        cursor = self.conn.execute(
            f"UPDATE claims SET {assignments} WHERE id = ?",
            (*_claim_row(claim)[1:], claim_json(claim), claim.id),
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"There is no claim with id {claim.id!r} in {self.path}.")
        self.ensure_annotator(claim.annotator)

    def remove_claim(self, claim_id: str) -> None:
        self.conn.execute("DELETE FROM claims WHERE id = ?", (claim_id,))

    def ensure_annotator(self, name: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", (name, now_iso())
        )

    def annotators(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    def annotators_by_document(self, status: str = "accepted") -> dict[str, set[str]]:
        """Who has claims of ``status`` in each article (articles without any are left out)."""
        result: dict[str, set[str]] = {}
        for doc_id, annotator in self.conn.execute(
            "SELECT DISTINCT doc_id, annotator FROM claims WHERE status = ?", (status,)
        ):
            result.setdefault(doc_id, set()).add(annotator)
        return result

    # -- events (append-only audit log) ------------------------------------------------------------

    def log_event(
        self,
        action: str,
        annotator: str,
        *,
        doc_id: str | None = None,
        claim_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO events (uid, at, annotator, action, doc_id, claim_id, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id(),
                now_iso(),
                annotator,
                action,
                doc_id,
                claim_id,
                None if before is None else json.dumps(before, ensure_ascii=False),
                None if after is None else json.dumps(after, ensure_ascii=False),
            ),
        )

    def events(self, claim_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT uid, at, annotator, action, doc_id, claim_id, before, after FROM events"
        params: list[Any] = []
        if claim_id is not None:
            sql += " WHERE claim_id = ?"
            params.append(claim_id)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        keys = ("uid", "at", "annotator", "action", "doc_id", "claim_id", "before", "after")
        result = []
        for row in self.conn.execute(sql, params):
            event = dict(zip(keys, row, strict=True))
            for key in ("before", "after"):
                if event[key] is not None:
                    event[key] = _json_field(event[key], {})
            result.append(event)
        return result

    # -- search ------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search over article titles/text and claim text/notes (FTS5)."""
        fts_query = self.db.quote_fts(query)
        if not fts_query.strip('"'):
            return []
        docs = self.conn.execute(
            "SELECT d.id, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) FROM documents_fts "
            "JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            (fts_query, limit),
        ).fetchall()
        claims = self.conn.execute(
            "SELECT c.id, c.doc_id, c.text FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
            "WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query, limit),
        ).fetchall()
        return [{"kind": "document", "doc_id": d, "title": t, "snippet": s} for d, t, s in docs] + [
            {"kind": "claim", "claim_id": c, "doc_id": d, "snippet": s} for c, d, s in claims
        ]


_CLAIM_COLUMN_NAMES = (
    "id",
    "doc_id",
    "start",
    '"end"',
    "text",
    "label",
    "status",
    "source_start",
    "source_end",
    "source_text",
    "cue_start",
    "cue_end",
    "cue_text",
    "verdict",
    "note",
    "evidence",
    "annotator",
    "origin",
    "confidence",
    "created_at",
    "updated_at",
    "reason",
)
_CLAIM_COLUMNS = ", ".join(_CLAIM_COLUMN_NAMES)
_CLAIM_SELECT = ", ".join(f"c.{name}" for name in _CLAIM_COLUMN_NAMES)
# Written with every claim, never read back into a Claim (migration m005).
_CLAIM_WRITE_NAMES = (*_CLAIM_COLUMN_NAMES, "native_json")
_CLAIM_WRITE_COLUMNS = ", ".join(_CLAIM_WRITE_NAMES)
_CLAIM_WRITE_PLACEHOLDERS = ", ".join("?" * len(_CLAIM_WRITE_NAMES))


def _claim_row(claim: Claim) -> tuple[Any, ...]:
    source, cue = claim.source, claim.cue
    return (
        claim.id,
        claim.doc_id,
        claim.start,
        claim.end,
        claim.text,
        claim.label,
        claim.status,
        source.start if source else None,
        source.end if source else None,
        source.text if source else None,
        cue.start if cue else None,
        cue.end if cue else None,
        cue.text if cue else None,
        claim.verdict,
        claim.note,
        json.dumps(list(claim.evidence), ensure_ascii=False),
        claim.annotator,
        claim.origin,
        claim.confidence,
        claim.created_at,
        claim.updated_at,
        claim.reason,
    )


def _document_head(doc: Document) -> bytes | None:
    try:
        return document_head(doc)
    except TypeError:  # meta orjson cannot hold (an integer beyond 64 bits): the export says so itself
        return None


def _json_field(value: str, default: Any) -> Any:
    """A JSON column as written by this store; a damaged byte (integrity_check cannot see one inside a
    value) reads as the empty default instead of making the whole article unreadable."""
    try:
        loaded = json.loads(value)
    except ValueError:
        return default
    return loaded if isinstance(loaded, type(default)) else default


def _claim_from_row(row: tuple[Any, ...]) -> Claim:
    (
        claim_id,
        doc_id,
        start,
        end,
        text,
        label,
        status,
        source_start,
        source_end,
        source_text,
        cue_start,
        cue_end,
        cue_text,
        verdict,
        note,
        evidence,
        annotator,
        origin,
        confidence,
        created_at,
        updated_at,
        reason,
    ) = row
    return Claim(
        id=claim_id,
        doc_id=doc_id,
        start=start,
        end=end,
        text=text,
        label=label,
        status=status,
        source=Span(source_start, source_end, source_text or "") if source_start is not None else None,
        cue=Span(cue_start, cue_end, cue_text or "") if cue_start is not None else None,
        verdict=verdict,
        note=note,
        evidence=() if not evidence or evidence == "[]" else tuple(_json_field(evidence, [])),
        annotator=annotator,
        origin=origin,
        confidence=confidence,
        created_at=created_at,
        updated_at=updated_at,
        reason=reason,
    )


def _document(row: tuple[Any, ...]) -> Document:
    doc_id, title, text, meta, created_at = row
    return Document(doc_id, title, text, _json_field(meta or "{}", {}), created_at)
