"""Crash safety: a worker killed with SIGKILL at random moments never loses an acknowledged edit.

An edit is acknowledged by the worker only after the service call returned, i.e. after COMMIT. After the
kill the database must hold exactly the state after the acknowledged edits, or after one more (the edit
in flight may have committed before its acknowledgement was written), and pass PRAGMA integrity_check.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from reliability_helpers import count, integrity, kill_after, start_worker
from reliability_script import ClaimState, make_script, model_after

from annotator.services.importing import import_paths
from annotator.services.library import import_sample
from annotator.store import Store

EDITS_PER_TRIAL = 3000


def claim_state(store: Store, doc_id: str) -> dict[str, ClaimState]:
    return {c.id: (c.start, c.end, c.label, c.status, c.note) for c in store.claims(doc_id)}


def kill_trial(db: Path, seed: int, delay: float, edits: int = EDITS_PER_TRIAL) -> None:
    with Store(db) as store:
        doc_id = import_sample(store, annotator="tester")
        text_length = len(store.get_document(doc_id).text)
    prefix = f"t{seed}-"
    result = kill_after(start_worker("edits", str(db), doc_id, str(seed), str(edits), prefix), delay)
    acked = sum(line.startswith("ok ") for line in result.acks)
    assert result.killed or "done" in result.acks, result.stderr
    assert integrity(db) == "ok"
    script = make_script(seed, edits, text_length, prefix)
    with Store(db) as store:
        state = claim_state(store, doc_id)
        # Every acknowledged edit is there; at most the one in flight beyond it.
        candidates = [model_after(script, acked), model_after(script, min(acked + 1, len(script)))]
        assert state in candidates, f"seed {seed}: state after {acked} acknowledged edits does not match"
    count("crash trials")
    count("crash kills", int(result.killed))
    count("crash acknowledged edits", acked)


@pytest.mark.parametrize("seed", range(3))
def test_kill_during_edits_keeps_every_acknowledged_edit(tmp_path: Path, seed: int) -> None:
    kill_trial(tmp_path / "kill.db", seed, random.Random(seed).uniform(0.02, 0.6))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(100, 130))
def test_kill_during_edits_keeps_every_acknowledged_edit_many_trials(tmp_path: Path, seed: int) -> None:
    # Longer scripts than in CI, so that nearly every worker is still editing when the kill comes.
    kill_trial(tmp_path / "kill.db", seed, random.Random(seed).uniform(0.0, 1.2), edits=10_000)


def write_articles(folder: Path, number: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for index in range(number):
        path = folder / f"article {index:04d} é.txt"
        body = f"Article {index} 📰\n\n" + "Officials said the figure rose 🇺🇦 Ω. " * 1000
        path.write_text(body + f"\nEnd of {index}.\n", "utf-8")
        paths.append(path)
    return paths


def import_kill_trial(tmp_path: Path, seed: int, files: int) -> None:
    db = tmp_path / "import.db"
    folder = tmp_path / "articles"
    paths = write_articles(folder, files)
    Store(db).close()
    delay = random.Random(seed).uniform(0.0, 0.3)
    result = kill_after(start_worker("import", str(db), str(folder)), delay)
    done = [line.removeprefix("file ") for line in result.acks if line.startswith("file ")]
    assert integrity(db) == "ok"
    with Store(db) as store:
        stored = {doc.meta.get("source_path") for doc in map(store.get_document, store.document_ids())}
        assert set(done) <= stored  # every file the worker reported is complete in the database
        # Files go in in order, a batch per commit (importing.BATCH_SECONDS): what is stored is the first
        # files, those reported and at most the batch whose commit the kill came after.
        in_order = [str(path) for path in paths]
        assert done == in_order[: len(done)]
        assert sorted(stored, key=in_order.index) == in_order[: len(stored)]
        report = import_paths(store, [folder], annotator="tester")  # re-run completes the import
        assert report.created == len(paths) - len(stored)
        assert report.duplicates == len(stored)
        assert len(store.document_ids()) == len(paths)
        sources = [store.get_document(doc_id).meta["source_path"] for doc_id in store.document_ids()]
        assert sorted(sources) == sorted(map(str, paths))
    count("import kill trials")
    count("import kills", int(result.killed))


@pytest.mark.parametrize("seed", range(2))
def test_kill_during_import_then_rerun_completes_without_duplicates(tmp_path: Path, seed: int) -> None:
    import_kill_trial(tmp_path, seed, 400)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(200, 220))
def test_kill_during_import_many_trials(tmp_path: Path, seed: int) -> None:
    import_kill_trial(tmp_path, seed, 400)
