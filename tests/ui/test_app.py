"""Starting the app: the smoke test, a database that cannot be opened, the annotator's name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.store import Store
from annotator.ui import app as app_module
from annotator.ui.settings import SettingsStore


def test_smoke_test_paints_once_and_exits_zero(qtbot) -> None:
    assert app_module.run_app(None, "tester", smoke_test=True) == 0


def test_a_file_that_is_not_a_database_gives_one_sentence(qtbot, tmp_path: Path, monkeypatch) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my shopping list", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app_module.run_app(notes, "tester") == 1
    assert shown and "not a Claim Annotator database" in shown[0]
    assert notes.read_text(encoding="utf-8") == "my shopping list"


def test_the_name_is_asked_once_and_remembered(qtbot, monkeypatch) -> None:
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    asked = []

    def get_text(*args, **kwargs):
        asked.append(args[1])
        return "Mira", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    prefs = SettingsStore()
    assert app_module.ask_annotator(prefs, None) == "Mira"
    assert app_module.ask_annotator(SettingsStore(), None) == "Mira"
    assert len(asked) == 1
    monkeypatch.setenv("ANNOTATOR_USER", "env-name")
    assert app_module.ask_annotator(SettingsStore(), None) == "env-name"


def test_settings_live_in_the_test_folder(isolated_qsettings: Path) -> None:
    prefs = SettingsStore()
    prefs.set_font_size(15)
    prefs.sync()
    assert list(isolated_qsettings.rglob("*.ini"))


def test_the_icon_is_set_after_the_first_paint(qtbot, db_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from annotator.ui.mainwindow import MainWindow

    app = QApplication.instance()
    app.setWindowIcon(QIcon())
    window = MainWindow(Store(db_path), "tester")
    qtbot.addWidget(window)
    window.show()
    window.article_view.call_after_next_paint(app_module.set_app_icon)
    assert app.windowIcon().isNull()  # nothing loaded before the window has painted
    qtbot.waitUntil(lambda: not app.windowIcon().isNull(), timeout=3000)
    window.close()
    window.store.close()


def test_a_fresh_first_start_shows_the_sample_with_its_claims_highlighted(qtbot) -> None:
    """No database and no settings yet (a fresh HOME): the sample article opens, and the suggester marks
    its claims in the background without being asked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.mainwindow import MainWindow

    seen: dict[str, object] = {}

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and len(windows[0].index) > 0 and not windows[0].runner.busy():
            window = windows[0]
            seen["title"] = window.doc.title if window.doc else None
            seen["highlighted"] = len(window.index)
            seen["table"] = window.claims_model.rowCount()
            window.close()
            return
        QTimer.singleShot(100, look)

    QTimer.singleShot(100, look)
    give_up = QTimer()  # never hang the suite (stopped after: a pending one would end later loops)
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: QApplication.instance().exit(1))
    give_up.start(60_000)
    try:
        assert app_module.run_app(None, "tester") == 0
    finally:
        give_up.stop()
    assert "DeepSeek" in str(seen["title"])
    assert seen["highlighted"] == seen["table"] and int(seen["table"]) >= 5
