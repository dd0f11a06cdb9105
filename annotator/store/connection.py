"""Opening a database file: recognising it as ours from its header, and the connection's settings.

A file that is not ours is recognised from its header bytes before SQLite ever opens it, so it is left
byte-for-byte untouched.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from annotator.store.errors import NotAnnotatorDatabase, StoreError
from annotator.store.schema import APPLICATION_ID

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0


def _decode_text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def check_is_annotator_database(path: Path) -> None:
    """Refuse a file that is not a Claim Annotator database without opening it in SQLite."""
    with path.open("rb") as handle:
        header = handle.read(100)
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


def is_writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    # WAL needs to create the -wal and -shm files next to the database.
    return os.access(folder, os.W_OK)


def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The settings of every connection; closes it if a setting fails (a damaged file may refuse one)."""
    try:
        _settings(conn)
    except BaseException:
        conn.close()  # at once: a refused file must not keep -wal/-shm files next to it
        raise
    return conn


def _settings(conn: sqlite3.Connection) -> None:
    # A damaged byte inside a stored text passes integrity_check (the page structure is intact) and
    # would make every read of that row raise; decoded leniently it shows as U+FFFD and the rest of the
    # database stays readable and exportable.
    conn.text_factory = _decode_text
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")


def open_readonly(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return _configure(conn)
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
    # A WAL database in a read-only folder: SQLite cannot create the -shm index file, so the file is
    # read as immutable (no locking). That is only right when no committed changes wait in the -wal.
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(
            f"{path} has saved changes still in {wal.name} and its folder is read-only; "
            "copy both files to a writable folder to open it."
        )
    return _configure(
        sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    )


def open_writable(path: Path) -> sqlite3.Connection:
    conn = _configure(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None))
    try:
        # FULL: a commit is fsynced before the call returns, so an edit the window shows as saved survives
        # a power cut too (NORMAL only survives a process crash). Measured cost: ~0.3 ms per edit.
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn
