"""`annotator merge` and `annotator agreement` from the command line."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from annotator.cli import cli
from annotator.services.claims import set_label
from annotator.store import Store


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_merge_then_agreement_json(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (1, "disputed"), (2, "attributed")])
    bob = make_db("bob", [(0, "factual"), (1, "factual"), (2, "attributed"), (3, "factual")])
    out = tmp_path / "team.db"

    result = run("merge", str(out), str(alice), str(bob))
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Merged alice.db and bob.db into team.db: alice: 3 new decisions; bob: 4 new decisions; "
        "1 article added; no conflicts.\n"
    )

    again = run("merge", str(out), str(alice), str(bob), "--json")
    report = json.loads(again.output)
    assert report["annotators"] == {} and report["claims_unchanged"] == 7 and report["conflicts"] == []
    assert report["articles_present"] == 1

    result = run("agreement", str(out), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    (pair,) = figures["pairs"]
    assert {"a", "b", "n", "cohen_kappa", "span_f1"} <= set(pair)
    assert (pair["a"], pair["b"], pair["n"]) == ("alice", "bob", 3)
    assert pair["span_f1"] == round(2 * 3 / 7, 4)
    # Labels f,d,a against f,f,a: p_o = 2/3, p_e = (1·2 + 1·0 + 1·1)/9 = 1/3, kappa = 0.5.
    assert pair["cohen_kappa"] == 0.5
    assert set(figures) >= {"pairs", "krippendorff_alpha", "per_label"}

    table = run("agreement", str(out), "--match", "overlap")
    assert table.exit_code == 0
    assert "alice" in table.output and "0.500" in table.output and "Krippendorff's alpha" in table.output


def test_conflicts_are_printed(make_db, tmp_path):
    desktop = make_db("alice", [(2, "factual")], file="desktop.db")
    laptop = tmp_path / "laptop.db"
    shutil.copy(desktop, laptop)
    for path, label in ((desktop, "disputed"), (laptop, "attributed")):
        with Store(path) as store:
            set_label(store, store.claims()[0].id, label, annotator="alice")
    result = run("merge", str(tmp_path / "team.db"), str(desktop), str(laptop), "--fail-on-conflict")
    assert result.exit_code == 2
    assert result.output.count("Conflict: alice changed the same claim") == 1
    assert "alice: 1 new decision, 1 conflict" in result.output and "[claim " not in result.output
    verbose = run("merge", str(tmp_path / "again.db"), str(desktop), str(laptop), "--verbose")
    assert "[claim " in verbose.output


def test_errors_are_one_sentence(tmp_path, make_db):
    result = run("merge", str(tmp_path / "team.db"), str(tmp_path / "missing.db"))
    assert result.exit_code != 0
    assert "missing.db does not exist" in result.output and "Traceback" not in result.output
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello")
    result = run("agreement", str(bogus))
    assert result.exit_code != 0 and "not a Claim Annotator database" in result.output
    assert run("agreement", str(make_db("solo", [(0, "factual")]))).output.startswith("Agreement needs two")


def test_help_has_examples():
    for command in ("merge", "agreement"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.output
