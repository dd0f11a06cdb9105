"""Full-text search over the FTS5 index of article titles and texts."""

from __future__ import annotations

from typing import Any

from annotator.store.transactions import StoreBase


class SearchMixin(StoreBase):
    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search over article titles/text and claim text/notes (FTS5)."""
        fts_query = _quote_fts(query)
        if not fts_query:
            return []
        docs = self._rows(
            "SELECT d.id, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) FROM documents_fts "
            "JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            (fts_query, limit),
        )
        claims = self._rows(
            "SELECT c.id, c.doc_id, c.text FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
            "WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query, limit),
        )
        return [{"kind": "document", "doc_id": d, "title": t, "snippet": s} for d, t, s in docs] + [
            {"kind": "claim", "claim_id": c, "doc_id": d, "snippet": s} for c, d, s in claims
        ]


def _quote_fts(query: str) -> str:
    """Every word of the query as an FTS5 string, so that no user input is FTS5 syntax."""
    words = [word.replace('"', '""') for word in query.split()]
    return " ".join(f'"{word}"' for word in words if word.strip('"'))
