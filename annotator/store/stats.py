"""The store side of the statistics (``services.stats``): counts that SQL does in one pass."""

from __future__ import annotations

import sqlite3

from annotator.core.model import GOLD, SUGGESTER
from annotator.store.database import Store
from annotator.store.errors import StoreError

# Claims of people: neither the gold reference nor the suggester (``core.model.is_person``).
_PEOPLE = f"annotator NOT IN ('{GOLD}', '{SUGGESTER}')"
# A suggestion no one has decided on yet (a decision is a claim whose basis is the suggestion).
_OPEN_SUGGESTION = "s.status = 'suggested' AND NOT EXISTS (SELECT 1 FROM claims d WHERE d.basis = s.id)"


def document_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def people_status_counts(store: Store) -> dict[str, int]:
    """People's claims by status (suggestions are counted by ``open_suggestions``)."""
    rows = store.conn.execute(f"SELECT status, count(*) FROM claims WHERE {_PEOPLE} GROUP BY status")
    return {status: count for status, count in rows}


def open_suggestions(store: Store) -> dict[str, int]:
    """Per article, the suggestions no one has decided on."""
    rows = store.conn.execute(
        f"SELECT s.doc_id, count(*) FROM claims s WHERE {_OPEN_SUGGESTION} GROUP BY s.doc_id"
    )
    return {doc_id: count for doc_id, count in rows}


def accepted_by_person(store: Store) -> dict[str, int]:
    """Each person's accepted claims, in name order."""
    rows = store.conn.execute(
        f"SELECT annotator, count(*) FROM claims WHERE status = 'accepted' AND {_PEOPLE} "
        "GROUP BY annotator ORDER BY annotator"
    )
    return {name: count for name, count in rows}


def people(store: Store) -> list[str]:
    """Every registered annotator who is a person, in name order."""
    rows = store.conn.execute(
        f"SELECT name FROM annotators WHERE name NOT IN ('{GOLD}', '{SUGGESTER}') ORDER BY name"
    )
    return [row[0] for row in rows]


def titles(store: Store) -> list[tuple[str, str]]:
    """(id, title) of every article, in import order."""
    return [(row[0], row[1]) for row in store.conn.execute("SELECT id, title FROM documents ORDER BY rowid")]


def change_token(store: Store) -> tuple[int, int]:
    """Changes whenever anyone commits to the file: another connection (``PRAGMA data_version``) or this
    one (``total_changes``). A view polls it to refresh only when something changed. Raises StoreError
    when the Store was closed (a window switching databases)."""
    try:
        return store.data_version(), store.conn.total_changes
    except sqlite3.Error as exc:
        raise StoreError(f"{store.path} is closed.") from exc
