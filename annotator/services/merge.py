"""Merging annotators' databases into one: without loss, read-only on the sources, idempotent, and in any
order with the same result.

Identity: articles are the same when their normalised text is the same (``Store.insert_document``, by
sha256); claims when their id is the same (a decision's id is derived from what was decided and who
decided, so one person's decision has one id in every copy); events when their ``uid`` is the same.

Two annotators never conflict: their claims have different ids and are all kept. Versions of one claim
(always one person's, since a claim belongs to its maker) are compared through the event log, as a
three-way merge does:

- the output's version is one the source's log went through: the source is later, and its version
  replaces it (an *update*, such as a re-merge after the annotator simply went on working);
- the source's version is one the output's log went through: the output is already later, nothing to do;
- neither: the same person edited the claim differently in two copies since their last common version.
  That is a *conflict*: the later edit (``updated_at``; on a tie the larger stored JSON, so that the order
  of the sources does not matter) is kept, the other stays in the event log, and the report says so.

A claim the source deleted after the version the output holds is deleted from the output too (that
deletion is the annotator's later decision); one the output deleted after the source's version stays
deleted. Every replacement or deletion the merge makes is logged as a ``merge`` event.

The whole merge is one transaction: a failing or cancelled merge leaves the output as it was.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.jsonlines import claim_json
from annotator.core.model import GOLD, SUGGESTER, Claim, ValidationError, validate_claim
from annotator.core.progress import NO_PROGRESS, Progress
from annotator.services.claims import claim_event_dict
from annotator.store import Store, StoreError
from annotator.store.merging import (
    claim_versions,
    copy_annotators,
    copy_events,
    logged_claim_ids,
    open_source,
)

CANCEL_CHECK_EVERY = 500  # claims between two looks at the cancel button


@dataclass(slots=True)
class PersonTally:
    """What one annotator's claims did in a merge."""

    new: int = 0
    updated: int = 0  # a later version of their own claim
    removed: int = 0  # a claim they deleted since
    conflicts: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.new or self.updated or self.removed)


@dataclass(frozen=True, slots=True)
class MergeConflict:
    """One person's two diverging versions of one claim."""

    annotator: str
    title: str  # of the article
    source: Path
    ours: Claim | None  # the output's version before the merge (None: the output had deleted it)
    theirs: Claim | None  # the source's version (None: the source had deleted it)
    ancestor: dict[str, Any] | None  # their last common version, from the event log (None: no common one)
    kept: Claim | None

    @property
    def claim_id(self) -> str:
        claim = self.ours or self.theirs
        assert claim is not None
        return claim.id

    def describe(self, out: Path, *, verbose: bool = False) -> str:
        claim = self.ours or self.theirs
        assert claim is not None
        excerpt = " ".join(claim.text.split())
        excerpt = excerpt if len(excerpt) <= 50 else excerpt[:49] + "…"
        since = "since their last common version" if self.ancestor else "with no common version in the log"
        kept = "kept the later edit" if self.kept is not None else "kept it deleted"
        if self.kept is not None:
            kept += f" ({_version(self.kept)})"
        text = (
            f"{self.annotator} changed the same claim in two copies {since} (“{excerpt}” in “{self.title}”): "
            f"{_version(self.ours)} in {out.name}, {_version(self.theirs)} in {self.source.name}; "
            f"{kept}, the other version stays in the event log."
        )
        return text + (f" [claim {self.claim_id}]" if verbose else "")


def _version(claim: Claim | None) -> str:
    if claim is None:
        return "deleted"
    if claim.status == "rejected":
        return "rejected"
    return claim.label or ("no label" if claim.status == "accepted" else "suggested")


@dataclass(slots=True)
class MergeReport:
    out: Path
    sources: list[Path] = field(default_factory=list)
    articles_added: set[str] = field(default_factory=set)
    articles_present: set[str] = field(default_factory=set)  # already in OUT before this merge
    people: dict[str, PersonTally] = field(default_factory=lambda: defaultdict(PersonTally))
    claims_unchanged: int = 0
    events_added: int = 0
    events_present: int = 0
    conflicts: list[MergeConflict] = field(default_factory=list)
    cancelled: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.articles_added or self.events_added or any(t.changed for t in self.people.values()))

    def tally(self, annotator: str) -> PersonTally:
        return self.people[annotator]

    def summary(self, *, verbose: bool = False) -> str:
        names = _listed([path.name for path in self.sources]) or "nothing"
        if self.cancelled:
            return f"Merge cancelled: {self.out.name} was left as it was."
        parts = [_person_words(name, tally) for name, tally in sorted(self.people.items(), key=_person_order)]
        parts = [part for part in parts if part]
        articles = []
        if self.articles_added:
            articles.append(f"{_count(len(self.articles_added), 'article')} added")
        if self.articles_present:
            articles.append(f"{_count(len(self.articles_present), 'article')} already present")
        conflicts = len(self.conflicts)
        ending = "no conflicts" if not conflicts else _count(conflicts, "conflict")
        if not parts and not self.articles_added:
            return (
                f"Nothing new: {self.out.name} already had everything in {names} "
                f"({_count(len(self.articles_present), 'article')}); {ending}."
            )
        text = f"Merged {names} into {self.out.name}: " + "; ".join(parts + articles) + f"; {ending}."
        if verbose:
            text += f" {self.claims_unchanged} claim(s) unchanged; {self.events_added} event(s) added."
        return text

    def conflict_lines(self, *, verbose: bool = False) -> list[str]:
        return [conflict.describe(self.out, verbose=verbose) for conflict in self.conflicts]

    def to_dict(self, *, verbose: bool = False) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "sources": [str(path) for path in self.sources],
            "cancelled": self.cancelled,
            "articles_added": len(self.articles_added),
            "articles_present": len(self.articles_present),
            "annotators": {
                name: {"new": t.new, "updated": t.updated, "removed": t.removed, "conflicts": t.conflicts}
                for name, t in sorted(self.people.items())
                if t.changed or t.conflicts
            },
            "claims_unchanged": self.claims_unchanged,
            "events_added": self.events_added,
            "events_present": self.events_present,
            "conflicts": self.conflict_lines(verbose=verbose),
        }


def _listed(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _person_order(item: tuple[str, PersonTally]) -> tuple[int, str]:
    name = item[0]
    return (1 if name == GOLD else 2 if name == SUGGESTER else 0), name


def _person_words(name: str, tally: PersonTally) -> str:
    noun = "suggestion" if name == SUGGESTER else "gold decision" if name == GOLD else "decision"
    words = []
    if tally.new:
        words.append(f"{tally.new} new {noun}{'' if tally.new == 1 else 's'}")
    if tally.updated:
        words.append(f"{tally.updated} updated")
    if tally.removed:
        words.append(f"{tally.removed} deleted")
    if tally.conflicts:
        words.append(_count(tally.conflicts, "conflict"))
    return f"{name}: {', '.join(words)}" if words else ""


class _Cancelled(Exception):
    """Raised inside the merge's transaction to roll all of it back."""


def merge_databases(out: Path, sources: list[Path], *, progress: Progress = NO_PROGRESS) -> MergeReport:
    """Merge every source database into ``out`` (created when missing); returns what was done.

    ``progress.step(done, total, name)`` after each source; a cancel is honoured between sources and every
    few hundred claims, and leaves ``out`` exactly as it was (``report.cancelled``).
    """
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
    with Store(out) as target:
        before = set(target.document_ids())
        try:
            with target.transaction():
                # Every claim of OUT read once (one query), kept in step with what the merge writes: one
                # lookup per source claim was most of the time of a 15,000-claim merge.
                known = {claim.id: claim for claim in target.claims()}
                logged = logged_claim_ids(target)  # claims OUT's log knows (deleted ones too)
                for index, source in enumerate(sources):
                    if progress.cancelled():
                        raise _Cancelled
                    with open_source(source) as src:
                        _merge_one(target, src, source, report, progress, known, logged)
                    report.sources.append(source)
                    progress.step(index + 1, len(sources), source.name)
        except _Cancelled:
            return MergeReport(out=out, sources=sources, cancelled=True)
    report.articles_present &= before
    report.articles_added -= before
    return report


def _merge_one(
    target: Store,
    src: Store,
    path: Path,
    report: MergeReport,
    progress: Progress,
    known: dict[str, Claim],
    logged: set[str],
) -> None:
    doc_map: dict[str, str] = {}
    titles: dict[str, str] = {}
    for doc_id in src.document_ids():
        doc = src.get_document(doc_id)
        stored, created = target.insert_document(doc)
        doc_map[doc_id] = stored.id
        titles[stored.id] = stored.title
        (report.articles_added if created else report.articles_present).add(stored.id)
    copy_annotators(target, src)

    texts: dict[str, str] = {}
    seen: set[str] = set()
    for number, raw in enumerate(src.claims(), 1):
        if number % CANCEL_CHECK_EVERY == 0 and progress.cancelled():
            raise _Cancelled
        doc_id = doc_map[raw.doc_id]
        claim = raw if doc_id == raw.doc_id else raw.with_changes(doc_id=doc_id)
        text = texts.setdefault(claim.doc_id, target.get_document(claim.doc_id).text)
        try:
            validate_claim(claim, text)
        except ValidationError as exc:
            raise StoreError(
                f"{path}: a claim of {claim.annotator} is invalid ({exc}); nothing was merged."
            ) from exc
        seen.add(claim.id)
        _merge_claim(target, src, claim, path, titles[claim.doc_id], report, known, logged)
    for claim_id in logged_claim_ids(src) - seen:  # deleted in the source: perhaps after what OUT holds
        ours = known.get(claim_id)
        if ours is not None:
            _merge_deletion(target, src, ours, path, titles.get(ours.doc_id, ""), report, known)

    added, present = copy_events(target, src, doc_map)
    logged |= logged_claim_ids(src)
    report.events_added += added
    report.events_present += present


def _key(version: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A claim version, comparable between the log and the claims table (the article id left out: two
    databases may know one article under two ids; ``basis`` is missing from events before m006)."""
    items = {**version, "basis": version.get("basis")}
    items.pop("doc_id", None)
    return tuple(sorted((name, repr(value)) for name, value in items.items()))


def _version_key(claim: Claim) -> tuple[tuple[str, Any], ...]:
    return _key(claim_event_dict(claim))


def _history(store: Store, claim_id: str) -> list[tuple[tuple[str, Any], ...]]:
    return [_key(version) for version in claim_versions(store, claim_id)]


def _later(a: Claim, b: Claim) -> Claim:
    """The later edit of two versions: by updated_at, then by stored JSON (the same in any merge order)."""
    return max(a, b, key=lambda claim: (claim.updated_at, claim_json(claim)))


def _merge_claim(
    target: Store,
    src: Store,
    claim: Claim,
    path: Path,
    title: str,
    report: MergeReport,
    known: dict[str, Claim],
    logged: set[str],
) -> None:
    tally = report.tally(claim.annotator)
    ours = known.get(claim.id)
    if ours is None:
        if claim.id in logged and _version_key(claim) in set(_history(target, claim.id)):
            report.claims_unchanged += 1  # OUT deleted it after this version: it stays deleted
            return
        target.insert_claim(claim)
        known[claim.id] = claim
        tally.new += 1
        return
    if ours == claim:
        report.claims_unchanged += 1
        return
    theirs_history = _history(src, claim.id)
    if _version_key(ours) in set(theirs_history):
        _replace(target, ours, claim, known)  # the source went on from OUT's version
        tally.updated += 1
        return
    ours_history = set(_history(target, claim.id))
    if _version_key(claim) in ours_history:
        report.claims_unchanged += 1  # OUT is already later
        return
    kept = _later(ours, claim)
    if kept is claim:
        _replace(target, ours, claim, known)
    ancestor = _common_version(src, claim.id, theirs_history, ours_history)
    report.conflicts.append(MergeConflict(claim.annotator, title, path, ours, claim, ancestor, kept))
    tally.conflicts += 1


def _merge_deletion(
    target: Store,
    src: Store,
    ours: Claim,
    path: Path,
    title: str,
    report: MergeReport,
    known: dict[str, Claim],
) -> None:
    theirs_history = _history(src, ours.id)
    if _version_key(ours) not in set(theirs_history):
        ours_history = set(_history(target, ours.id))
        if not any(key in ours_history for key in theirs_history):
            return  # the source never had a version OUT knows: not the same claim's story
        # The source deleted a version OUT has changed since: a conflict, and OUT's edit is kept.
        ancestor = _common_version(src, ours.id, theirs_history, ours_history)
        report.conflicts.append(MergeConflict(ours.annotator, title, path, ours, None, ancestor, ours))
        report.tally(ours.annotator).conflicts += 1
        return
    target.remove_claim(ours.id)
    del known[ours.id]
    target.log_event(
        "merge", ours.annotator, doc_id=ours.doc_id, claim_id=ours.id, before=claim_event_dict(ours)
    )
    report.tally(ours.annotator).removed += 1


def _replace(target: Store, ours: Claim, theirs: Claim, known: dict[str, Claim]) -> None:
    target.replace_claim(theirs)
    known[theirs.id] = theirs
    # An edit of OUT, audited like one; its versions also tell the next merge that OUT has seen both.
    target.log_event(
        "merge",
        theirs.annotator,
        doc_id=theirs.doc_id,
        claim_id=theirs.id,
        before=claim_event_dict(ours),
        after=claim_event_dict(theirs),
    )


def _common_version(
    src: Store, claim_id: str, theirs_history: list[Any], ours_history: set[Any]
) -> dict[str, Any] | None:
    """The last version of the source's log that OUT's log has too."""
    versions = claim_versions(src, claim_id)
    for key, version in zip(reversed(theirs_history), reversed(versions), strict=True):
        if key in ours_history:
            return version
    return None
