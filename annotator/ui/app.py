"""Starting the window: QApplication, the annotator's name (asked once), the database, the icon."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator.services.identity import resolve_annotator
from annotator.services.library import open_database
from annotator.store import Store, StoreError
from annotator.ui.settings import APPLICATION, ORGANISATION, SettingsStore
from annotator.ui.workers import shutdown_all

SMOKE_TIMEOUT_MS = 20000


def app_icon() -> QIcon:
    """The packaged icon (SVG plus PNG sizes) when present; an empty icon otherwise."""
    from importlib import resources  # after the first paint, as the icon: not a start-up import

    icon = QIcon()
    try:
        folder = resources.files("annotator.resources").joinpath("icons")
        if not folder.is_dir():
            return icon
        for entry in folder.iterdir():
            if entry.name.startswith("annotator") and entry.name.endswith((".svg", ".png")):
                icon.addFile(str(entry))
    except (ModuleNotFoundError, FileNotFoundError, OSError, TypeError):
        pass
    return icon


def set_app_icon() -> None:
    """Give the application its icon, once. Loading it (the SVG icon engine, eight files) took 3 ms before
    the window's first paint, which shows no icon: the window sets it after that paint, dialogs before."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        app.setWindowIcon(app_icon())


def ask_annotator(prefs: SettingsStore, explicit: str | None) -> str:
    """--annotator, then ANNOTATOR_USER, then the saved name; on the very first run, ask (once)."""
    import os

    if explicit or os.environ.get("ANNOTATOR_USER") or prefs.annotator():
        return resolve_annotator(explicit, prefs.annotator())
    from PySide6.QtWidgets import QInputDialog, QLineEdit  # once per user: not on every start-up

    set_app_icon()
    suggested = resolve_annotator(None)
    name, ok = QInputDialog.getText(
        None,
        "Welcome to Claim Annotator",
        "Your name is recorded on every edit you make. What should it be?",
        QLineEdit.EchoMode.Normal,
        suggested,
    )
    name = name.strip() if ok and name.strip() else suggested
    prefs.set_annotator(name)
    return name


class _FirstPaint(QObject):
    """Quits the application once the article has painted (the packaged-app smoke test)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            if os.environ.get("ANNOTATOR_REPORT_FIRST_PAINT"):
                # The start-up benchmark measures spawn -> first paint on the system-wide monotonic clock.
                print(f"first-paint {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, lambda: self.app.exit(0))
        return False


def open_store(db_path: Path | None, annotator: str, prefs: SettingsStore, *, use_last: bool) -> Store:
    if db_path is None and use_last:
        last = prefs.last_database()
        if last and Path(last).is_file():
            try:
                return open_database(Path(last), annotator=annotator)
            except StoreError:
                pass  # a moved or damaged last database: fall back to the default one
    return open_database(db_path, annotator=annotator)


def run_app(db_path: Path | None, annotator: str | None, *, smoke_test: bool = False) -> int:
    from annotator.ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("annotator")
    prefs = SettingsStore()
    name = resolve_annotator(annotator, prefs.annotator()) if smoke_test else ask_annotator(prefs, annotator)
    try:
        store = open_store(db_path, name, prefs, use_last=not smoke_test)
    except StoreError as exc:
        from PySide6.QtWidgets import QMessageBox  # PySide builds each class's enums on first use

        set_app_icon()
        QMessageBox.critical(None, APPLICATION, str(exc))
        return 1
    prefs.add_recent(str(store.path))
    window = MainWindow(store, name, prefs.qsettings)
    window.show()
    window.article_view.call_after_next_paint(set_app_icon)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: app.exit(1))
    if smoke_test:
        watcher = _FirstPaint(app)
        window.article_view.viewport().installEventFilter(watcher)
        give_up.start(SMOKE_TIMEOUT_MS)
    elif prefs.auto_suggest():
        # First run and every start: articles without claims get suggestions, after the first paint.
        def suggest() -> None:
            window.suggest_unsuggested()

        window.article_view.call_after_next_paint(suggest)
    code = app.exec()
    give_up.stop()  # a pending timer would end a later event loop of the same application (the tests')
    if window.isVisible():
        window.close()
    shutdown_all()
    store_now = window.store
    store_now.close()
    return code
