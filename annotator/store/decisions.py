"""Queries about who decided what (DESIGN.md rule 7): a person's decision on a claim is a claim of theirs
whose ``basis`` is that claim's id (migration m006 indexes it)."""

from __future__ import annotations

from annotator.core.model import Claim
from annotator.store.database import Store
from annotator.store.documents import DocumentSummary
from annotator.store.errors import NotFoundError


def find_claim(store: Store, claim_id: str) -> Claim | None:
    """The stored claim, or None when there is none with that id."""
    try:
        return store.get_claim(claim_id)
    except NotFoundError:
        return None


def decision_of(store: Store, basis_id: str, annotator: str) -> Claim | None:
    """``annotator``'s decision on claim ``basis_id``, if they made one."""
    row = store.conn.execute(
        "SELECT id FROM claims WHERE basis = ? AND annotator = ? ORDER BY created_at, id LIMIT 1",
        (basis_id, annotator),
    ).fetchone()
    return store.get_claim(row[0]) if row else None


def decided_bases(store: Store, doc_id: str, annotator: str) -> set[str]:
    """Ids of the claims of one article that ``annotator`` has decided on (their claims' bases)."""
    rows = store.conn.execute(
        "SELECT basis FROM claims WHERE doc_id = ? AND annotator = ? AND basis IS NOT NULL",
        (doc_id, annotator),
    )
    return {row[0] for row in rows}


def last_editor(store: Store, claim_id: str) -> str | None:
    """Who wrote the claim last, from the audit log (None when the log has no event for it)."""
    row = store.conn.execute(
        "SELECT annotator FROM events WHERE claim_id = ? ORDER BY id DESC LIMIT 1", (claim_id,)
    ).fetchone()
    return row[0] if row else None


def documents_for(store: Store, annotator: str) -> list[DocumentSummary]:
    """Every article with its progress as ``annotator``'s view counts it (``services.claims.claims_for``):
    their own claims plus the suggestions they have not decided, in import order."""
    rows = store.conn.execute(
        """
        SELECT d.id, d.title, length(d.text),
               count(c.id) FILTER (WHERE c.status != 'rejected'),
               count(c.id) FILTER (WHERE c.status = 'accepted' AND c.label IS NOT NULL),
               count(c.id) FILTER (WHERE c.status = 'suggested')
        FROM documents d LEFT JOIN claims c ON c.doc_id = d.id AND (
            c.annotator = :who
            OR (c.status = 'suggested' AND NOT EXISTS (
                SELECT 1 FROM claims m WHERE m.basis = c.id AND m.annotator = :who)))
        GROUP BY d.id ORDER BY d.rowid
        """,
        {"who": annotator},
    )
    return [DocumentSummary(*row) for row in rows]
