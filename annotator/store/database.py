"""The Store: one open annotator database, put together from the store's parts.

Opening (DESIGN.md rules 2 and 9): the header must name the file as ours; checks that may refuse the
file come before anything that writes; then WAL, the migrations (after a backup) and the derived JSON.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.jsonlines import claim_json
from annotator.core.model import Document
from annotator.store.claims import ClaimsMixin
from annotator.store.connection import (
    check_is_annotator_database,
    is_writable,
    open_readonly,
    open_writable,
)
from annotator.store.documents import DocumentsMixin
from annotator.store.errors import NewerSchemaError, ReadOnlyStoreError, StoreError
from annotator.store.events import EventsMixin
from annotator.store.rows import (
    CLAIM_COLUMNS,
    DOCUMENT_COLUMNS,
    claim_from_row,
    document_from_row,
    document_head_or_none,
)
from annotator.store.schema import (
    APPLICATION_ID,
    MIGRATION_NAMES,
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    migrations,
)
from annotator.store.search import SearchMixin
from annotator.store.transactions import one_line

if TYPE_CHECKING:
    import sqlite_utils


class Store(DocumentsMixin, ClaimsMixin, EventsMixin, SearchMixin):
    """An open annotator database. One instance per thread (SQLite connections are not shared)."""

    backup_path: Path | None = None

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
        self._db: sqlite_utils.Database | None = None
        self._documents: dict[str, Document] = {}
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file.")
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise StoreError(f"{self.path} does not exist.")
        if exists:
            check_is_annotator_database(self.path)
        self.readonly = readonly or not is_writable(self.path)
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
            # sqlite3 decodes its messages strictly: one quoting damaged schema text fails to decode.
            detail = "its schema is unreadable" if isinstance(exc, UnicodeDecodeError) else one_line(str(exc))
            raise StoreError(f"{self.path} could not be opened: {detail} (the file may be damaged).") from exc

    # -- opening -------------------------------------------------------------------------------------

    def _connect(self, exists: bool) -> None:
        self.conn = conn = open_readonly(self.path) if self.readonly else open_writable(self.path)
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
            f"SELECT {CLAIM_COLUMNS}, native_json FROM claims",
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
                f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE native_head IS NULL"
            ).fetchall()
            self.conn.executemany(
                "UPDATE documents SET native_head = ? WHERE id = ?",
                [(document_head_or_none(doc), doc.id) for doc in map(document_from_row, documents)],
            )
            claims = self.conn.execute(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE native_json IS NULL")
            self.conn.executemany(
                "UPDATE claims SET native_json = ? WHERE id = ?",
                [(claim_json(claim), claim.id) for claim in map(claim_from_row, claims.fetchall())],
            )

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, imported on first use (migrations)."""
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

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
