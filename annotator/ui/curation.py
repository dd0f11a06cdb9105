"""Curation mode in the main window, after INCEpTION's curation page.

One article at a time: every annotator's decisions in lanes above the text (``curation_view.py``), gold in
the text itself, and under it what the current span's annotators said (labels, rejections, "not marked",
source and cue differences) in its sentence. Keys, while the article has focus:

    G            take every span the annotators agree on into gold
    J / K        next / previous open disagreement
    1 2 3 / A D F  gold label attributed / disputed / factual;  X  gold: not a claim
    Alt+1 … Alt+7  gold takes that lane's (annotator's) decision as it is: label, source and cue
    Ctrl+Return  mark the article finished (again: reopen it)

Every gold write goes onto the window's undo stack (Ctrl+Z), undone by compare-and-swap
(``services.claims.undo`` / ``redo``). The window opens the mode with :func:`toggle_curation`.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import LABELS, extent_end
from annotator.core.offsets import OffsetConverter
from annotator.services.changes import Changes, ClaimChange
from annotator.services.claims import redo as redo_changes
from annotator.services.claims import undo as undo_changes
from annotator.services.curation import (
    Curation,
    Unit,
    build_units,
    curation_of,
    curation_progress,
    decide,
    decision_text,
    progress_of,
    set_finished,
    take_agreed,
    take_decision,
)
from annotator.services.stats import change_token
from annotator.store import Store, StoreError
from annotator.ui.curation_items import CurationArticlesModel, GoldCommand, context_html, shorten
from annotator.ui.curation_view import PATTERN_NAMES, CurationView, lane_initial
from annotator.ui.workers import TaskContext, TaskRunner

POLL_MS = 1500  # as the window's own check for other writers

_DIGITS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6, Qt.Key.Key_7)
# Keys of the mode: (key, modifiers) -> command name. Alt+N: gold takes lane N's decision as it is.
KEYS: dict[tuple[int, Qt.KeyboardModifier], str] = {
    (Qt.Key.Key_G, Qt.KeyboardModifier.NoModifier): "agreed",
    (Qt.Key.Key_J, Qt.KeyboardModifier.NoModifier): "next",
    (Qt.Key.Key_K, Qt.KeyboardModifier.NoModifier): "previous",
    (Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier): "attributed",
    (Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier): "attributed",
    (Qt.Key.Key_2, Qt.KeyboardModifier.NoModifier): "disputed",
    (Qt.Key.Key_D, Qt.KeyboardModifier.NoModifier): "disputed",
    (Qt.Key.Key_3, Qt.KeyboardModifier.NoModifier): "factual",
    (Qt.Key.Key_F, Qt.KeyboardModifier.NoModifier): "factual",
    (Qt.Key.Key_X, Qt.KeyboardModifier.NoModifier): "reject",
    **{(key, Qt.KeyboardModifier.AltModifier): f"take:{n}" for n, key in enumerate(_DIGITS)},
    (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier): "finished",
    (Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier): "finished",
}


class CurationPanel(QWidget):
    """Article list, the article with its lanes, and the current span's decisions."""

    gold_changed = Signal(str)  # doc id whose gold claims were written
    loaded = Signal()

    def __init__(
        self, store: Store, reviewer: str, undo_stack: QUndoStack | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.reviewer = reviewer
        self.undo_stack = undo_stack or QUndoStack(self)
        self.runner = TaskRunner(self)
        self.curation: Curation | None = None
        self.text = ""
        self.converter = OffsetConverter("")
        self.loading = False
        self._seen: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

        self.articles_model = CurationArticlesModel(self)
        self.articles = QListView()
        self.articles.setModel(self.articles_model)
        self.articles.setWordWrap(True)
        self.articles.setUniformItemSizes(True)  # two lines each: no size hint per row on every update
        self.articles.selectionModel().currentChanged.connect(self._article_changed)

        self.view = CurationView()
        self.view.unit_clicked.connect(self.select_unit)
        self.view.installEventFilter(self)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("curation_summary")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setObjectName("curation_detail")
        self.message = QLabel()
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        for text, command, tip in (
            ("G Take agreed", "agreed", "Take every span all annotators agree on into gold"),
            ("K ◀", "previous", "Previous open disagreement"),
            ("J ▶", "next", "Next open disagreement"),
            ("1 Attributed", "attributed", "Gold label: attributed"),
            ("2 Disputed", "disputed", "Gold label: disputed"),
            ("3 Factual", "factual", "Gold label: factual"),
            ("X Not a claim", "reject", "Gold: this span is not a claim"),
            ("Finished (Ctrl+Enter)", "finished", "Mark the article's curation finished, or reopen it"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, name=command: self.run(name))
            buttons.addWidget(button)
        buttons.addStretch(1)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.legend)
        centre_layout.addWidget(self.view, 1)
        centre_layout.addWidget(self.summary)
        centre_layout.addWidget(self.detail)
        centre_layout.addLayout(buttons)
        centre_layout.addWidget(self.message)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Curation</b> — articles"))
        left_layout.addWidget(self.articles)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(centre)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([240, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    # -- loading ----------------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        """Curate another database (the window switched databases)."""
        self.runner.cancel("curation")
        self.store = store
        self.curation = None
        self.refresh_articles()
        if self.articles_model.rowCount():
            self.open_document(self.articles_model.progress(0).doc_id)

    def _poll(self) -> None:
        """Reload when someone else wrote to the database (another window, a merge, another reviewer): own
        writes update the view directly and move the mark past themselves."""
        if not self.isVisible() or self.loading or self.curation is None:
            return
        seen = self._change_token()
        if seen is not None and self._seen is not None and seen != self._seen:
            self.refresh_articles()
            self.reload()

    def _mark_seen(self) -> None:
        self._seen = self._change_token()

    def _change_token(self) -> tuple[int, int] | None:
        try:
            return change_token(self.store)
        except StoreError:  # the window closed this Store: it is switching databases
            return None

    def refresh_articles(self) -> None:
        self.articles_model.set_rows(curation_progress(self.store))
        if self.curation is not None:
            self._select_article_row(self.curation.doc_id)

    def _select_article_row(self, doc_id: str) -> None:
        row = self.articles_model.row_of(doc_id)
        if row is not None and self.articles.currentIndex().row() != row:
            self.articles.blockSignals(True)
            self.articles.setCurrentIndex(self.articles_model.index(row, 0))
            self.articles.blockSignals(False)

    def _article_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = current.data(CurationArticlesModel.DocIdRole) if current.isValid() else None
        if doc_id and (self.curation is None or self.curation.doc_id != doc_id):
            self.open_document(doc_id)

    def open_document(self, doc_id: str) -> None:
        """Show an article: its first screen at once (a range scan), all its decisions from the worker."""
        self.runner.cancel("curation")
        if self.articles_model.row_of(doc_id) is None:
            self.articles_model.set_rows(curation_progress(self.store))
        doc = self.store.get_document(doc_id)
        self.text = doc.text
        screen = self._screen_chars()
        first = self.store.claims_overlapping(doc_id, 0, screen)
        self.converter = OffsetConverter(doc.text, scan_first=max([screen, *map(extent_end, first)]))
        self.curation = build_units(doc_id, doc.text, first)
        self.view.show_curation(self.curation, self.converter, reset_text=doc.text)
        self.view.set_current(None)
        self._select_article_row(doc_id)
        self._load_all(doc_id, after_paint=True)

    def reload(self) -> None:
        """Read the open article's decisions again on the worker, keeping the text, the scroll position and
        the selected span (someone else wrote to the database)."""
        if self.curation is not None:
            self._load_all(self.curation.doc_id, after_paint=False)

    def _load_all(self, doc_id: str, *, after_paint: bool) -> None:
        self.loading = True
        self.summary.setText("Loading the annotators' decisions…")
        path, text = self.store.path, self.text

        def work(ctx: TaskContext) -> tuple[Curation, OffsetConverter]:
            with Store(path, verify=False) as store:  # checked when the window opened it
                curation = curation_of(store, doc_id)
            ctx.check()
            return curation, OffsetConverter(text)

        def start() -> None:
            self._mark_seen()  # before reading: a write meanwhile is seen by the next poll
            task = self.runner.submit("curation", work)
            task.signals.finished.connect(lambda result: self._loaded(doc_id, *result))
            task.signals.failed.connect(self._load_failed)

        if after_paint:
            self.view.call_after_next_paint(start)  # the first paint does not share the GIL with the worker
        else:
            start()

    def _screen_chars(self) -> int:
        """More code points than one screen can show: a line holds about ``columns`` characters, and a line
        with lanes is at least 1.8 times as tall as a plain one (one annotator and gold); half as much again
        for lines of narrow letters. Reading fewer claims for the first paint is most of its cost."""
        metrics = self.view.fontMetrics()
        size = self.view.viewport().size()
        columns = size.width() // max(1, metrics.averageCharWidth()) + 1
        lines = int(size.height() / (1.8 * max(1, metrics.lineSpacing()))) + 1
        return max(3_000, int(1.5 * columns * lines))

    def _load_failed(self, message: str) -> None:
        self.loading = False
        self.summary.setText("")
        self.message.setText(f"Could not load the curation: {message}")

    def _loaded(self, doc_id: str, curation: Curation, converter: OffsetConverter) -> None:
        if self.curation is None or self.curation.doc_id != doc_id:
            return
        self.loading = False
        self.curation, self.converter = curation, converter
        self.view.show_curation(curation, converter)
        self._update_legend()
        self._update_summary()
        if self.view.current is None or curation.unit_at(*self.view.current) is None:
            self.view.current = None
            self.step(1)
        else:
            self._show_detail()
        self.loaded.emit()

    def _update_legend(self) -> None:
        lanes = self.view.lanes
        names = " · ".join(f"<b>{lane_initial(n, lanes)}</b> {html.escape(n)}" for n in lanes)
        patterns = ", ".join(f"{PATTERN_NAMES[label]} {label}" for label in LABELS)
        self.legend.setText(
            f"Lanes above each line: {names}. A bar is a claim ({patterns}); a grey struck-through outline "
            "is a rejection; no bar means not marked. Gold is also underlined in the text. Orange in the "
            "margin: an open disagreement. Alt+1, Alt+2…: gold takes that lane's decision, source and cue "
            "too."
        )

    def _update_summary(self) -> None:
        curation = self.curation
        if curation is None:
            return
        agreed = gold = open_ = 0
        for unit in curation.units:  # one pass: 15,000 decisions make thousands of units
            gold += unit.gold is not None
            agreed += unit.gold is None and unit.agreed
            open_ += unit.open
        state = "✓ finished" if curation.finished else "not finished"
        self.summary.setText(
            f"{len(curation.units)} span(s) · {open_} open disagreement(s) · "
            f"{agreed} agreed, not yet in gold · {gold} in gold · {state}"
        )

    # -- the current unit -------------------------------------------------------------------------

    def current_unit(self) -> Unit | None:
        if self.curation is None or self.view.current is None:
            return None
        return self.curation.unit_at(*self.view.current)

    def select_unit(self, key: tuple[int, int] | None) -> None:
        self.view.set_current(key)
        self._show_detail()

    def _show_detail(self) -> None:
        unit = self.current_unit()
        if unit is None:
            self.detail.setText("No span selected: J / K walk the open disagreements.")
            return
        rows = []
        for name in unit.annotators:
            claim = unit.decision(name)
            said = decision_text(claim)
            if claim is not None and claim.status == "rejected":
                said = "<s>rejected</s>"
            parts = [said]
            if claim is not None and claim.status == "accepted":
                for part in ("source", "cue"):
                    span = getattr(claim, part)
                    if span is not None:
                        parts.append(f"{part} ‘{html.escape(span.text)}’")
            rows.append(f"<b>{html.escape(name)}</b>: {' · '.join(parts)}")
        gold = decision_text(unit.gold) if unit.gold is not None else "not decided"
        rows.append(f"<b>gold</b>: {gold}")
        state = "open disagreement" if unit.open else ("agreed" if unit.agreed else "decided")
        differences = "".join(f"<br>≠ {html.escape(line)}" for line in unit.differences())
        context = context_html(self.text, unit.start, unit.end)
        self.detail.setText(f"<i>{state}</i> — {context}<br>{' &nbsp;|&nbsp; '.join(rows)}{differences}")

    def step(self, direction: int) -> None:
        """Next (1) / previous (-1) open disagreement after the current span, wrapping around."""
        if self.curation is None:
            return
        units = self.curation.open_units
        if not units:
            self.message.setText("No open disagreement in this article.")
            self.select_unit(self.view.current)
            return
        key = self.view.current or ((-1, -1) if direction > 0 else (1 << 60, 0))
        if direction > 0:
            target = next((u for u in units if u.key > key), units[0])
        else:
            target = next((u for u in reversed(units) if u.key < key), units[-1])
        self.select_unit(target.key)

    # -- commands ---------------------------------------------------------------------------------

    def run(self, command: str) -> None:
        if self.loading:
            self.message.setText("The decisions of this article are still loading…")
            return
        if command == "next":
            self.step(1)
        elif command == "previous":
            self.step(-1)
        elif command in LABELS or command == "reject":
            self.decide(None if command == "reject" else command)
        elif command == "agreed":
            self.take_agreed()
        elif command == "finished":
            self.toggle_finished()
        elif command.startswith("take:"):
            self.take_lane(int(command.split(":")[1]))
        self.view.setFocus()

    def decide(self, label: str | None) -> Changes | None:
        unit = self.current_unit()
        if unit is None:
            self.message.setText("Select a span first (J / K, or click it).")
            return None
        try:
            changes = decide(self.store, unit, label, reviewer=self.reviewer)
        except (StoreError, ValueError) as exc:
            self.message.setText(f"Not saved: {exc}")
            return None
        self._push(f"Gold: {label or 'not a claim'} for “{shorten(unit.text, 60)}”", changes)
        if self.curation is not None and self.curation.open_units:
            self.step(1)
        return changes

    def take_lane(self, lane: int) -> Changes | None:
        """Gold takes the decision in lane ``lane`` (0: the first annotator) as it is, source and cue too."""
        unit = self.current_unit()
        if unit is None or self.curation is None or lane >= len(self.curation.annotators):
            self.message.setText("Select a span first (J / K, or click it), then Alt+ an annotator's lane.")
            return None
        name = self.curation.annotators[lane]
        try:
            changes = take_decision(self.store, unit, name, reviewer=self.reviewer)
        except (StoreError, ValueError) as exc:
            self.message.setText(f"Not saved: {exc}")
            return None
        self._push(f"Gold: {name}'s decision for “{shorten(unit.text, 50)}”", changes)
        if self.curation.open_units:
            self.step(1)
        return changes

    def take_agreed(self) -> Changes | None:
        if self.curation is None:
            return None
        try:
            changes = take_agreed(self.store, self.curation.doc_id, reviewer=self.reviewer)
        except (StoreError, ValueError) as exc:
            self.message.setText(f"Not saved: {exc}")
            return None
        if changes.empty:
            self.message.setText("Nothing to take: no agreed span without a gold decision.")
            return changes
        self._push(f"Take {len(changes.claims)} agreed span(s) into gold", changes)
        return changes

    def toggle_finished(self) -> None:
        if self.curation is None:
            return
        finished = not self.curation.finished
        try:
            set_finished(self.store, self.curation.doc_id, finished, reviewer=self.reviewer)
        except StoreError as exc:
            self.message.setText(f"Not saved: {exc}")
            return
        self.curation.finished = finished
        self._mark_seen()
        open_left = len(self.curation.open_units)
        note = f" ({open_left} disagreement(s) still open)" if finished and open_left else ""
        self.message.setText(("Marked finished" if finished else "Reopened") + note + ".")
        self._update_summary()
        self._update_article_row()

    def _push(self, text: str, changes: Changes) -> None:
        if changes.empty:
            return
        self._show_changes(changes.claims)
        self._mark_seen()
        self.message.setText(f"Saved. {text}. Ctrl+Z undoes it.")
        self.undo_stack.push(GoldCommand(self, text, changes))

    def apply_changes(self, changes: Changes, *, redo: bool) -> bool:
        """Undo (or redo) a gold write by compare-and-swap; False when someone changed it since."""
        try:
            done = (redo_changes if redo else undo_changes)(self.store, changes, annotator=self.reviewer)
        except StoreError as exc:  # ObsoleteChange too: one sentence naming who changed it
            self.message.setText(str(exc))
            return False
        self._mark_seen()
        if self.curation is None or self.curation.doc_id != changes.doc_id:
            self.open_document(changes.doc_id)
        else:
            self._show_changes(done.claims)
            claim = done.claim or (done.claims[-1].before if done.claims else None)
            if claim is not None:
                self.select_unit((claim.start, claim.end))
        self.message.setText(("Redone" if redo else "Undone") + ".")
        return True

    def _show_changes(self, changes: tuple[ClaimChange, ...]) -> None:
        """Put the written gold claims into the units shown (no reload of 15,000 decisions)."""
        curation = self.curation
        if curation is None:
            return
        units = []
        for change in changes:
            claim = change.after or change.before
            if claim is not None and claim.doc_id == curation.doc_id:
                units.append(curation.set_gold(claim, change.after))
        self.view.update_gold(units)
        self._update_summary()
        self._show_detail()
        self._update_article_row()
        self.gold_changed.emit(curation.doc_id)

    def _update_article_row(self) -> None:
        """The open article's row in the list, from the units in memory."""
        if self.curation is None:
            return
        row = self.articles_model.row_of(self.curation.doc_id)
        if row is not None:
            old = self.articles_model.progress(row)
            self.articles_model.set_row(row, progress_of(self.curation, old.title, old.pending))

    # -- keys -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and isinstance(event, QKeyEvent):
            command = KEYS.get((event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier))
            if command is not None:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # ours, even where the window binds the same key
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    self.run(command)
                    return True
        return super().eventFilter(watched, event)


class CurationMode(QObject):
    """Swaps the window's central widget for the curation panel and back."""

    def __init__(self, window: QMainWindow, store: Store, reviewer: str, undo_stack: QUndoStack) -> None:
        super().__init__(window)
        self.window = window
        self.panel = CurationPanel(store, reviewer, undo_stack)
        self._saved: QWidget | None = None
        self._disabled: list[Any] = []

    @property
    def active(self) -> bool:
        return self._saved is not None

    # The window's claim actions edit the annotator's own claims in the hidden article: off while curating.
    ANNOTATION_ACTIONS = ("accept", "reject", "new_claim", "next_claim", "previous_claim", "suggest")

    def _annotation_actions(self) -> list[Any]:
        actions = getattr(self.window, "actions_by_name", {})
        return [
            action
            for name, action in actions.items()
            if name in self.ANNOTATION_ACTIONS or name.startswith(("label_", "span_"))
        ]

    def enter(self, doc_id: str | None) -> None:
        if self.active:
            return
        self._disabled = [action for action in self._annotation_actions() if action.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self._saved = self.window.takeCentralWidget()
        self.window.setCentralWidget(self.panel)
        self.panel.show()
        self.panel.refresh_articles()
        ids = [
            self.panel.articles_model.progress(r).doc_id for r in range(self.panel.articles_model.rowCount())
        ]
        target = doc_id if doc_id in ids else (ids[0] if ids else None)
        if target is not None:
            self.panel.open_document(target)
        self.panel.view.setFocus()

    def leave(self) -> None:
        if not self.active:
            return
        self.window.takeCentralWidget()
        self.panel.setParent(None)
        saved, self._saved = self._saved, None
        if saved is not None:
            self.window.setCentralWidget(saved)
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []


def toggle_curation(window: Any) -> CurationPanel:
    """What the main window's "Curate" action calls: enter curation on the open article, or leave it.

    ``window`` needs ``store``, ``annotator``, ``undo_stack`` and ``doc`` (the article open, or None); it
    keeps the mode as ``window.curation_mode``. Gold writes make the window reload its claims."""
    mode: CurationMode | None = getattr(window, "curation_mode", None)
    if mode is None:
        mode = window.curation_mode = CurationMode(window, window.store, window.annotator, window.undo_stack)
        if hasattr(window, "refresh_claims"):
            mode.panel.gold_changed.connect(lambda _doc_id: window.refresh_claims())
    elif mode.panel.store is not window.store:
        mode.panel.set_store(window.store)
    if mode.active:
        mode.leave()
    else:
        mode.enter(window.doc.id if getattr(window, "doc", None) is not None else None)
    return mode.panel
