"""Suggest use case: run the claim suggester over stored articles and store what it finds.

Suggestions are stored as claims with status ``suggested`` and origin ``suggester`` (with confidence, source
and cue spans, and the suggester's reason). What a person has touched always wins:

* a suggestion whose exact span already exists for the article is not added again, whatever that claim's
  status (a rejected suggestion never comes back), so running the suggester twice changes nothing;
* a suggestion overlapping a claim that a person made or decided (origin not ``suggester``, or status not
  ``suggested``) is dropped;
* an untouched earlier suggestion overlapping a new one (another model, improved rules) is replaced.

Each article is written whole inside one transaction (several short articles share one, committed at
least every half second), so a cancelled or failed run leaves whole articles only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from annotator.core.model import SUGGESTER, Claim, make_span, new_id, now_iso, validate_claim
from annotator.core.progress import NO_PROGRESS, Progress
from annotator.nlp.suggester import Suggestion, load_pipeline, suggest_many
from annotator.services.claims import claim_event_dict, delete_claim
from annotator.store import Store

# Articles are committed together for at most this long (each article stays whole in one transaction).
COMMIT_EVERY_S = 0.5


@dataclass(slots=True)
class DocumentReport:
    doc_id: str
    added: int = 0
    existing: int = 0  # exact span already stored (including rejected suggestions)
    overridden: int = 0  # overlapping a claim a person made or decided
    replaced: int = 0  # older untouched suggestions replaced by a new one


@dataclass(slots=True)
class SuggestReport:
    documents: list[DocumentReport] = field(default_factory=list)
    cancelled: bool = False
    model: str | None = None

    @property
    def added(self) -> int:
        return sum(d.added for d in self.documents)

    @property
    def skipped(self) -> int:
        return sum(d.existing + d.overridden for d in self.documents)

    @property
    def replaced(self) -> int:
        return sum(d.replaced for d in self.documents)


def is_touched(claim: Claim) -> bool:
    """A claim a person made or decided on, which the suggester must never overwrite or duplicate."""
    return claim.origin != SUGGESTER or claim.status != "suggested"


def _overlaps(a: Claim, s: Suggestion) -> bool:
    return a.start < s.end and s.start < a.end


def suggest_documents(
    store: Store,
    doc_ids: list[str] | None = None,
    model: str | None = None,
    annotator: str = SUGGESTER,
    progress: Progress = NO_PROGRESS,
    batch_size: int = 16,
) -> SuggestReport:
    """Suggest claims for the given articles (all when ``doc_ids`` is None) and store them.

    Every suggestion belongs to the suggester (``core.model.SUGGESTER``), whoever runs it: accepting one
    makes a claim of the person who accepted it (``services.claims``). ``annotator`` (who ran it) is logged
    with each added suggestion.
    ``model`` names an installed trained spaCy pipeline (or a path); None uses the rule pipeline. Raises
    :class:`~annotator.nlp.suggester.ModelNotFoundError` when the model is not installed, and
    :class:`~annotator.store.NotFoundError` for an unknown article id, before anything is written.
    ``progress.step(done, total, title)`` is called after each article is stored and ``progress.cancelled()``
    is checked before each: a cancelled run stops at an article boundary (every article done is stored
    whole, nothing of the next) and returns ``cancelled=True``.
    """
    nlp = load_pipeline(model)
    ids = list(store.document_ids() if doc_ids is None else doc_ids)
    docs = {doc_id: store.get_document(doc_id) for doc_id in ids}  # unknown ids fail before writing
    report = SuggestReport(model=model)
    if progress.cancelled():
        report.cancelled = True
        return report
    results = iter(suggest_many((docs[i].text for i in ids), nlp=nlp, batch_size=batch_size))
    done = 0
    while done < len(ids) and not report.cancelled:
        # Whole articles per transaction, several to a commit: a commit syncs the file to disk, which for
        # short articles costs more than suggesting them. A cancel or a failure still leaves whole articles.
        with store.transaction():
            opened = time.monotonic()
            while done < len(ids) and time.monotonic() - opened < COMMIT_EVERY_S:
                if progress.cancelled():
                    report.cancelled = True
                    break
                doc_id = ids[done]
                suggestions = next(results)  # lazily: a cancel leaves the rest of the batch unprocessed
                report.documents.append(
                    _store_suggestions(store, doc_id, docs[doc_id].text, suggestions, annotator)
                )
                done += 1
                progress.step(done, len(ids), docs[doc_id].title or doc_id)
    return report


def suggest_all_documents(
    store: Store,
    model: str | None = None,
    annotator: str = SUGGESTER,
    progress: Progress = NO_PROGRESS,
) -> SuggestReport:
    """Suggest claims for every article in the database (the window's "Suggest all articles")."""
    return suggest_documents(store, None, model=model, annotator=annotator, progress=progress)


def _suggested_claim(doc_id: str, text: str, s: Suggestion) -> Claim:
    """The claim ``services.claims.add_claim`` would make of a suggestion, validated the same way."""
    stamp = now_iso()
    claim = Claim(
        id=new_id(),
        doc_id=doc_id,
        start=s.start,
        end=s.end,
        text=text[s.start : s.end],
        label=s.label,
        status="suggested",
        source=None if s.source is None else make_span(text, *s.source),
        cue=None if s.cue is None else make_span(text, *s.cue),
        annotator=SUGGESTER,
        origin=SUGGESTER,
        confidence=s.confidence,
        created_at=stamp,
        updated_at=stamp,
        reason=s.reason,
    )
    validate_claim(claim, text)
    return claim


def _store_suggestions(
    store: Store, doc_id: str, text: str, suggestions: list[Suggestion], annotator: str
) -> DocumentReport:
    """Store an article's suggestions: the rows and "add" events of one ``add_claim`` each, written with
    one statement per table (a statement per claim cost more than finding the claims)."""
    rep = DocumentReport(doc_id)
    pending: list[Claim] = []

    def flush() -> None:
        store.insert_claims(pending)
        store.log_events(("add", annotator, c.doc_id, c.id, None, claim_event_dict(c)) for c in pending)
        pending.clear()

    with store.transaction():
        existing = store.claims(doc_id)
        spans = {(c.start, c.end) for c in existing}
        decided = {c.basis for c in existing if c.basis}  # a suggestion someone decided on is kept
        for s in suggestions:
            if (s.start, s.end) in spans:
                rep.existing += 1
                continue
            overlapping = [c for c in existing if _overlaps(c, s)]
            if any(is_touched(c) or c.id in decided for c in overlapping):
                rep.overridden += 1
                continue
            if overlapping and pending:
                flush()  # the audit log keeps the order: what was added before this replacement
            for old in overlapping:
                delete_claim(store, old.id, annotator=old.annotator)  # the suggester replaces its own
                existing.remove(old)
                rep.replaced += 1
            claim = _suggested_claim(doc_id, text, s)
            pending.append(claim)
            existing.append(claim)
            spans.add((s.start, s.end))
            rep.added += 1
        flush()
    return rep
