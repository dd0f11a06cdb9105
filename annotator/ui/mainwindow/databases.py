"""Databases: open and new (checked on the worker), merge, recent files, and the team views (review
mode, statistics).

A database from someone else may be slow or hostile (DESIGN.md rule 9): its checks run when the store
opens it, so the window opens it on the worker, with progress and Cancel, and shows the store's one
sentence when it refuses the file. The window never freezes on a file it did not write.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from annotator.store import Store, StoreError
from annotator.ui.mainwindow.jobs import JobsMixin

if TYPE_CHECKING:
    from annotator.ui.review import ReviewDialog
    from annotator.ui.stats_view import StatsView
    from annotator.ui.workers import Task


class DatabasesMixin(JobsMixin):
    # -- open, new, recent ----------------------------------------------------------------------

    def new_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # first use builds its enums: not at start-up

        out, _ = QFileDialog.getSaveFileName(
            self, "New database", str(Path(self.prefs.last_folder()) / "annotations.db"), "Databases (*.db)"
        )
        if out:
            target = Path(out)
            if target.exists():
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(
                    self, "New database", f"{target} already exists; open it with File → Open."
                )
                return
            self.open_database(target)

    def open_database_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # first use builds its enums: not at start-up

        out, _ = QFileDialog.getOpenFileName(
            self, "Open database", self.prefs.last_folder(), "Databases (*.db *.sqlite);;All files (*)"
        )
        if out:
            self.prefs.set_last_folder(str(Path(out).parent))
            self.open_database(Path(out))

    def open_database(self, path: Path) -> Task:
        """Check and open a database on the worker; the window switches to it when it passed."""

        def work(ctx: Any) -> Path:
            ctx.progress(0, 1, f"Checking {path.name}")
            with Store(path) as store:  # every check of the store runs here, off the GUI thread
                checked = store.path
            ctx.check()
            return checked

        task = self.runner.submit("open", work)
        self._show_progress_dialog(f"Opening {path.name}…", task)
        task.signals.progress.connect(self._task_progress)
        task.signals.finished.connect(lambda checked: self.switch_database(checked, checked=True))
        task.signals.failed.connect(lambda message: self._task_failed("Cannot open database", message))
        task.signals.cancelled.connect(
            lambda: self.statusBar().showMessage(f"Opening {path.name} was cancelled.", 6000)
        )
        return task

    def switch_database(self, path: Path, *, checked: bool = False) -> bool:
        """Switch to ``path``; ``checked``: the worker has just opened and checked it."""
        try:
            store = Store(path, verify=not checked)
        except StoreError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Cannot open database", str(exc))
            return False
        self.runner.cancel()
        self.runner.shutdown()
        self._remember_document()  # the open article of the database being left
        old = self.store
        self.store = store
        old.close()
        self.undo_stack.clear()
        self.session.open(None)
        self._data_version = self._safe_data_version()
        self.prefs.add_recent(str(store.path))
        self._switch_team_views()
        self.reload_documents()
        self._open_initial_document()
        self.status.set_saved(True)
        self._apply_read_only()
        self._update_status()
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.prefs.recent() if p != str(self.store.path)]
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for entry in recent:
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(lambda _=False, p=entry: self.open_database(Path(p)))

    # -- merge ----------------------------------------------------------------------------------

    def merge_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # first use builds its enums: not at start-up

        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Merge databases into this one",
            self.prefs.last_folder(),
            "Databases (*.db *.sqlite);;All files (*)",
        )
        if paths:
            self.prefs.set_last_folder(str(Path(paths[0]).parent))
            self.merge_files([Path(p) for p in paths])

    def merge_files(self, paths: list[Path]) -> Task:
        """Merge other databases into the open one on the worker, with progress and Cancel; the report
        is shown when done."""
        out = self.store.path

        def work(ctx: Any) -> Any:
            from annotator.services.merge import merge_databases

            return merge_databases(out, paths, progress=ctx)

        task = self.runner.submit("merge", work)
        self._show_progress_dialog("Merging databases…", task)
        task.signals.progress.connect(self._task_progress)
        task.signals.finished.connect(self._merge_done)
        task.signals.failed.connect(lambda message: self._task_failed("Merge failed", message))
        return task

    def _merge_done(self, report: Any) -> None:
        self.check_external_changes()  # the merge wrote through its own connection
        self.statusBar().showMessage(report.summary(), 10000)
        from PySide6.QtWidgets import QMessageBox

        icon = QMessageBox.Icon.Warning if report.conflicts else QMessageBox.Icon.Information
        box = QMessageBox(icon, "Merge databases", report.summary(), QMessageBox.StandardButton.Ok, self)
        if report.conflicts:
            box.setInformativeText(f"{len(report.conflicts)} conflict(s): the later edit was kept each time.")
            box.setDetailedText("\n".join(report.conflict_lines()))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.merge_report_box = box
        box.open()
        if self._review is not None:
            self._review.widget.refresh()

    # -- team views -----------------------------------------------------------------------------

    def show_review(self) -> ReviewDialog:
        from annotator.ui.review import ReviewDialog

        if self._review is None:
            self._review = ReviewDialog(self.store, self.annotator, self)
            self._review.widget.adjudicated.connect(lambda _claim: self.refresh_claims())
        else:
            self._review.widget.refresh()
        self._review.show()
        self._review.raise_()
        self._review.activateWindow()
        return self._review

    def show_statistics(self) -> StatsView:
        """The statistics dock; it refreshes itself when the database changes."""
        from PySide6.QtWidgets import (  # first use builds their enums: not at start-up
            QDockWidget,
            QScrollArea,
        )

        from annotator.ui.stats_view import StatsView

        if self.stats_view is None:
            self.stats_view = StatsView(self.store, self.annotator)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fit the dock's width
            scroll.setWidget(self.stats_view)
            self.stats_dock = QDockWidget("Statistics", self)
            self.stats_dock.setObjectName("statistics_dock")
            self.stats_dock.setWidget(scroll)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.stats_dock)
            self.resizeDocks([self.stats_dock], [480], Qt.Orientation.Horizontal)
        else:
            self.stats_view.refresh()
        assert self.stats_dock is not None
        self.stats_dock.show()
        self.stats_dock.raise_()
        return self.stats_view

    def _switch_team_views(self) -> None:
        if self._review is not None:
            self._review.widget.set_store(self.store)
        if self.stats_view is not None:
            self.stats_view.set_store(self.store)
        curation = getattr(self, "curation_mode", None)  # annotator/ui/curation.py keeps it here
        if curation is not None:
            curation.panel.set_store(self.store)

    def toggle_curation(self) -> Any:
        """View → Curate: every annotator's decisions on the open article, and the gold one."""
        from annotator.ui.curation import toggle_curation

        return toggle_curation(self)

    def show_search(self) -> None:
        """Ctrl+Shift+F: search every article; a result opens its article at the hit."""
        from annotator.ui.search_dialog import SearchDialog

        if self._search is not None and self._search.db_path != self.store.path:
            self._search.close()
            self._search.deleteLater()
            self._search = None
        if self._search is None:
            dialog = SearchDialog(self.store.path, parent=self)
            dialog.open_hit.connect(self.open_at)
            self._search = dialog
        self._search.show_search()
