"""The export dialog (Ctrl+E, #18): format, filters, a live count, the inclusion rule, then the result.

Entry point for the window::

    dialog = ExportDialog(store.path, folder=prefs.last_folder(), parent=window)
    dialog.exported.connect(on_exported)   # exported(ExportOutcome): after a finished (not cancelled) export
    dialog.open()                          # or exec(); it stays open to show the result

The count of articles and claims is recomputed on the dialog's own worker thread whenever the format or a
filter changes (a newer count cancels an older one). The export runs on that worker too, with a progress
bar; Cancel stops it at an article boundary and nothing is written. The file name gets the format's
suffix when it lacks it. ``open_folder`` (QDesktopServices.openUrl by default) can be replaced by tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import LABELS
from annotator.core.progress import Progress
from annotator.store import Store
from annotator.ui.worker_store import WorkerStore
from annotator.ui.workers import TaskContext, TaskRunner

if TYPE_CHECKING:
    from annotator.services.exporting import ExportFilter

# -- the services, behind one adapter each -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormatChoice:
    name: str  # "jsonl", "brat", …
    suffix: str  # ".jsonl"; "" for a folder format (brat)
    description: str
    includes: str = ""  # which of the claims passing the filters this format can hold


@dataclass(frozen=True, slots=True)
class Selection:
    """The dialog's filters; None means any."""

    status: tuple[str, ...] | None = ("accepted",)
    label: tuple[str, ...] | None = None
    annotator: tuple[str, ...] | None = None
    all_articles: bool = False  # also the articles with none of those claims (written without claims)


@dataclass(slots=True)
class ExportOutcome:
    path: Path
    articles: int
    claims: int
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False


def export_formats() -> list[FormatChoice]:
    """The formats the window can write, from the formats registry."""
    from annotator.formats.registry import FORMATS

    return [
        FormatChoice(spec.name, spec.suffix, spec.description, spec.includes)
        for spec in FORMATS
        if spec.writer is not None  # the others are only read
    ]


def inclusion_rule() -> str:
    """The sentence the dialog states: the export service's own."""
    from annotator.services.exporting import INCLUSION_RULE

    return INCLUSION_RULE


def _export_filter(selection: Selection) -> ExportFilter:
    from annotator.services.exporting import ExportFilter

    return ExportFilter(
        status=selection.status,
        label=selection.label,
        annotator=selection.annotator,
        all_articles=selection.all_articles,
    )


def count(store: Store, fmt: str, selection: Selection) -> tuple[int, int]:
    """(articles, claims) that exporting ``fmt`` with ``selection`` would write."""
    from annotator.services.exporting import count_export

    return count_export(store, fmt, _export_filter(selection))


def run_export(store: Store, fmt: str, out: Path, selection: Selection, progress: Progress) -> ExportOutcome:
    from annotator.services.exporting import export

    report = export(store, fmt, out, _export_filter(selection), progress=progress)
    return ExportOutcome(report.path, report.articles, report.claims, list(report.warnings), report.cancelled)


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (added when missing, never doubled; case ignored)."""
    if not suffix or not path.name or path.name.lower().endswith(suffix.lower()):
        return path  # "/" (no name yet, while typing) stays as it is
    return path.with_name(path.name + suffix)


def plural(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


Counted = tuple[int, tuple[int, int] | str, list[str] | None]  # generation, counts or error, annotators


# -- the dialog ----------------------------------------------------------------------------------------

STATUS_CHOICES: list[tuple[str, tuple[str, ...] | None]] = [
    ("Accepted claims", ("accepted",)),
    ("Accepted and unreviewed suggestions", ("accepted", "suggested")),
    ("Unreviewed suggestions only", ("suggested",)),
    ("Rejected claims only", ("rejected",)),
    ("Any status", ("accepted", "suggested", "rejected")),
]


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportOutcome of a finished export

    def __init__(
        self,
        db_path: Path,
        *,
        folder: str | Path | None = None,
        formats: list[FormatChoice] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export annotations")
        self.db_path = Path(db_path)
        self.runner = TaskRunner(self)
        self.stores = WorkerStore(self.runner, self.db_path)
        self.open_folder: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self.formats = formats if formats is not None else export_formats()
        self.outcome: ExportOutcome | None = None
        self._count_generation = 0
        self._export_task: Any = None
        self.counts: tuple[int, int] | None = None
        self.result_kind = ""

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format_box = QComboBox()
        for choice in self.formats:
            shown = f"{choice.name} ({choice.suffix})" if choice.suffix else f"{choice.name} (folder)"
            self.format_box.addItem(shown, choice.name)
        form.addRow("&Format:", self.format_box)
        self.format_help = QLabel()
        self.format_help.setWordWrap(True)
        form.addRow("", self.format_help)

        self.status_box = QComboBox()
        for text, value in STATUS_CHOICES:
            self.status_box.addItem(text, value)
        form.addRow("&Status:", self.status_box)
        self.label_box = QComboBox()
        self.label_box.addItem("Any label", None)
        for label in LABELS:
            self.label_box.addItem(label, (label,))
        form.addRow("&Label:", self.label_box)
        self.annotator_box = QComboBox()
        self.annotator_box.addItem("Anyone", None)
        # The names come with the first count: opening the database on the GUI thread would freeze it.
        form.addRow("&Annotator:", self.annotator_box)

        self.all_articles_box = QCheckBox("Also write the articles with &none of these claims")
        form.addRow("", self.all_articles_box)

        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(str(Path(folder or Path.home()) / self.db_path.stem))
        self.path_edit.setMinimumWidth(320)
        browse = QPushButton("&Browse…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        save_label = QLabel("Save &to:")
        save_label.setBuddy(self.path_edit)  # a row given as a layout gets no buddy: Alt+T needs one
        form.addRow(save_label, path_row)
        self.replace_note = QLabel("A file of that name exists; the export replaces it.")
        self.replace_note.hide()
        form.addRow("", self.replace_note)
        layout.addLayout(form)

        self.rule_label = QLabel(f"The same rule for every format: {inclusion_rule()}")
        self.rule_label.setWordWrap(True)
        layout.addWidget(self.rule_label)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        layout.addWidget(self.count_label)

        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.progress)

        self.result_box = QGroupBox("Result")
        result_layout = QVBoxLayout(self.result_box)
        self.result_icon = QLabel()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.result_icon)
        top.addWidget(self.result_label, 1)
        result_layout.addLayout(top)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setMaximumHeight(120)
        result_layout.addWidget(self.warnings)
        self.show_folder_button = QPushButton("Show in f&older")
        self.show_folder_button.setAutoDefault(False)
        self.show_folder_button.clicked.connect(self.show_in_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.show_folder_button)
        folder_row.addStretch(1)
        result_layout.addLayout(folder_row)
        self.result_box.hide()
        layout.addWidget(self.result_box)
        layout.addStretch(1)

        standard = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(standard.Cancel)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.close_button = self.buttons.button(standard.Cancel)
        self.close_button.setAutoDefault(False)  # Enter is Export, never Cancel
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.format_box.currentIndexChanged.connect(self._format_changed)
        for box in (self.status_box, self.label_box, self.annotator_box):
            box.currentIndexChanged.connect(self.recount)
        self.all_articles_box.toggled.connect(self.recount)
        self.path_edit.textChanged.connect(self._path_changed)
        self._suffix = ""
        self._format_changed()
        self.resize(max(self.sizeHint().width(), 600), self.sizeHint().height())

    # -- what the user chose ------------------------------------------------------------------------

    def format_choice(self) -> FormatChoice:
        return self.formats[max(0, self.format_box.currentIndex())]

    def selection(self) -> Selection:
        return Selection(
            self.status_box.currentData(),
            self.label_box.currentData(),
            self.annotator_box.currentData(),
            self.all_articles_box.isChecked(),
        )

    def target(self) -> Path:
        """The file (or folder) to write: the path given, with the format's suffix added when missing."""
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.is_dir() else with_suffix(path, self.format_choice().suffix)

    def _format_changed(self) -> None:
        choice = self.format_choice()
        self.format_help.setText(f"{choice.description}. {choice.includes}".strip())
        # The path follows the format: "data.jsonl" becomes "data.csv", not "data.jsonl.csv".
        text = self.path_edit.text().strip()
        if self._suffix and text.lower().endswith(self._suffix.lower()):
            text = text[: -len(self._suffix)]
        self.path_edit.setText(str(with_suffix(Path(text), choice.suffix)) if text else text)
        self._suffix = choice.suffix
        self.recount()

    def _path_changed(self) -> None:
        text = self.path_edit.text().strip()
        self.replace_note.setVisible(bool(text) and self.target().exists())

    def browse(self) -> None:
        choice = self.format_choice()
        if choice.suffix:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export to", str(self.target()), f"{choice.name} (*{choice.suffix});;All files (*)"
            )
        else:
            path = QFileDialog.getExistingDirectory(self, "Export to folder", str(self.target().parent))
        if path:
            self.path_edit.setText(str(with_suffix(Path(path), choice.suffix)))

    # -- the live count -----------------------------------------------------------------------------

    def recount(self) -> None:
        self._count_generation += 1
        generation, fmt, selection = self._count_generation, self.format_choice().name, self.selection()
        stores, first = self.stores, self.annotator_box.count() == 1

        def work(ctx: TaskContext) -> Counted:
            try:
                store = stores.get()
                return generation, count(store, fmt, selection), store.annotators() if first else None
            except Exception as exc:  # one sentence in the dialog, never a traceback
                return generation, str(exc) or exc.__class__.__name__, None

        self.count_label.setText("Counting…")
        # Bound methods, not lambdas: a lambda holding the dialog would keep it alive in a reference
        # cycle, and Python may collect that cycle on the worker thread, deleting a widget off the GUI thread.
        self.runner.submit("count", work).signals.finished.connect(self._counted)

    def _counted(self, counted: Counted) -> None:
        generation, result, names = counted
        if names is not None and self.annotator_box.count() == 1:
            for name in names:
                self.annotator_box.addItem(name, (name,))
        if generation != self._count_generation:
            return  # the user changed a filter since
        if isinstance(result, str):
            self.count_label.setText(f"Could not count: {result}")
            return
        articles, claims = result
        self.counts = (articles, claims)
        self.count_label.setText(f"Writes {plural(articles, 'article')} and {plural(claims, 'claim')}.")

    def counting(self) -> bool:
        """A count is on its way (tests wait for it)."""
        return self.count_label.text() == "Counting…"

    # -- exporting ----------------------------------------------------------------------------------

    def start_export(self) -> None:
        if self._export_task is not None:
            return
        if not self.path_edit.text().strip():
            self.path_edit.setFocus()
            return
        fmt, out, selection, stores = self.format_choice().name, self.target(), self.selection(), self.stores
        if self.format_choice().suffix and out.is_dir():
            self._show_result(f"{out} is a folder: add a file name to save as.", "error")
            self.path_edit.setFocus()
            return
        self.path_edit.setText(str(out))

        def work(ctx: TaskContext) -> ExportOutcome:
            return run_export(stores.get(), fmt, out, selection, ctx)

        self.result_box.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.export_button.setEnabled(False)
        task = self.runner.submit("export", work)
        self._export_task = task
        task.signals.progress.connect(self._progress)
        task.signals.finished.connect(self._finished)
        task.signals.failed.connect(self._failed)
        task.signals.cancelled.connect(self._cancelled)
        task.signals.done.connect(self._ended)

    def _progress(self, done: int, total: int, _message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _ended(self) -> None:
        self._export_task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")

    def _finished(self, outcome: ExportOutcome) -> None:
        if outcome.cancelled:
            self._show_result("Export cancelled; nothing was written.", "info")
            return
        self.outcome = outcome
        text = (
            f"Wrote {plural(outcome.articles, 'article')} and {plural(outcome.claims, 'claim')} to "
            f"{outcome.path}."
        )
        self._show_result(text, "warning" if outcome.warnings else "info", outcome.warnings)
        self.show_folder_button.show()
        self.exported.emit(outcome)

    def _failed(self, message: str) -> None:
        self._show_result(f"Export failed: {message}", "error")

    def _cancelled(self) -> None:
        self._show_result("Export cancelled; nothing was written.", "info")

    def _show_result(self, text: str, kind: str, warnings: list[str] | None = None) -> None:
        pixmap = {
            "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
            "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
        }[kind]
        icon = self.style().standardIcon(pixmap)
        self.result_kind = kind
        self.result_icon.setPixmap(icon.pixmap(32, 32))
        self.result_label.setText(text)
        self.warnings.clear()
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for warning in warnings or []:
            self.warnings.addItem(QListWidgetItem(warning_icon, warning))
        self.warnings.setVisible(bool(warnings))
        self.show_folder_button.setVisible(False)
        self.result_box.show()

    def show_in_folder(self) -> None:
        if self.outcome is None:
            return
        path = self.outcome.path
        folder = path if path.is_dir() else path.parent
        self.open_folder(QUrl.fromLocalFile(str(folder)))

    def busy(self) -> bool:
        return self.runner.busy()

    def reject(self) -> None:
        """Cancel stops a running export (the dialog stays, to say so); otherwise it closes."""
        if self._export_task is not None:
            self._export_task.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        self.runner.cancel()
        self.stores.release()
        super().done(result)
