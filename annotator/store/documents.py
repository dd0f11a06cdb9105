"""Articles: stored once per normalised text, never updated or deleted."""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.core.model import Document, new_id, now_iso
from annotator.store.errors import NotFoundError
from annotator.store.rows import DOCUMENT_COLUMNS, document_from_row, document_head_or_none
from annotator.store.transactions import StoreBase

DOCUMENT_CACHE_SIZE = 4


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: str
    title: str
    length: int
    claims: int  # not rejected
    labelled: int  # accepted with a label
    suggested: int


class DocumentsMixin(StoreBase):
    _documents: dict[str, Document]  # see get_document

    def find_document_by_sha(self, sha256: str) -> Document | None:
        row = self._row(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE sha256 = ?", (sha256,))
        return document_from_row(row) if row else None

    def insert_document(self, doc: Document) -> tuple[Document, bool]:
        """Insert unless the same normalised text is already stored; returns (stored document, created)."""
        existing = self.find_document_by_sha(doc.sha256)
        if existing is not None:
            return existing, False
        doc_id = doc.id or Document.make_id(doc.text)
        if self._row("SELECT 1 FROM documents WHERE id = ?", (doc_id,)):
            doc_id = new_id()  # an imported id clashing with a different text: keep both articles
        stored = Document(doc_id, doc.title, doc.text, dict(doc.meta), doc.created_at or now_iso())
        self.conn.execute(
            "INSERT INTO documents (id, sha256, title, text, meta, created_at, native_head)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                doc.sha256,
                doc.title,
                doc.text,
                json.dumps(doc.meta, ensure_ascii=False),
                stored.created_at,
                document_head_or_none(stored),
            ),
        )
        return stored, True

    def get_document(self, doc_id: str) -> Document:
        """The article. Rows of ``documents`` are never updated or deleted, so the last few are kept: every
        claim edit validates against its article's text, and reading a 1 MB text took 6 ms per edit."""
        cached = self._documents.get(doc_id)
        if cached is None:
            row = self._row(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,))
            if row is None:
                raise NotFoundError(f"There is no article with id {doc_id!r} in {self.path}.")
            cached = document_from_row(row)
            if len(self._documents) >= DOCUMENT_CACHE_SIZE:
                del self._documents[next(iter(self._documents))]  # the oldest entry
            self._documents[doc_id] = cached
        # A fresh meta dict, so that a caller changing it cannot change the cached article.
        return Document(cached.id, cached.title, cached.text, dict(cached.meta), cached.created_at)

    def document_ids(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT id FROM documents ORDER BY rowid")]

    def list_documents(self) -> list[DocumentSummary]:
        rows = self._rows(
            """
            SELECT d.id, d.title, length(d.text),
                   count(c.id) FILTER (WHERE c.status != 'rejected'),
                   count(c.id) FILTER (WHERE c.status = 'accepted' AND c.label IS NOT NULL),
                   count(c.id) FILTER (WHERE c.status = 'suggested')
            FROM documents d LEFT JOIN claims c ON c.doc_id = d.id
            GROUP BY d.id ORDER BY d.rowid
            """
        )
        return [DocumentSummary(*row) for row in rows]
