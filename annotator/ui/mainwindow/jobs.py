"""Work on the worker thread: suggestions, import, export (DESIGN.md rule 3).

Each job is a plain function of the task context that opens its own ``Store``; progress shows in the
status bar (and, for long jobs, in a dialog with Cancel), and the result comes back as plain data. The
databases themselves (open, new, merge, the team views) are in ``databases``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from annotator.store import Store
from annotator.ui.mainwindow.editing import EditingMixin

if TYPE_CHECKING:
    from annotator.ui.workers import Task


class JobsMixin(EditingMixin):
    # -- progress -------------------------------------------------------------------------------

    def _task_progress(self, done: int, total: int, message: str) -> None:
        self.status.task_progress(done, total)
        if self._progress_dialog is not None:
            self._progress_dialog.setMaximum(max(total, 1))
            self._progress_dialog.setValue(done)
            if message:
                self._progress_dialog.setLabelText(message)

    def cancel_task(self) -> None:
        self.runner.cancel()

    def _show_progress_dialog(self, text: str, task: Task) -> None:
        from PySide6.QtWidgets import QProgressDialog  # first use builds its enums: not at start-up

        dialog = QProgressDialog(text, "Cancel", 0, 0, self)
        dialog.setWindowTitle("Claim Annotator")
        dialog.setMinimumDuration(400)  # quick jobs finish without a flashing dialog
        dialog.setAutoClose(True)
        dialog.canceled.connect(task.cancel)
        self._progress_dialog = dialog

        def closed() -> None:
            dialog.reset()
            dialog.deleteLater()
            if self._progress_dialog is dialog:
                self._progress_dialog = None

        task.signals.done.connect(closed)

    # -- suggestions ----------------------------------------------------------------------------

    def suggest_claims(self) -> Task | None:
        """Run the suggester for the open article on the worker (spaCy is imported there, not at start-up)."""
        if self.doc is None:
            return None
        return self._suggest([self.doc.id], "Suggesting claims")

    def suggest_all(self) -> Task | None:
        """Suggest claims in every article, with progress and Cancel (whole articles are kept)."""
        ids = self.documents_model.ids()
        if not ids:
            return None
        task = self._suggest(None, "Suggesting claims in every article")
        self._show_progress_dialog("Suggesting claims in every article…", task)
        return task

    def suggest_unsuggested(self) -> Task | None:
        """In the background, suggest claims for the articles that have none yet (first run, import)."""
        ids = [d.id for d in self.store.list_documents() if d.claims == 0]
        if not ids or self.store.readonly:
            return None
        return self._suggest(ids, "Suggesting claims")

    def _suggest(self, doc_ids: list[str] | None, text: str) -> Task:
        path, annotator = self.store.path, self.annotator
        model = self.prefs.suggester_model()

        def work(ctx: Any) -> Any:
            from annotator.nlp.suggester import ModelNotFoundError
            from annotator.services.suggest import suggest_documents

            with Store(path, verify=False) as store:  # checked when the window opened it
                try:
                    return suggest_documents(
                        store,
                        doc_ids=doc_ids,
                        model=model,
                        annotator=annotator,
                        progress=ctx,
                    )
                except ModelNotFoundError as exc:
                    raise ModelNotFoundError(f"{exc}.") from None  # one sentence, as the CLI prints it

        self.statusBar().showMessage(f"{text} (model {model})…" if model else f"{text}…")
        self.suggest_button.setEnabled(False)
        task = self.runner.submit("suggest", work)
        task.signals.progress.connect(self._task_progress)
        task.signals.finished.connect(self._suggestions_ready)
        task.signals.failed.connect(lambda message: self._task_failed("Suggestions failed", message))
        task.signals.cancelled.connect(lambda: self.statusBar().showMessage("Suggestions cancelled.", 6000))
        task.signals.done.connect(lambda: self.suggest_button.setEnabled(not self.store.readonly))
        return task

    def choose_suggester_model(self) -> str | None:
        """Claim → Suggester model…: the trained spaCy pipeline the suggester uses, kept in the settings."""
        from annotator.ui.dialogs import SuggesterModelDialog

        dialog = SuggesterModelDialog(self.prefs.suggester_model(), self)
        if dialog.exec() == SuggesterModelDialog.DialogCode.Accepted:
            self.prefs.set_suggester_model(dialog.model())
            self.prefs.sync()
            model = dialog.model()
            self.statusBar().showMessage(
                f"The suggester will use {model}." if model else "The suggester will use its built-in rules.",
                6000,
            )
        return self.prefs.suggester_model()

    def _suggestions_ready(self, report: Any) -> None:
        self.reload_documents()
        done = {d.doc_id for d in getattr(report, "documents", [])}
        if self.doc is not None and self.doc.id in done:  # results for other articles change nothing shown
            self.refresh_claims()
        added = getattr(report, "added", None)
        message = f"{added} claims suggested" if added is not None else "Suggestions ready"
        if getattr(report, "cancelled", False):
            message += " before you cancelled"
        self.statusBar().showMessage(message + ".", 6000)
        self._data_version = self._safe_data_version()

    # -- import ---------------------------------------------------------------------------------

    def import_dialog(self, paths: list[Path] | None = None) -> Any:
        """Ctrl+O (and a drop of files): the import dialog, which takes files and folders, imports on its
        worker with progress and Cancel, and reports imported, skipped and failed files apart."""
        from annotator.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.store.path, self.annotator, folder=self.prefs.last_folder(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda outcome: self._imported(outcome, dialog.folder))
        self.import_window = dialog
        dialog.open()
        if paths:
            dialog.start(paths)
        return dialog

    def _imported(self, outcome: Any, folder: str) -> None:
        self.prefs.set_last_folder(folder)
        self.reload_documents()
        self._data_version = self._safe_data_version()
        new = list(outcome.new_ids)
        if new:
            self.open_document(new[0])
        elif self.doc is None and self.documents_model.ids():
            self._open_initial_document()
        if new and self.prefs.auto_suggest():
            self.suggest_unsuggested()

    # -- export ---------------------------------------------------------------------------------

    def export_dialog(self) -> Any:
        """Ctrl+E: the export dialog (format, filters, a live count, the one inclusion rule, the result with
        its counts and Show in folder)."""
        from annotator.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.store.path, folder=self.prefs.last_folder(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self._exported)
        self.export_window = dialog
        dialog.open()
        return dialog

    def _exported(self, outcome: Any) -> None:
        if outcome.cancelled:
            self.statusBar().showMessage("Export cancelled; nothing was written.", 6000)
            return
        self.prefs.set_last_folder(str(Path(outcome.path).parent))
        self.statusBar().showMessage(
            f"Exported {outcome.articles} article(s) and {outcome.claims} claim(s) to {outcome.path}.", 8000
        )

    # -- drag and drop of files = import --------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_dialog(paths)
