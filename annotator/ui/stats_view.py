"""Statistics view: claims per label and per annotator as bar charts, progress per article, agreement.

Claims are counted per span (``services.stats``): a span three annotators marked is one claim, labelled as
gold decided it or as everyone labelled it. Gold is the reference, not an annotator: it settles spans and
appears in no annotator bar. Each article shows its open disagreements, and its progress stays below 100%
while any is open; an article whose curation is marked finished says so (``services.curation``).

``refresh()`` recomputes everything from the database on a worker thread (for 100,000 claims that takes
about a second, which on the GUI thread froze the window at every edit); the figures shown stay until the
new ones arrive. The view also notices changes by itself while it is visible: a cheap poll compares
``PRAGMA data_version`` (commits by other connections and processes) and the connection's
``total_changes`` (commits through this very Store), so edits made in the window or by a merge in another
process show up without anyone having to call ``refresh()``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.services.agreement import agreement
from annotator.services.curation import finished_articles
from annotator.services.stats import change_token, stats
from annotator.store import Store, StoreError
from annotator.ui.style import label_strong_colour
from annotator.ui.workers import TaskContext, TaskRunner

NEUTRAL_COLOUR = "#7f7f7f"
ARTICLE_COLUMNS = ("Article", "Spans", "In gold", "Open", "Pending", "Progress", "Curation")
PROGRESS_COLUMN = ARTICLE_COLUMNS.index("Progress")
POLL_MS = 1500


def _read_figures(path: Path, match: str) -> dict[str, Any]:
    """Everything the view shows, read through the worker thread's own connection."""
    with Store(path, verify=False) as store:  # checked when the window opened it
        return {
            "figures": stats(store),
            "finished": finished_articles(store),
            "agreement": agreement(store, match=match),
        }


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _value_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


class BarChart(QWidget):
    """Horizontal bars with the name on the left and the value on the right (readable without colour)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._bars: list[tuple[str, float, QColor]] = []
        self.setMinimumHeight(80)

    def set_bars(self, bars: list[tuple[str, float, QColor | str | None]]) -> None:
        self._bars = [(name, value, QColor(colour or NEUTRAL_COLOUR)) for name, value, colour in bars]
        self.setToolTip("\n".join(f"{name}: {_value_text(value)}" for name, value, _ in self._bars))
        self.setAccessibleDescription(self.toolTip())
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        return [(name, value) for name, value, _ in self._bars]

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        return QSize(320, self._row_height() * (len(self._bars) + 1) + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._row_height() * (max(1, len(self._bars)) + 1) + 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        row = self._row_height()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRectF(0, 0, self.width(), row), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        if not self._bars:
            painter.drawText(
                QRectF(0, row, self.width(), row), Qt.AlignmentFlag.AlignVCenter, "no claims yet"
            )
            return
        name_width = min(
            max(metrics.horizontalAdvance(name) for name, _, _ in self._bars) + 10, self.width() // 3
        )
        value_width = max(metrics.horizontalAdvance(_value_text(value)) for _, value, _ in self._bars) + 10
        bar_space = max(10, self.width() - name_width - value_width - 4)
        biggest = max(max(value for _, value, _ in self._bars), 0) or 1  # a negative kappa draws no bar
        for index, (name, value, colour) in enumerate(self._bars):
            top = row * (index + 1) + 4
            painter.setPen(text_colour)
            elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_width - 6)
            painter.drawText(QRectF(0, top, name_width - 6, row), Qt.AlignmentFlag.AlignVCenter, elided)
            length = bar_space * max(value, 0) / biggest
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(name_width, top + 3, max(length, 1.0), row - 6), 2, 2)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(name_width + length + 4, top, value_width, row),
                Qt.AlignmentFlag.AlignVCenter,
                _value_text(value),
            )


class _ProgressDelegate(QStyledItemDelegate):
    """Paints the progress column as a progress bar (one delegate, not one widget per article)."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = index.data(Qt.ItemDataRole.UserRole)
        if value is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum, bar.maximum, bar.progress = 0, 100, int(value)
        bar.text = index.data(Qt.ItemDataRole.DisplayRole) or f"{int(value)}%"
        bar.textVisible = True
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class StatsView(QWidget):
    """Counts, charts, per-article progress and agreement for one database."""

    refreshed = Signal()

    def __init__(self, store: Store, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.figures: dict[str, Any] = {}
        self.agreement_figures: dict[str, Any] = {}

        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.by_label = BarChart("Claims per label")
        self.by_annotator = BarChart("Claims per annotator")
        charts = QVBoxLayout()  # stacked: the view usually lives in a narrow dock
        charts.addWidget(self.by_label)
        charts.addWidget(self.by_annotator)

        self.articles = QTableWidget(0, len(ARTICLE_COLUMNS))
        self.articles.setHorizontalHeaderLabels(list(ARTICLE_COLUMNS))
        self.articles.setItemDelegateForColumn(PROGRESS_COLUMN, _ProgressDelegate(self.articles))
        self._setup_table(self.articles)
        for column in range(1, len(ARTICLE_COLUMNS)):
            self.articles.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.articles.setMinimumHeight(120)
        progress_box = QGroupBox("Progress per article (spans settled: agreed or decided in gold)")
        QVBoxLayout(progress_box).addWidget(self.articles)

        self.match = QComboBox()
        self.match.addItem("Exact spans", "exact")
        self.match.addItem("Overlapping spans (≥ 50%)", "overlap")
        self.alpha = QLabel()
        self.alpha.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alpha.setWordWrap(True)
        self.pairs = QTableWidget(0, 7)
        self.pairs.setHorizontalHeaderLabels(["A", "B", "n", "Cohen's κ", "Precision", "Recall", "Span F1"])
        self._setup_table(self.pairs)
        self.pairs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.pairs.horizontalHeader().setStretchLastSection(True)
        self.pairs.setMinimumHeight(100)
        self.kappa_chart = BarChart("Cohen's κ per pair")
        agreement_box = QGroupBox("Agreement")
        agreement_layout = QVBoxLayout(agreement_box)
        top = QHBoxLayout()
        top.addWidget(self.alpha, 1)
        top.addWidget(self.match)
        agreement_layout.addLayout(top)
        agreement_layout.addWidget(self.pairs)
        agreement_layout.addWidget(self.kappa_chart)

        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addLayout(charts)
        layout.addWidget(progress_box, 1)
        layout.addWidget(agreement_box, 1)

        self.match.currentIndexChanged.connect(self.refresh)
        self._runner = TaskRunner(self)
        self._seen: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        self.refresh()

    @staticmethod
    def _setup_table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _fingerprint(self) -> tuple[int, int] | None:
        """None once the window closed this Store (it is switching databases)."""
        try:
            return change_token(self.store)
        except StoreError:
            return None

    def _poll(self) -> None:
        if not self.isVisible() or self.refreshing:
            return
        seen = self._fingerprint()
        if seen is not None and seen != self._seen:  # None: the window closed this Store (switching)
            self.refresh()

    def set_store(self, store: Store) -> None:
        """Show another database (the window switched databases)."""
        self.store = store
        self.refresh()

    @property
    def refreshing(self) -> bool:
        """True while new figures are being computed."""
        return self._runner.busy()

    def refresh(self) -> None:
        """Recompute every figure from the database, on the worker thread; ``refreshed`` tells when shown.
        A refresh asked for while one runs replaces it."""
        self._seen = self._fingerprint()  # before reading: a change made meanwhile is seen by the poll
        if self._seen is None:
            return
        path, match = self.store.path, self.match.currentData()

        def work(ctx: TaskContext) -> dict[str, Any]:
            return _read_figures(path, match)

        task = self._runner.submit("statistics", work)
        task.signals.finished.connect(self._show)
        task.signals.failed.connect(
            lambda message: self.totals.setText(f"Could not read the statistics: {message}")
        )

    def _show(self, result: dict[str, Any]) -> None:
        self.figures = figures = result["figures"]
        self.agreement_figures = result["agreement"]
        self.totals.setText(
            f"{figures['documents']} article(s), {figures['claims']} claim(s) counted once per span, "
            f"{figures['adjudicated']} span(s) decided in gold, {figures['open_disagreements']} open "
            f"disagreement(s), {figures['by_status']['suggested']} suggestion(s) pending, "
            f"{len(figures['by_annotator'])} annotator(s)."
        )
        self.by_label.set_bars(
            [(label, count, label_strong_colour(label)) for label, count in figures["by_label"].items()]
            + ([("no label", figures["unlabelled"], None)] if figures["unlabelled"] else [])
        )
        self.by_annotator.set_bars([(name, count, None) for name, count in figures["by_annotator"].items()])
        self._fill_articles(figures["articles"], result["finished"])
        self._fill_agreement()
        self.refreshed.emit()

    def _fill_articles(self, articles: list[dict[str, Any]], finished: set[str]) -> None:
        self.articles.setRowCount(len(articles))
        for row, article in enumerate(articles):
            claims, open_ = article["claims"], article["open_disagreements"]
            total = claims + article["suggestions"]
            # settled spans (agreed or decided in gold) of all: below 100% while a disagreement is open
            progress = 100 * (claims - open_) / total if total else 0
            title = QTableWidgetItem(article["title"])
            people = ", ".join(article["annotators"]) or "nobody yet"
            title.setToolTip(f"{article['title']}\nannotated by: {people}")
            self.articles.setItem(row, 0, title)
            values = (claims, article["adjudicated"], open_, article["suggestions"])
            for column, value in enumerate(values, start=1):
                self.articles.setItem(row, column, _number(value))
            text = f"{int(progress)}%" + (f" · {open_} open" if open_ else "")  # floor: never "100%" early
            bar = QTableWidgetItem(text)
            bar.setData(Qt.ItemDataRole.UserRole, progress)
            self.articles.setItem(row, PROGRESS_COLUMN, bar)
            done = QTableWidgetItem("✓ finished" if article["doc_id"] in finished else "")
            self.articles.setItem(row, PROGRESS_COLUMN + 1, done)

    def _fill_agreement(self) -> None:
        result = self.agreement_figures
        if len(result["annotators"]) < 2:
            self.alpha.setText("Agreement needs the claims of two annotators: merge their databases first.")
        else:
            self.alpha.setText(
                f"Krippendorff's α (nominal): {_figure(result['krippendorff_alpha'])} over {result['units']} "
                f"span(s) marked by {len(result['annotators'])} annotators"
            )
        pairs = result["pairs"]
        self.pairs.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            cells = [pair["a"], pair["b"], str(pair["n"])] + [
                _figure(pair[key]) for key in ("cohen_kappa", "span_precision", "span_recall", "span_f1")
            ]
            for column, text in enumerate(cells):
                self.pairs.setItem(row, column, _number(text) if column >= 2 else QTableWidgetItem(text))
        self.kappa_chart.set_bars(
            [(f"{p['a']} × {p['b']}", p["cohen_kappa"], None) for p in pairs if p["cohen_kappa"] is not None]
        )
        self.kappa_chart.setVisible(bool(pairs))


def _number(value: Any) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
