"""Window fixtures: QSettings in tmp_path, a sample database, and no worker thread left behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator.services.library import import_sample
from annotator.store import Store
from annotator.ui import workers


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Iterator[Path]:
    """Every QSettings the code creates (app.py's default one included) lands in tmp_path."""
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def no_threads_left_running() -> Iterator[None]:
    """Fail a test that leaves a worker running (napari does the same for QThreads)."""
    yield
    running = workers.running_threads()
    workers.shutdown_all(5000)
    assert running == 0, f"the test left {running} worker thread(s) running"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """The window's settings; automatic suggestions off (the tests of that turn them on)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("suggester/automatic", "false")
    return settings


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "window.db"
    with Store(path) as store:
        import_sample(store, annotator="tester")
    return path


@pytest.fixture
def make_window(qtbot, settings: QSettings):
    """make_window(path) -> a shown, active MainWindow on its own Store; closed after the test."""
    from annotator.ui.mainwindow import MainWindow

    opened = []

    def make(path: Path, annotator: str = "tester") -> MainWindow:
        window = MainWindow(Store(path), annotator, settings)
        qtbot.addWidget(window)
        window.resize(1300, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()

        # shortcuts only fire in the active window: wait for it, as a person clicking it would
        def active() -> bool:
            if QApplication.activeWindow() is not window:
                window.activateWindow()  # asked again: under load the first request can be lost
            return QApplication.activeWindow() is window

        qtbot.waitUntil(active, timeout=5000)
        window.article_view.setFocus()
        opened.append(window)
        return window

    yield make
    for window in opened:
        if window.isVisible():
            window.close()
        window.runner.shutdown()
        window.store.close()
