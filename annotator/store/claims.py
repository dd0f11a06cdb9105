"""Claims and the annotators who made them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.jsonlines import claim_json
from annotator.core.model import Claim, now_iso
from annotator.store.errors import NotFoundError
from annotator.store.rows import (
    CLAIM_COLUMNS,
    CLAIM_SELECT,
    CLAIM_WRITE_COLUMNS,
    CLAIM_WRITE_NAMES,
    CLAIM_WRITE_PLACEHOLDERS,
    claim_from_row,
    claim_row,
)
from annotator.store.schema import EXTENT_END, EXTENT_START
from annotator.store.transactions import StoreBase

_UPDATE_ASSIGNMENTS = ", ".join(f"[{column}] = ?" for column in CLAIM_WRITE_NAMES[1:])  # all but id


def _position(claim: Claim) -> tuple[int, int, str, str]:
    return claim.start, claim.end, claim.created_at, claim.id  # Store.claims' order within an article


class ClaimsMixin(StoreBase):
    def get_claim(self, claim_id: str) -> Claim:
        row = self._row(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id = ?", (claim_id,))
        if row is None:
            raise NotFoundError(f"There is no claim with id {claim_id!r} in {self.path}.")
        return claim_from_row(row)

    def claims(
        self,
        doc_id: str | None = None,
        *,
        status: Iterable[str] | None = None,
        label: Iterable[str] | None = None,
        annotator: Iterable[str] | None = None,
    ) -> list[Claim]:
        """Claims ordered by article, then position. Filters are optional sets of allowed values."""
        where: list[str] = []
        params: list[str] = []
        if doc_id is not None:
            where.append("doc_id = ?")
            params.append(doc_id)
        for column, values in (("status", status), ("label", label), ("annotator", annotator)):
            if values is not None:
                values = list(values)
                where.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        sql = f"SELECT {CLAIM_SELECT} FROM claims c JOIN documents d ON d.id = c.doc_id"
        if where:
            sql += " WHERE " + " AND ".join(f"c.{condition}" for condition in where)
        sql += ' ORDER BY d.rowid, c.start, c."end", c.created_at, c.id'
        return [claim_from_row(row) for row in self._rows(sql, params)]

    def claims_overlapping(self, doc_id: str, start: int, end: int) -> list[Claim]:
        """Claims of one article whose extent (claim, source and cue) overlaps [start, end), in position
        order: what a window needs to paint one screen before all claims of a long article are read.
        A range scan of the extent index (m008), which answers the end condition from its entries."""
        sql = (
            f"SELECT {CLAIM_COLUMNS} FROM claims WHERE doc_id = ? AND {EXTENT_START} < ? AND {EXTENT_END} > ?"
        )
        return sorted(map(claim_from_row, self._rows(sql, (doc_id, end, start))), key=_position)

    def insert_claim(self, claim: Claim) -> None:
        self.conn.execute(
            f"INSERT INTO claims ({CLAIM_WRITE_COLUMNS}) VALUES ({CLAIM_WRITE_PLACEHOLDERS})",
            (*claim_row(claim), claim_json(claim)),
        )
        self.ensure_annotator(claim.annotator)

    def insert_claims(self, claims: Sequence[Claim]) -> None:
        """Insert many new claims with one statement (inside a transaction): what ``insert_claim`` does for
        each, without a round trip per claim (the suggester stores thousands)."""
        self.conn.executemany(
            f"INSERT INTO claims ({CLAIM_WRITE_COLUMNS}) VALUES ({CLAIM_WRITE_PLACEHOLDERS})",
            [(*claim_row(claim), claim_json(claim)) for claim in claims],
        )
        for name in {claim.annotator for claim in claims}:
            self.ensure_annotator(name)

    def replace_claim(self, claim: Claim) -> None:
        cursor = self.conn.execute(
            f"UPDATE claims SET {_UPDATE_ASSIGNMENTS} WHERE id = ?",
            (*claim_row(claim)[1:], claim_json(claim), claim.id),
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"There is no claim with id {claim.id!r} in {self.path}.")
        self.ensure_annotator(claim.annotator)

    def remove_claim(self, claim_id: str) -> None:
        self.conn.execute("DELETE FROM claims WHERE id = ?", (claim_id,))

    def ensure_annotator(self, name: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", (name, now_iso())
        )

    def annotators(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT name FROM annotators ORDER BY name")]

    def annotators_by_document(self, status: str = "accepted") -> dict[str, set[str]]:
        """Who has claims of ``status`` in each article (articles without any are left out)."""
        result: dict[str, set[str]] = {}
        for doc_id, annotator in self._rows(
            "SELECT DISTINCT doc_id, annotator FROM claims WHERE status = ?", (status,)
        ):
            result.setdefault(doc_id, set()).add(annotator)
        return result
