"""Window benchmarks, run by run.py in a child process (offscreen Qt):

    python bench/bench_ui.py ui  --db DB --doc DOC_ID [--quick]   # open_ratio, label_p95_ms, scroll_p95_ms
    python bench/bench_ui.py rss --db DB --doc DOC_ID [--quick]   # rss_mb

Paints are timed where Qt delivers them: ``PaintClock.notify`` records when each paint event of a watched
viewport starts and ends (including the syntax highlighter and the selected-claim outline it triggers).

- open: ``MainWindow.open_document(big)`` (another article was open before) until the end of the first
  viewport paint that shows highlight formats on a visible block, divided by ``setPlainText`` of the same
  text in a plain read-only QPlainTextEdit with the same viewport size and font until its first paint.
- label: key 1/2/3 sent to the article view (the real shortcut path) until the edit is committed (checked
  through a second SQLite connection) and a paint covering the claim's block has finished.
- scroll: page by page through the whole article, scroll bar step + synchronous repaint + pending events.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import clock, interleaved, median, p95, peak_rss_mb

_TMP = tempfile.mkdtemp(prefix="bench-ui-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = _TMP  # the window's QSettings stay out of the user's configuration
os.environ.setdefault("ANNOTATOR_DATA_DIR", _TMP)

from PySide6.QtCore import QEvent, QEventLoop, QObject, QRect, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QWidget  # noqa: E402

from annotator.core.model import Document  # noqa: E402
from annotator.store import Store  # noqa: E402

WINDOW_SIZE = (1400, 900)
KEYS = {"attributed": Qt.Key.Key_1, "disputed": Qt.Key.Key_2, "factual": Qt.Key.Key_3}
TIMEOUT_S = 30.0


class PaintClock(QApplication):
    """Records (start, end, rect) of every paint event delivered to the watched widgets."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.watched: list[QWidget] = []
        self.paints: list[tuple[float, float, QRect]] = []

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and any(receiver is w for w in self.watched):
            rect = QRect(event.rect())  # type: ignore[attr-defined]
            start = clock()
            result = super().notify(receiver, event)
            self.paints.append((start, clock(), rect))
            return result
        return super().notify(receiver, event)


def drain(app: QApplication, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def settle(app: QApplication, window: Any) -> None:
    """Let the window's worker finish (a long article's claims load there) and deliver its results, so
    that each measurement starts from an idle window and does not share the GIL with earlier work."""
    window.runner.pool.waitForDone(30_000)
    drain(app)
    while getattr(window, "loading", False):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def wait_for_paint(app: PaintClock, since: float, done: Any = None) -> float:
    """Process events until a watched paint that started after ``since`` has ended and ``done(rect)``
    accepts it; returns that paint's end time."""
    deadline = since + TIMEOUT_S
    checked = 0
    while clock() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        while checked < len(app.paints):
            start, end, rect = app.paints[checked]
            checked += 1
            if start >= since and (done is None or done(rect)):
                return end
    raise TimeoutError("no complete paint within the timeout")


def highlighted_on_screen(view: QPlainTextEdit) -> bool:
    """True when a block on screen carries highlight formats (the highlighter has run for it)."""
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    height = view.viewport().height()
    while block.isValid():
        if view.blockBoundingGeometry(block).translated(offset).top() > height:
            return False
        if block.layout() is not None and block.layout().formats():
            return True
        block = block.next()
    return False


def make_window(store: Store, big_id: str) -> Any:
    from annotator.ui.mainwindow import MainWindow

    settings = QSettings(str(Path(_TMP) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, "bench", settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    return window


def small_document(store: Store) -> str:
    """The article open before each timed opening: short, with a claim (so that switching away from it
    changes only what the big article brings, not the empty-article banner)."""
    from annotator.services.claims import add_claim

    with store.transaction():
        doc, created = store.insert_document(
            Document("", "Short note", "A short note.\n\nIt has two lines.\n", {})
        )
    if created:
        add_claim(store, doc.id, 0, 13, annotator="bench", label="factual")
    return doc.id


def measure_open(
    app: PaintClock, window: Any, store: Store, big_id: str, small_id: str, repeats: int
) -> dict[str, Any]:
    view = window.article_view
    text = store.get_document(big_id).text
    plain_window = QMainWindow()
    plain = QPlainTextEdit()
    plain.setReadOnly(True)
    plain.setFont(view.font())
    plain.setLineWrapMode(view.lineWrapMode())
    plain_window.setCentralWidget(plain)
    plain_window.resize(view.size())
    plain_window.show()
    QTest.qWaitForWindowExposed(plain_window)
    app.watched = [view.viewport(), plain.viewport()]

    loaded: list[float] = []

    def open_plain() -> float:
        plain.setPlainText("")
        drain(app)
        start = clock()
        plain.setPlainText(text)
        return wait_for_paint(app, start) - start

    def open_window() -> float:
        window.open_document(small_id)
        settle(app, window)
        start = clock()
        window.open_document(big_id)
        painted = wait_for_paint(app, start, lambda _rect: highlighted_on_screen(view)) - start
        settle(app, window)  # reported too: until every claim is loaded, in the table and the index
        loaded.append(clock() - start)
        return painted

    open_plain(), open_window()  # warm-up: fonts, glyph caches
    base, meas = interleaved(open_plain, open_window, repeats)
    scroll_plain = measure_scroll(app, plain)
    plain_window.close()
    return {
        "open_ratio": round(median(meas) / median(base), 2),
        "open_ms": round(median(meas) * 1000, 1),
        "open_plain_ms": round(median(base) * 1000, 1),
        "open_all_claims_loaded_ms": round(median(loaded) * 1000, 1),
        "scroll_plain_p95_ms": scroll_plain["p95_ms"],
    }


def measure_scroll(app: PaintClock, view: QPlainTextEdit) -> dict[str, Any]:
    bar = view.verticalScrollBar()
    bar.setValue(0)
    drain(app)
    times: list[float] = []
    while True:
        value = bar.value()
        if value >= bar.maximum():
            break
        start = clock()
        bar.setValue(min(bar.maximum(), value + max(1, bar.pageStep())))
        view.viewport().repaint()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        times.append(clock() - start)
    return {
        "p95_ms": round(p95(times) * 1000, 2),
        "median_ms": round(median(times) * 1000, 2),
        "pages": len(times),
    }


def measure_label(app: PaintClock, window: Any, store: Store, big_id: str, edits: int) -> dict[str, Any]:
    view = window.article_view
    app.watched = [view.viewport()]
    if window.doc is None or window.doc.id != big_id:
        window.open_document(big_id)
    settle(app, window)  # edits wait until all claims are there
    check = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True)
    claims = [c for c in store.claims(big_id) if c.status != "rejected"]
    step = max(1, len(claims) // edits)
    targets = claims[::step][:edits]
    window.activateWindow()  # single-key shortcuts need the window active and the article focused
    QTest.qWaitForWindowActive(window)
    view.setFocus()
    drain(app)
    times: list[float] = []
    for claim in targets:
        window.select_claim(claim.id)
        view.setFocus()
        drain(app)
        label = next(lb for lb in ("attributed", "disputed", "factual") if lb != claim.label)
        qt = window.index.claims[claim.id]
        block = view.document().findBlock(qt.start)

        def covers_claim(rect: QRect, block: Any = block) -> bool:
            geometry = view.blockBoundingGeometry(block).translated(view.contentOffset()).toRect()
            return rect.intersects(geometry)

        start = clock()
        QTest.keyClick(view, KEYS[label])
        try:
            end = wait_for_paint(app, start, covers_claim)
        except TimeoutError as exc:
            stored = store.get_claim(claim.id)
            raise TimeoutError(
                f"no paint after labelling claim {claim.id} ({claim.label} -> {label}; stored "
                f"{stored.label}, {stored.status}); focus {QApplication.focusWidget()}, "
                f"paints {app.paints[-3:]}"
            ) from exc
        row = check.execute("SELECT label FROM claims WHERE id = ?", (claim.id,)).fetchone()
        while row is None or row[0] != label:  # not committed yet: the edit is not done
            if clock() - start > TIMEOUT_S:
                raise TimeoutError(f"label of {claim.id} was never committed")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            row = check.execute("SELECT label FROM claims WHERE id = ?", (claim.id,)).fetchone()
            end = clock()
        times.append(end - start)
    check.close()
    return {
        "label_p95_ms": round(p95(times) * 1000, 2),
        "label_median_ms": round(median(times) * 1000, 2),
        "label_edits": len(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("ui", "rss"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--doc", required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    app = PaintClock(sys.argv[:1])
    store = Store(args.db)
    small_id = small_document(store)
    window = make_window(store, args.doc)
    if window.doc is None or window.doc.id != args.doc:
        window.open_document(args.doc)
    settle(app, window)
    result: dict[str, Any] = {}
    if args.mode == "ui":
        result.update(measure_open(app, window, store, args.doc, small_id, 3 if args.quick else 7))
        window.open_document(args.doc)
        settle(app, window)
        window.select_claim(None)
        app.watched = [window.article_view.viewport()]
        scroll = measure_scroll(app, window.article_view)
        result.update(
            scroll_p95_ms=scroll["p95_ms"], scroll_median_ms=scroll["median_ms"], scroll_pages=scroll["pages"]
        )
        result.update(measure_label(app, window, store, args.doc, 50 if args.quick else 200))
    else:
        # The article open, scrolled through once (every block laid out and highlighted) and edited.
        window.open_document(args.doc)
        settle(app, window)
        app.watched = [window.article_view.viewport()]
        measure_scroll(app, window.article_view)
        measure_label(app, window, store, args.doc, 20)
        result["rss_mb"] = round(peak_rss_mb(), 1)
    window.close()
    store.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
