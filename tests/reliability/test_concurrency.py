"""Concurrency: several processes write the same database at once; nothing is lost, nobody sees "locked".

Writers use BEGIN IMMEDIATE with a busy timeout and a bounded retry (Store.transaction), so a writer waits
for the lock instead of failing, and a reader never has to upgrade a stale snapshot.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reliability_helpers import count, finish, integrity, start_worker, worker_command
from reliability_script import make_script, model_after
from test_crash_safety import claim_state, write_articles

from annotator.services import claims as svc
from annotator.services.library import import_sample
from annotator.store import Store


def run_concurrently(db: Path, writers: int, edits: int, import_folder: Path | None) -> None:
    with Store(db) as store:
        doc_id = import_sample(store, annotator="tester")
        text_length = len(store.get_document(doc_id).text)
    commands = [
        worker_command("edits", str(db), doc_id, str(seed), str(edits), f"w{seed}-")
        for seed in range(writers)
    ]
    if import_folder is not None:
        commands.append(worker_command("import", str(db), str(import_folder)))
    processes = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for cmd in commands
    ]
    results = [process.communicate(timeout=600) for process in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert "locked" not in err and "busy" not in err, err
        assert process.returncode == 0, err
        assert out.splitlines()[-1] == "done"
    assert integrity(db) == "ok"
    expected = {}
    for seed in range(writers):
        expected.update(model_after(make_script(seed, edits, text_length, f"w{seed}-"), edits))
    with Store(db) as store:
        assert claim_state(store, doc_id) == expected  # every write of every process is there
        if import_folder is not None:
            assert len(store.document_ids()) == 1 + len(list(import_folder.iterdir()))
    count("concurrent writer processes", writers + (import_folder is not None))
    count("concurrent edits", writers * edits)


def test_two_writers_and_an_import_lose_nothing(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 60)
    run_concurrently(tmp_path / "shared.db", 2, 800, tmp_path / "articles")


@pytest.mark.slow
def test_four_writers_and_an_import_lose_nothing_at_volume(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", 400)
    run_concurrently(tmp_path / "shared.db", 4, 5000, tmp_path / "articles")


def test_a_writer_waits_for_a_long_transaction_of_another_process(tmp_path: Path) -> None:
    """A writer blocked by another process's open write transaction waits, then saves (no "locked" error)."""
    db = tmp_path / "held.db"
    with Store(db) as store:
        doc_id = import_sample(store, annotator="tester")
    holder = subprocess.Popen(
        worker_command("hold", str(db), "1.5"),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"  # lock is held now
    with Store(db) as store:
        claim = svc.add_claim(store, doc_id, 0, 10, annotator="tester", label="factual").claim
        assert finish(holder) == 0
        assert store.get_claim(claim.id).label == "factual"
        assert [c.note for c in store.claims(doc_id) if c.id == "held"] == ["held"]


def test_other_process_commits_change_data_version(tmp_path: Path) -> None:
    """The window polls data_version(); it must change when (and only when) another process commits."""
    db = tmp_path / "watched.db"
    with Store(db) as store:
        doc_id = import_sample(store, annotator="tester")
        before = store.data_version()
        svc.add_claim(store, doc_id, 0, 5, annotator="tester")  # our own commit: no change
        assert store.data_version() == before
        worker = start_worker("edits", str(db), doc_id, "7", "3", "other-")
        assert finish(worker) == 0
        assert store.data_version() != before
        assert any(c.id.startswith("other-") for c in store.claims(doc_id))
