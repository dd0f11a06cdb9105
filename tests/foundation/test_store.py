"""The store: every claim field survives a round trip, edits are committed at once, foreign or newer files
are refused untouched, older ones are migrated after a backup."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.jsonlines import claim_json, document_head
from annotator.core.model import Claim, Document, Span
from annotator.services import claims as claim_service
from annotator.store import NewerSchemaError, NotAnnotatorDatabase, ReadOnlyStoreError, Store, StoreError
from annotator.store.schema import APPLICATION_ID, MIGRATIONS


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_claim_field_round_trips(store: Store, sample_doc_id: str) -> None:
    text = store.get_document(sample_doc_id).text
    start = text.index("As Perplexity CEO")
    end = text.index("in some respects") + len("in some respects")
    source_start = text.index("Perplexity CEO")
    cue_start = text.index("noted")
    added = claim_service.add_claim(
        store,
        sample_doc_id,
        start,
        end,
        annotator="alice",
        label="attributed",
        status="suggested",
        origin="suggester",
        source=(source_start, text.index(" noted")),
        cue=(cue_start, cue_start + 5),
        verdict="mostly true",
        note="check the interview",
        evidence=["https://example.org/a", "https://example.org/b"],
        confidence=0.82,
        reason="cue 'noted' with source 'Perplexity CEO Aravind Srinivas'",
    ).claim
    reopened = Store(store.path)
    stored = reopened.get_claim(added.id)
    reopened.close()
    assert stored == added
    assert stored.source == Span(source_start, text.index(" noted"), "Perplexity CEO Aravind Srinivas")
    assert stored.cue is not None and stored.cue.text == "noted"
    assert stored.evidence == ("https://example.org/a", "https://example.org/b")


def test_edit_is_visible_to_another_connection_when_the_call_returns(
    store: Store, sample_doc_id: str
) -> None:
    added = claim_service.add_claim(store, sample_doc_id, 0, 8, annotator="alice").claim
    claim_service.set_label(store, added.id, "factual", annotator="alice")
    other = sqlite3.connect(store.path)
    assert other.execute("SELECT label FROM claims WHERE id = ?", (added.id,)).fetchone() == ("factual",)
    other.close()


def test_every_edit_is_logged_with_before_and_after(store: Store, sample_doc_id: str) -> None:
    added = claim_service.add_claim(store, sample_doc_id, 0, 8, annotator="alice", status="suggested").claim
    claim_service.set_label(store, added.id, "disputed", annotator="alice")
    claim_service.delete_claim(store, added.id, annotator="alice")
    events = store.events(claim_id=added.id)
    assert [e["action"] for e in events] == ["delete", "update", "add"]
    update = events[1]
    assert update["annotator"] == "alice"
    assert (update["before"]["label"], update["after"]["label"]) == (None, "disputed")
    assert update["after"]["status"] == "accepted"  # labelling a suggestion accepts it


def test_events_are_append_only(store: Store, sample_doc_id: str) -> None:
    claim_service.add_claim(store, sample_doc_id, 0, 8, annotator="alice")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM events")


def test_restore_puts_back_the_deleted_claim_exactly(store: Store, sample_doc_id: str) -> None:
    added = claim_service.add_claim(
        store, sample_doc_id, 0, 8, annotator="alice", label="factual", note="n"
    ).claim
    deleted = claim_service.delete_claim(store, added.id, annotator="alice")
    claim_service.undo(store, deleted, annotator="alice")
    assert store.get_claim(added.id) == added


def test_failed_validation_writes_nothing(store: Store, sample_doc_id: str) -> None:
    added = claim_service.add_claim(store, sample_doc_id, 0, 8, annotator="alice").claim
    events_before = len(store.events())
    with pytest.raises(ValueError, match="end"):
        claim_service.update_claim(store, added.id, annotator="alice", end=10**9)
    assert store.get_claim(added.id) == added
    assert len(store.events()) == events_before


def test_junk_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(bytes(range(256)) * 40)
    before = digest(junk)
    with pytest.raises(NotAnnotatorDatabase, match="not an SQLite file"):
        Store(junk)
    assert digest(junk) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.db"]


def test_other_programs_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "firefox.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = digest(foreign)
    with pytest.raises(NotAnnotatorDatabase, match="another program"):
        Store(foreign)
    assert digest(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firefox.sqlite"]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('claim-annotator', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(NewerSchemaError, match="newer version"):
        Store(path)


def test_older_database_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old = Database(conn)
    MIGRATIONS.apply(old, stop_before="m002_reasons_and_search")
    conn.execute(
        "INSERT INTO documents (id, sha256, title, text, created_at) "
        "VALUES ('d1', 'x', 'T', 'Old text', 'now')"
    )
    conn.close()
    store = Store(path)
    assert store.backup_path is not None and store.backup_path.exists()
    assert store.backup_path.name.startswith("old.db.backup-")
    backup = sqlite3.connect(store.backup_path)
    assert backup.execute("SELECT text FROM documents").fetchone() == ("Old text",)
    assert "reason" not in [row[1] for row in backup.execute("PRAGMA table_info(claims)")]
    backup.close()
    assert "reason" in [row[1] for row in store.conn.execute("PRAGMA table_info(claims)")]
    assert [hit.doc_id for hit in store.search("Old")] == ["d1"]
    store.close()


def test_new_database_uses_wal_and_a_busy_timeout(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_read_only_store_refuses_edits_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Store(path).close()
    store = Store(path, readonly=True)
    assert store.readonly
    with pytest.raises(ReadOnlyStoreError, match="read-only"), store.transaction():
        pass
    store.close()


def test_folder_and_missing_file_give_sentences(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.db", create=False)


def test_search_finds_every_occurrence_at_its_code_point_offsets(store: Store) -> None:
    text = "Émile 😀 said Nvidia fell.\nLater, NVIDIA's shares (Nvidia) rose 👩‍👩‍👧 again."
    doc, _ = store.insert_document(Document("", "Markets", text))
    store.insert_document(Document("", "Other", "Nothing about chips here."))
    hits = store.search("nvidia")
    assert [text[hit.start : hit.end] for hit in hits] == ["Nvidia", "NVIDIA", "Nvidia"]
    assert {hit.doc_id for hit in hits} == {doc.id} and hits[0].title == "Markets"
    assert "said Nvidia fell" in hits[0].snippet and "\n" not in hits[1].snippet
    # every word must occur (each as a word prefix), accents and case ignored
    assert [text[hit.start : hit.end] for hit in store.search("emile fel")] == ["Émile", "fell"]
    assert store.search("nvidia zebra") == []


HOSTILE_QUERIES = ["", "   ", '"', '""', "'", "*", "nvidia*", "NEAR(a b)", "AND", "OR NOT", "a:b", "^x"]
HOSTILE_QUERIES += ["(", ")", "😀", "{x}", "-", "nvidia AND", '"unclosed']


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_takes_any_input_without_an_error(store: Store, query: str) -> None:
    store.insert_document(Document("", "T", 'He said "AND" or NOT 😀 (x) a:b {x} nvidia.'))
    hits = store.search(query)
    text = store.get_document(store.document_ids()[0]).text
    words = [word.strip('"*(){}^-').lower() for word in query.split()]
    assert all(any(text[h.start : h.end].lower().startswith(w) for w in words) for h in hits)
    assert bool(hits) == (query in ("nvidia*", "AND", "OR NOT", "a:b", "^x", "{x}", "nvidia AND"))


def test_search_finds_claim_notes_at_their_claim(store: Store, sample_doc_id: str) -> None:
    text = store.get_document(sample_doc_id).text
    start = text.index("Nvidia")
    claim_service.add_claim(store, sample_doc_id, start, start + 40, annotator="alice", note="zebracrossing")
    (hit,) = store.search("zebracrossing")
    assert (hit.kind, hit.doc_id, hit.start, hit.end, hit.snippet) == (
        "note",
        sample_doc_id,
        start,
        start + 40,
        "zebracrossing",
    )
    assert len(store.search("the", limit=3)) == 3


def test_list_documents_counts_progress(store: Store, sample_doc_id: str) -> None:
    first = claim_service.add_claim(store, sample_doc_id, 0, 8, annotator="a", label="factual").claim
    claim_service.add_claim(store, sample_doc_id, 10, 20, annotator="a", status="suggested")
    rejected = claim_service.add_claim(store, sample_doc_id, 30, 40, annotator="a").claim
    claim_service.reject_claim(store, rejected.id, annotator="a")
    (summary,) = store.list_documents()
    assert (summary.claims, summary.labelled, summary.suggested) == (2, 1, 1)
    assert isinstance(first, Claim)


def stored_json(path: Path) -> dict[str, bytes | None]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, native_json FROM claims"))


def test_each_claim_keeps_its_export_json_in_step(store: Store, sample_doc_id: str) -> None:
    """Migration m005: what the jsonl export writes for a claim is stored with it on every write."""
    added = claim_service.add_claim(store, sample_doc_id, 0, 10, annotator="tester", note="a\u2028b").claim
    with store.transaction():
        store.replace_claim(replace(added, confidence=0.1 + 0.2))
    changed = claim_service.update_claim(store, added.id, annotator="tester", label="disputed").claim
    stored = stored_json(store.path)[added.id]
    assert stored == claim_json(store.get_claim(added.id)) == claim_json(changed)
    assert b"\\u2028" in stored and b'"confidence":0.30000000000000004' in stored


def stored_head(path: Path) -> dict[str, bytes | None]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, native_head FROM documents"))


def test_an_article_keeps_the_head_of_its_export_line(store: Store) -> None:
    doc, _ = store.insert_document(Document("", "T \u2028", "Text 😀.", {"author": "A", "x": [1]}))
    assert stored_head(store.path)[doc.id] == document_head(doc)
    assert stored_head(store.path)[doc.id].startswith(b'{"id":')
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE documents SET title = 'by hand' WHERE id = ?", (doc.id,))
    assert stored_head(store.path)[doc.id] is None
    with Store(store.path) as reopened:
        assert stored_head(store.path)[doc.id] == document_head(reopened.get_document(doc.id))
        assert b'"title":"by hand"' in stored_head(store.path)[doc.id]
        # the trigger's own UPDATE does not reindex the article for search (FTS5 saw that as damage)
        reopened.conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        assert [hit.doc_id for hit in reopened.search("Text")] == [doc.id]


def test_a_claim_changed_by_another_tool_loses_its_stale_json_until_reopened(
    store: Store, sample_doc_id: str
) -> None:
    added = claim_service.add_claim(store, sample_doc_id, 0, 10, annotator="tester").claim
    other = claim_service.add_claim(store, sample_doc_id, 20, 30, annotator="tester").claim
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE claims SET note = 'by hand' WHERE id = ?", (added.id,))
    assert stored_json(store.path)[added.id] is None  # the trigger: stale JSON is never kept
    assert stored_json(store.path)[other.id] is not None
    with Store(store.path, readonly=True):
        assert stored_json(store.path)[added.id] is None  # a read-only open writes nothing
    with Store(store.path) as reopened:
        assert stored_json(store.path)[added.id] == claim_json(reopened.get_claim(added.id))
        assert reopened.get_claim(added.id).note == "by hand"


def test_a_database_from_before_m005_gets_its_claims_json_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        doc_id = claim_service_import(store)
        claim_ids = [c.id for c in store.claims(doc_id)]
    with contextlib.closing(sqlite3.connect(":memory:")) as m004:
        MIGRATIONS.apply(Database(m004), stop_before="m005_native_json")
        (old_trigger,) = m004.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_au'").fetchone()
    with sqlite3.connect(path) as conn:  # back to the m004 schema, exactly (the open checks it)
        conn.executescript(
            # the later migrations first (m008: the extent index; m006, m007: decisions' basis), then m005
            "DROP INDEX claims_by_extent; DROP INDEX decisions_by_article; DROP INDEX claims_by_basis;"
            " ALTER TABLE claims DROP COLUMN basis; DELETE FROM _sqlite_migrations WHERE name IN"
            " ('m006_decisions_have_a_basis', 'm007_decisions_by_article', 'm008_claims_by_extent');"
            " DROP TRIGGER claims_native_json_stale; DROP INDEX claims_without_native_json;"
            " ALTER TABLE claims DROP COLUMN native_json;"
            " DROP TRIGGER documents_native_head_stale; DROP INDEX documents_without_native_head;"
            f" ALTER TABLE documents DROP COLUMN native_head; DROP TRIGGER documents_au; {old_trigger};"
            " DELETE FROM _sqlite_migrations WHERE name = 'm005_native_json';"
        )
    with Store(path) as store:
        assert store.backup_path is not None
        assert [stored_json(path)[i] for i in claim_ids] == [claim_json(c) for c in store.claims(doc_id)]
        assert stored_head(path)[doc_id] == document_head(store.get_document(doc_id))


def claim_service_import(store: Store) -> str:
    from annotator.services.library import import_sample

    doc_id = import_sample(store, annotator="tester")
    for start in (0, 12, 40):
        claim_service.add_claim(store, doc_id, start, start + 8, annotator="tester", label="factual")
    return doc_id


def test_annotators_by_document(store: Store, sample_doc_id: str) -> None:
    claim_service.add_claim(store, sample_doc_id, 0, 10, annotator="ann")
    claim_service.add_claim(store, sample_doc_id, 12, 20, annotator="bob")
    claim_service.add_claim(store, sample_doc_id, 22, 30, annotator="cy", status="suggested")
    assert store.annotators_by_document() == {sample_doc_id: {"ann", "bob"}}
    assert store.annotators_by_document("suggested") == {sample_doc_id: {"cy"}}


def test_the_claim_row_mapping_is_the_claims_table(store: Store) -> None:
    """Derived from Claim's fields: a new field needs only a migration adding its column."""
    from annotator.store.rows import CLAIM_WRITE_NAMES

    columns = [row[1] for row in store.conn.execute("PRAGMA table_info(claims)")]
    assert sorted(CLAIM_WRITE_NAMES) == sorted(columns)


def test_a_claim_reads_back_from_its_row_field_by_field() -> None:
    """Every field survives ``claim_row`` then ``claim_from_row``: spans (three columns each), evidence
    (JSON) and the plain fields after them keep their places, set or empty."""
    from dataclasses import fields

    from annotator.core.model import Claim, Span
    from annotator.store.rows import claim_from_row, claim_row

    full = Claim(
        "c1",
        "d1",
        3,
        9,
        "a text",
        "attributed",
        "accepted",
        Span(0, 2, "He"),
        Span(10, 14, "said"),
        "true",
        "a note",
        ("https://example.org", "doc 2"),
        "ann",
        "suggester",
        0.8,
        "t0",
        "t1",
        "why",
        "c0",
    )
    assert all(getattr(full, f.name) not in (None, "", ()) for f in fields(Claim))
    empty = Claim("c2", "d1", 0, 1, "x", source=Span(4, 5, ""))
    for claim in (full, empty):
        assert claim_from_row(claim_row(claim)) == claim


def test_a_write_a_crash_left_in_a_rollback_journal_is_undone_on_opening(tmp_path: Path) -> None:
    """A file another program switched out of WAL, killed mid-write: SQLite's own recovery runs first (the
    checks open read-only, and a read-only connection cannot recover); read-only, it says what to do."""
    import shutil
    import signal
    import subprocess
    import sys

    path = tmp_path / "journal.db"
    with Store(path) as store:
        store.ensure_annotator("kept")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size = 1'); c.execute('BEGIN IMMEDIATE')\n"
            "for i in range(200): c.execute('INSERT INTO annotators VALUES (?, 1)', ('x' * 2000 + str(i),))\n"
            "print('ready', flush=True); time.sleep(60)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    journal = path.with_name("journal.db-journal")
    assert journal.stat().st_size > 0
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    shutil.copy(journal, tmp_path / "copy.db-journal")
    with pytest.raises(StoreError, match=r"unfinished write in copy\.db-journal"):
        Store(copy, readonly=True)
    with Store(path) as store:
        assert store.annotators() == ["kept"]


def test_claims_overlapping_a_range_are_those_whose_extent_overlaps_it(tmp_path: Path) -> None:
    """Sources and cues before the claim (X said that …) and after it (…, X said): the claims whose
    claim, source or cue overlaps the range, in the order of ``Store.claims``."""
    import random

    rng = random.Random(7)
    text = "word " * 400
    with Store(tmp_path / "extent.db") as store:
        with store.transaction():
            doc, _ = store.insert_document(Document("", "Extents", text, {}))
        for _ in range(150):
            start = rng.randrange(0, 1900)
            end = start + rng.randrange(1, 80)
            fields = {}
            for part in ("source", "cue"):
                if rng.random() < 0.5:
                    a = rng.randrange(max(0, start - 60), min(len(text) - 1, end + 60))
                    fields[part] = Span(a, a + rng.randrange(1, 12))
            claim_service.add_claim(store, doc.id, start, end, annotator="tester", **fields)
        every = store.claims(doc.id)

        def extent(c: Claim) -> tuple[int, int]:
            spans = [(c.start, c.end)] + [(s.start, s.end) for s in (c.source, c.cue) if s is not None]
            return min(a for a, _ in spans), max(b for _, b in spans)

        for _ in range(60):
            lo = rng.randrange(0, 2000)
            hi = lo + rng.randrange(1, 300)
            expected = [c for c in every if extent(c)[0] < hi and extent(c)[1] > lo]
            assert store.claims_overlapping(doc.id, lo, hi) == expected
