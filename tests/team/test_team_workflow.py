"""The whole team workflow: who edits is recorded, merge, review, export of the gold claims."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import GOLD
from annotator.services.agreement import adjudicate, review_items
from annotator.services.claims import add_claim, set_label
from annotator.services.identity import resolve_annotator
from annotator.services.merge import merge_databases
from annotator.store import Store

from .conftest import ARTICLE, sentence_span


def test_every_claim_and_edit_records_its_annotator(tmp_path, monkeypatch):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE)
    db = tmp_path / "alice.db"
    result = CliRunner().invoke(cli, ["--annotator", "alice", "import", str(db), str(article)])
    assert result.exit_code == 0, result.output
    assert resolve_annotator() == "tester"  # ANNOTATOR_USER, set for every test
    assert resolve_annotator("alice", configured="someone") == "alice"
    monkeypatch.delenv("ANNOTATOR_USER")
    assert resolve_annotator(None, configured="from-settings") == "from-settings"
    with Store(db) as store:
        assert [e["annotator"] for e in store.events()] == ["alice"]
        doc_id = store.document_ids()[0]
        claim = add_claim(store, doc_id, *sentence_span(0), annotator="alice", label="factual").claim
        # A colleague relabelling alice's claim makes a decision of their own; alice's stays hers.
        bobs = set_label(store, claim.id, "disputed", annotator="bob").claim
        assert store.get_claim(claim.id) == claim
        assert (bobs.annotator, bobs.basis, bobs.label) == ("bob", claim.id, "disputed")
        assert [e["annotator"] for e in store.events(claim.id)] == ["alice"]
        assert [e["annotator"] for e in store.events(bobs.id)] == ["bob"]


def test_merge_review_and_export_gold(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (1, "attributed")])
    bob = make_db("bob", [(0, "factual"), (1, "disputed")])
    team = tmp_path / "team.db"
    merge_databases(team, [alice, bob])
    with Store(team) as store:
        for item in review_items(store):
            final = item.majority or "disputed"  # the reviewer's call where they disagree
            adjudicate(store, item.doc_id, item.start, item.end, final, reviewer="rita")
    out = tmp_path / "gold.jsonl"
    result = CliRunner().invoke(
        cli, ["export", str(team), "-f", "jsonl", "-o", str(out), "--annotator", GOLD]
    )
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    claims = sorted((c["start"], c["label"], c["annotator"], c["origin"]) for c in record["claims"])
    assert claims == [
        (sentence_span(0)[0], "factual", GOLD, "manual"),
        (sentence_span(1)[0], "disputed", GOLD, "manual"),
    ]
