"""What every room of the window shares: the attributes the layout builds (declared here so each room
type-checks on its own) and the session's view of the open article.

The rooms stack in one line, each using the ones below it: ``WindowBase`` ← ``DocumentsMixin``
(articles, selection, the one change path) ← ``EditingMixin`` (edits, undo) ← ``JobsMixin`` (worker
jobs) ← ``DatabasesMixin`` (databases, team views) ← ``MainWindow`` (layout, actions, focus).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from annotator.core.model import Document
from annotator.core.offsets import OffsetConverter
from annotator.services.session import Session
from annotator.store import Store
from annotator.ui.article_view import ArticleView
from annotator.ui.editor import ClaimEditor
from annotator.ui.highlighter import ClaimHighlighter, ClaimIndex
from annotator.ui.mainwindow.actions import ActionKey
from annotator.ui.mainwindow.findbar import FindBar
from annotator.ui.mainwindow.status import StatusPanel
from annotator.ui.models import ClaimsFilterProxy, ClaimsTableModel, DocumentsModel
from annotator.ui.settings import SettingsStore
from annotator.ui.style import FormatCache
from annotator.ui.workers import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMessageBox, QProgressDialog

    from annotator.ui.dialogs import HelpDialog
    from annotator.ui.review import ReviewDialog
    from annotator.ui.stats_view import StatsView


class WindowBase(QMainWindow):
    store: Store
    annotator: str
    prefs: SettingsStore
    runner: TaskRunner
    undo_stack: QUndoStack
    session: Session
    converter: OffsetConverter
    index: ClaimIndex
    formats: FormatCache
    status: StatusPanel
    actions_by_key: dict[ActionKey, QAction]
    _syncing: bool
    _data_version: int
    _body_to_remember: tuple[str, str, tuple[int, int]] | None
    # built by the layout
    article_view: ArticleView
    highlighter: ClaimHighlighter
    find_bar: FindBar
    editor: ClaimEditor
    claims_model: ClaimsTableModel
    claims_proxy: ClaimsFilterProxy
    claims_table: QTableView
    documents_model: DocumentsModel
    documents_proxy: QSortFilterProxyModel
    documents_list: QListView
    documents_filter: QLineEdit
    label_filter: QComboBox
    status_filter: QComboBox
    empty_banner: QWidget
    suggest_button: QPushButton
    recent_menu: QMenu
    # made when first shown
    _help: HelpDialog | None
    _review: ReviewDialog | None
    _search: Any  # the search dialog
    import_window: Any  # the import and export dialogs last opened (WA_DeleteOnClose)
    export_window: Any
    stats_view: StatsView | None
    stats_dock: QDockWidget | None
    merge_report_box: QMessageBox | None
    _progress_dialog: QProgressDialog | None

    @property
    def doc(self) -> Document | None:
        return self.session.doc

    @property
    def current_claim_id(self) -> str | None:
        return self.session.selected_id

    @property
    def saved(self) -> bool:
        """The last edit was written (False after a failed write, until the next one succeeds)."""
        return self.status.saved

    @property
    def loading(self) -> bool:
        """The claims of the open article are still being read on the worker."""
        return self.session.loading

    def _task_failed(self, title: str, message: str) -> None:
        self.statusBar().clearMessage()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, message)
