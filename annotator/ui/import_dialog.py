"""The import dialog (Ctrl+O, #18): files and folders in, on a worker, then a report with an icon per line.

Entry point for the window::

    dialog = ImportDialog(store.path, annotator, folder=prefs.last_folder(), parent=window)
    dialog.imported.connect(on_imported)   # imported(ImportOutcome): after every import that ran
    dialog.open()                          # the user adds files or a folder and presses Import
    # a drop on the window can open it already running:  dialog.start([Path(...), ...]); dialog.open()

The report's lines each carry an icon: information for what was imported, warning for a file skipped
(an unsupported suffix such as .pdf, or a warning from a reader), critical for a file that could not be
imported (one sentence naming the file and line). The headline names the worst of them first, so an error
never hides behind "Imported 0 new articles". Cancel stops between files; the files before stay imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from annotator.core.progress import Progress
from annotator.store import Store
from annotator.ui.workers import TaskContext, TaskRunner

# -- the service, behind one adapter -------------------------------------------------------------------


@dataclass(slots=True)
class ImportOutcome:
    new_articles: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, title), in import order
    already_present: int = 0
    claims_added: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    errors: list[str] = field(default_factory=list)  # one sentence each, naming the file (and line)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def new_ids(self) -> list[str]:
        return [doc_id for doc_id, _title in self.new_articles]


def run_import(store: Store, paths: Sequence[Path], annotator: str, progress: Progress) -> ImportOutcome:
    """Import ``paths`` (files and folders) into ``store``; bad files are reported, never raised."""
    from annotator.services.importing import import_paths

    report = import_paths(store, paths, annotator=annotator, skip_bad=True, progress=progress)
    outcome = ImportOutcome(cancelled=report.cancelled, warnings=list(report.warnings))
    for article in report.articles:
        if article.created:
            outcome.new_articles.append((article.doc_id, article.title))
        else:
            outcome.already_present += 1
        outcome.claims_added += article.claims_added
    outcome.skipped = [(skipped.path, skipped.reason) for skipped in report.skipped]
    outcome.errors = [error.message for error in report.errors]
    return outcome


# -- the dialog ----------------------------------------------------------------------------------------


def plural(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


INFO, WARNING, ERROR = "info", "warning", "error"


def report_lines(outcome: ImportOutcome) -> tuple[str, str, list[tuple[str, str]]]:
    """(headline kind, headline, [(kind, line), …]) for ``outcome``: errors first, then skipped files and
    warnings, then what was imported."""
    lines: list[tuple[str, str]] = [(ERROR, error) for error in outcome.errors]
    lines += [(WARNING, f"{path}: skipped, {why.rstrip('.')}.") for path, why in outcome.skipped]
    lines += [(WARNING, warning) for warning in outcome.warnings]
    new = plural(len(outcome.new_articles), "new article")
    imported = f"Imported {new} with {plural(outcome.claims_added, 'claim')}" + (
        f"; {plural(outcome.already_present, 'article')} already present." if outcome.already_present else "."
    )
    if outcome.new_articles or outcome.already_present or outcome.claims_added:
        lines.append((INFO, imported))
    lines += [(INFO, f"New: {title or doc_id}") for doc_id, title in outcome.new_articles[:50]]
    parts = []
    if outcome.errors:
        parts.append(f"{plural(len(outcome.errors), 'file')} could not be imported")
    if outcome.skipped:
        parts.append(f"{plural(len(outcome.skipped), 'file')} skipped")
    done = "Import cancelled" if outcome.cancelled else "Import finished"
    if parts:
        headline = f"{done}: " + ", ".join(parts) + "."
        if outcome.new_articles:
            headline += f" {plural(len(outcome.new_articles), 'new article')} imported."
    elif outcome.new_articles or outcome.already_present:
        headline = f"{done}. " + imported
    else:
        headline = (
            "Import cancelled; nothing was imported." if outcome.cancelled else f"{done}: nothing to import."
        )
    kind = ERROR if outcome.errors else WARNING if outcome.skipped or outcome.warnings else INFO
    return kind, headline, lines


_PIXMAPS = {
    INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportOutcome, after an import that ran (cancelled ones too)

    def __init__(
        self,
        db_path: Path,
        annotator: str,
        *,
        folder: str | Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import articles")
        self.resize(640, 440)
        self.db_path = Path(db_path)
        self.annotator = annotator
        self.folder = str(folder or Path.home())
        self.runner = TaskRunner(self)
        self.outcome: ImportOutcome | None = None
        self.headline_kind = ""
        self._task: Any = None
        self._finished_outcomes: list[ImportOutcome] = []

        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        # page 0: what to import
        choose = QWidget()
        choose_layout = QVBoxLayout(choose)
        choose_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "Add files or folders (folders are searched with their subfolders). Supported: "
            + ", ".join(_suffixes())
            + ". Other files are skipped and listed in the report."
        )
        intro.setWordWrap(True)
        choose_layout.addWidget(intro)
        self.paths = QListWidget()
        self.paths.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        choose_layout.addWidget(self.paths, 1)
        row = QHBoxLayout()
        self.add_files_button = QPushButton("Add &files…")
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button = QPushButton("Add f&older…")
        self.add_folder_button.clicked.connect(self.add_folder)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        choose_layout.addLayout(row)
        self.pages.addWidget(choose)

        # page 1: running
        running = QWidget()
        running_layout = QVBoxLayout(running)
        self.progress_label = QLabel("Importing…")
        self.progress_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        running_layout.addWidget(self.progress_label)
        running_layout.addWidget(self.progress)
        running_layout.addStretch(1)
        self.pages.addWidget(running)

        # page 2: the report
        report = QWidget()
        report_layout = QVBoxLayout(report)
        report_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.headline_icon = QLabel()
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        top.addWidget(self.headline_icon)
        top.addWidget(self.headline, 1)
        report_layout.addLayout(top)
        self.report = QListWidget()
        self.report.setWordWrap(True)
        self.report.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        report_layout.addWidget(self.report, 1)
        self.pages.addWidget(report)

        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(standard.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.cancel_button = self.buttons.button(standard.Cancel)
        self.cancel_button.setAutoDefault(False)  # Enter is Import, never Cancel
        self.buttons.accepted.connect(self._import_or_close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    # -- choosing -----------------------------------------------------------------------------------

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        present = set(self.chosen())
        for path in paths:
            path = Path(path)
            if path not in present:
                present.add(path)
                kind = (
                    QStyle.StandardPixmap.SP_DirIcon if path.is_dir() else QStyle.StandardPixmap.SP_FileIcon
                )
                item = QListWidgetItem(self.style().standardIcon(kind), str(path))
                self.paths.addItem(item)
                self.paths.setCurrentItem(
                    item, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )  # the latest addition is selected: Remove takes it back
        self._update_buttons()

    def chosen(self) -> list[Path]:
        return [Path(self.paths.item(i).text()) for i in range(self.paths.count())]

    def add_files(self) -> None:
        patterns = " ".join(f"*{s}" for s in _suffixes())
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Add files", self.folder, f"Articles ({patterns});;All files (*)"
        )
        if paths:
            self.folder = str(Path(paths[0]).parent)
            self.add_paths(paths)

    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder", self.folder)
        if folder:
            self.folder = str(Path(folder).parent)
            self.add_paths([folder])

    def remove_selected(self) -> None:
        for item in self.paths.selectedItems():
            self.paths.takeItem(self.paths.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        self.import_button.setVisible(page != 2)
        self.import_button.setEnabled(page == 0 and self.paths.count() > 0)
        self.cancel_button.setText("Close" if page == 2 else "Cancel")

    # -- importing ----------------------------------------------------------------------------------

    def _import_or_close(self) -> None:
        if self.pages.currentIndex() == 0:
            self.start()

    def start(self, paths: Iterable[str | Path] | None = None) -> Any:
        """Import ``paths`` (added to the list) or the list as it is; returns the worker task."""
        if paths is not None:
            self.add_paths(paths)
        chosen, db_path, annotator = self.chosen(), self.db_path, self.annotator
        if not chosen or self._task is not None:
            return None

        finished = self._finished_outcomes = []  # what a cancelled import did import is reported too

        def work(ctx: TaskContext) -> ImportOutcome:
            with Store(db_path, verify=False) as store:  # the window checked the file
                finished.append(run_import(store, chosen, annotator, ctx))
                return finished[0]

        self.pages.setCurrentIndex(1)
        self._update_buttons()
        task = self.runner.submit("import", work)
        self._task = task
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(self.show_report)
        # Bound methods, not lambdas: a lambda holding the dialog makes a reference cycle that Python may
        # collect on the worker thread, deleting a widget off the GUI thread.
        task.signals.cancelled.connect(self._cancelled)
        task.signals.failed.connect(self._failed)
        task.signals.done.connect(self._ended)
        return task

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(message or f"{done} of {total}")

    def _ended(self) -> None:
        self._task = None

    def _failed(self, message: str) -> None:
        self.show_report(ImportOutcome(errors=[message]))

    def _cancelled(self) -> None:
        finished = self._finished_outcomes
        outcome = finished[0] if finished else ImportOutcome()
        outcome.cancelled = True
        self.show_report(outcome)

    def show_report(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        kind, headline, lines = report_lines(outcome)
        self.headline_kind = kind
        self.headline_icon.setPixmap(self.style().standardIcon(_PIXMAPS[kind]).pixmap(32, 32))
        self.headline.setText(headline)
        self.report.clear()
        for line_kind, text in lines:
            item = QListWidgetItem(self.style().standardIcon(_PIXMAPS[line_kind]), text)
            item.setData(KIND_ROLE, line_kind)
            item.setToolTip(text)
            self.report.addItem(item)
        self.pages.setCurrentIndex(2)
        self._update_buttons()
        self.cancel_button.setFocus()
        self.imported.emit(outcome)

    def report_items(self) -> list[tuple[str, str]]:
        """(kind, text) of every report line, as shown."""
        return [
            (self.report.item(i).data(KIND_ROLE), self.report.item(i).text())
            for i in range(self.report.count())
        ]

    def busy(self) -> bool:
        return self.runner.busy()

    def reject(self) -> None:
        """Cancel stops a running import between files (the report follows); otherwise it closes."""
        if self._task is not None:
            self._task.cancel()
            self.progress_label.setText("Cancelling after the current file…")
            return
        super().reject()

    def done(self, result: int) -> None:
        self.runner.cancel()
        super().done(result)


def _suffixes() -> tuple[str, ...]:
    from annotator.formats.readers import supported_suffixes

    return supported_suffixes()
