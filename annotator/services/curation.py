"""Curation of one article, after INCEpTION's curation page: every annotator's decision per span, the gold
decision beside them, and the edits a curator makes (take what everyone agrees on, decide a span, mark the
article finished).

A *unit* is one exact span (start, end) that at least one person decided on: accepted (with a label or not)
or rejected. Suggestions nobody decided on are the suggester's, not decisions, and gold is the reference, not
an annotator. For each person who decided anything in the article, a unit says one of: a label, "accepted
without a label", "rejected", or "not marked" (no claim of theirs on that span).

The annotators *agree* on a unit when everyone who worked on the article decided it the same way: the same
status and label, the same source span and the same cue span. A unit is an *open disagreement* while they do
not agree and gold has not decided it.

Every gold write returns the :class:`Changes` it made (the team model's one change path), so that
``services.claims.undo`` / ``redo`` revert it by compare-and-swap: a gold claim someone changed since is left
alone (``ObsoleteChange``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.model import (
    GOLD,
    LABELS,
    Claim,
    Span,
    ValidationError,
    is_decided,
    is_person,
    new_id,
    now_iso,
    validate_claim,
)
from annotator.services.changes import Changes, ClaimChange
from annotator.services.claims import claim_event_dict
from annotator.store import Store
from annotator.store.curation import FINISH, REOPEN, claims_on_span, finished_documents

NOT_MARKED = "not marked"
REJECTED = "rejected"
UNLABELLED = "no label"


# -- what a curator sees ---------------------------------------------------------------------------


def decision_text(claim: Claim | None) -> str:
    """One annotator's decision on a unit in words: a label, "no label", "rejected" or "not marked"."""
    if claim is None:
        return NOT_MARKED
    if claim.status == "rejected":
        return REJECTED
    return claim.label or UNLABELLED


def _span_key(span: Span | None) -> tuple[int, int] | None:
    return None if span is None else (span.start, span.end)


def _verdict(claim: Claim | None) -> tuple[Any, ...]:
    """What must be equal for two decisions to agree."""
    if claim is None:
        return (NOT_MARKED,)
    if claim.status == "rejected":
        return (REJECTED,)
    return (claim.label, _span_key(claim.source), _span_key(claim.cue))


@dataclass(frozen=True, slots=True)
class Unit:
    """One span with each person's decision on it and the gold decision (build with :func:`make_unit`)."""

    doc_id: str
    start: int
    end: int
    text: str
    annotators: tuple[str, ...]  # everyone who decided anything in the article, in name order
    decisions: dict[str, Claim]  # annotator -> their claim on exactly this span
    gold: Claim | None = None
    agreed: bool = False  # everyone decided it the same way (computed once: J/K and painting ask often)

    @property
    def key(self) -> tuple[int, int]:
        return self.start, self.end

    def decision(self, annotator: str) -> Claim | None:
        return self.decisions.get(annotator)

    @property
    def open(self) -> bool:
        """A disagreement gold has not decided yet."""
        return self.gold is None and not self.agreed

    @property
    def agreed_claim(self) -> Claim | None:
        """The decision everyone made (the first annotator's), when they agree."""
        return self.decisions.get(self.annotators[0]) if self.agreed else None

    def with_gold(self, gold: Claim | None) -> Unit:
        return replace(self, gold=gold)

    def summary(self) -> str:
        """ "alice: attributed · bob: rejected · carol: not marked" """
        return " · ".join(f"{name}: {decision_text(self.decisions.get(name))}" for name in self.annotators)

    def differences(self) -> list[str]:
        """Source and cue differences between the annotators who accepted the span, in words:
        ["source: alice 'the minister' · bob 'Smith'", …]; empty when they agree on both."""
        accepted = [(n, c) for n, c in sorted(self.decisions.items()) if c.status == "accepted"]
        lines = []
        for part in ("source", "cue"):
            spans = {n: getattr(c, part) for n, c in accepted}
            if len(accepted) > 1 and len({_span_key(s) for s in spans.values()}) > 1:
                said = " · ".join(f"{n} '{s.text}'" if s else f"{n} none" for n, s in spans.items())
                lines.append(f"{part}: {said}")
        return lines


def make_unit(
    doc_id: str,
    start: int,
    end: int,
    text: str,
    annotators: tuple[str, ...],
    decisions: dict[str, Claim],
    gold: Claim | None = None,
) -> Unit:
    agreed = bool(annotators) and len({_verdict(decisions.get(name)) for name in annotators}) == 1
    return Unit(doc_id, start, end, text, annotators, decisions, gold, agreed)


@dataclass(slots=True)
class Curation:
    """Everything the curation view shows of one article; units in text order."""

    doc_id: str
    annotators: tuple[str, ...]
    units: list[Unit] = field(default_factory=list)
    finished: bool = False
    _by_key: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {unit.key: i for i, unit in enumerate(self.units)}

    _open: list[Unit] | None = field(default=None, repr=False)

    @property
    def open_units(self) -> list[Unit]:
        """The open disagreements in text order (kept until gold changes: J/K ask at every key)."""
        if self._open is None:
            self._open = [unit for unit in self.units if unit.open]
        return self._open

    @property
    def agreed_without_gold(self) -> list[Unit]:
        return [unit for unit in self.units if unit.gold is None and unit.agreed]

    def unit_at(self, start: int, end: int) -> Unit | None:
        index = self._by_key.get((start, end))
        return None if index is None else self.units[index]

    def set_gold(self, claim: Claim, gold: Claim | None) -> Unit:
        """Put gold's decision on ``claim``'s span (None: gold has none) into the units; returns the unit."""
        self._open = None
        index = self._by_key.get((claim.start, claim.end))
        if index is not None:
            unit = self.units[index] = self.units[index].with_gold(gold)
            return unit
        unit = make_unit(self.doc_id, claim.start, claim.end, claim.text, self.annotators, {}, gold)
        self.units.append(unit)
        self.units.sort(key=lambda u: u.key)
        self._by_key = {u.key: i for i, u in enumerate(self.units)}
        return unit


def build_units(doc_id: str, text: str, claims: Iterable[Claim]) -> Curation:
    """Group one article's claims into units (pure: the window builds a first screen with it too)."""
    by_span: dict[tuple[int, int], dict[str, Claim]] = defaultdict(dict)
    gold: dict[tuple[int, int], Claim] = {}
    for claim in claims:
        key = (claim.start, claim.end)
        if claim.annotator == GOLD:
            gold[key] = claim
        elif is_person(claim.annotator) and is_decided(claim):
            # one claim per person and span: the newest one speaks for them
            known = by_span[key].get(claim.annotator)
            if known is None or claim.updated_at >= known.updated_at:
                by_span[key][claim.annotator] = claim
    annotators = tuple(sorted({name for decisions in by_span.values() for name in decisions}))
    units = [
        make_unit(doc_id, start, end, text[start:end], annotators, decisions, gold.get((start, end)))
        for (start, end), decisions in by_span.items()
    ]
    units += [  # spans only gold marked
        make_unit(doc_id, s, e, text[s:e], annotators, {}, claim)
        for (s, e), claim in gold.items()
        if (s, e) not in by_span
    ]
    units.sort(key=lambda unit: (unit.start, unit.end))
    return Curation(doc_id, annotators, units)


def curation_of(store: Store, doc_id: str) -> Curation:
    """The units of one article, and whether it is marked finished."""
    curation = build_units(doc_id, store.get_document(doc_id).text, store.claims(doc_id))
    curation.finished = doc_id in finished_documents(store)
    return curation


# -- gold writes, and undoing them -----------------------------------------------------------------


def _gold_on(store: Store, doc_id: str, start: int, end: int) -> Claim | None:
    found = claims_on_span(store, doc_id, start, end, GOLD)
    return found[0] if found else None


def _write_gold(
    store: Store,
    doc_id: str,
    text: str,
    start: int,
    end: int,
    label: str | None,
    source: Span | None,
    cue: Span | None,
    reviewer: str,
) -> ClaimChange | None:
    """Inside a transaction: make the gold claim on [start, end) say ``label`` (None: not a claim)."""
    if label is not None and label not in LABELS:
        raise ValidationError("label", label, f"expected one of {', '.join(LABELS)} or none")
    status = "accepted" if label is not None else "rejected"
    if label is None:
        source = cue = None
    before = _gold_on(store, doc_id, start, end)
    stamp = now_iso()
    if before is not None:
        after = before.with_changes(label=label, status=status, source=source, cue=cue)
        if after == before:
            return None
        after = after.with_changes(updated_at=stamp)
        validate_claim(after, text)
        store.replace_claim(after)
    else:
        after = Claim(
            id=new_id(),
            doc_id=doc_id,
            start=start,
            end=end,
            text=text[start:end],
            label=label,
            status=status,
            source=source,
            cue=cue,
            annotator=GOLD,
            origin="manual",
            created_at=stamp,
            updated_at=stamp,
        )
        validate_claim(after, text)
        store.insert_claim(after)
    store.log_event(
        "adjudicate",
        reviewer,
        doc_id=doc_id,
        claim_id=after.id,
        before=None if before is None else claim_event_dict(before),
        after=claim_event_dict(after),
    )
    return ClaimChange(before, after)


def decide(store: Store, unit: Unit, label: str | None, *, reviewer: str) -> Changes:
    """Gold decides ``unit``: ``label`` (None: not a claim). The source and cue come from the first annotator
    who gave that label (so an attributed claim keeps its structure), else from the gold claim itself."""
    source = cue = None
    if label is not None:
        same = [c for _, c in sorted(unit.decisions.items()) if c.status == "accepted" and c.label == label]
        template = same[0] if same else unit.gold
        if template is not None:
            source, cue = template.source, template.cue
    text = store.get_document(unit.doc_id).text
    with store.transaction():
        change = _write_gold(store, unit.doc_id, text, unit.start, unit.end, label, source, cue, reviewer)
    return Changes(unit.doc_id, (change,) if change else ())


def take_decision(store: Store, unit: Unit, annotator: str, *, reviewer: str) -> Changes:
    """Gold takes ``annotator``'s decision on ``unit`` as it is: label, source and cue, or their rejection
    (how a curator settles annotators who agree on the label but not on the source)."""
    claim = unit.decision(annotator)
    if claim is None:
        raise ValidationError("annotator", annotator, "did not mark this span")
    label = None if claim.status == "rejected" else claim.label
    if claim.status == "accepted" and label is None:
        raise ValidationError("label", None, f"{annotator} accepted this span without a label")
    text = store.get_document(unit.doc_id).text
    with store.transaction():
        change = _write_gold(
            store, unit.doc_id, text, unit.start, unit.end, label, claim.source, claim.cue, reviewer
        )
    return Changes(unit.doc_id, (change,) if change else ())


def take_agreed(store: Store, doc_id: str, *, reviewer: str) -> Changes:
    """Copy every unit the annotators agree on (and gold has not decided) into gold, in one transaction."""
    curation = curation_of(store, doc_id)
    text = store.get_document(doc_id).text
    changes = []
    with store.transaction():
        for unit in curation.agreed_without_gold:
            claim = unit.agreed_claim
            assert claim is not None
            label = None if claim.status == "rejected" else claim.label
            if claim.status == "accepted" and label is None:
                continue  # everyone accepted it without a label: nothing to decide yet
            change = _write_gold(
                store, doc_id, text, unit.start, unit.end, label, claim.source, claim.cue, reviewer
            )
            if change:
                changes.append(change)
    return Changes(doc_id, tuple(changes))


# -- finished marks ----------------------------------------------------------------------------------


def set_finished(store: Store, doc_id: str, finished: bool, *, reviewer: str) -> None:
    """Mark an article's curation finished (or reopen it); stored in the event log, so it merges."""
    store.get_document(doc_id)  # a clear error for an unknown article
    with store.transaction():
        store.log_event(FINISH if finished else REOPEN, reviewer, doc_id=doc_id)


# -- per-article progress, for the statistics view and the article list ------------------------------


@dataclass(frozen=True, slots=True)
class ArticleProgress:
    doc_id: str
    title: str
    annotators: tuple[str, ...]
    spans: int  # units: spans someone decided on (or gold marked)
    agreed: int  # spans every annotator decided the same way
    gold: int  # spans gold has decided
    open: int  # disagreements gold has not decided
    pending: int  # suggestions nobody has decided on yet
    finished: bool

    @property
    def progress(self) -> float:
        """Share settled, 0..1: spans gold decided or everyone agreed on, of the spans plus the suggestions
        nobody has decided yet. Below 1 while a disagreement is open."""
        total = self.spans + self.pending
        return (self.spans - self.open) / total if total else 0.0


def progress_of(curation: Curation, title: str, pending: int) -> ArticleProgress:
    """One article's row from its curation (the window updates the open article's row with it after each
    gold decision: one pass over the units)."""
    agreed = gold = open_ = 0
    for unit in curation.units:
        agreed += unit.agreed
        gold += unit.gold is not None
        open_ += unit.gold is None and not unit.agreed
    return ArticleProgress(
        curation.doc_id,
        title,
        curation.annotators,
        len(curation.units),
        agreed,
        gold,
        open_,
        pending,
        curation.finished,
    )


def curation_progress(store: Store) -> list[ArticleProgress]:
    """One row per article, in the article list's order."""
    finished = finished_documents(store)
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in store.claims():
        by_doc[claim.doc_id].append(claim)
    rows = []
    for doc in store.list_documents():
        claims = by_doc.get(doc.id, [])
        curation = build_units(doc.id, "", claims)
        curation.finished = doc.id in finished
        bases = {getattr(c, "basis", None) for c in claims}  # decided suggestions (team model) stay suggested
        pending = sum(c.status == "suggested" and c.id not in bases for c in claims)
        rows.append(progress_of(curation, doc.title, pending))
    return rows


def finished_articles(store: Store) -> set[str]:
    """Ids of the articles whose curation is marked finished (the statistics view shows them)."""
    return set(finished_documents(store))
