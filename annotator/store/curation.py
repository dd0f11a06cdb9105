"""Curation marks kept in the audit log: an article marked finished (or reopened) is an event.

No table of its own: the event log is append-only and merged event by event (``services.merge``), so a lead's
"finished" mark travels with a merged database, and the newest mark of an article wins.
"""

from __future__ import annotations

from annotator.core.model import Claim
from annotator.store.database import Store
from annotator.store.rows import CLAIM_COLUMNS, claim_from_row

FINISH = "curation_finish"
REOPEN = "curation_reopen"


def finished_documents(store: Store) -> dict[str, str]:
    """Articles whose newest curation mark is "finished": doc id -> who marked it."""
    latest: dict[str, tuple[str, str]] = {}
    for doc_id, action, annotator in store.conn.execute(
        "SELECT doc_id, action, annotator FROM events WHERE action IN (?, ?) ORDER BY at, id",
        (FINISH, REOPEN),
    ):
        latest[doc_id] = (action, annotator)
    return {doc_id: who for doc_id, (action, who) in latest.items() if action == FINISH}


def claims_on_span(store: Store, doc_id: str, start: int, end: int, annotator: str) -> list[Claim]:
    """``annotator``'s claims on exactly [start, end) of one article: one lookup in the position index."""
    rows = store.conn.execute(
        f'SELECT {CLAIM_COLUMNS} FROM claims WHERE doc_id = ? AND start = ? AND "end" = ? AND annotator = ?'
        " ORDER BY created_at, id",
        (doc_id, start, end, annotator),
    )
    return [claim_from_row(row) for row in rows]
