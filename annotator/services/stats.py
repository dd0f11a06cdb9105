"""Counts for `annotator stats` and the window's status bar."""

from __future__ import annotations

from typing import Any

from annotator.core.model import LABELS, STATUSES
from annotator.store import Store


def stats(store: Store) -> dict[str, Any]:
    """Documents, claims, and claims by label, status and annotator (rejected claims count only by status)."""
    conn = store.conn
    by_status = dict.fromkeys(STATUSES, 0)
    for status, count in conn.execute("SELECT status, count(*) FROM claims GROUP BY status"):
        by_status[status] = count
    by_label: dict[str, int] = dict.fromkeys(LABELS, 0)
    unlabelled = 0
    for label, count in conn.execute(
        "SELECT label, count(*) FROM claims WHERE status != 'rejected' GROUP BY label"
    ):
        if label is None:
            unlabelled = count
        else:
            by_label[label] = count
    by_annotator = {
        name: count
        for name, count in conn.execute(
            "SELECT annotator, count(*) FROM claims WHERE status != 'rejected' "
            "GROUP BY annotator ORDER BY annotator"
        )
    }
    documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    claims = sum(by_status.values()) - by_status["rejected"]
    labelled = conn.execute(
        "SELECT count(*) FROM claims WHERE status = 'accepted' AND label IS NOT NULL"
    ).fetchone()[0]
    return {
        "database": str(store.path),
        "documents": documents,
        "claims": claims,
        "labelled": labelled,
        "unlabelled": unlabelled,
        "by_label": by_label,
        "by_status": by_status,
        "by_annotator": by_annotator,
        "annotators": sorted(set(store.annotators()) | set(by_annotator)),
    }
