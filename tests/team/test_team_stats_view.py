"""The statistics view on a merged database: charts, per-article progress, agreement, refresh."""

from __future__ import annotations

import pytest

from annotator.services.agreement import adjudicate
from annotator.services.claims import add_claim
from annotator.services.merge import merge_databases
from annotator.store import Store
from annotator.ui.stats_view import BarChart, StatsView

from .conftest import sentence_span


def settled(qtbot, view: StatsView) -> StatsView:
    """The figures are computed on a worker thread: wait until they are shown."""
    qtbot.waitUntil(lambda: not view.refreshing, timeout=10000)
    return view


@pytest.fixture
def merged(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (1, "disputed"), (2, "attributed")])
    bob = make_db("bob", [(0, "factual"), (1, "factual"), (2, "attributed"), (3, "factual")])
    out = tmp_path / "team.db"
    merge_databases(out, [alice, bob])
    store = Store(out)
    yield store
    store.close()


def test_stats_view_on_a_merged_database(qtbot, merged, tmp_path):
    view = StatsView(merged, "rita")
    qtbot.addWidget(view)
    view.resize(900, 760)
    view.show()
    qtbot.waitExposed(view)
    settled(qtbot, view)

    # Per span: 0 and 2 agreed (factual, attributed); 1 (disputed vs factual) and 3 (alice did not mark it)
    # are open, so the article is half settled, not "100%".
    assert dict(view.by_label.bars()) == {"attributed": 1, "disputed": 0, "factual": 1}
    assert view.figures["open_disagreements"] == 2
    assert dict(view.by_annotator.bars()) == {"alice": 3, "bob": 4}
    assert view.articles.rowCount() == 1
    assert [view.articles.item(0, c).text() for c in range(1, 7)] == ["4", "0", "2", "0", "50% · 2 open", ""]
    assert "4 claim(s) counted once per span" in view.totals.text()
    assert "2 open disagreement(s)" in view.totals.text()
    assert view.pairs.rowCount() == 1
    # f,d,a against f,f,a: kappa 0.5 (see test_team_cli); 3 shared of 3 and 4 claims: F1 = 6/7.
    assert [view.pairs.item(0, c).text() for c in range(7)] == [
        "alice", "bob", "3", "0.500", "0.750", "1.000", "0.857",
    ]  # fmt: skip
    assert "Krippendorff" in view.alpha.text()
    assert view.kappa_chart.bars() == [("alice × bob", 0.5)]
    assert view.grab().save(str(tmp_path / "stats.png"))


def test_stats_view_follows_the_work(qtbot, merged):
    view = StatsView(merged, "rita")
    qtbot.addWidget(view)
    view.show()
    settled(qtbot, view)
    doc_id = merged.document_ids()[0]

    # An edit through the same Store: the view notices it without being told.
    add_claim(merged, doc_id, *sentence_span(5), annotator="carol", label="disputed")
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        pass
    assert dict(view.by_annotator.bars())["carol"] == 1
    # carol worked on the article and marked none of the other spans: all five are open now
    assert view.figures["open_disagreements"] == 5
    assert "5 open disagreement(s)" in view.totals.text()

    # An edit by another connection (another process, a merge): noticed through data_version.
    with Store(merged.path) as other:
        adjudicate(other, doc_id, *sentence_span(1), "disputed", reviewer="rita")
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        pass
    assert "gold" not in dict(view.by_annotator.bars())  # gold is the reference, not an annotator
    assert dict(view.by_label.bars())["disputed"] == 1  # gold settled span 1
    assert view.articles.item(0, 2).text() == "1" and view.articles.item(0, 3).text() == "4"

    view.match.setCurrentIndex(1)  # overlap matching recomputes at once
    assert settled(qtbot, view).agreement_figures["match"] == "overlap"


def test_finished_articles_are_shown(qtbot, merged):
    from annotator.services.curation import set_finished

    set_finished(merged, merged.document_ids()[0], True, reviewer="rita")
    view = settled(qtbot, StatsView(merged, "rita"))
    qtbot.addWidget(view)
    assert view.articles.item(0, 6).text() == "✓ finished"
    assert view.articles.item(0, 5).text() == "50% · 2 open"  # finished, yet two disagreements are open


def test_empty_database_and_bar_chart(qtbot, tmp_path):
    with Store(tmp_path / "empty.db") as store:
        view = StatsView(store, "rita")
        qtbot.addWidget(view)
        settled(qtbot, view)
        assert view.by_label.bars() == [("attributed", 0), ("disputed", 0), ("factual", 0)]
        assert "two annotators" in view.alpha.text()
        assert view.pairs.rowCount() == 0
    chart = BarChart("Claims")
    qtbot.addWidget(chart)
    chart.set_bars([("alice", 3, None), ("bob", -0.2, None)])
    assert "bob: -0.200" in chart.toolTip()
    chart.resize(300, 100)
    assert not chart.grab().isNull()


def test_figures_are_computed_off_the_gui_thread(qtbot, merged, monkeypatch):
    """With 100,000 claims a refresh takes about a second: it must not run on the GUI thread."""
    import threading

    from annotator.ui import stats_view

    threads = []
    read = stats_view._read_figures
    monkeypatch.setattr(
        stats_view, "_read_figures", lambda *args: threads.append(threading.current_thread()) or read(*args)
    )
    view = settled(qtbot, StatsView(merged, "rita"))
    qtbot.addWidget(view)
    assert threads and threading.main_thread() not in threads
    assert dict(view.by_annotator.bars()) == {"alice": 3, "bob": 4}


def test_switching_databases(qtbot, merged, make_db):
    view = StatsView(merged, "rita")
    qtbot.addWidget(view)
    view.show()
    old = Store(merged.path)
    view.set_store(old)
    old.close()
    view._poll()  # a closed database is not an error while the window switches
    with Store(make_db("zoe", [(0, "factual")])) as other:
        view.set_store(other)
        assert dict(settled(qtbot, view).by_annotator.bars()) == {"zoe": 1}
