"""The append-only audit log: every edit with the claim before and after (triggers forbid changes)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from annotator.core.model import new_id, now_iso
from annotator.store.rows import json_field
from annotator.store.transactions import StoreBase

EVENT_COLUMNS = ("uid", "at", "annotator", "action", "doc_id", "claim_id", "before", "after")
_INSERT = f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"

# One event as ``log_events`` takes it: action, annotator, doc_id, claim_id, before, after.
EventArgs = tuple[str, str, str | None, str | None, dict[str, Any] | None, dict[str, Any] | None]


def _event_row(
    action: str,
    annotator: str,
    doc_id: str | None,
    claim_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> tuple[Any, ...]:
    return (
        new_id(),
        now_iso(),
        annotator,
        action,
        doc_id,
        claim_id,
        None if before is None else json.dumps(before, ensure_ascii=False),
        None if after is None else json.dumps(after, ensure_ascii=False),
    )


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
        self.conn.execute(_INSERT, _event_row(action, annotator, doc_id, claim_id, before, after))

    def log_events(self, events: Iterable[EventArgs]) -> None:
        """Log many events with one statement (inside a transaction), in the order given: each exactly as
        ``log_event`` logs it."""
        self.conn.executemany(_INSERT, [_event_row(*event) for event in events])

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
