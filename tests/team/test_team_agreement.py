"""Agreement figures against worked examples from the literature and values computed by hand."""

from __future__ import annotations

import math

import pytest

from annotator.core.model import GOLD
from annotator.services.agreement import (
    adjudicate,
    agreement,
    cohen_kappa,
    krippendorff_alpha_nominal,
    review_items,
)
from annotator.services.claims import add_claim, list_claims
from annotator.store import Store

from .conftest import add_article, add_suggestions, sentence_span


def label_all(store: Store, doc_id: str, name: str, labels: list[str | None], **kwargs) -> None:
    for index, label in enumerate(labels):
        if label is not None:
            start, end = sentence_span(index)
            add_claim(store, doc_id, start, end, annotator=name, label=label, **kwargs)


def test_krippendorff_nominal_example_from_the_literature():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal data: 4 coders, 12 units."""
    rows = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    units = [{coder: values[i] for coder, values in rows.items() if values[i] is not None} for i in range(12)]
    assert krippendorff_alpha_nominal(units) == pytest.approx(0.743, abs=5e-4)


def test_cohen_kappa_textbook_example():
    """50 grant proposals: yes/yes 20, yes/no 5, no/yes 10, no/no 15; p_o = 0.7, p_e = 0.5, kappa = 0.4."""
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([]) is None
    assert cohen_kappa([("f", "f")] * 3) is None  # no variation: chance agreement is 1


def test_textbook_kappa_through_a_database(store):
    doc_id = add_article(store)
    alice = ["factual"] * 25 + ["disputed"] * 25
    bob = ["factual"] * 20 + ["disputed"] * 5 + ["factual"] * 10 + ["disputed"] * 15
    label_all(store, doc_id, "alice", alice)
    label_all(store, doc_id, "bob", bob)

    result = agreement(store)

    (pair,) = result["pairs"]
    assert (pair["a"], pair["b"], pair["n"]) == ("alice", "bob", 50)
    assert pair["cohen_kappa"] == pytest.approx(0.4)
    assert pair["observed_agreement"] == pytest.approx(0.7)
    assert pair["span_f1"] == 1.0
    assert pair["confusion"]["factual"]["disputed"] == 5 and pair["confusion"]["disputed"]["factual"] == 10


# Hand-computed example: three annotators, five spans (A: alice, B: bob, C: carol; f/d/a = labels).
#   span:  0  1  2  3  4
#   A:     f  f  d  a  a
#   B:     f  f  d  a  d
#   C:     f  d  d  -  a
# Coincidences: o_ff=4, o_dd=3, o_aa=3, o_fd=o_df=1, o_ad=o_da=1; n_f=5, n_d=5, n_a=4, n=14.
# D_o = 4/14, D_e = (14² - 25 - 25 - 16) / (14·13) = 130/182, alpha = 1 - D_o/D_e = 0.6.
# kappa(A, B): p_o = 4/5, p_e = (2·2 + 1·2 + 2·1)/25 = 8/25, kappa = 0.48/0.68 = 0.70588.
# kappa(A, C): spans 0,1,2,4: p_o = 3/4, p_e = (2·1 + 1·2 + 1·1)/16 = 5/16, kappa = 0.4375/0.6875 = 0.63636.
# span F1(A, C): 4 matched of 5 and 4 claims: precision 1, recall 0.8, F1 = 8/9.
HAND = {
    "alice": ["factual", "factual", "disputed", "attributed", "attributed"],
    "bob": ["factual", "factual", "disputed", "attributed", "disputed"],
    "carol": ["factual", "disputed", "disputed", None, "attributed"],
}


@pytest.fixture
def hand_store(store):
    doc_id = add_article(store)
    for name, labels in HAND.items():
        label_all(store, doc_id, name, labels)
    return store, doc_id


def test_hand_computed_alpha_kappa_and_f1(hand_store):
    store, _ = hand_store
    result = agreement(store)
    assert result["krippendorff_alpha"] == pytest.approx(0.6)
    pairs = {(p["a"], p["b"]): p for p in result["pairs"]}
    assert list(pairs) == [("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    assert pairs["alice", "bob"]["cohen_kappa"] == pytest.approx(0.48 / 0.68, abs=1e-4)
    ac = pairs["alice", "carol"]
    assert ac["n"] == 4 and ac["cohen_kappa"] == pytest.approx(0.4375 / 0.6875, abs=1e-4)
    assert (ac["span_precision"], ac["span_recall"]) == (1.0, 0.8)
    assert ac["span_f1"] == pytest.approx(8 / 9, abs=1e-4)
    # factual: given together 4 times (8 labels) out of 10 factual labels on matched spans.
    assert result["per_label"]["factual"]["specific_agreement"] == pytest.approx(0.8)
    assert result["per_label"]["disputed"]["claims"] == {"alice": 1, "bob": 2, "carol": 2}
    assert set(result) >= {"pairs", "krippendorff_alpha", "per_label"}


def test_rejected_and_pending_claims_do_not_count(store):
    doc_id = add_article(store)
    label_all(store, doc_id, "alice", ["factual", "disputed"])
    label_all(store, doc_id, "bob", ["factual"])
    label_all(store, doc_id, "bob", [None, "factual"], status="rejected")
    label_all(store, doc_id, "bob", [None, None, "factual"], status="suggested")
    (pair,) = agreement(store)["pairs"]
    assert (pair["n"], pair["claims_b"], pair["span_recall"]) == (1, 1, 0.5)


def test_overlap_matching(store):
    doc_id = add_article(store)
    start, end = sentence_span(0)
    add_claim(store, doc_id, start, end, annotator="alice", label="factual")
    add_claim(store, doc_id, start + 9, end, annotator="bob", label="factual")  # most of alice's span
    start2, end2 = sentence_span(1)
    add_claim(store, doc_id, start2, end2, annotator="alice", label="factual")
    add_claim(store, doc_id, end2 - 5, end2, annotator="bob", label="factual")  # shares 5 chars of 5: >= 50%
    add_claim(store, doc_id, *sentence_span(2), annotator="alice", label="disputed")
    add_claim(store, doc_id, sentence_span(2)[0], sentence_span(3)[1], annotator="bob", label="disputed")

    exact = agreement(store, match="exact")["pairs"][0]
    overlap = agreement(store, match="overlap")["pairs"][0]
    assert exact["matched_spans"] == 0 and exact["span_f1"] == 0.0
    assert overlap["matched_spans"] == 3 and overlap["span_f1"] == 1.0
    assert overlap["cohen_kappa"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="match"):
        agreement(store, match="fuzzy")


def test_gold_is_the_reference_not_an_annotator(hand_store):
    store, doc_id = hand_store
    adjudicate(store, doc_id, *sentence_span(4), "attributed", reviewer="rita")
    result = agreement(store)
    assert GOLD not in result["annotators"] and result["krippendorff_alpha"] == pytest.approx(0.6)
    scores = {row["b"]: row for row in result["against_gold"]}
    assert scores["alice"]["span_precision"] == pytest.approx(1 / 5)


def test_review_items_put_disagreements_first(hand_store):
    store, _ = hand_store
    items = review_items(store)
    assert len(items) == 5
    assert [item.disagree for item in items] == [True, True, True, False, False]
    # Disagreements in text order: span 1 (f/f/d), span 3 (carol did not mark it), span 4 (a/d/a).
    assert [item.start for item in items[:3]] == [sentence_span(i)[0] for i in (1, 3, 4)]
    first = items[0]
    assert first.labels == {"alice": "factual", "bob": "factual", "carol": "disputed"}
    assert first.majority == "factual" and first.gold is None
    assert items[1].annotators == ("alice", "bob", "carol") and "carol" not in items[1].labels


def test_adjudicate_records_gold_under_the_reviewer(hand_store):
    store, doc_id = hand_store
    start, end = sentence_span(1)
    claim = adjudicate(store, doc_id, start, end, "disputed", reviewer="rita").claim
    assert (claim.annotator, claim.status, claim.origin) == (GOLD, "accepted", "manual")
    assert claim.label == "disputed"
    assert claim.text == store.get_document(doc_id).text[start:end]
    (event,) = store.events(claim.id)
    assert (event["annotator"], event["action"]) == ("rita", "adjudicate")

    again = adjudicate(store, doc_id, start, end, "factual", reviewer="sam").claim
    assert again.id == claim.id and again.label == "factual"
    assert [e["annotator"] for e in store.events(claim.id)] == ["sam", "rita"]
    gold = list_claims(store, annotator=[GOLD])
    assert len(gold) == 1
    item = next(i for i in review_items(store) if i.start == start)
    assert item.gold is not None and item.gold.label == "factual"

    not_a_claim = adjudicate(store, doc_id, *sentence_span(3), None, reviewer="rita").claim
    assert not_a_claim.status == "rejected"
    assert math.isclose(agreement(store)["krippendorff_alpha"], 0.6)  # gold never changes agreement


def test_the_suggester_is_no_annotator_and_rejections_are_not_blanks(tmp_path):
    from annotator.services.claims import reject_claim, set_label

    with Store(tmp_path / "team.db") as store:
        doc_id = add_article(store, annotator="lead")
        made = add_suggestions(store, doc_id, 3)
        # A suggestion accepted in place under the suggester's name (an old database) counts for nobody.
        store.replace_claim(made[2].with_changes(status="accepted"))
        set_label(store, made[0].id, "factual", annotator="alice")
        set_label(store, made[0].id, "disputed", annotator="bob")
        set_label(store, made[1].id, "factual", annotator="alice")
        reject_claim(store, made[1].id, annotator="bob")
        figures = agreement(store)
        assert figures["annotators"] == ["alice", "bob"]
        (pair,) = figures["pairs"]
        assert (pair["a"], pair["b"], pair["claims_a"], pair["claims_b"]) == ("alice", "bob", 2, 1)
        items = {item.start: item for item in review_items(store)}
    rejected, labelled = items[sentence_span(1)[0]], items[sentence_span(0)[0]]
    assert (rejected.labels, rejected.rejected, rejected.not_marked) == ({"alice": "factual"}, ("bob",), ())
    assert rejected.disagree and rejected.open
    assert labelled.labels == {"alice": "factual", "bob": "disputed"}
    assert labelled.claims["bob"].basis == made[0].id  # each person's claim, for source and cue differences
    assert sentence_span(2)[0] not in items  # the suggester's accepted claim is nobody's decision
