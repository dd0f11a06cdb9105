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
from annotator.store.checks import check_schema
from annotator.store.claims import ClaimsMixin
from annotator.store.connection import (
    check_is_annotator_database,
    is_writable,
    open_for_check,
    open_readonly,
    open_writable,
    recover_interrupted_write,
    trust_schema,
)
from annotator.store.documents import DocumentsMixin
from annotator.store.errors import ReadOnlyStoreError, StoreError
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
        """``verify=False`` skips SQLite's integrity scan (it reads every page) for another connection to a
        file this process has already opened and checked (the window's worker); the schema check runs on
        every open."""
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
        if not exists:
            self.conn = open_writable(self.path, created=True)
            trust_schema(self.conn)  # our own schema, created now
            # application_id first, before WAL, so the header on disk identifies the file from the start.
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self._migrate(applied=0)
            return
        # Everything that may refuse the file runs first, on a connection that cannot write and creates
        # nothing next to the file: no WAL switch, migration or backup before the checks pass (only SQLite's
        # own recovery of a crashed write in a rollback journal, which any reader does first).
        recover_interrupted_write(self.path, readonly=self.readonly)
        self.conn = open_for_check(self.path)
        self._check_integrity()
        check_schema(self.conn, self.path)
        self.conn.close()
        # The connection the store keeps; the schema is checked again on it (cheap), in case the file was
        # replaced in between.
        self.conn = open_readonly(self.path) if self.readonly else open_writable(self.path, created=False)
        applied = check_schema(self.conn, self.path)
        if self.readonly:
            if applied < len(MIGRATION_NAMES):
                raise ReadOnlyStoreError(
                    f"{self.path} needs an upgrade to this version's format but is read-only; "
                    "make it writable or open a copy."
                )
            return
        trust_schema(self.conn)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self._migrate(applied)
        self._render_native_json()

    def _check_integrity(self) -> None:
        """SQLite's own check of the file's structure: ``integrity_check`` for a file opened read-only
        (a merge source, a colleague's file), the cheaper ``quick_check`` for one's own database (measured
        in docs/reliability.md); none for a further connection to a file this process has checked."""
        if not self._verify:
            return
        pragma = "integrity_check(1)" if self.readonly else "quick_check(1)"
        check = self.conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        if check != "ok":
            detail = " ".join(str(check).replace("*** in database main ***", "").split())
            raise StoreError(
                f"{self.path} is damaged ({detail}); it was left untouched, restore it from a backup."
            )

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

    def _migrate(self, applied: int) -> None:
        """Apply the migrations the file lacks, after a backup of a file that has any."""
        if applied == len(MIGRATION_NAMES):
            return  # the common case: no sqlite-utils import at all
        if applied:
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
