"""The store side of merging databases (``services.merge``): opening a source read-only, copying annotators
and events, and reading a claim's versions from the event log."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.store.database import Store
from annotator.store.errors import ReadOnlyStoreError

_EVENT_COLUMNS = "uid, at, annotator, action, doc_id, claim_id, before, after"


@contextlib.contextmanager
def open_source(path: Path) -> Iterator[Store]:
    """The source read-only; one written by an older version is upgraded in a temporary copy instead, so
    the file itself is never changed."""
    try:
        store = Store(path, create=False, readonly=True)
    except ReadOnlyStoreError:
        with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
            copy = Path(folder) / path.name
            uri = f"{path.resolve().as_uri()}?mode=ro"
            with (
                contextlib.closing(sqlite3.connect(uri, uri=True)) as conn,
                contextlib.closing(sqlite3.connect(copy)) as dest,
            ):
                conn.backup(dest)
            with Store(copy) as upgraded:
                yield upgraded
        return
    with store:
        yield store


def copy_annotators(target: Store, source: Store) -> None:
    """Every annotator name of ``source`` into ``target`` (keeping the earlier registration time)."""
    rows = source.conn.execute("SELECT name, created_at FROM annotators").fetchall()
    target.conn.executemany("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", rows)


def copy_events(target: Store, source: Store, doc_map: dict[str, str]) -> tuple[int, int]:
    """Every event of ``source`` not yet in ``target`` (same ``uid``); returns (added, already present)."""
    added = present = 0
    for row in source.conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY id"):
        uid, at, annotator, action, doc_id, claim_id, before, after = row
        cursor = target.conn.execute(
            f"INSERT OR IGNORE INTO events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (uid, at, annotator, action, doc_map.get(doc_id, doc_id), claim_id, before, after),
        )
        if cursor.rowcount:
            added += 1
        else:
            present += 1
    return added, present


def logged_claim_ids(store: Store) -> set[str]:
    """Ids of every claim the event log mentions (claims deleted since included)."""
    rows = store.conn.execute("SELECT DISTINCT claim_id FROM events WHERE claim_id IS NOT NULL")
    return {row[0] for row in rows}


def claim_versions(store: Store, claim_id: str) -> list[dict[str, Any]]:
    """The versions of one claim the event log records, oldest first (each an event's ``before`` or
    ``after``: the claim as the audit log writes it), without repeats."""
    versions: list[dict[str, Any]] = []
    for event in reversed(store.events(claim_id)):
        for key in ("before", "after"):
            version = event[key]
            if version and (not versions or versions[-1] != version):
                versions.append(version)
    return versions


def copy_database(store: Store, target: Path) -> None:
    """A consistent copy of the open database at ``target`` (SQLite's backup API, so changes still in the
    -wal file are included), written beside it first and then moved into place: a failed copy leaves no
    half-written file."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with contextlib.closing(sqlite3.connect(partial)) as dest:
            store.conn.backup(dest)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
