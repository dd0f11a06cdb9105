"""Curation benchmark, run by run.py in a child process (offscreen Qt), or by hand:

    python bench/bench_curation.py --work DIR [--quick]

Two databases with the same big article: one annotator's 5,000 claims (as bench_ui's open), and three
annotators' (alice, bob, carol: 15,000 claims, with differing labels and rejections). Side by side in one
process, interleaved:

- single: ``MainWindow.open_document(big)`` (a short article was open before) until the end of the first
  viewport paint that shows highlight formats on a visible block: bench_ui's open figure.
- curation: ``CurationPanel.open_document(big)`` (a short article before) until the end of the first paint
  of the curation view that shows lanes on a visible line.

``curation_open_ratio`` = median curation ÷ median single (bar: ≤ 2). Also reported: the time until all
15,000 decisions are loaded (the worker), the paint per page scrolling the whole article without a pause
(p95; beside the annotator's view) and with a quarter second on each page (as a reader pages: the view
formats the next blocks meanwhile), and key 1/2/3 → gold committed and repainted (p95).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench_ui import (
    TIMEOUT_S,
    WINDOW_SIZE,
    PaintClock,
    drain,
    highlighted_on_screen,
    make_window,
    measure_scroll,
    settle,
    small_document,
    wait_for_paint,
)
from common import SEED, clock, interleaved, median, p95
from corpus import build_article_db
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtTest import QTest

from annotator.core.model import GOLD, new_id
from annotator.store import Store

ANNOTATORS = ("alice", "bob", "carol")
KEYS = {"attributed": Qt.Key.Key_1, "disputed": Qt.Key.Key_2, "factual": Qt.Key.Key_3}


def build_team_db(single: Path, team: Path, doc_id: str) -> None:
    """The single annotator's claims three times over, one copy per annotator, with disagreements: bob
    labels every 7th claim differently, carol rejects every 11th and relabels every 5th."""
    with Store(single) as src:
        doc = src.get_document(doc_id)
        claims = [c for c in src.claims(doc_id) if c.status != "rejected"]
    others: dict[str | None, str] = {
        "attributed": "disputed",
        "disputed": "factual",
        "factual": "attributed",
        None: "factual",
    }
    with Store(team) as store, store.transaction():
        store.insert_document(doc)
        for number, claim in enumerate(claims):
            for name in ANNOTATORS:
                label: str | None = claim.label or "factual"
                status = "accepted"
                if name == "bob" and number % 7 == 0:
                    label = others[label]
                if name == "carol" and number % 5 == 0:
                    label = others[others[label]]
                if name == "carol" and number % 11 == 0:
                    label, status = None, "rejected"
                store.insert_claim(replace(claim, id=new_id(), annotator=name, label=label, status=status))


def curation_panel(store: Store) -> Any:
    from annotator.ui.curation import CurationPanel

    panel = CurationPanel(store, "bench")
    panel.resize(*WINDOW_SIZE)
    panel.show()
    panel.activateWindow()
    QTest.qWaitForWindowExposed(panel)
    return panel


def settle_panel(app: PaintClock, panel: Any) -> None:
    panel.runner.pool.waitForDone(30_000)
    drain(app)
    deadline = clock() + TIMEOUT_S
    while panel.loading and clock() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def lanes_on_screen(view: Any) -> bool:
    """True when a line on screen has a mark in a lane (the view painted the decisions)."""
    top = view.cursorForPosition(view.viewport().rect().topLeft()).position()
    bottom = view.cursorForPosition(view.viewport().rect().bottomRight()).position()
    return bool(view.marks.overlapping(top, bottom + 1))


def measure(work: Path, quick: bool) -> dict[str, Any]:
    chars, claims = (400_000, 2_000) if quick else (1_000_000, 5_000)
    repeats = 3 if quick else 7
    single_db, team_db = work / "single.db", work / "team-curation.db"
    for path in (single_db, team_db):
        path.unlink(missing_ok=True)
    big_id = build_article_db(single_db, chars, claims, SEED)
    build_team_db(single_db, team_db, big_id)

    app = PaintClock(sys.argv[:1])
    single_store, team_store = Store(single_db), Store(team_db)
    single_small, team_small = small_document(single_store), small_document(team_store)
    window = make_window(single_store, big_id)
    panel = curation_panel(team_store)
    view = window.article_view
    app.watched = [view.viewport(), panel.view.viewport()]
    loaded: list[float] = []

    def open_single() -> float:
        window.open_document(single_small)
        settle(app, window)
        start = clock()
        window.open_document(big_id)
        painted = wait_for_paint(app, start, lambda _rect: highlighted_on_screen(view)) - start
        settle(app, window)
        return painted

    def open_curation() -> float:
        panel.open_document(team_small)
        settle_panel(app, panel)
        start = clock()
        panel.open_document(big_id)
        painted = wait_for_paint(app, start, lambda _rect: lanes_on_screen(panel.view)) - start
        settle_panel(app, panel)
        loaded.append(clock() - start)
        return painted

    open_single(), open_curation()  # warm-up: fonts, glyph caches
    base, meas = interleaved(open_single, open_curation, repeats)
    assert panel.curation is not None and len(panel.curation.annotators) == len(ANNOTATORS)
    # every page of the article, freshly opened (so each block is formatted as it comes into view), in the
    # annotator's view and in curation
    window.open_document(big_id)
    settle(app, window)
    window.select_claim(None)
    app.watched = [view.viewport()]
    single_scroll = measure_scroll(app, view)
    panel.open_document(big_id)
    settle_panel(app, panel)
    panel.select_unit(None)
    app.watched = [panel.view.viewport()]
    scroll = measure_scroll(app, panel.view)
    panel.open_document(big_id)
    settle_panel(app, panel)
    panel.select_unit(None)
    reading = measure_reading_scroll(app, panel.view, 0.25, 15 if quick else 40)
    decide = measure_decide(app, panel, team_store, 20 if quick else 60)
    window.close()
    panel.close()
    single_store.close()
    team_store.close()
    return {
        "curation_open_ratio": round(median(meas) / median(base), 2),
        "curation_open_ms": round(median(meas) * 1000, 1),
        "curation_single_open_ms": round(median(base) * 1000, 1),
        "curation_all_loaded_ms": round(median(loaded) * 1000, 1),
        "curation_claims": len(ANNOTATORS) * claims,
        "curation_scroll_p95_ms": scroll["p95_ms"],
        "curation_scroll_median_ms": scroll["median_ms"],
        "curation_single_scroll_p95_ms": single_scroll["p95_ms"],
        "curation_reading_scroll_p95_ms": reading["p95_ms"],
        "curation_reading_scroll_median_ms": reading["median_ms"],
        "curation_single_scroll_median_ms": single_scroll["median_ms"],
        "curation_scroll_pages": scroll["pages"],
        **decide,
    }


def measure_reading_scroll(app: PaintClock, view: Any, pause_s: float, pages: int) -> dict[str, Any]:
    """Page down as a reader does: a page, then ``pause_s`` reading it (idle: the view formats ahead)."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    drain(app)
    times: list[float] = []
    for _ in range(pages):
        value = bar.value()
        if value >= bar.maximum():
            break
        start = clock()
        bar.setValue(min(bar.maximum(), value + max(1, bar.pageStep())))
        view.viewport().repaint()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        times.append(clock() - start)
        QTest.qWait(int(pause_s * 1000))
    return {"p95_ms": round(p95(times) * 1000, 2), "median_ms": round(median(times) * 1000, 2)}


def measure_decide(app: PaintClock, panel: Any, store: Store, edits: int) -> dict[str, Any]:
    """Key 1/2/3 on an open disagreement until the gold claim is committed and the view repainted."""
    app.watched = [panel.view.viewport()]
    check = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True)
    panel.view.setFocus()
    drain(app)
    times: list[float] = []
    units = panel.curation.open_units
    for unit in units[:: max(1, len(units) // edits)][:edits]:
        panel.select_unit(unit.key)
        drain(app)
        start = clock()
        QTest.keyClick(panel.view, KEYS["factual"])
        end = wait_for_paint(app, start)
        query = 'SELECT count(*) FROM claims WHERE annotator = ? AND start = ? AND "end" = ?'
        if check.execute(query, (GOLD, unit.start, unit.end)).fetchone()[0] != 1:
            raise RuntimeError(f"the gold decision on {unit.key} was not committed")
        times.append(end - start)
    check.close()
    return {
        "curation_decide_p95_ms": round(p95(times) * 1000, 2),
        "curation_decide_median_ms": round(median(times) * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(measure(args.work, args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
