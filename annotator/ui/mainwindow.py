"""The annotation window: articles on the left, the article in the centre, its claims on the right.

Every edit goes the same way: the matching service writes it in one committed transaction, then the
window updates the one table row and the few highlighted blocks it touches, then a ``ClaimCommand`` with
the claim before and after is pushed on the undo stack. A failed write shows its sentence and marks the
window "Not saved"; nothing is shown as done that is not in the database.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QTextCursor,
    QTextDocument,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import LABELS, Claim, Document, ValidationError
from annotator.services import claims as claim_service
from annotator.services.changes import Changes, ClaimChange, ObsoleteChange
from annotator.store import Store, StoreError
from annotator.ui.article_view import ArticleView
from annotator.ui.commands import AdjustSpanCommand, ClaimCommand
from annotator.ui.delegates import DocumentDelegate
from annotator.ui.editor import ClaimEditor
from annotator.ui.highlighter import ClaimHighlighter, ClaimIndex, QtClaim
from annotator.ui.models import ClaimIdRole, ClaimsFilterProxy, ClaimsTableModel, DocIdRole, DocumentsModel
from annotator.ui.offsets import OffsetConverter
from annotator.ui.settings import SettingsStore
from annotator.ui.spans import adjust_span
from annotator.ui.style import LABEL_STYLES, FormatCache, is_dark
from annotator.ui.workers import TaskRunner

if TYPE_CHECKING:
    # Imported when first used: PySide builds a class's enum types when the class is first imported.
    from PySide6.QtWidgets import QDockWidget, QMessageBox, QProgressDialog

    from annotator.ui.dialogs import HelpDialog

    # Imported when first shown: the review and statistics views need the agreement service, which
    # imports numpy and krippendorff (a third of the window's start-up).
    from annotator.ui.review import ReviewDialog
    from annotator.ui.stats_view import StatsView

EDIT_ERRORS = (StoreError, ValidationError)
POLL_MS = 1500
DEFAULT_FONT_PT = 12.0
ASYNC_CLAIMS = 1500  # above this many claims an article's claims are loaded on the worker


def _find_body(text: str) -> tuple[int, int]:
    """The article body (the rest is greyed out); the whole text when the helper is unavailable."""
    try:
        from annotator.nlp.body import find_body
    except ImportError:
        return 0, len(text)
    try:
        start, end = find_body(text)
    except Exception:  # a heuristic must never stop an article from opening
        return 0, len(text)
    return (start, end) if start < end else (0, len(text))


def _body_key(text: str) -> str | None:
    """What a remembered body is valid for: the body finder's rules and the text (CRC-32 and length)."""
    from annotator.nlp import body_rules_digest

    rules = body_rules_digest()
    if rules is None:
        return None
    return f"{rules}:{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}:{len(text)}"


def _reach(claim: Claim) -> int:
    """Where a claim's extent (with its source and cue) ends, in code points."""
    return max([claim.end, *(span.end for span in (claim.source, claim.cue) if span is not None)])


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        annotator: str,
        settings: QSettings | None = None,
        *,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.prefs = SettingsStore(settings)
        self.runner = runner or TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.doc: Document | None = None
        self.converter = OffsetConverter("")
        self.current_claim_id: str | None = None
        self.index = ClaimIndex()
        self.formats = FormatCache(is_dark())
        self._syncing = False
        self.loading = False  # claims of the open article are being read on the worker
        self._help: HelpDialog | None = None
        self._review: ReviewDialog | None = None  # team views, created when first shown
        self.stats_view: StatsView | None = None
        self.stats_dock: QDockWidget | None = None
        self.merge_report_box: QMessageBox | None = None
        self._progress_dialog: QProgressDialog | None = None
        self._body_to_remember: tuple[str, str, tuple[int, int]] | None = None  # (doc id, key, body)
        self._menus: dict[str, QMenu] = {}
        self.actions_by_name: dict[str, QAction] = {}
        self._shortcut_rows: list[tuple[str, str, str]] = []

        self.setWindowTitle("Claim Annotator")
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._restore_geometry()

        self._data_version = self._safe_data_version()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.check_external_changes)
        self.poll_timer.start()

        self.reload_documents()
        self._open_initial_document()
        self._apply_read_only()
        self._update_status()

    # ---------------------------------------------------------------------------------------------
    # building
    # ---------------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("main_splitter")
        self.splitter = splitter

        # left: articles
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        self.documents_filter = QLineEdit()
        self.documents_filter.setPlaceholderText("Filter articles…")
        self.documents_filter.setClearButtonEnabled(True)
        self.documents_model = DocumentsModel(self)
        self.documents_proxy = QSortFilterProxyModel(self)
        self.documents_proxy.setSourceModel(self.documents_model)
        self.documents_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.documents_filter.textChanged.connect(self.documents_proxy.setFilterFixedString)
        self.documents_list = QListView()
        self.documents_list.setModel(self.documents_proxy)
        self.documents_list.setItemDelegate(DocumentDelegate(self.documents_list))
        self.documents_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents_list.setUniformItemSizes(True)
        self.documents_list.selectionModel().currentChanged.connect(self._document_row_changed)
        left_layout.addWidget(QLabel("<b>Articles</b>"))
        left_layout.addWidget(self.documents_filter)
        left_layout.addWidget(self.documents_list)

        # centre: find bar + article
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 6, 0, 6)
        self.find_bar = QWidget()
        find_layout = QHBoxLayout(self.find_bar)
        find_layout.setContentsMargins(0, 0, 0, 0)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in article (Enter: next, Shift+Enter: previous, Esc: close)")
        self.find_edit.returnPressed.connect(lambda: self.find_next(backward=False))
        self.find_edit.installEventFilter(self)
        self.find_status = QLabel()
        close_find = QToolButton()
        close_find.setText("✕")
        close_find.clicked.connect(self.close_find)
        find_layout.addWidget(self.find_edit)
        find_layout.addWidget(self.find_status)
        find_layout.addWidget(close_find)
        self.find_bar.hide()
        self.article_view = ArticleView()
        self.article_view.index = self.index
        font = self.article_view.font()
        font.setPointSizeF(self.prefs.font_size(DEFAULT_FONT_PT))
        self.article_view.setFont(font)
        self.highlighter = ClaimHighlighter(self.article_view, self.index, self.formats)
        self.highlighter.setDocument(self.article_view.document())
        self.article_view.highlighter = self.highlighter
        self.article_view.claim_clicked.connect(lambda cid: self.select_claim(cid))
        self.article_view.context_menu_requested.connect(self._fill_context_menu)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.article_view)

        # right: claims table + editor
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        filters = QHBoxLayout()
        self.label_filter = QComboBox()
        self.label_filter.addItem("All labels", "")
        for label in LABELS:
            self.label_filter.addItem(f"{LABEL_STYLES[label].letter} {label}", label)
        self.label_filter.addItem("Unlabelled", "-")
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", "")
        for status in ("suggested", "accepted", "rejected"):
            self.status_filter.addItem(status.capitalize(), status)
        filters.addWidget(QLabel("<b>Claims</b>"))
        filters.addStretch(1)
        filters.addWidget(self.label_filter)
        filters.addWidget(self.status_filter)
        right_layout.addLayout(filters)

        self.empty_banner = QWidget()
        banner_layout = QHBoxLayout(self.empty_banner)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        banner_text = QLabel(
            "No claims in this article yet. Let the suggester propose some, or select text and press N."
        )
        banner_text.setWordWrap(True)
        self.suggest_button = QPushButton("Suggest claims")
        self.suggest_button.clicked.connect(self.suggest_claims)
        banner_layout.addWidget(banner_text, 1)
        banner_layout.addWidget(self.suggest_button)
        self.empty_banner.hide()
        right_layout.addWidget(self.empty_banner)

        self.claims_model = ClaimsTableModel(self)
        self.claims_proxy = ClaimsFilterProxy(self)
        self.claims_proxy.setSourceModel(self.claims_model)
        self.label_filter.currentIndexChanged.connect(
            lambda: self.claims_proxy.set_label_filter(self.label_filter.currentData())
        )
        self.status_filter.currentIndexChanged.connect(
            lambda: self.claims_proxy.set_status_filter(self.status_filter.currentData())
        )
        self.claims_table = QTableView()
        self.claims_table.setObjectName("claims")
        self.claims_table.setModel(self.claims_proxy)
        self.claims_table.setSortingEnabled(True)
        self.claims_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.claims_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.claims_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.claims_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.claims_table.setTabKeyNavigation(False)
        self.claims_table.setWordWrap(False)
        self.claims_table.verticalHeader().hide()
        self.claims_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.claims_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        metrics = self.claims_table.fontMetrics()
        for column, sample in (
            (0, "#99"),
            (2, "▮ A attributed"),
            (3, "suggested"),
            (4, "Aravind Srinivas"),
            (5, "Annotator"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        self.claims_table.selectionModel().currentRowChanged.connect(self._table_row_changed)
        self.claims_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.claims_table.customContextMenuRequested.connect(self._table_context_menu)
        self.editor = ClaimEditor()
        self.editor.label_requested.connect(self.set_label)
        self.editor.accept_requested.connect(self.accept_claim)
        self.editor.reject_requested.connect(self.reject_or_delete)
        self.editor.span_part_requested.connect(self.set_span_part)
        self.editor.field_edited.connect(self.set_field)
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(self.claims_table)
        right_split.addWidget(self.editor)
        right_split.setStretchFactor(0, 3)
        right_split.setStretchFactor(1, 2)
        right_layout.addWidget(right_split)

        splitter.addWidget(left)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([240, 640, 600])
        self.setCentralWidget(splitter)

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcuts: tuple[str | QKeySequence.StandardKey, ...] = (),
        *,
        group: str = "",
        help_text: str = "",
        annotation_key: bool = False,
    ) -> QAction:
        """An action with its shortcuts. Single-key annotation shortcuts only fire while the article or
        the claims table has focus, so typing a note or a verdict never labels a claim."""
        action = QAction(text, self)
        action.setObjectName(name)
        sequences = [QKeySequence(s) for s in shortcuts]
        if sequences:
            action.setShortcuts(sequences)
        if annotation_key:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.article_view.addAction(action)
            self.claims_table.addAction(action)
        else:
            self.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        if help_text or text:
            tip = help_text or text.replace("&", "").rstrip("…")
            if sequences:
                keys = " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)
                action.setToolTip(f"{tip} ({keys})")
                self._shortcut_rows.append((group or "General", keys, tip))
            else:
                action.setToolTip(tip)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        # files
        a("new_database", "&New database…", self.new_database, ("Ctrl+N",), group="Files")
        a("open_database", "&Open database…", self.open_database_dialog, ("Ctrl+Shift+O",), group="Files")
        a(
            "import",
            "&Import articles…",
            self.import_dialog,
            ("Ctrl+O",),
            group="Files",
            help_text="Import articles (or drop files on the window)",
        )
        a("export", "&Export…", self.export_dialog, ("Ctrl+E",), group="Files")
        a("quit", "&Quit", self.close, (QKeySequence.StandardKey.Quit,), group="Files")
        # edit
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, name in ((undo, "undo"), (redo, "redo")):
            action.setObjectName(name)
            self.addAction(action)
            self.actions_by_name[name] = action
        self._shortcut_rows += [("Edit", "Ctrl+Z", "Undo"), ("Edit", "Ctrl+Shift+Z or Ctrl+Y", "Redo")]
        a("find", "&Find in article…", self.show_find, (QKeySequence.StandardKey.Find,), group="Edit")
        # claims (single keys: article or table focus only)
        for label in LABELS:
            style = LABEL_STYLES[label]
            a(
                f"label_{label}",
                f"Label {label}",
                lambda name=label: self.set_label(name),
                (style.key, style.letter),
                group="Claims",
                annotation_key=True,
                help_text=f"Label the claim (or the selected text) {label}",
            )
        a(
            "accept",
            "&Accept suggestion",
            self.accept_claim,
            ("Return", "Enter", "Space"),
            group="Claims",
            annotation_key=True,
        )
        a(
            "reject",
            "&Reject or delete",
            self.reject_or_delete,
            ("X", "Delete"),
            group="Claims",
            annotation_key=True,
            help_text="Reject a suggestion, or delete a claim",
        )
        a(
            "next_claim",
            "&Next claim",
            lambda: self.step_claim(1),
            ("J", "Tab"),
            group="Claims",
            annotation_key=True,
        )
        a(
            "previous_claim",
            "&Previous claim",
            lambda: self.step_claim(-1),
            ("K", "Shift+Tab", "Backtab"),
            group="Claims",
            annotation_key=True,
        )
        a(
            "new_claim",
            "New &claim from selection",
            self.new_claim_from_selection,
            ("N",),
            group="Claims",
            annotation_key=True,
            help_text="New claim from the selected text",
        )
        self._shortcut_rows.pop()  # Backtab is how Qt spells Shift+Tab: do not list it twice
        self._shortcut_rows[-1] = ("Claims", "K or Shift+Tab", "Previous claim")
        self._shortcut_rows.append(("Claims", "N", "New claim from the selected text"))
        spans = (
            ("end", 1, "Shift+Right", "Extend the claim's end by a word"),
            ("end", -1, "Shift+Left", "Shrink the claim's end by a word"),
            ("start", -1, "Shift+Up", "Extend the claim's start by a word"),
            ("start", 1, "Shift+Down", "Shrink the claim's start by a word"),
        )
        for edge, direction, key, text in spans:
            a(
                f"span_{edge}_{direction}",
                text,
                lambda e=edge, d=direction: self.adjust_claim_span(e, d, False),
                (key,),
                group="Spans",
                annotation_key=True,
            )
            a(
                f"span_{edge}_{direction}_char",
                text.replace("a word", "a character"),
                lambda e=edge, d=direction: self.adjust_claim_span(e, d, True),
                (f"Alt+{key}",),
                group="Spans",
                annotation_key=True,
            )
        self._shortcut_rows.append(("Spans", "Alt + mouse selection", "Select characters instead of words"))
        a(
            "suggest",
            "&Suggest claims",
            self.suggest_claims,
            ("Ctrl+Shift+S",),
            group="Claims",
            help_text="Let the suggester propose claims for this article",
        )
        a(
            "suggester_model",
            "Suggester &model…",
            self.choose_suggester_model,
            (),
            group="Claims",
            help_text="Choose a trained spaCy pipeline for the suggester (empty: built-in rules)",
        )
        a("cancel_task", "Cancel background task", self.cancel_task, (), group="Claims")
        # team
        a(
            "merge_databases",
            "&Merge databases…",
            self.merge_dialog,
            (),
            group="Files",
            help_text="Merge other annotators' databases into this one",
        )
        a(
            "review_mode",
            "&Review mode",
            self.show_review,
            (),
            group="View",
            help_text="Compare the annotators' labels and pick the final (gold) label",
        )
        a(
            "curate",
            "C&urate",
            self.toggle_curation,
            ("Ctrl+Shift+C",),
            group="View",
            help_text="Curation: every annotator's decisions on the article, and the gold decision",
        )
        a(
            "statistics",
            "&Statistics",
            self.show_statistics,
            (),
            group="View",
            help_text="Claims per label and annotator, progress, agreement",
        )
        # view
        a(
            "zoom_in",
            "Zoom &in",
            lambda: self.change_font_size(1),
            ("Ctrl++", "Ctrl+="),
            group="View",
            help_text="Larger article text",
        )
        a(
            "zoom_out",
            "Zoom &out",
            lambda: self.change_font_size(-1),
            ("Ctrl+-",),
            group="View",
            help_text="Smaller article text",
        )
        a("zoom_reset", "&Reset zoom", lambda: self.change_font_size(0), ("Ctrl+0",), group="View")
        a(
            "guidelines",
            "&Guidelines",
            lambda: self.show_help("guidelines"),
            ("F1",),
            group="Help",
            help_text="Guidelines and shortcuts",
        )
        a("shortcuts", "&Keyboard shortcuts", lambda: self.show_help("shortcuts"), (), group="Help")

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        names = self.actions_by_name
        self.file_menu = bar.addMenu("&File")
        for name in ("new_database", "open_database"):
            self.file_menu.addAction(names[name])
        self.recent_menu = self.file_menu.addMenu("Recent databases")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(names["import"])
        self.file_menu.addAction(names["export"])
        self.file_menu.addAction(names["merge_databases"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(names["quit"])
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(names["undo"])
        self.edit_menu.addAction(names["redo"])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(names["find"])
        self.claim_menu = bar.addMenu("&Claim")
        for name in [f"label_{label}" for label in LABELS] + [
            "accept",
            "reject",
            None,
            "new_claim",
            "next_claim",
            "previous_claim",
            None,
            "suggest",
            "suggester_model",
        ]:
            if name is None:
                self.claim_menu.addSeparator()
            else:
                self.claim_menu.addAction(names[name])
        span_menu = self.claim_menu.addMenu("Adjust span")
        for name, action in names.items():
            if name.startswith("span_"):
                span_menu.addAction(action)
        self.view_menu = bar.addMenu("&View")
        for name in ("zoom_in", "zoom_out", "zoom_reset"):
            self.view_menu.addAction(names[name])
        self.view_menu.addSeparator()
        self.view_menu.addAction(names["review_mode"])
        self.view_menu.addAction(names["curate"])
        self.view_menu.addAction(names["statistics"])
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(names["guidelines"])
        self.help_menu.addAction(names["shortcuts"])
        self._menus = {
            "file": self.file_menu,
            "edit": self.edit_menu,
            "claim": self.claim_menu,
            "view": self.view_menu,
            "help": self.help_menu,
        }

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in (
            "import",
            "export",
            None,
            "undo",
            "redo",
            None,
            "new_claim",
            *[f"label_{x}" for x in LABELS],
            "accept",
            "reject",
            None,
            "suggest",
            None,
            "find",
            "guidelines",
        ):
            if name is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(names[name])
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def menu(self, name: str) -> QMenu:
        """The menu called ``name`` ("file", "edit", "claim", "view", "help"), for features added later."""
        return self._menus[name.lower().strip("&")]

    def _build_status_bar(self) -> None:
        status = self.statusBar()
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
        self.task_cancel.clicked.connect(self.cancel_task)
        self.task_cancel.hide()
        for widget in (self.db_label, self.annotator_label, self.saved_label):
            status.addWidget(widget)
        status.addPermanentWidget(self.task_bar)
        status.addPermanentWidget(self.task_cancel)
        status.addPermanentWidget(self.progress_label)
        self.runner.busy_changed.connect(self._task_busy)
        self._set_saved(True)

    # ---------------------------------------------------------------------------------------------
    # documents
    # ---------------------------------------------------------------------------------------------

    def reload_documents(self) -> None:
        self._syncing = True
        try:
            self.documents_model.set_documents(claim_service.article_progress(self.store, self.annotator))
        finally:
            self._syncing = False
        if self.doc is not None:
            self._select_document_row(self.doc.id)

    def _open_initial_document(self) -> None:
        ids = self.documents_model.ids()
        if not ids:
            self._show_no_document()
            return
        last = self.prefs.last_document(str(self.store.path))
        self.open_document(last if last in ids else ids[0])

    def _show_no_document(self) -> None:
        self.doc = None
        self.converter = OffsetConverter("")
        self.index.reset([])
        self.claims_model.set_claims([])
        self.article_view.set_article("")
        self.article_view.setPlaceholderText(
            "No articles yet. Import some with File → Import (Ctrl+O) or drop files here."
        )
        self.editor.set_claim(None)
        self.empty_banner.hide()
        self._update_status()

    def open_document(self, doc_id: str) -> None:
        """Show an article and its claims; stale background work for the previous one is cancelled.

        The text is shown at once. The claims of a long article (more than ``ASYNC_CLAIMS``) are read
        and converted to Qt positions on the worker and highlighted when they arrive, so opening costs
        about what showing the plain text costs; edits wait until they are there.
        """
        if self.doc is not None and self.doc.id != doc_id:
            self.runner.cancel("suggest")
        self.runner.cancel("load")
        doc = self.store.get_document(doc_id)
        summary = self.documents_model.summary(doc_id)
        background = summary is not None and summary.claims > ASYNC_CLAIMS
        claims = [] if background else claim_service.claims_for(self.store, doc_id, self.annotator)
        # A long article's first screen is highlighted from a range scan of its claims (about 2 ms), so
        # the first paint is already complete; the worker then brings all of them. Its text is scanned
        # for astral characters only as far as that screen until then (the worker scans all of it).
        screen = self._screen_chars() if background else None
        shown = (
            claim_service.claims_for(self.store, doc_id, self.annotator, start=0, end=screen)
            if screen is not None
            else claims
        )
        scan_first = None if screen is None else max([screen, *(_reach(c) for c in shown)])
        self.doc = doc
        self.current_claim_id = None
        self.converter = OffsetConverter(doc.text, scan_first=scan_first)
        # The index and the body are ready before the text is set: the first paint formats what it shows.
        self.index.reset([QtClaim.from_claim(c, self.converter) for c in shown])
        self.highlighter.body = None if background else self._body_span(self._article_body(doc))
        self.claims_model.set_text(doc.text)
        self.claims_model.set_claims(claims)
        self.article_view.set_article(doc.text, self.converter)
        self.editor.set_claim(None)
        self._select_document_row(doc_id)
        # Remembered after the first paint: QSettings writes its file (about 1 ms) at the next event it
        # gets, which came before the paint.
        self.article_view.call_after_next_paint(self._remember_document)
        self.setWindowTitle(f"{doc.title} — {self._database_name()} — Claim Annotator")
        self.loading = background
        if background:
            self._load_claims_in_background(doc)
        self._progress_changed()

    def _load_claims_in_background(self, doc: Document) -> None:
        path, doc_id, text, annotator = self.store.path, doc.id, doc.text, self.annotator

        def work(ctx: Any) -> tuple[list[Claim], list[QtClaim], tuple[int, int], OffsetConverter]:
            with Store(path, verify=False) as store:  # checked when the window opened it
                claims = claim_service.claims_for(store, doc_id, annotator)
            ctx.check()
            converter = OffsetConverter(text)
            return claims, [QtClaim.from_claim(c, converter) for c in claims], _find_body(text), converter

        def start() -> None:
            if self.doc is None or self.doc.id != doc_id:
                return
            task = self.runner.submit("load", work)
            task.signals.finished.connect(lambda result: self._claims_loaded(doc_id, *result))
            task.signals.failed.connect(
                lambda message: self._task_failed("Could not load the claims", message)
            )

        self.statusBar().showMessage("Loading claims…")
        # Started once the text has been painted: a worker started before (a zero-timeout timer runs
        # before the paint) competed with it for the GIL and made the first paint slower and uneven.
        self.article_view.call_after_next_paint(start)

    def _article_body(self, doc: Document) -> tuple[int, int]:
        """The article's body (what is not body is greyed in the first paint). The article shown last keeps
        its body in the settings: reopening it at start-up then neither imports the body finder nor
        compiles its regular expressions (about 7 ms before the first paint)."""
        key = _body_key(doc.text)
        body = self.prefs.known_body(doc.id, key) if key else None
        if body is None:
            body = _find_body(doc.text)
            self._body_to_remember = (doc.id, key, body) if key else None
        return body

    def _screen_chars(self) -> int:
        """More code points than one screen of the article can show (every line full, times four)."""
        metrics = self.article_view.fontMetrics()
        size = self.article_view.viewport().size()
        columns = size.width() // max(1, metrics.averageCharWidth()) + 1
        lines = size.height() // max(1, metrics.lineSpacing()) + 1
        return max(20_000, 4 * columns * lines)

    def _body_span(self, body: tuple[int, int]) -> tuple[int, int] | None:
        """The body in Qt positions, or None when it is the whole text (nothing to grey out)."""
        return None if body == (0, self.converter.cp_length) else self.converter.to_qt_span(*body)

    def _claims_loaded(
        self,
        doc_id: str,
        claims: list[Claim],
        qt_claims: list[QtClaim],
        body: tuple[int, int],
        converter: OffsetConverter,
    ) -> None:
        if self.doc is None or self.doc.id != doc_id:
            return  # the annotator has moved on
        self.loading = False
        self.converter = self.article_view.converter = converter  # the whole text scanned, on the worker
        self.highlighter.body = self._body_span(body)
        self.claims_model.set_claims(claims)
        self.index.reset(qt_claims)
        self.highlighter.rehighlight_formatted()
        self.article_view.viewport().update()
        self.statusBar().clearMessage()
        self._progress_changed()

    def _remember_document(self) -> None:
        if self.doc is not None:
            self.prefs.set_last_document(str(self.store.path), self.doc.id)
            found = self._body_to_remember
            if found is not None and found[0] == self.doc.id:
                self.prefs.set_known_body(*found)
                self._body_to_remember = None

    def _select_document_row(self, doc_id: str) -> None:
        row = self.documents_model.row_of(doc_id)
        if row is None:
            return
        index = self.documents_proxy.mapFromSource(self.documents_model.index(row, 0))
        if index.isValid():
            self._syncing = True
            try:
                self.documents_list.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
            finally:
                self._syncing = False

    def _document_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        doc_id = current.data(DocIdRole)
        if doc_id and (self.doc is None or doc_id != self.doc.id):
            self.open_document(doc_id)

    # ---------------------------------------------------------------------------------------------
    # selecting claims
    # ---------------------------------------------------------------------------------------------

    def current_claim(self) -> Claim | None:
        return self.claims_model.get(self.current_claim_id) if self.current_claim_id else None

    def select_claim(self, claim_id: str | None, *, scroll: bool = True, from_table: bool = False) -> None:
        """Make a claim current everywhere: table row, article outline (scrolled into view), editor."""
        claim = self.claims_model.get(claim_id) if claim_id else None
        self.current_claim_id = claim.id if claim else None
        self.article_view.selected_claim = self.current_claim_id
        self.article_view.viewport().update()
        self.editor.set_claim(claim)
        if claim is None:
            if not from_table:
                self.claims_table.clearSelection()
            return
        if not from_table:
            row = self.claims_model.row_of(claim.id)
            index = (
                self.claims_proxy.mapFromSource(self.claims_model.index(row, 0)) if row is not None else None
            )
            self._syncing = True
            try:
                if index is not None and index.isValid():
                    self.claims_table.selectionModel().setCurrentIndex(
                        index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    self.claims_table.scrollTo(index)
                else:
                    self.claims_table.clearSelection()
            finally:
                self._syncing = False
        if scroll:
            qt = self.index.claims.get(claim.id)
            if qt is not None:
                self.article_view.scroll_to_qt(qt.start, qt.end)

    def _table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.select_claim(current.data(ClaimIdRole), from_table=True)

    def step_claim(self, step: int) -> None:
        """Next/previous claim in the table's order (so J/K follow its sorting and filters)."""
        rows = self.claims_proxy.rowCount()
        if rows == 0:
            return
        current = None
        if self.current_claim_id:
            row = self.claims_model.row_of(self.current_claim_id)
            if row is not None:
                index = self.claims_proxy.mapFromSource(self.claims_model.index(row, 0))
                current = index.row() if index.isValid() else None
        start = (-1 if step > 0 else rows) if current is None else current
        target = max(0, min(rows - 1, start + step))
        self.select_claim(self.claims_proxy.index(target, 0).data(ClaimIdRole))

    # ---------------------------------------------------------------------------------------------
    # edits
    # ---------------------------------------------------------------------------------------------

    def _edit(
        self,
        description: str,
        before: Claim | None,
        write: Callable[[], Changes],
        command: type[ClaimCommand] = ClaimCommand,
    ) -> Claim | None:
        """Write first; only a committed edit is shown and becomes undoable."""
        if self.loading:
            self.statusBar().showMessage("The claims of this article are still loading…", 3000)
            return None
        if self.store.readonly:
            self.statusBar().showMessage(f"{self.store.path.name} is read-only; nothing was changed.", 4000)
            return None
        try:
            changes = write()
        except EDIT_ERRORS as exc:
            self._write_failed(str(exc))
            return None
        if changes.empty:
            return before
        current = self.current_claim_id
        self._show_changes(changes.view)
        claim = changes.claim
        if claim is not None and current is not None and current == claim.basis:
            self.select_claim(claim.id, scroll=False)  # a decision on the selected suggestion replaces it
        self.undo_stack.push(command(self, description, changes))
        self._set_saved(True)
        return claim

    def apply_changes(self, changes: Changes, *, undoing: bool) -> bool:
        """Undo/redo through the compare-and-swap services; False when nothing was written."""
        swap = claim_service.undo if undoing else claim_service.redo
        try:
            done = swap(self.store, changes, annotator=self.annotator)
        except ObsoleteChange as exc:
            self.statusBar().showMessage(str(exc), 8000)  # nothing was written: the window stays saved
            self.refresh_claims()
            return False
        except EDIT_ERRORS as exc:
            self._write_failed(str(exc))
            self.refresh_claims()  # show what the database really holds
            return False
        if self.doc is None or done.doc_id != self.doc.id:
            self.open_document(done.doc_id)  # undo shows the article it happens in
        else:
            self._show_changes(done.view)
        self._set_saved(True)
        shown = [change.after for change in done.view if change.after is not None]
        if shown:
            self.select_claim(shown[-1].id)
        return True

    def _show_changes(self, view: tuple[ClaimChange, ...]) -> None:
        for change in view:
            self._show_transition(change.before, change.after)

    def _show_transition(self, before: Claim | None, after: Claim | None) -> None:
        """Update the one row and the few blocks an edit touched (no reloads)."""
        claim = after or before
        if claim is None or self.doc is None or claim.doc_id != self.doc.id:
            return
        dirty: list[tuple[int, int]] = []
        if after is None:
            next_id = self._neighbour_id(claim.id)
            self.claims_model.remove(claim.id)
            old = self.index.remove(claim.id)
            if old:
                dirty.append(old)
            if self.current_claim_id == claim.id:
                self.select_claim(next_id, scroll=False)
        else:
            self.claims_model.put(after)
            qt = QtClaim.from_claim(after, self.converter)
            old = self.index.put(qt)
            if old:
                dirty.append(old)
            dirty.append(qt.extent)
            if self.current_claim_id == after.id:
                self.editor.set_claim(after)
        for start, end in dirty:
            self.highlighter.rehighlight_range(start, end)
        self.article_view.viewport().update()
        self._progress_changed()

    def _neighbour_id(self, claim_id: str) -> str | None:
        row = self.claims_model.row_of(claim_id)
        if row is None:
            return None
        index = self.claims_proxy.mapFromSource(self.claims_model.index(row, 0))
        if not index.isValid():
            return None
        for target in (index.row() + 1, index.row() - 1):
            if 0 <= target < self.claims_proxy.rowCount():
                return self.claims_proxy.index(target, 0).data(ClaimIdRole)
        return None

    def _write_failed(self, message: str) -> None:
        self._set_saved(False, message)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "Not saved", message)

    def set_label(self, label: str) -> None:
        selection = self.article_view.selection_cp()
        claim = self.current_claim()
        if selection is not None and (claim is None or (claim.start, claim.end) != selection):
            self.new_claim_from_selection(label=label)
            return
        if claim is None:
            self.statusBar().showMessage("Select a claim (J/K) or some text first.", 4000)
            return
        if claim.label == label and claim.status == "accepted":
            return
        self._edit(
            f"Label {label}",
            claim,
            lambda: claim_service.set_label(self.store, claim.id, label, annotator=self.annotator),
        )

    def accept_claim(self) -> None:
        claim = self.current_claim()
        if claim is None or claim.status == "accepted":
            return
        self._edit(
            "Accept",
            claim,
            lambda: claim_service.accept_claim(self.store, claim.id, annotator=self.annotator),
        )

    def reject_or_delete(self) -> None:
        """A suggestion is rejected (it stays, greyed, so the suggester does not propose it again); a claim
        someone made or accepted is deleted. Either way the next claim becomes current."""
        claim = self.current_claim()
        if claim is None:
            return
        if claim.status == "suggested":
            next_id = self._neighbour_id(claim.id)
            done = self._edit(
                "Reject",
                claim,
                lambda: claim_service.reject_claim(self.store, claim.id, annotator=self.annotator),
            )
            if done is not None and next_id:
                self.select_claim(next_id)
            return

        self._edit(
            "Delete claim",
            claim,
            lambda: claim_service.delete_claim(self.store, claim.id, annotator=self.annotator),
        )

    def new_claim_from_selection(self, label: str | None = None) -> Claim | None:
        if self.doc is None:
            return None
        span = self.article_view.selection_cp()
        if span is None:
            self.statusBar().showMessage("Select the claim's text in the article first, then press N.", 4000)
            return None
        start, end = span
        for claim in self.claims_model.claims():
            if (claim.start, claim.end) == (start, end) and claim.status != "rejected":
                self.article_view.moveCursor(QTextCursor.MoveOperation.Left)
                self.select_claim(claim.id, scroll=False)
                if label:
                    self.set_label(label)
                return claim
        doc_id = self.doc.id
        created = self._edit(
            "New claim" + (f" ({label})" if label else ""),
            None,
            lambda: claim_service.add_claim(
                self.store, doc_id, start, end, annotator=self.annotator, label=label, origin="manual"
            ),
        )
        if created is not None:
            cursor = self.article_view.textCursor()
            cursor.clearSelection()
            self.article_view.setTextCursor(cursor)
            self.select_claim(created.id, scroll=False)
        return created

    def adjust_claim_span(self, edge: str, direction: int, by_char: bool) -> None:
        claim = self.current_claim()
        if claim is None or self.doc is None:
            return
        start, end = adjust_span(self.doc.text, claim.start, claim.end, edge, direction, by_char=by_char)
        if (start, end) == (claim.start, claim.end):
            return
        self._edit(
            "Adjust span",
            claim,
            lambda: claim_service.update_claim(
                self.store, claim.id, annotator=self.annotator, start=start, end=end
            ),
            AdjustSpanCommand,
        )

    def set_span_part(self, part: str, from_selection: bool) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        value: tuple[int, int] | None = None
        if from_selection:
            value = self.article_view.selection_cp()
            if value is None:
                self.statusBar().showMessage(f"Select the {part} in the article first.", 4000)
                return
        self._edit(
            f"Set {part}" if value else f"Clear {part}",
            claim,
            lambda: claim_service.update_claim(
                self.store, claim.id, annotator=self.annotator, **{part: value}
            ),
        )

    def set_field(self, name: str, value: Any) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        self._edit(
            f"Edit {name}",
            claim,
            lambda: claim_service.update_claim(
                self.store, claim.id, annotator=self.annotator, **{name: value}
            ),
        )

    # ---------------------------------------------------------------------------------------------
    # context menus
    # ---------------------------------------------------------------------------------------------

    def _fill_context_menu(self, menu: QMenu, claim_id: str | None) -> None:
        names = self.actions_by_name
        if self.article_view.textCursor().hasSelection():
            menu.addAction(names["new_claim"])
            menu.addSeparator()
        if claim_id is not None:
            self.select_claim(claim_id, scroll=False)
            self._claim_menu_items(menu)
        elif not menu.isEmpty():
            return
        else:
            menu.addAction(names["suggest"])

    def _claim_menu_items(self, menu: QMenu) -> None:
        names = self.actions_by_name
        for label in LABELS:
            menu.addAction(names[f"label_{label}"])
        menu.addSeparator()
        menu.addAction(names["accept"])
        claim = self.current_claim()
        reject = menu.addAction(
            "Reject suggestion" if claim and claim.status == "suggested" else "Delete claim"
        )
        reject.triggered.connect(self.reject_or_delete)

    def _table_context_menu(self, pos: Any) -> None:
        index = self.claims_table.indexAt(pos)
        if not index.isValid():
            return
        self.select_claim(index.data(ClaimIdRole))
        menu = QMenu(self)
        self._claim_menu_items(menu)
        menu.exec(self.claims_table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # ---------------------------------------------------------------------------------------------
    # status
    # ---------------------------------------------------------------------------------------------

    def _set_saved(self, ok: bool, message: str = "") -> None:
        self.saved = ok
        if ok:
            self.saved_label.setText("✓ All changes saved")
            self.saved_label.setStyleSheet("")
            self.saved_label.setToolTip("Every edit is written to the database as you make it.")
        else:
            self.saved_label.setText("⚠ Last change NOT saved")
            self.saved_label.setStyleSheet("color: #c62828; font-weight: bold;")
            self.saved_label.setToolTip(message)

    def _progress_changed(self) -> None:
        model = self.claims_model
        # While a long article's claims load, the model is empty: keep the stored counts (which also
        # decide that its next opening loads in the background again).
        if self.doc is not None and not self.loading:
            self.documents_model.set_progress(self.doc.id, model.labelled, model.total, model.suggested)
        self.empty_banner.setVisible(self.doc is not None and not self.loading and model.rowCount() == 0)
        self._update_status()

    def _database_name(self) -> str:
        return self.store.path.name + (" (read-only)" if self.store.readonly else "")

    EDITING_ACTIONS = ("new_claim", "accept", "reject", "suggest", "import", "merge_databases")

    def _apply_read_only(self) -> None:
        """A read-only database can be read and exported; the window says it cannot be edited."""
        editable = not self.store.readonly
        for name, action in self.actions_by_name.items():
            if name in self.EDITING_ACTIONS or name.startswith(("label_", "span_")):
                action.setEnabled(editable)
        self.editor.setEnabled(editable)
        self.suggest_button.setEnabled(editable)
        self.setAcceptDrops(editable)
        if not editable:
            self.statusBar().showMessage(
                f"{self.store.path.name} is read-only: you can read and export it, but not change it."
            )

    def _update_status(self) -> None:
        self.db_label.setText(f"Database: {self._database_name()}")
        self.db_label.setToolTip(str(self.store.path))
        self.annotator_label.setText(f"Annotator: {self.annotator}")
        model = self.claims_model
        if self.doc is None:
            self.progress_label.setText("")
            return
        text = f"{model.labelled} of {model.total} claims labelled" if model.total else "No claims yet"
        if model.suggested:
            text += f" · {model.suggested} suggestions open"
        self.progress_label.setText(text)

    # ---------------------------------------------------------------------------------------------
    # live refresh: another window or process wrote to the same file
    # ---------------------------------------------------------------------------------------------

    def _safe_data_version(self) -> int:
        try:
            return self.store.data_version()
        except Exception:
            return -1

    def check_external_changes(self) -> bool:
        version = self._safe_data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self.reload_documents()
        if self.doc is not None and self.documents_model.row_of(self.doc.id) is None:
            self._open_initial_document()
        else:
            self.refresh_claims()
        return True

    def refresh_claims(self) -> None:
        """Reload the open article's claims from the database, keeping the selected claim."""
        if self.doc is None:
            return
        claims = claim_service.claims_for(self.store, self.doc.id, self.annotator)
        if claims == self.claims_model.claims():
            return
        selected = self.current_claim_id
        self.claims_model.set_claims(claims)
        self.index.reset([QtClaim.from_claim(c, self.converter) for c in claims])
        self.highlighter.rehighlight_formatted()
        self.select_claim(selected if self.claims_model.get(selected or "") else None, scroll=False)
        self._progress_changed()

    # ---------------------------------------------------------------------------------------------
    # find
    # ---------------------------------------------------------------------------------------------

    def show_find(self) -> None:
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_find(self) -> None:
        self.find_bar.hide()
        self.article_view.setFocus()

    def find_next(self, *, backward: bool) -> bool:
        needle = self.find_edit.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.article_view.find(needle, flags)
        if not found:  # wrap around
            cursor = self.article_view.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            self.article_view.setTextCursor(cursor)
            found = self.article_view.find(needle, flags)
        self.find_status.setText("" if found else "Not found")
        return found

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if watched is self.find_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape:
                self.close_find()
                return True
            if (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):  # type: ignore[attr-defined]
                self.find_next(backward=True)
                return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------------------------------------
    # view
    # ---------------------------------------------------------------------------------------------

    def change_font_size(self, step: int) -> None:
        font = self.article_view.font()
        size = DEFAULT_FONT_PT if step == 0 else max(7.0, min(40.0, font.pointSizeF() + step))
        font.setPointSizeF(size)
        self.article_view.setFont(font)
        self.prefs.set_font_size(size)

    def show_help(self, tab: str = "guidelines") -> None:
        if self._help is None:
            from annotator.ui.dialogs import HelpDialog

            self._help = HelpDialog(self.shortcut_rows(), self)
        self._help.show_tab(tab)
        self._help.show()
        self._help.raise_()

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what it does) for every shortcut, in the order the help dialog lists them."""
        return sorted(
            self._shortcut_rows,
            key=lambda r: ["Claims", "Spans", "Edit", "Files", "View", "Help"].index(r[0]),
        )

    def changeEvent(self, event: QEvent) -> None:
        # Follow the system's light/dark switch: new highlight colours for the new palette.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            dark = is_dark()
            if dark != self.formats.dark:
                self.formats = FormatCache(dark)
                self.highlighter.formats = self.formats
                self.highlighter.rehighlight_formatted()
        super().changeEvent(event)

    # ---------------------------------------------------------------------------------------------
    # background tasks: suggestions, import, export
    # ---------------------------------------------------------------------------------------------

    def _task_busy(self, busy: bool) -> None:
        self.task_bar.setVisible(busy)
        self.task_cancel.setVisible(busy)
        if busy:
            self.task_bar.setRange(0, 0)  # busy indicator until the first progress report

    def _task_progress(self, done: int, total: int, message: str) -> None:
        self.task_bar.setRange(0, max(total, 1))
        self.task_bar.setValue(done)
        if self._progress_dialog is not None:
            self._progress_dialog.setMaximum(max(total, 1))
            self._progress_dialog.setValue(done)
            if message:
                self._progress_dialog.setLabelText(message)

    def cancel_task(self) -> None:
        self.runner.cancel()

    def suggest_claims(self) -> Any:
        """Run the suggester for the open article on the worker (spaCy is imported there, not at start-up)."""
        if self.doc is None:
            return None
        path, doc_id, annotator = self.store.path, self.doc.id, self.annotator
        model = self.prefs.suggester_model()

        def work(ctx: Any) -> Any:
            from annotator.nlp.suggester import ModelNotFoundError
            from annotator.services.suggest import suggest_documents

            with Store(path) as store:
                try:
                    return suggest_documents(
                        store,
                        doc_ids=[doc_id],
                        model=model,
                        annotator=annotator,
                        progress=ctx,
                    )
                except ModelNotFoundError as exc:
                    raise ModelNotFoundError(f"{exc}.") from None  # one sentence, as the CLI prints it

        self.statusBar().showMessage(f"Suggesting claims (model {model})…" if model else "Suggesting claims…")
        self.suggest_button.setEnabled(False)
        task = self.runner.submit("suggest", work)
        task.signals.progress.connect(self._task_progress)
        task.signals.finished.connect(lambda report: self._suggestions_ready(doc_id, report))
        task.signals.failed.connect(lambda message: self._task_failed("Suggestions failed", message))
        task.signals.done.connect(lambda: self.suggest_button.setEnabled(True))
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

    def _suggestions_ready(self, doc_id: str, report: Any) -> None:
        self.reload_documents()
        if self.doc is not None and self.doc.id == doc_id:  # results for an article no longer open are stale
            self.refresh_claims()
        added = getattr(report, "added", None)
        self.statusBar().showMessage(
            f"{added} claims suggested." if added is not None else "Suggestions ready.", 6000
        )
        self._data_version = self._safe_data_version()

    def _task_failed(self, title: str, message: str) -> None:
        self.statusBar().clearMessage()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, message)

    def import_dialog(self) -> None:
        from annotator.formats.readers import supported_suffixes

        patterns = " ".join(f"*{s}" for s in supported_suffixes())
        from PySide6.QtWidgets import QFileDialog  # first use builds its enums: not at start-up

        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", self.prefs.last_folder(), f"Articles ({patterns});;All files (*)"
        )
        if paths:
            self.prefs.set_last_folder(str(Path(paths[0]).parent))
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> Any:
        """Import on the worker with a progress dialog; the new articles appear in the list when done."""
        path, annotator = self.store.path, self.annotator

        def work(ctx: Any) -> Any:
            from annotator.services.importing import import_paths

            with Store(path) as store:
                return import_paths(
                    store,
                    paths,
                    annotator=annotator,
                    skip_bad=True,
                    progress=ctx,
                )

        task = self.runner.submit("import", work)
        self._show_progress_dialog("Importing articles…", task)
        task.signals.progress.connect(self._task_progress)
        task.signals.finished.connect(self._import_done)
        task.signals.failed.connect(lambda message: self._task_failed("Import failed", message))
        return task

    def _import_done(self, report: Any) -> None:
        self.reload_documents()
        self._data_version = self._safe_data_version()
        lines = [f"Imported {report.created} new article(s); {report.duplicates} already present."]
        lines += report.warnings
        if report.bad_files:
            lines.append(f"{len(report.bad_files)} file(s) could not be imported:")
            lines += report.bad_files
        self.statusBar().showMessage(lines[0], 8000)
        new = [a.doc_id for a in report.articles if a.created]
        if new:
            self.open_document(new[0])
        elif self.doc is None and self.documents_model.ids():
            self._open_initial_document()
        if report.bad_files or report.warnings:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, "Import", "\n".join(lines))

    def export_dialog(self) -> None:
        from annotator.formats.registry import export_formats

        filters = {spec.file_filter: spec.name for spec in export_formats()}
        from PySide6.QtWidgets import QFileDialog  # first use builds its enums: not at start-up

        out, chosen = QFileDialog.getSaveFileName(
            self,
            "Export annotations",
            str(Path(self.prefs.last_folder()) / self.store.path.stem),
            ";;".join(filters),
        )
        if out:
            self.prefs.set_last_folder(str(Path(out).parent))
            self.export_to(filters.get(chosen, "jsonl"), Path(out))

    def export_to(self, fmt: str, out: Path) -> Any:
        path = self.store.path

        def work(ctx: Any) -> Any:
            from annotator.services.exporting import export

            with Store(path, readonly=True) as store:
                return export(store, fmt, out, progress=ctx)

        task = self.runner.submit("export", work)
        task.signals.progress.connect(self._task_progress)
        task.signals.finished.connect(
            lambda r: self.statusBar().showMessage(
                f"Exported {r.articles} article(s) and {r.claims} claim(s) as {fmt} to {r.path}.", 8000
            )
        )
        task.signals.failed.connect(lambda message: self._task_failed("Export failed", message))
        return task

    # ---------------------------------------------------------------------------------------------
    # team: merge, review, statistics (annotator/ui/review.py, annotator/ui/stats_view.py)
    # ---------------------------------------------------------------------------------------------

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

    def merge_files(self, paths: list[Path]) -> Any:
        """Merge other databases into the open one on the worker; the report is shown when done."""
        out = self.store.path

        def work(ctx: Any) -> Any:
            from annotator.services.merge import merge_databases

            return merge_databases(out, paths, progress=ctx)

        task = self.runner.submit("merge", work)
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

    def toggle_curation(self) -> Any:
        from annotator.ui.curation import toggle_curation

        return toggle_curation(self)

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
        curation = getattr(self, "curation_mode", None)  # annotator/ui/curation.py
        if curation is not None:
            curation.panel.set_store(self.store)

    def _show_progress_dialog(self, text: str, task: Any) -> None:
        from PySide6.QtWidgets import QProgressDialog  # first use builds its enums: not at start-up

        dialog = QProgressDialog(text, "Cancel", 0, 0, self)
        dialog.setWindowTitle("Claim Annotator")
        dialog.setMinimumDuration(400)  # quick imports finish without a flashing dialog
        dialog.setAutoClose(True)
        dialog.canceled.connect(task.cancel)
        self._progress_dialog = dialog

        def closed() -> None:
            dialog.reset()
            dialog.deleteLater()
            if self._progress_dialog is dialog:
                self._progress_dialog = None

        task.signals.done.connect(closed)

    # drag and drop of files = import
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # ---------------------------------------------------------------------------------------------
    # databases
    # ---------------------------------------------------------------------------------------------

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
            self.switch_database(target)

    def open_database_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # first use builds its enums: not at start-up

        out, _ = QFileDialog.getOpenFileName(
            self, "Open database", self.prefs.last_folder(), "Databases (*.db *.sqlite);;All files (*)"
        )
        if out:
            self.switch_database(Path(out))

    def switch_database(self, path: Path) -> bool:
        try:
            store = Store(path)
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
        self.doc = None
        self._data_version = self._safe_data_version()
        self.prefs.add_recent(str(store.path))
        self._switch_team_views()
        self.reload_documents()
        self._open_initial_document()
        self._set_saved(True)
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
            action.triggered.connect(lambda _=False, p=entry: self.switch_database(Path(p)))

    # ---------------------------------------------------------------------------------------------
    # window state
    # ---------------------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.prefs.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = self.prefs.value("window/splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Text fields commit on focus-out: make sure a note being typed is saved before closing.
        focus = QApplication.focusWidget()
        if focus is not None and self.editor.isAncestorOf(focus):
            self.article_view.setFocus()
        self.poll_timer.stop()
        self.article_view.discard_after_paint()  # a claim load not started yet must not start now
        self.runner.shutdown()
        self.prefs.set_value("window/geometry", self.saveGeometry())
        self.prefs.set_value("window/splitter", self.splitter.saveState())
        self.prefs.add_recent(str(self.store.path))
        self._remember_document()  # in case its timer has not fired yet
        self.prefs.sync()
        super().closeEvent(event)
