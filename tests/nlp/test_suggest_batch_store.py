"""Suggestions stored in one batch per article are exactly what one ``add_claim`` per suggestion stores: the
same claims, with one "add" audit event each, logged in the order they were made."""

from __future__ import annotations

from annotator.core.model import SUGGESTER
from annotator.nlp.suggester import suggest
from annotator.services.claims import add_claim, claim_event_dict, list_claims
from annotator.services.library import import_sample
from annotator.services.suggest import suggest_documents
from annotator.store import Store

_STAMPS = ("id", "created_at", "updated_at")


def _content(claim_dict: dict) -> dict:
    return {k: v for k, v in claim_dict.items() if k not in _STAMPS}


def test_batched_suggestions_equal_one_add_claim_each(store: Store, sample_doc_id: str) -> None:
    text = store.get_document(sample_doc_id).text
    other = Store(store.path.with_name("one-by-one.db"))
    try:
        other_id = import_sample(other, annotator="tester")
        for s in suggest(text):
            add_claim(
                other,
                other_id,
                s.start,
                s.end,
                annotator="alice",
                owner=SUGGESTER,
                label=s.label,
                status="suggested",
                origin=SUGGESTER,
                source=s.source,
                cue=s.cue,
                confidence=s.confidence,
                reason=s.reason,
            )
        expected = [_content(claim_event_dict(c)) for c in list_claims(other, other_id)]
    finally:
        other.close()

    suggest_documents(store, [sample_doc_id], annotator="alice")
    stored = list_claims(store, sample_doc_id)
    assert [_content(claim_event_dict(c)) for c in stored] == expected
    assert {c.annotator for c in stored} == {SUGGESTER}
    # One "add" event per suggestion, by who ran it, holding the claim as stored, in the order of the text.
    adds = [e for e in reversed(store.events()) if e["action"] == "add" and e["claim_id"]]
    by_id = {c.id: c for c in stored}
    assert [e["claim_id"] for e in adds] == [c.id for c in sorted(stored, key=lambda c: c.start)]
    assert all(e["annotator"] == "alice" and e["before"] is None for e in adds)
    assert all(e["after"] == claim_event_dict(by_id[e["claim_id"]]) for e in adds)
    assert SUGGESTER in store.annotators()
