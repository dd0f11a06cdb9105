"""merge_databases: no loss, idempotent, read-only sources, conflicts reported."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.model import SUGGESTER, Document
from annotator.services.claims import add_claim, delete_claim, set_label
from annotator.services.merge import merge_databases
from annotator.store import NotAnnotatorDatabase, Store, StoreError
from annotator.store.schema import APPLICATION_ID, MIGRATIONS

from .conftest import ARTICLE, SECOND_ARTICLE, add_article, sentence_span


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(path: Path) -> tuple[list, list, list]:
    with Store(path, readonly=True) as store:
        return (
            sorted(store.claims(), key=lambda c: c.id),
            sorted((e["uid"], e["at"], e["annotator"], e["action"]) for e in store.events()),
            [store.get_document(doc_id) for doc_id in store.document_ids()],
        )


class Recorder:
    """A Progress that records the steps and can cancel after a number of them."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.steps: list[tuple[int, int, str]] = []
        self.cancel_after = cancel_after

    def step(self, done: int, total: int, message: str = "") -> None:
        self.steps.append((done, total, message))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.steps) >= self.cancel_after


def test_two_databases_merge_without_loss_and_idempotently(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (1, "disputed"), (2, "attributed")])
    bob = make_db("bob", [(0, "factual"), (1, "factual"), (3, "attributed")])
    before = {path: digest(path) for path in (alice, bob)}
    alice_claims, alice_events, _ = snapshot(alice)
    bob_claims, bob_events, _ = snapshot(bob)
    out = tmp_path / "team.db"

    progress = Recorder()
    report = merge_databases(out, [alice, bob], progress=progress)

    assert progress.steps == [(1, 2, "alice.db"), (2, 2, "bob.db")]
    # The one article is counted once, whatever the number of sources holding it.
    assert (len(report.articles_added), len(report.articles_present)) == (1, 0)
    assert (report.tally("alice").new, report.tally("bob").new) == (3, 3) and report.conflicts == []
    assert report.summary() == (
        "Merged alice.db and bob.db into team.db: alice: 3 new decisions; bob: 3 new decisions; "
        "1 article added; no conflicts."
    )
    claims, events, docs = snapshot(out)
    assert len(docs) == 1
    # Every claim kept with its id, annotator, label and timestamps; both labels of the shared span kept.
    assert claims == sorted(alice_claims + bob_claims, key=lambda c: c.id)
    assert events == sorted(alice_events + bob_events)
    assert report.events_added == len(events)
    # The sources were opened read-only.
    assert {path: digest(path) for path in (alice, bob)} == before

    again = merge_databases(out, [alice, bob])
    assert not again.changed and again.conflicts == []
    assert again.claims_unchanged == 6 and again.events_present == len(events)
    assert (
        again.summary()
        == "Nothing new: team.db already had everything in alice.db and bob.db (1 article); no conflicts."
    )
    assert snapshot(out) == (claims, events, docs)


def test_three_databases_into_an_existing_database_in_any_order(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (5, "disputed")])
    bob = make_db("bob", [(0, "disputed")])
    carol = make_db("carol", [(5, "disputed"), (7, "attributed")])
    with Store(carol) as store:  # carol also worked on a second article
        doc_id = add_article(store, SECOND_ARTICLE, annotator="carol")
        add_claim(store, doc_id, 0, 34, annotator="carol", label="attributed")
    out = make_db("lead", [(9, "factual")], file="team.db")  # OUT already holds the lead's work
    other = tmp_path / "other.db"
    shutil.copy(out, other)
    expected_ids = {c.id for path in (alice, bob, carol, out) for c in snapshot(path)[0]}

    report = merge_databases(out, [alice, bob, carol])

    assert (len(report.articles_added), len(report.articles_present)) == (1, 1)
    assert sum(t.new for t in report.people.values()) == 6 and not report.conflicts
    claims, _, docs = snapshot(out)
    assert {c.id for c in claims} == expected_ids
    assert len(docs) == 2
    with Store(out, readonly=True) as store:
        assert set(store.annotators()) >= {"alice", "bob", "carol", "lead"}
    first = snapshot(out)
    assert not merge_databases(out, [carol, bob, alice]).changed
    assert snapshot(out) == first
    merge_databases(other, [carol, alice, bob])  # the other order into a copy gives the same claims
    assert snapshot(other)[0] == first[0]


def test_re_merging_after_more_work_is_an_update_not_a_conflict(make_db, tmp_path):
    bob = make_db("bob", [(0, "factual"), (1, "factual")])
    team = tmp_path / "team.db"
    merge_databases(team, [bob])
    with Store(bob) as store:  # bob simply goes on working in his own file
        first, second = store.claims()
        set_label(store, first.id, "disputed", annotator="bob")
        set_label(store, first.id, "attributed", annotator="bob")
        delete_claim(store, second.id, annotator="bob")
        add_claim(store, first.doc_id, *sentence_span(2), annotator="bob", label="factual")

    report = merge_databases(team, [bob])

    assert report.conflicts == []
    tally = report.tally("bob")
    assert (tally.new, tally.updated, tally.removed, tally.conflicts) == (1, 1, 1, 0)
    assert report.summary() == (
        "Merged bob.db into team.db: bob: 1 new decision, 1 updated, 1 deleted; 1 article already present; "
        "no conflicts."
    )
    assert snapshot(team)[0] == snapshot(bob)[0]
    assert not merge_databases(team, [bob]).changed


def test_one_persons_diverging_edits_since_a_common_version_are_a_conflict(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual")])
    team = tmp_path / "team.db"
    merge_databases(team, [alice])
    laptop = tmp_path / "alice-laptop.db"
    shutil.copy(alice, laptop)
    with Store(alice) as store:  # the common version: factual; then alice edits both copies differently
        claim = store.claims()[0]
        set_label(store, claim.id, "disputed", annotator="alice")
    time.sleep(0.01)  # timestamps have millisecond resolution
    with Store(laptop) as store:
        set_label(store, claim.id, "attributed", annotator="alice")

    report = merge_databases(team, [alice, laptop])

    (conflict,) = report.conflicts
    assert conflict.ancestor is not None and conflict.ancestor["label"] == "factual"
    (line,) = report.conflict_lines()
    assert line == (
        "alice changed the same claim in two copies since their last common version "
        f"(“{ARTICLE[slice(*sentence_span(0))]}” in “{ARTICLE[:20]}”): disputed in team.db, attributed in "
        "alice-laptop.db; kept the later edit (attributed), the other version stays in the event log."
    )
    assert claim.id not in report.summary() + line  # no ids unless asked
    assert claim.id in report.conflict_lines(verbose=True)[0]
    assert (report.tally("alice").updated, report.tally("alice").conflicts) == (1, 1)
    with Store(team, readonly=True) as store:
        (kept,) = store.claims()
        assert kept.label == "attributed"
        labels = {e["after"]["label"] for e in store.events(claim.id) if e["after"]}
        assert {"factual", "disputed", "attributed"} <= labels  # the other version is in the log
    before = snapshot(team)
    assert not merge_databases(team, [laptop, alice]).changed  # settled: merging again changes nothing
    assert snapshot(team) == before

    # The other order gives the same claim.
    other = tmp_path / "other.db"
    merge_databases(other, [laptop])
    merge_databases(other, [alice])
    assert snapshot(other)[0] == before[0]


def test_one_decision_made_twice_in_two_copies_without_a_common_version(tmp_path):
    """The lead's file copied to alice's two computers: her decision on a suggestion has one id in both."""
    lead = tmp_path / "lead.db"
    with Store(lead) as store:
        doc_id = add_article(store, annotator="lead")
        suggestion = add_claim(
            store,
            doc_id,
            *sentence_span(2),
            annotator="lead",
            owner=SUGGESTER,
            status="suggested",
            origin="suggester",
        ).claim
    desktop, laptop = tmp_path / "desktop.db", tmp_path / "laptop.db"
    shutil.copy(lead, desktop)
    shutil.copy(lead, laptop)
    with Store(desktop) as store:
        set_label(store, suggestion.id, "factual", annotator="alice")
    time.sleep(0.01)
    with Store(laptop) as store:
        set_label(store, suggestion.id, "disputed", annotator="alice")

    report = merge_databases(lead, [desktop, laptop])

    (conflict,) = report.conflicts
    assert conflict.ancestor is None and "with no common version in the log" in report.conflict_lines()[0]
    with Store(lead, readonly=True) as store:
        assert [(c.annotator, c.label) for c in store.claims(annotator=["alice"])] == [("alice", "disputed")]
        assert store.get_claim(suggestion.id) == suggestion


def test_two_annotators_on_one_span_with_different_labels_are_both_kept(make_db, tmp_path):
    start, end = sentence_span(4)
    report = merge_databases(
        tmp_path / "team.db", [make_db("alice", [(4, "factual")]), make_db("bob", [(4, "disputed")])]
    )
    assert not report.conflicts
    with Store(tmp_path / "team.db", readonly=True) as store:
        claims = store.claims()
    assert {(c.start, c.end, c.annotator, c.label) for c in claims} == {
        (start, end, "alice", "factual"),
        (start, end, "bob", "disputed"),
    }


def test_a_cancelled_merge_leaves_the_output_as_it_was(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual")])
    bob = make_db("bob", [(1, "factual")])
    out = make_db("lead", [(9, "factual")], file="team.db")
    before = snapshot(out)
    report = merge_databases(out, [alice, bob], progress=Recorder(cancel_after=1))
    assert report.cancelled and report.summary() == "Merge cancelled: team.db was left as it was."
    assert snapshot(out) == before  # alice's file, merged before the cancel, was rolled back too


def test_bad_sources_are_refused_in_one_sentence(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual")])
    with pytest.raises(StoreError, match="does not exist"):
        merge_databases(tmp_path / "out.db", [tmp_path / "missing.db"])
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    with pytest.raises(NotAnnotatorDatabase):
        merge_databases(tmp_path / "out.db", [alice, text])
    assert text.read_text() == "not a database"
    with pytest.raises(StoreError, match="into itself"):
        merge_databases(alice, [alice])


def test_source_of_an_older_version_is_upgraded_in_a_copy(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS.apply(Database(conn), stop_before="m002_reasons_and_search")
    doc = Document(Document.make_id(ARTICLE), "Old", ARTICLE)
    conn.execute(
        "INSERT INTO documents (id, sha256, title, text, created_at) VALUES (?, ?, ?, ?, 'then')",
        (doc.id, doc.sha256, doc.title, doc.text),
    )
    start, end = sentence_span(0)
    conn.execute(
        'INSERT INTO claims (id, doc_id, start, "end", text, label, status, annotator, origin, created_at, '
        "updated_at) VALUES ('c1', ?, ?, ?, ?, 'factual', 'accepted', 'olga', 'manual', 't', 't')",
        (doc.id, start, end, ARTICLE[start:end]),
    )
    conn.close()
    before = digest(path)

    report = merge_databases(tmp_path / "team.db", [path])

    assert (len(report.articles_added), report.tally("olga").new) == (1, 1)
    assert digest(path) == before  # the upgrade happened in a temporary copy
    assert not list(tmp_path.glob("old.db.backup-*"))
    with Store(tmp_path / "team.db", readonly=True) as store:
        assert [(c.id, c.annotator, c.label) for c in store.claims()] == [("c1", "olga", "factual")]
