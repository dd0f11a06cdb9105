"""The append-only audit log: every edit with the claim before and after (triggers forbid changes)."""

from __future__ import annotations

import json
from typing import Any

from annotator.core.model import new_id, now_iso
from annotator.store.rows import json_field
from annotator.store.transactions import StoreBase

EVENT_COLUMNS = ("uid", "at", "annotator", "action", "doc_id", "claim_id", "before", "after")


class EventsMixin(StoreBase):
    def log_event(
        self,
        action: str,
        annotator: str,
        *,
        doc_id: str | None = None,
        claim_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.conn.execute(
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
            (
                new_id(),
                now_iso(),
                annotator,
                action,
                doc_id,
                claim_id,
                None if before is None else json.dumps(before, ensure_ascii=False),
                None if after is None else json.dumps(after, ensure_ascii=False),
            ),
        )

    def events(self, claim_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Newest first; ``before`` and ``after`` decoded (a damaged value reads as an empty dict)."""
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
        params: list[Any] = []
        if claim_id is not None:
            sql += " WHERE claim_id = ?"
            params.append(claim_id)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        result = []
        for row in self._rows(sql, params):
            event = dict(zip(EVENT_COLUMNS, row, strict=True))
            for key in ("before", "after"):
                if event[key] is not None:
                    event[key] = json_field(event[key], {})
            result.append(event)
        return result
