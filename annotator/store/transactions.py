"""What every part of the store shares: the connection, reads that turn SQLite's errors into sentences,
and transactions.

Rule (DESIGN.md rule 2): every write inside ``transaction()``, which is ``BEGIN IMMEDIATE`` … ``COMMIT``
and returns only after the commit.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from annotator.store.errors import ReadOnlyStoreError, StoreError

LOCK_RETRIES = 5


def one_line(message: str, limit: int = 160) -> str:
    """SQLite may quote many lines of schema in a message: keep it one short line."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[:limit] + "…"


class StoreBase:
    """The state of an open store and the helpers the documents, claims, events and search parts use."""

    path: Path
    readonly: bool
    conn: sqlite3.Connection

    # -- reads ---------------------------------------------------------------------------------------

    # A read error from the file becomes one sentence (the read budget's own, or SQLite's). A
    # ProgrammingError (the store was closed, a misuse) is the caller's, and stays as it is.

    def _rows(self, sql: str, params: Any = ()) -> list[Any]:
        """All rows of a query."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def _row(self, sql: str, params: Any = ()) -> Any:
        try:
            return self.conn.execute(sql, params).fetchone()
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    def _read_error(self, exc: sqlite3.Error) -> StoreError:
        budget = getattr(self.conn, "budget", None)
        if budget is not None and budget.tripped:
            return budget.error()
        return StoreError(f"Could not read {self.path}: {one_line(str(exc))} (the file may be damaged).")

    # -- transactions ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Self]:
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
        budget = getattr(self.conn, "budget", None)
        if budget is not None and budget.tripped:
            return budget.error()
        message = one_line(str(exc))
        if "full" in message:
            return StoreError(f"Could not save to {self.path}: the disk is full; the change was not saved.")
        if "readonly" in message or "read-only" in message:
            return ReadOnlyStoreError(f"{self.path} is read-only; the change was not saved.")
        return StoreError(f"Could not save to {self.path}: {message}; the change was not saved.")

    def data_version(self) -> int:
        """Changes whenever another connection commits to this file (used to notice other processes)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
