"""Both ways of handing out work, end to end (docs/team.md): a copied database, and native JSONL.

The lead imports and runs the suggester, hands out one file per annotator, each decides on the same
suggestions, and the lead merges: no conflicts, every decision kept, and the agreement the tool reports is
the kappa computed here, independently, from each annotator's own JSONL export.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from annotator.cli import cli
from annotator.core.model import SUGGESTER
from annotator.services.claims import add_claim, claims_for, set_label
from annotator.services.distribute import distribute
from annotator.services.library import import_sample
from annotator.services.suggest import suggest_documents
from annotator.store import Store, StoreError

from .conftest import add_article, sentence_span

KEYS = {"attributed": Qt.Key.Key_1, "disputed": Qt.Key.Key_2, "factual": Qt.Key.Key_3}


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def independent_kappa(a_export: Path, b_export: Path, a: str, b: str) -> float:
    """Cohen's kappa over the spans both labelled, from the two annotators' own JSONL files only."""

    def labels(path: Path, name: str) -> dict[tuple[str, int, int], str]:
        found = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for claim in record["claims"]:
                if claim["annotator"] == name and claim["status"] == "accepted" and claim["label"]:
                    found[(record["text"], claim["start"], claim["end"])] = claim["label"]
        return found

    first, second = labels(a_export, a), labels(b_export, b)
    shared = sorted(set(first) & set(second))
    assert shared, "the two exports have no span in common"
    pairs = [(first[key], second[key]) for key in shared]
    n = len(pairs)
    observed = sum(x == y for x, y in pairs) / n
    count_a, count_b = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(count_a[label] * count_b[label] for label in set(count_a) | set(count_b)) / n**2
    return (observed - expected) / (1 - expected)


def agreement_pair(team: Path) -> dict:
    figures = json.loads(run("agreement", str(team), "--json"))
    assert figures["annotators"] == ["alice", "bob"]
    (pair,) = figures["pairs"]
    return pair


def own_export(db: Path, name: str) -> Path:
    out = db.with_name(f"{name}-own.jsonl")
    run("export", str(db), "-f", "jsonl", "-o", str(out), "--annotator", name)
    return out


@pytest.fixture
def lead_db(tmp_path: Path) -> Path:
    """The lead imports the sample article and runs the suggester (as the lead)."""
    path = tmp_path / "team.db"
    with Store(path) as store:
        import_sample(store, annotator="lead")
        report = suggest_documents(store, annotator="lead")
        assert report.added >= 6
    return path


ALICE = ["factual", "factual", "attributed", "disputed", "factual", "attributed"]
BOB = ["factual", "disputed", "attributed", "disputed", "factual", "factual"]  # two labels differ


def label_in_window(qtbot, tmp_path: Path, db: Path, name: str, labels: list[str]) -> None:
    """Open the annotator's copy in the real window and press J, then 1/2/3, once per suggestion."""
    from annotator.ui.mainwindow import MainWindow

    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Store(db), name, settings)
    qtbot.addWidget(window)
    try:
        window.resize(1300, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        window.article_view.setFocus()
        assert all(c.annotator == SUGGESTER for c in window.claims_model.claims())
        for label in labels:
            qtbot.keyClick(window.article_view, Qt.Key.Key_J)
            selected = window.current_claim()
            assert selected is not None and selected.annotator == SUGGESTER
            qtbot.keyClick(window.article_view, KEYS[label])
            decided = window.current_claim()
            assert (decided.annotator, decided.basis, decided.label) == (name, selected.id, label)
        assert window.saved
    finally:
        window.close()
        window.runner.shutdown()
        window.store.close()


def test_copied_databases_labelled_by_keyboard_in_the_window_merge_without_conflicts(
    qtbot, tmp_path, lead_db
):
    handout = tmp_path / "handout"
    output = run("distribute", str(lead_db), "--to", "alice", "--to", "bob", "-o", str(handout))
    assert output.startswith("Prepared 2 file(s) with 1 article(s)")
    alice, bob = handout / "alice.db", handout / "bob.db"
    label_in_window(qtbot, tmp_path, alice, "alice", ALICE)
    label_in_window(qtbot, tmp_path, bob, "bob", BOB)

    merged = run("merge", str(lead_db), str(alice), str(bob))
    assert merged == (
        "Merged alice.db and bob.db into team.db: alice: 6 new decisions; bob: 6 new decisions; "
        "1 article already present; no conflicts.\n"
    )
    pair = agreement_pair(lead_db)
    assert (pair["a"], pair["b"], pair["n"]) == ("alice", "bob", 6)
    expected = independent_kappa(own_export(alice, "alice"), own_export(bob, "bob"), "alice", "bob")
    assert pair["cohen_kappa"] == round(expected, 4)
    with Store(lead_db, readonly=True) as store:  # the suggestions are still the suggester's, untouched
        suggestions = store.claims(annotator=[SUGGESTER])
        assert suggestions and {c.status for c in suggestions} == {"suggested"}


def test_copied_databases_labelled_through_the_services(tmp_path, lead_db):
    """The same hand-out without a window: what the window does, done through the same services."""
    handout = tmp_path / "handout"
    report = distribute(lead_db, ["alice", "bob"], handout)
    for name, labels in (("alice", ALICE), ("bob", BOB)):
        with Store(report.files[name]) as store:
            doc_id = store.document_ids()[0]
            for claim, label in zip(claims_for(store, doc_id, name), labels, strict=False):
                set_label(store, claim.id, label, annotator=name)
    run("merge", str(lead_db), *(str(path) for path in report.files.values()))
    again = run("merge", str(lead_db), *(str(path) for path in report.files.values()))
    assert again.startswith("Nothing new: team.db already had everything")
    pair = agreement_pair(lead_db)
    exports = [own_export(report.files[name], name) for name in ("alice", "bob")]
    assert pair["cohen_kappa"] == round(independent_kappa(*exports, "alice", "bob"), 4)


def test_jsonl_hand_out_keeps_all_forty_claims(tmp_path):
    """The issue's case: 20 suggestions, exported as JSONL; alice and bob each import and label all 20."""
    lead = tmp_path / "lead.db"
    with Store(lead) as store:
        doc_id = add_article(store, annotator="lead")
        for index in range(20):
            add_claim(
                store, doc_id, *sentence_span(index), annotator="lead", owner=SUGGESTER, status="suggested",
                origin="suggester", label="factual", confidence=0.5,
            )  # fmt: skip
    handout = tmp_path / "handout"
    output = run("distribute", str(lead), "--to", "alice,bob", "-o", str(handout), "--format", "jsonl")
    assert "annotator import alice.db" in output
    labels = {
        "alice": ["factual", "disputed", "attributed", "factual"] * 5,
        "bob": ["factual", "disputed", "factual", "factual"] * 5,
    }
    dbs = {}
    for name in ("alice", "bob"):
        dbs[name] = tmp_path / f"{name}.db"
        run("--annotator", name, "import", str(dbs[name]), str(handout / f"{name}.jsonl"))
        with Store(dbs[name]) as store:
            (doc,) = store.document_ids()
            shown = claims_for(store, doc, name)
            assert len(shown) == 20
            for claim, label in zip(shown, labels[name], strict=True):
                set_label(store, claim.id, label, annotator=name)

    team = tmp_path / "merged.db"
    output = run("merge", str(team), str(dbs["alice"]), str(dbs["bob"]))
    assert "alice: 20 new decisions; bob: 20 new decisions; suggester: 20 new suggestions" in output
    assert "no conflicts" in output
    with Store(team, readonly=True) as store:
        decisions = store.claims(status=["accepted"])
        assert len(decisions) == 40  # none lost
        assert Counter(c.annotator for c in decisions) == {"alice": 20, "bob": 20}
    pair = agreement_pair(team)
    exports = [own_export(dbs[name], name) for name in ("alice", "bob")]
    assert pair["n"] == 20 and pair["cohen_kappa"] == round(independent_kappa(*exports, "alice", "bob"), 4)


def test_distribute_never_overwrites_and_refuses_reserved_names(tmp_path, make_db):
    lead = make_db("lead", [(0, "factual")])
    handout = tmp_path / "out"
    distribute(lead, ["alice"], handout)
    with pytest.raises(StoreError, match=r"alice\.db already exist\(s\); nothing was written"):
        distribute(lead, ["bob", "alice"], handout)
    assert not (handout / "bob.db").exists()
    for bad in ("gold", "suggester", "../x", ".hidden"):
        with pytest.raises(StoreError):
            distribute(lead, [bad], handout)
    result = CliRunner().invoke(cli, ["distribute", str(lead), "--to", "gold", "-o", str(handout)])
    assert result.exit_code != 0 and "reserved" in result.output and "Traceback" not in result.output
