"""Merging annotators' databases into one, without loss and without silent conflict resolution.

Each source is opened read-only (a source that needs a schema upgrade is upgraded in a temporary copy)
and written into OUT in one transaction per source, so a failing source leaves OUT as it was before it.

Identity rules:
- articles are the same when their normalised text is the same (``Store.insert_document``, by sha256);
- claims are the same when their id is the same, or when they share article, span and annotator;
- events are the same when their ``uid`` is the same.

Conflict policy: **keep the newest by updated_at and report the conflict**. Keeping both versions would give
one annotator two labels on one span, which agreement figures cannot interpret and which the window would show
as two overlapping claims by the same person. Nothing is lost: the older version stays in the merged audit log
(its add/update events are merged too), and the report names both versions so that the team can check them.
A tie on updated_at keeps the claim already in OUT, so merging again changes nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import Claim, ValidationError, validate_claim
from annotator.services.claims import claim_event_dict
from annotator.store import ReadOnlyStoreError, Store, StoreError

ProgressCallback = Callable[[int, int, Path], None]

# Fields compared to decide whether two versions of a claim say the same thing (ids and times aside).
_CONTENT_FIELDS = (
    "start",
    "end",
    "label",
    "status",
    "source",
    "cue",
    "verdict",
    "note",
    "evidence",
    "annotator",
    "origin",
    "confidence",
    "reason",
)


@dataclass(slots=True)
class MergeReport:
    out: Path
    sources: list[Path] = field(default_factory=list)
    documents_added: int = 0
    documents_skipped: int = 0  # already in OUT (same normalised text)
    claims_added: int = 0
    claims_skipped: int = 0  # identical claim already in OUT
    claims_replaced: int = 0  # conflicts won by the source's newer version
    events_added: int = 0
    events_skipped: int = 0  # same uid already in OUT
    conflicts: list[str] = field(default_factory=list)  # one sentence each

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.claims_added or self.claims_replaced or self.events_added)

    def summary(self) -> str:
        replaced = (
            f", {self.claims_replaced} resolved in favour of a newer source version"
            if self.claims_replaced
            else ""
        )
        return (
            f"Merged {len(self.sources)} database(s) into {self.out}: "
            f"{self.documents_added} article(s), {self.claims_added} claim(s) and "
            f"{self.events_added} event(s) added; {self.documents_skipped} article(s), "
            f"{self.claims_skipped} claim(s) and {self.events_skipped} event(s) already present; "
            f"{len(self.conflicts)} conflict(s){replaced}."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "sources": [str(path) for path in self.sources],
            "documents_added": self.documents_added,
            "documents_skipped": self.documents_skipped,
            "claims_added": self.claims_added,
            "claims_skipped": self.claims_skipped,
            "claims_replaced": self.claims_replaced,
            "events_added": self.events_added,
            "events_skipped": self.events_skipped,
            "conflicts": list(self.conflicts),
        }


def merge_databases(
    out: Path, sources: list[Path], *, on_progress: ProgressCallback | None = None
) -> MergeReport:
    """Merge every source database into ``out`` (created when missing); returns what was done."""
    out = Path(out)
    sources = [Path(source) for source in sources]
    if not sources:
        raise StoreError("Name at least one database to merge.")
    for source in sources:
        if not source.is_file():
            raise StoreError(f"{source} does not exist or is not a file.")
        if out.exists() and source.resolve() == out.resolve():
            raise StoreError(f"{source} is the output database; a database cannot be merged into itself.")
    report = MergeReport(out=out)
    target = Store(out)
    try:
        for index, source in enumerate(sources):
            with _open_source(source) as src, target.transaction():
                _merge_one(target, src, source, report)
            report.sources.append(source)
            if on_progress is not None:
                on_progress(index + 1, len(sources), source)
    finally:
        target.close()
    return report


@contextlib.contextmanager
def _open_source(path: Path) -> Iterator[Store]:
    """The source read-only; one written by an older version is upgraded in a temporary copy instead."""
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
            store = Store(copy)
            try:
                yield store
            finally:
                store.close()
        return
    try:
        yield store
    finally:
        store.close()


def _describe(claim: Claim) -> str:
    label = claim.label or "no label"
    return f"{label}/{claim.status}, updated {claim.updated_at or 'at an unknown time'}"


def _same_content(a: Claim, b: Claim) -> bool:
    return a.doc_id == b.doc_id and all(getattr(a, name) == getattr(b, name) for name in _CONTENT_FIELDS)


def _merge_one(target: Store, src: Store, path: Path, report: MergeReport) -> None:
    doc_map: dict[str, str] = {}
    for doc_id in src.document_ids():
        doc = src.get_document(doc_id)
        stored, created = target.insert_document(doc)
        doc_map[doc_id] = stored.id
        if created:
            report.documents_added += 1
        else:
            report.documents_skipped += 1

    for name, created_at in src.conn.execute("SELECT name, created_at FROM annotators"):
        target.conn.execute(
            "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", (name, created_at)
        )

    texts: dict[str, str] = {}
    for raw in src.claims():
        claim = raw.with_changes(doc_id=doc_map[raw.doc_id])
        text = texts.setdefault(claim.doc_id, target.get_document(claim.doc_id).text)
        try:
            validate_claim(claim, text)
        except ValidationError as exc:
            raise StoreError(
                f"{path}: claim {claim.id} is invalid ({exc}); nothing from this file was merged."
            ) from exc
        _merge_claim(target, claim, path, report)

    columns = "uid, at, annotator, action, doc_id, claim_id, before, after"
    for row in src.conn.execute(f"SELECT {columns} FROM events ORDER BY id"):
        uid, at, annotator, action, doc_id, claim_id, before, after = row
        cursor = target.conn.execute(
            f"INSERT OR IGNORE INTO events ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (uid, at, annotator, action, doc_map.get(doc_id, doc_id), claim_id, before, after),
        )
        if cursor.rowcount:
            report.events_added += 1
        else:
            report.events_skipped += 1


def _find_same_span(target: Store, claim: Claim) -> Claim | None:
    row = target.conn.execute(
        'SELECT id FROM claims WHERE doc_id = ? AND start = ? AND "end" = ? AND annotator = ? '
        "ORDER BY updated_at DESC, id LIMIT 1",
        (claim.doc_id, claim.start, claim.end, claim.annotator),
    ).fetchone()
    return target.get_claim(row[0]) if row else None


def _merge_claim(target: Store, claim: Claim, path: Path, report: MergeReport) -> None:
    by_id = target.conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim.id,)).fetchone()
    existing = target.get_claim(claim.id) if by_id else _find_same_span(target, claim)
    if existing is None:
        target.insert_claim(claim)
        report.claims_added += 1
        return
    if _same_content(existing, claim):
        report.claims_skipped += 1
        return
    source_wins = claim.updated_at > existing.updated_at
    what = (
        f"claim {claim.id}"
        if existing.id == claim.id
        else f"{claim.annotator}'s claim on characters {claim.start}-{claim.end} of article {claim.doc_id}"
    )
    kept, dropped = (claim, existing) if source_wins else (existing, claim)
    report.conflicts.append(
        f"{what} differs between {path} ({_describe(claim)}) and {report.out} ({_describe(existing)}); "
        f"kept the newer version ({kept.label or 'no label'}, id {kept.id}), the other "
        f"(id {dropped.id}) remains in the event log."
    )
    if not source_wins:
        return
    if existing.id == claim.id:
        target.replace_claim(claim)
    else:
        target.remove_claim(existing.id)
        target.insert_claim(claim)
    # The replacement is an edit of OUT, so it is audited like one; its uid makes re-merges skip it.
    target.log_event(
        "merge",
        claim.annotator,
        doc_id=claim.doc_id,
        claim_id=claim.id,
        before=claim_event_dict(existing),
        after=claim_event_dict(claim),
    )
    report.claims_replaced += 1
