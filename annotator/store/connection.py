"""Opening a database file: recognising it as ours from its header, and the guards on every connection.

A file that is not ours is recognised from its header bytes before SQLite ever opens it, so it is left
byte-for-byte untouched. Every connection follows SQLite's advice for files from untrusted sources
("Defense Against the Dark Arts", https://www.sqlite.org/security.html; docs/reliability.md): no trusted
schema until the schema is checked, limits, cell-size checks, no memory-mapped I/O, no extension loading,
and a step budget on every statement of a file this process did not just create.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from annotator.store.errors import NotAnnotatorDatabase, ReadBudgetError, StoreError
from annotator.store.schema import APPLICATION_ID

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0

# Limits (sqlite3_limit) on every connection. They bound what SQLite will parse and build; a hostile
# schema is parsed (reading sqlite_master) before the schema check can refuse it. Each admits our own work
# with room to spare; docs/reliability.md gives the reasons.
LIMITS: dict[int, int] = {
    # One value or row. A document row holds its text twice (text, native_head): articles up to ~120 MB of
    # UTF-8; one article's claims joined for the export (60 MB for 100,000 claims).
    sqlite3.SQLITE_LIMIT_LENGTH: 256 * 1024 * 1024,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 1_000_000,  # our longest statement is under 3 KB
    sqlite3.SQLITE_LIMIT_COLUMN: 100,  # the claims table has 24 columns
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 20,
    sqlite3.SQLITE_LIMIT_VDBE_OP: 25_000,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 64,  # the export's json_object takes 34 (two per claim field)
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 1_000,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10,  # ours nest 2 deep
}

# The step budget: a statement may run BUDGET_STEPS_PER_PAGE virtual-machine steps per page of the file,
# and at least BUDGET_MIN_STEPS. Our heaviest statements take under 200 steps per page of a 100,000-claim
# database (5.5 million in its whole merge); a runaway query never ends, and is stopped after 2-3 s on a
# small file here (docs/reliability.md).
BUDGET_MIN_STEPS = 50_000_000
BUDGET_STEPS_PER_PAGE = 5_000
BUDGET_CHECK_EVERY = 10_000  # steps between two calls of the progress handler


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


class ReadBudget:
    """The progress handler: ends a statement that runs past its step budget.

    Counted per statement (``GuardedConnection`` restarts it at each), in SQLite's own steps, so time the
    caller spends between rows (writing an export) does not count.
    """

    def __init__(self, path: Path, steps: int) -> None:
        self.path = path
        self.calls_allowed = max(1, steps // BUDGET_CHECK_EVERY)
        self.calls = 0
        self.tripped = False

    def restart(self) -> None:
        self.calls = 0
        self.tripped = False

    def __call__(self) -> int:
        self.calls += 1
        if self.calls > self.calls_allowed:
            self.tripped = True
            return 1  # SQLite interrupts the statement
        return 0

    def error(self) -> ReadBudgetError:
        steps = self.calls_allowed * BUDGET_CHECK_EVERY // 1_000_000
        return ReadBudgetError(
            f"{self.path}: reading it took far longer than a file of its size can need (stopped after "
            f"{steps:,} million steps); it may be damaged or hostile."
        )


class GuardedConnection(sqlite3.Connection):
    """A connection whose every statement starts a fresh step budget, and whose interrupted statement
    raises the budget's one-sentence ReadBudgetError instead of SQLite's "interrupted"."""

    budget: ReadBudget | None = None

    def _run(self, method: Any, *args: Any) -> Any:
        budget = self.budget
        if budget is None:
            return method(*args)
        budget.restart()
        try:
            return method(*args)
        except sqlite3.OperationalError as exc:
            if budget.tripped:
                raise budget.error() from exc
            raise

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return self._run(super().execute, sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        return self._run(super().executemany, sql, parameters)

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        return self._run(super().executescript, sql_script)


def guard(conn: GuardedConnection, path: Path, *, budget: bool) -> None:
    """The Dark Arts settings, before the connection reads anything. trusted_schema stays OFF until the
    schema is known to be ours (``trust_schema``): with it OFF, SQL in a hostile schema cannot call
    functions with side effects or use virtual tables."""
    for category, value in LIMITS.items():
        conn.setlimit(category, value)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA mmap_size = 0")
    if hasattr(conn, "enable_load_extension"):  # only in builds that can load extensions at all
        conn.enable_load_extension(False)
    # Defensive mode (SQLITE_DBCONFIG_DEFENSIVE: no writable_schema, no direct shadow-table writes) needs
    # Connection.setconfig, which Python has from 3.12; on 3.11 it is left out (docs/reliability.md).
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
    if budget:
        pages = max(1, path.stat().st_size // 4096)
        conn.budget = ReadBudget(path, max(BUDGET_MIN_STEPS, BUDGET_STEPS_PER_PAGE * pages))
        conn.set_progress_handler(conn.budget, BUDGET_CHECK_EVERY)


def trust_schema(conn: sqlite3.Connection) -> None:
    """After the schema check passed: every trigger is one of our migrations', and our search triggers
    write to FTS5 tables, which SQLite allows in triggers only with a trusted schema."""
    conn.execute("PRAGMA trusted_schema = ON")


def _connect(target: str | Path, path: Path, *, budget: bool, uri: bool = False) -> GuardedConnection:
    conn = sqlite3.connect(
        target, uri=uri, timeout=BUSY_TIMEOUT_S, isolation_level=None, factory=GuardedConnection
    )
    try:
        guard(conn, path, budget=budget)
    except BaseException:
        conn.close()
        raise
    return conn


def open_for_check(path: Path) -> GuardedConnection:
    """A connection for the checks on opening, which creates nothing next to the file.

    A read-only connection to a WAL file creates its -wal and -shm files and cannot remove them, so a
    refused file would keep them. When no -wal, -shm or -journal file exists, no other connection has the
    file open and nothing waits to be recovered, so the file is read as immutable (no locks, nothing
    created); otherwise as ``open_readonly`` does.
    """
    siblings = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
    if any(sibling.exists() for sibling in siblings):
        return open_readonly(path)
    conn = _connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", path, budget=True, uri=True)
    return _configure(conn)


def recover_interrupted_write(path: Path, *, readonly: bool) -> None:
    """Let SQLite roll back a write a crash left half done in a rollback journal (a file another program
    switched out of WAL). Every reader does that first; a read-only connection cannot, and is refused by
    SQLite with a misleading "attempt to write a readonly database". No SQL of the file runs here."""
    journal = path.with_name(path.name + "-journal")
    if not journal.exists() or journal.stat().st_size == 0:
        return
    if readonly:
        raise StoreError(
            f"{path} has an unfinished write in {journal.name} (a crash) that only a writable open can undo; "
            "open it once with write access, or open a copy of both files."
        )
    conn = _connect(path, path, budget=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # the first read rolls the journal back
    finally:
        conn.close()


def is_writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    # WAL needs to create the -wal and -shm files next to the database.
    return os.access(folder, os.W_OK)


def _configure(conn: GuardedConnection) -> GuardedConnection:
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


def open_readonly(path: Path) -> GuardedConnection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = _connect(uri, path, budget=True, uri=True)
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
    return _configure(_connect(f"{uri}&immutable=1", path, budget=True, uri=True))


def open_writable(path: Path, *, created: bool) -> GuardedConnection:
    """``created``: the file is new (this process creates it now), so its reads need no budget."""
    conn = _configure(_connect(path, path, budget=not created))
    try:
        # FULL: a commit is fsynced before the call returns, so an edit the window shows as saved survives
        # a power cut too (NORMAL only survives a process crash). Measured cost: ~0.3 ms per edit.
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn
