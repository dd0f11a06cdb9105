"""services.stats: gold is the reference, the suggester no annotator, claims counted per span."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import SUGGESTER
from annotator.services.agreement import adjudicate
from annotator.services.claims import reject_claim, set_label
from annotator.services.merge import merge_databases
from annotator.services.stats import stats
from annotator.store import Store

from .conftest import add_suggestions, sentence_span


def test_claims_are_counted_per_span_and_gold_is_no_annotator(make_db, tmp_path):
    # 13 sentences marked by both (12 agree, 1 differs): the "26/26" on one article.
    same = [(i, "factual") for i in range(12)]
    alice = make_db("alice", [*same, (12, "disputed")])
    bob = make_db("bob", [*same, (12, "attributed")])
    team = tmp_path / "team.db"
    merge_databases(team, [alice, bob])
    with Store(team) as store:
        figures = stats(store)
        assert (figures["claims"], figures["labelled"], figures["open_disagreements"]) == (13, 12, 1)
        assert figures["by_label"] == {"attributed": 0, "disputed": 0, "factual": 12}
        assert figures["by_annotator"] == {"alice": 13, "bob": 13}
        (article,) = figures["articles"]
        assert (article["claims"], article["open_disagreements"], article["annotators"]) == (
            13,
            1,
            ["alice", "bob"],
        )

        doc_id = store.document_ids()[0]
        adjudicate(store, doc_id, *sentence_span(12), "disputed", reviewer="rita")
        figures = stats(store)
    assert figures["by_annotator"] == {"alice": 13, "bob": 13}  # gold is not a third annotator
    assert "gold" not in figures["annotators"]
    assert (figures["open_disagreements"], figures["adjudicated"]) == (0, 1)
    assert figures["by_label"] == {"attributed": 0, "disputed": 1, "factual": 12}
    (article,) = figures["articles"]
    assert article["open_disagreements"] == 0 and article["disagreements"] == 1

    table = CliRunner().invoke(cli, ["stats", str(team)]).output
    assert "Claims       13 span(s)" in table and "0 open disagreement(s)" in table


def test_suggestions_are_the_suggesters_and_count_until_decided(tmp_path):
    path = tmp_path / "lead.db"
    with Store(path) as store:
        from .conftest import add_article

        doc_id = add_article(store, annotator="lead")
        made = add_suggestions(store, doc_id, 3)
        figures = stats(store)
        assert (figures["claims"], figures["by_status"]["suggested"], figures["by_annotator"]) == (0, 3, {})
        assert SUGGESTER not in figures["annotators"]
        set_label(store, made[0].id, "disputed", annotator="alice")
        reject_claim(store, made[1].id, annotator="alice")
        figures = stats(store)
    assert figures["by_status"] == {"suggested": 1, "accepted": 1, "rejected": 1}
    assert figures["by_annotator"] == {"alice": 1}
    assert (figures["claims"], figures["by_label"]["disputed"]) == (1, 1)
    assert figures["articles"][0]["suggestions"] == 1
