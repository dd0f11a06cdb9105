"""A decision belongs to the person who made it; every edit returns what changed (DESIGN.md rules 7, 10)."""

from __future__ import annotations

import json

import pytest

from annotator.core.model import SUGGESTER, decision_id, is_decided, is_labelled
from annotator.services import claims as svc
from annotator.services.changes import ClaimChange, ObsoleteChange
from annotator.store import Store

from .conftest import add_article, sentence_span


@pytest.fixture
def suggested(tmp_path):
    """A database with one article and one suggestion (the suggester's, run by the lead)."""
    store = Store(tmp_path / "team.db")
    doc_id = add_article(store, annotator="lead")
    start, end = sentence_span(0)
    suggestion = svc.add_claim(
        store,
        doc_id,
        start,
        end,
        annotator="lead",
        owner=SUGGESTER,
        label="factual",
        status="suggested",
        origin="suggester",
        cue=(start, start + 8),
        confidence=0.7,
    ).claim
    yield store, doc_id, suggestion
    store.close()


DECISIONS = {
    "accept": lambda store, claim: svc.accept_claim(store, claim.id, annotator="alice"),
    "label": lambda store, claim: svc.set_label(store, claim.id, "disputed", annotator="alice"),
    "span": lambda store, claim: svc.update_claim(store, claim.id, annotator="alice", end=claim.end - 1),
    "source": lambda store, claim: svc.update_claim(
        store, claim.id, annotator="alice", source=(claim.start, claim.start + 4)
    ),
    "cue": lambda store, claim: svc.update_claim(store, claim.id, annotator="alice", cue=None),
    "reject": lambda store, claim: svc.reject_claim(store, claim.id, annotator="alice"),
    "delete": lambda store, claim: svc.delete_claim(store, claim.id, annotator="alice"),
}


@pytest.mark.parametrize("kind", sorted(DECISIONS))
def test_every_decision_on_a_suggestion_is_the_deciders_own_claim(suggested, kind):
    store, doc_id, suggestion = suggested
    changes = DECISIONS[kind](store, suggestion)
    assert store.get_claim(suggestion.id) == suggestion  # the suggestion is untouched
    (change,) = changes.claims
    mine = change.after
    assert change.before is None and mine is not None  # a new claim of alice's
    assert (mine.annotator, mine.basis, mine.id) == (
        "alice",
        suggestion.id,
        decision_id(suggestion.id, "alice"),
    )
    assert mine.status == ("rejected" if kind in ("reject", "delete") else "accepted")
    assert is_decided(mine)
    # alice's view shows her decision instead of the suggestion; bob still sees the open suggestion
    assert [c.id for c in svc.claims_for(store, doc_id, "alice")] == [mine.id]
    assert [c.id for c in svc.claims_for(store, doc_id, "bob")] == [suggestion.id]
    # and the view part of the changes says so: the suggestion goes, alice's claim comes
    assert changes.view == (ClaimChange(suggestion, None), ClaimChange(None, mine))


def test_a_second_edit_changes_the_same_decision_in_place(suggested):
    store, _doc_id, suggestion = suggested
    first = svc.set_label(store, suggestion.id, "disputed", annotator="alice").claim
    # pressing a key on the suggestion again (say, from a stale row) edits the decision, not a second one
    again = svc.set_label(store, suggestion.id, "attributed", annotator="alice")
    (change,) = again.claims
    assert change.before == first and change.after.id == first.id and change.after.label == "attributed"
    own = svc.set_label(store, first.id, "factual", annotator="alice").claim
    assert own.id == first.id and own.label == "factual"
    assert len(store.claims(annotator=["alice"])) == 1


def test_two_annotators_deciding_one_suggestion_get_two_claims(suggested):
    store, _doc_id, suggestion = suggested
    alice = svc.set_label(store, suggestion.id, "factual", annotator="alice").claim
    bob = svc.set_label(store, suggestion.id, "disputed", annotator="bob").claim
    assert alice.id != bob.id
    assert {(c.annotator, c.label) for c in store.claims(status=["accepted"])} == {
        ("alice", "factual"),
        ("bob", "disputed"),
    }


def test_deciding_on_another_annotators_claim_leaves_it_theirs(suggested):
    store, doc_id, _suggestion = suggested
    start, end = sentence_span(1)
    alices = svc.add_claim(store, doc_id, start, end, annotator="alice", label="factual").claim
    bobs = svc.set_label(store, alices.id, "disputed", annotator="bob").claim
    assert store.get_claim(alices.id) == alices
    assert (bobs.annotator, bobs.basis) == ("bob", alices.id)
    rejected = svc.delete_claim(store, alices.id, annotator="carol").claim
    assert store.get_claim(alices.id) == alices  # carol cannot delete alice's claim: she rejects it
    assert (rejected.annotator, rejected.status) == ("carol", "rejected")


def test_rejected_and_not_marked_can_be_told_apart(suggested):
    store, _doc_id, suggestion = suggested
    svc.reject_claim(store, suggestion.id, annotator="alice")
    decided = {c.annotator: c.status for c in store.claims() if c.basis == suggestion.id}
    assert decided == {"alice": "rejected"}  # bob, who never marked it, has no claim at all


def test_deleting_my_decision_opens_the_suggestion_again(suggested):
    store, doc_id, suggestion = suggested
    mine = svc.accept_claim(store, suggestion.id, annotator="alice").claim
    gone = svc.delete_claim(store, mine.id, annotator="alice")
    assert gone.removed == mine
    assert gone.view == (ClaimChange(mine, None), ClaimChange(None, suggestion))
    assert svc.claims_for(store, doc_id, "alice") == [suggestion]


def test_labelled_and_decided_are_defined_once(suggested):
    store, doc_id, suggestion = suggested
    assert not is_decided(suggestion) and not is_labelled(suggestion)
    svc.accept_claim(store, suggestion.id, annotator="alice")
    (progress,) = svc.article_progress(store, "alice")
    shown = svc.claims_for(store, doc_id, "alice")
    assert progress.labelled == sum(map(is_labelled, shown)) == 1
    (open_for_bob,) = svc.article_progress(store, "bob")
    assert (open_for_bob.claims, open_for_bob.labelled, open_for_bob.suggested) == (1, 0, 1)


# -- undo and redo: compare-and-swap ---------------------------------------------------------------


def test_undo_and_redo_of_a_decision(suggested):
    store, doc_id, suggestion = suggested
    changes = svc.set_label(store, suggestion.id, "disputed", annotator="alice")
    undone = svc.undo(store, changes, annotator="alice")
    assert svc.claims_for(store, doc_id, "alice") == [suggestion]
    assert undone.view[-1] == ClaimChange(None, suggestion)  # the view shows the suggestion again
    svc.redo(store, changes, annotator="alice")
    assert svc.claims_for(store, doc_id, "alice") == [changes.claim]
    assert [e["action"] for e in store.events(changes.claim.id)] == ["redo", "undo", "add"]


def test_undo_restores_a_deleted_claim_exactly(suggested):
    store, doc_id, _suggestion = suggested
    made = svc.add_claim(store, doc_id, *sentence_span(2), annotator="alice", label="factual", note="n").claim
    deleted = svc.delete_claim(store, made.id, annotator="alice")
    svc.undo(store, deleted, annotator="alice")
    assert store.get_claim(made.id) == made


def test_undo_does_not_overwrite_a_change_made_meanwhile_by_another_connection(suggested):
    store, doc_id, _suggestion = suggested
    made = svc.add_claim(store, doc_id, *sentence_span(3), annotator="alice", label="factual").claim
    changes = svc.set_label(store, made.id, "disputed", annotator="alice")
    with Store(store.path) as other:  # another window or process on the same file
        svc.update_claim(other, made.id, annotator="alice", note="checked by phone")
        theirs = other.get_claim(made.id)
    events = len(store.events())
    with pytest.raises(ObsoleteChange, match=r"^alice changed this claim since; nothing was undone\.$"):
        svc.undo(store, changes, annotator="alice")
    assert store.get_claim(made.id) == theirs  # their note and the label stay
    assert len(store.events()) == events  # and nothing was written


def test_redo_does_not_bring_back_a_claim_someone_deleted(suggested):
    store, doc_id, _suggestion = suggested
    made = svc.add_claim(store, doc_id, *sentence_span(4), annotator="alice").claim
    changes = svc.set_label(store, made.id, "factual", annotator="alice")
    svc.undo(store, changes, annotator="alice")
    with Store(store.path) as other:
        svc.delete_claim(other, made.id, annotator="alice")
    with pytest.raises(ObsoleteChange, match="deleted this claim since; nothing was redone"):
        svc.redo(store, changes, annotator="alice")
    assert made.id not in {c.id for c in svc.claims_for(store, doc_id, "alice")}


def test_migration_gives_old_suggestions_to_the_suggester(tmp_path):
    import sqlite3

    from sqlite_utils import Database

    from annotator.core.model import Document
    from annotator.services.exporting import ExportFilter, export
    from annotator.store.schema import APPLICATION_ID, MIGRATIONS

    from .conftest import ARTICLE

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS.apply(Database(conn), stop_before="m006_decisions_have_a_basis")
    doc = Document(Document.make_id(ARTICLE), "Old", ARTICLE)
    conn.execute(
        "INSERT INTO documents (id, sha256, title, text, created_at) VALUES (?, ?, ?, ?, 't')",
        (doc.id, doc.sha256, doc.title, doc.text),
    )
    for claim_id, index, status in (("open", 0, "suggested"), ("taken", 1, "accepted")):
        start, end = sentence_span(index)
        conn.execute(
            'INSERT INTO claims (id, doc_id, start, "end", text, status, annotator, origin, created_at, '
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'lead', 'suggester', 't', 't')",
            (claim_id, doc.id, start, end, ARTICLE[start:end], status),
        )
    conn.close()

    with Store(path) as store:
        assert store.backup_path is not None  # the file as it was is kept beside it
        owners = {c.id: (c.annotator, c.basis) for c in store.claims()}
        # the open suggestion is the suggester's now; the one the lead accepted stays the lead's decision
        assert owners == {"open": (SUGGESTER, None), "taken": ("lead", None)}
        out = tmp_path / "out.jsonl"
        export(store, "jsonl", out, ExportFilter.everything())
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert [c["basis"] for c in record["claims"]] == [None, None]


def test_the_suggester_never_replaces_a_suggestion_someone_decided_on(suggested, monkeypatch):
    """alice moved her decision away from the suggestion; a new, overlapping suggestion must not replace the
    one she decided on (her claim's basis would point at nothing)."""
    from annotator.nlp.suggester import Suggestion
    from annotator.services import suggest

    store, _doc_id, suggestion = suggested
    start, end = sentence_span(5)
    svc.update_claim(store, suggestion.id, annotator="alice", start=start, end=end)
    overlapping = Suggestion(suggestion.start, suggestion.end - 3, "factual", 0.9, "rule")
    monkeypatch.setattr(suggest, "load_pipeline", lambda model: None)
    monkeypatch.setattr(suggest, "suggest_many", lambda texts, **kw: [[overlapping] for _ in texts])
    report = suggest.suggest_documents(store, annotator="lead")
    assert (report.added, report.replaced) == (0, 0)
    assert store.get_claim(suggestion.id) == suggestion
