"""The annotation window's layout and wiring: articles on the left, the article in the centre, its claims
and the editor on the right.

What the window does lives next door: ``documents`` (opening articles, selecting claims, live refresh),
``editing`` (every edit and the one change path), ``jobs`` (work on the worker thread), ``findbar`` and
``status``. The actions are declared as data in ``actions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import LABELS
from annotator.core.offsets import OffsetConverter
from annotator.services.session import Session
from annotator.store import Store
from annotator.ui.article_view import ArticleView
from annotator.ui.delegates import DocumentDelegate
from annotator.ui.editor import ClaimEditor
from annotator.ui.highlighter import ClaimHighlighter, ClaimIndex
from annotator.ui.mainwindow.actions import (
    ACTIONS,
    ANNOTATION,
    MENUS,
    SPAN_ACTIONS,
    TOOLBAR,
    ActionKey,
    help_rows,
    shown_keys,
)
from annotator.ui.mainwindow.databases import DatabasesMixin
from annotator.ui.mainwindow.findbar import FindBar
from annotator.ui.mainwindow.status import StatusPanel
from annotator.ui.models import ClaimsFilterProxy, ClaimsTableModel, DocumentsModel
from annotator.ui.settings import SettingsStore
from annotator.ui.style import LABEL_STYLES, FormatCache, is_dark
from annotator.ui.workers import TaskRunner

if TYPE_CHECKING:
    from annotator.ui.dialogs import HelpDialog

POLL_MS = 1500
DEFAULT_FONT_PT = 12.0


class MainWindow(DatabasesMixin):
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
        self.session = Session()
        self.converter = OffsetConverter("")
        self.index = ClaimIndex()
        self.formats = FormatCache(is_dark())
        self._syncing = False
        self._help = None
        self._review = None  # team views, created when first shown
        self._search = None
        self.stats_view = None
        self.stats_dock = None
        self.merge_report_box = None
        self._progress_dialog = None
        self._body_to_remember = None  # (doc id, key, body)
        self._menus: dict[str, QMenu] = {}
        self.actions_by_key: dict[ActionKey, QAction] = {}

        self.setWindowTitle("Claim Annotator")
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.status = StatusPanel(self.statusBar(), self.runner)
        self.status.cancel_requested.connect(self.cancel_task)
        self.saved_label, self.db_label, self.progress_label = (
            self.status.saved_label,
            self.status.db_label,
            self.status.progress_label,
        )
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
        self.article_view.setFocus()  # keys work at once: J, 1-3 (the filter box had the focus and took them)

    # -- actions -------------------------------------------------------------------------------

    @property
    def actions_by_name(self) -> dict[str, QAction]:
        """The actions by their key's name in lower case ("new_claim"), for scripts and older tests."""
        return {key.name.lower(): action for key, action in self.actions_by_key.items()}

    def action(self, key: ActionKey) -> QAction:
        return self.actions_by_key[key]

    # -- building -------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("main_splitter")
        splitter.setChildrenCollapsible(False)
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
        left.setMinimumWidth(120)

        # centre: find bar + article
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 6, 0, 6)
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
        self.find_bar = FindBar(self.article_view)
        self.find_edit, self.find_status = self.find_bar.edit, self.find_bar.status
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
        self.claims_table = self._build_claims_table()
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

    def _build_claims_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("claims")
        table.setModel(self.claims_proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        metrics = table.fontMetrics()
        for column, sample in ((0, "#99"), (3, "suggested"), (4, "A. Srinivas"), (5, "Annotator")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        table.setColumnHidden(5, True)  # the annotator is the user: shown in the status bar
        table.installEventFilter(self)  # its width decides which columns fit (_fit_claim_columns)
        # Its viewport's wrapper found by name, as the article's (ArticleView.__init__): a first
        # `viewport()` call makes PySide try every QWidget subclass, building 63 enum types (15 ms).
        table.findChild(QWidget, "qt_scrollarea_viewport")
        table.selectionModel().currentRowChanged.connect(self._table_row_changed)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._table_context_menu)
        return table

    def _build_actions(self) -> None:
        from annotator.ui.shortcuts import load_current

        current = load_current(self.prefs.qsettings)
        for key, spec in ACTIONS.items():
            action = QAction(spec.text, self)
            action.setObjectName(key.name.lower())
            action.setCheckable(spec.checkable)
            if spec.tool_text:
                # A tool button shows the icon text: fixed, so no command name ever widens the toolbar.
                action.setIconText(spec.tool_text)
            if spec.scope == ANNOTATION:
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.article_view.addAction(action)
                self.claims_table.addAction(action)
            else:
                self.addAction(action)
            action.triggered.connect(lambda _checked=False, run=spec.run: run(self))
            self.actions_by_key[key] = action
        self.apply_shortcuts(current)
        self.actions_by_key[ActionKey.SUGGEST_AUTOMATICALLY].setChecked(self.prefs.auto_suggest())
        # Undo and redo keep their short text (the toolbar never reflows); the command is in the tooltip.
        undo, redo = self.actions_by_key[ActionKey.UNDO], self.actions_by_key[ActionKey.REDO]
        undo.setEnabled(False)
        redo.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda text: undo.setToolTip(f"Undo {text} (Ctrl+Z)"))
        self.undo_stack.redoTextChanged.connect(lambda text: redo.setToolTip(f"Redo {text}"))

    def apply_shortcuts(self, current: dict[ActionKey, tuple[str, ...]]) -> None:
        """Give every action its shortcuts (the defaults, or the user's from the settings)."""
        self._current_shortcuts = {key: current.get(key, spec.shortcuts) for key, spec in ACTIONS.items()}
        for key, spec in ACTIONS.items():
            action = self.actions_by_key[key]
            keys = self._current_shortcuts[key]
            action.setShortcuts([QKeySequence(s) for s in keys])
            shown = shown_keys(keys)
            action.setToolTip(f"{spec.description} ({shown})" if shown else spec.description)
        if self._help is not None:
            self._help.set_shortcuts(self.shortcut_rows())

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what it does) for every action, as F1 lists them."""
        return help_rows(self._current_shortcuts)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        for title, items in MENUS.items():
            menu = bar.addMenu(title)
            self._menus[title.replace("&", "").lower()] = menu
            for item in items:
                if item is None:
                    menu.addSeparator()
                elif item == "recent":
                    self.recent_menu = menu.addMenu("Recent databases")
                    self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
                elif item == "spans":
                    spans = menu.addMenu("Adjust span")
                    for key in SPAN_ACTIONS:
                        spans.addAction(self.actions_by_key[key])
                elif isinstance(item, ActionKey):
                    menu.addAction(self.actions_by_key[item])
        self.file_menu, self.edit_menu, self.claim_menu, self.view_menu, self.help_menu = (
            self._menus[name] for name in ("file", "edit", "claim", "view", "help")
        )

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for item in TOOLBAR:
            if item is None:
                toolbar.addSeparator()
                continue
            action = self.actions_by_key[item]
            toolbar.addAction(action)
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _fit_claim_columns(self) -> None:
        """Keep the claim text readable in a narrow table (1024×700): the source and status columns go
        first (the editor shows both, and a suggestion's row is in italics), then the label shrinks to
        its letter."""
        width = self.claims_table.viewport().width()
        metrics = self.claims_table.fontMetrics()
        self.claims_table.setColumnHidden(4, width < 640)
        self.claims_table.setColumnHidden(3, width < 520)
        sample = "A attributed" if width >= 640 else "A"
        self.claims_table.horizontalHeader().resizeSection(2, metrics.horizontalAdvance(sample) + 44)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.claims_table and event.type() == QEvent.Type.Resize:
            self._fit_claim_columns()
        return super().eventFilter(watched, event)

    def menu(self, name: str) -> QMenu:
        """The menu called ``name`` ("file", "edit", "claim", "view", "help"), for features added later."""
        return self._menus[name.lower().strip("&")]

    # -- focus ----------------------------------------------------------------------------------

    def focus_article(self) -> None:
        """Esc: leave any field (a text field commits on focus-out) and return to the article."""
        focus = QApplication.focusWidget()
        if self.find_bar.isVisible() and focus is not None and self.find_bar.isAncestorOf(focus):
            self.find_bar.close_bar()
            return
        if self.article_view.hasFocus():
            cursor = self.article_view.textCursor()
            if cursor.hasSelection():
                cursor.clearSelection()
                self.article_view.setTextCursor(cursor)
            return
        self.article_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_field(self, name: str) -> None:
        """V, O, E: jump to the selected claim's verdict, note or evidence."""
        if self.session.selected() is None:
            self.statusBar().showMessage("Select a claim (J/K) first.", 4000)
            return
        self.editor.focus_field(name)

    def show_find(self) -> None:
        self.find_bar.open_bar()

    def close_find(self) -> None:
        self.find_bar.close_bar()

    def find_next(self, *, backward: bool) -> bool:
        return self.find_bar.find_next(backward=backward)

    # -- view -----------------------------------------------------------------------------------

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

    @property
    def help_dialog(self) -> HelpDialog | None:
        return self._help

    def edit_shortcuts(self) -> None:
        from annotator.ui.shortcuts import edit_shortcuts

        current = edit_shortcuts(self, self.prefs.qsettings, self._current_shortcuts)
        if current is not None:
            self.apply_shortcuts(current)

    def toggle_auto_suggest(self) -> None:
        on = self.actions_by_key[ActionKey.SUGGEST_AUTOMATICALLY].isChecked()
        self.prefs.set_auto_suggest(on)
        self.statusBar().showMessage(
            "Claims are suggested automatically after every import."
            if on
            else "Claims are suggested only when you ask (Ctrl+Shift+S).",
            5000,
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

    # -- window state ---------------------------------------------------------------------------

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
