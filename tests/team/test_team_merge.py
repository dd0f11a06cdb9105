"""merge_databases: no loss, idempotent, read-only sources, conflicts reported."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.model import Document
from annotator.services.claims import add_claim, set_label
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


def test_two_databases_merge_without_loss_and_idempotently(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (1, "disputed"), (2, "attributed")])
    bob = make_db("bob", [(0, "factual"), (1, "factual"), (3, "attributed")])
    before = {path: digest(path) for path in (alice, bob)}
    alice_claims, alice_events, _ = snapshot(alice)
    bob_claims, bob_events, _ = snapshot(bob)
    out = tmp_path / "team.db"

    progress = []
    report = merge_databases(out, [alice, bob], on_progress=lambda done, total, p: progress.append(done))

    assert progress == [1, 2]
    assert (report.documents_added, report.documents_skipped) == (1, 1)  # same article text: stored once
    assert report.claims_added == 6 and report.conflicts == []
    claims, events, docs = snapshot(out)
    assert len(docs) == 1
    # Every claim kept with its id, annotator, label and timestamps; both labels of the shared span kept.
    assert claims == sorted(alice_claims + bob_claims, key=lambda c: c.id)
    assert events == sorted(alice_events + bob_events)
    assert report.events_added == len(events)
    # The sources were opened read-only.
    assert {path: digest(path) for path in (alice, bob)} == before

    again = merge_databases(out, [alice, bob])
    assert not again.changed
    assert (again.claims_added, again.events_added, again.documents_added) == (0, 0, 0)
    assert again.claims_skipped == 6 and again.events_skipped == len(events)
    assert snapshot(out) == (claims, events, docs)


def test_three_databases_into_an_existing_database(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (5, "disputed")])
    bob = make_db("bob", [(0, "disputed")])
    carol = make_db("carol", [(5, "disputed"), (7, "attributed")])
    with Store(carol) as store:  # carol also worked on a second article
        doc_id = add_article(store, SECOND_ARTICLE, annotator="carol")
        add_claim(store, doc_id, 0, 34, annotator="carol", label="attributed")
    out = make_db("lead", [(9, "factual")], file="team.db")  # OUT already holds the lead's work
    expected_ids = {c.id for path in (alice, bob, carol, out) for c in snapshot(path)[0]}

    report = merge_databases(out, [alice, bob, carol])

    assert report.documents_added == 1 and report.documents_skipped == 3
    assert report.claims_added == 6 and not report.conflicts
    claims, _, docs = snapshot(out)
    assert {c.id for c in claims} == expected_ids
    assert len(docs) == 2
    with Store(out, readonly=True) as store:
        assert set(store.annotators()) >= {"alice", "bob", "carol", "lead"}
    first = snapshot(out)
    assert not merge_databases(out, [carol, bob, alice]).changed  # order does not matter either
    assert snapshot(out) == first


def test_same_claim_edited_in_two_copies_keeps_newest_and_reports(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual")])
    laptop = tmp_path / "alice-laptop.db"
    shutil.copy(alice, laptop)
    with Store(laptop) as store:
        claim = store.claims()[0]
        time.sleep(0.01)  # timestamps have millisecond resolution
        set_label(store, claim.id, "disputed", annotator="alice")

    report = merge_databases(tmp_path / "team.db", [alice, laptop])

    assert len(report.conflicts) == 1
    message = report.conflicts[0]
    assert claim.id in message and "disputed" in message and str(laptop) in message
    assert report.claims_replaced == 1
    with Store(tmp_path / "team.db", readonly=True) as store:
        (kept,) = store.claims()
        assert kept.label == "disputed"
        # The older version is not lost: its events are in the merged log.
        labels = {e["after"]["label"] for e in store.events(claim.id) if e["after"]}
        assert {"factual", "disputed"} <= labels
    # Merging again reports the conflict again (the sources still differ) but changes nothing.
    before = snapshot(tmp_path / "team.db")
    again = merge_databases(tmp_path / "team.db", [laptop, alice])
    assert len(again.conflicts) == 1 and not again.changed
    assert snapshot(tmp_path / "team.db") == before


def test_same_span_and_annotator_with_different_labels_is_a_reported_conflict(make_db, tmp_path):
    old = make_db("alice", [(2, "factual")], file="old.db")
    time.sleep(0.01)
    new = make_db("alice", [(2, "attributed")], file="new.db")

    report = merge_databases(tmp_path / "team.db", [new, old])

    assert len(report.conflicts) == 1
    assert "alice's claim on characters" in report.conflicts[0]
    assert report.claims_replaced == 0  # OUT already had the newer one
    with Store(tmp_path / "team.db", readonly=True) as store:
        assert [c.label for c in store.claims()] == ["attributed"]

    other = tmp_path / "team2.db"
    report = merge_databases(other, [old, new])
    assert len(report.conflicts) == 1 and report.claims_replaced == 1
    with Store(other, readonly=True) as store:
        assert [c.label for c in store.claims()] == ["attributed"]
        assert any(e["action"] == "merge" for e in store.events())


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

    assert (report.documents_added, report.claims_added) == (1, 1)
    assert digest(path) == before  # the upgrade happened in a temporary copy
    assert not list(tmp_path.glob("old.db.backup-*"))
    with Store(tmp_path / "team.db", readonly=True) as store:
        assert [(c.id, c.annotator, c.label) for c in store.claims()] == [("c1", "olga", "factual")]
