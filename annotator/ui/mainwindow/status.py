"""The status bar: database, annotator, "saved", the article's progress, and the background task."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton

from annotator.services.session import Counts
from annotator.ui.workers import TaskRunner

SAVED = "✓ All changes saved"


class StatusPanel(QObject):
    cancel_requested = Signal()

    def __init__(self, bar: QStatusBar, runner: TaskRunner) -> None:
        super().__init__(bar)
        self.bar = bar
        self.db_label = QLabel()
        self.annotator_label = QLabel()
        self.saved_label = QLabel()
        self.progress_label = QLabel()
        self.task_bar = QProgressBar()
        self.task_bar.setMaximumWidth(180)
        self.task_bar.setTextVisible(True)
        self.task_bar.hide()
        self.task_cancel = QToolButton()
        self.task_cancel.setText("Cancel")
        self.task_cancel.setToolTip("Stop the background task (what is done so far is kept)")
        self.task_cancel.clicked.connect(self.cancel_requested)
        self.task_cancel.hide()
        for widget in (self.db_label, self.annotator_label, self.saved_label):
            bar.addWidget(widget)
        bar.addPermanentWidget(self.task_bar)
        bar.addPermanentWidget(self.task_cancel)
        bar.addPermanentWidget(self.progress_label)
        runner.busy_changed.connect(self.task_busy)
        self.saved = True
        self.set_saved(True)

    def set_saved(self, ok: bool, message: str = "") -> None:
        self.saved = ok
        if ok:
            self.saved_label.setText(SAVED)
            self.saved_label.setStyleSheet("")
            self.saved_label.setToolTip("Every edit is written to the database as you make it.")
        else:
            self.saved_label.setText("⚠ Last change NOT saved")
            self.saved_label.setStyleSheet("color: #c62828; font-weight: bold;")
            self.saved_label.setToolTip(message)

    def show_place(self, database: str, path: str, annotator: str) -> None:
        self.db_label.setText(f"Database: {database}")
        self.db_label.setToolTip(path)
        self.annotator_label.setText(f"Annotator: {annotator}")

    def show_counts(self, counts: Counts | None) -> None:
        self.progress_label.setText("" if counts is None else counts.text())

    def say(self, message: str, ms: int = 6000) -> None:
        self.bar.showMessage(message, ms)

    def task_busy(self, busy: bool) -> None:
        self.task_bar.setVisible(busy)
        self.task_cancel.setVisible(busy)
        if busy:
            self.task_bar.setRange(0, 0)  # busy indicator until the first progress report

    def task_progress(self, done: int, total: int) -> None:
        self.task_bar.setRange(0, max(total, 1))
        self.task_bar.setValue(done)
