"""Claim → Suggester model…: the chosen spaCy pipeline is remembered and passed to the suggester."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from annotator.nlp.suggester import ModelNotFoundError
from annotator.ui.dialogs import SuggesterModelDialog
from annotator.ui.settings import SettingsStore


@pytest.fixture
def recorded_models(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """suggest_documents replaced by one that records the model it was given and suggests nothing."""
    models: list[str | None] = []

    def suggest_documents(store: Any, doc_ids: list[str], model: str | None = None, **_: Any) -> None:
        models.append(model)

    monkeypatch.setattr("annotator.services.suggest.suggest_documents", suggest_documents)
    return models


def choose(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The dialog, as if the annotator typed ``text`` and pressed OK."""

    def exec_(dialog: SuggesterModelDialog) -> int:
        dialog.edit.setText(text)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SuggesterModelDialog, "exec", exec_)


def suggest(qtbot, window) -> None:
    with qtbot.waitSignal(window.runner.busy_changed, timeout=5000, check_params_cb=lambda busy: not busy):
        window.suggest_claims()


def test_the_model_is_stored_and_passed_to_the_suggester(
    qtbot, db_path: Path, make_window, settings: QSettings, recorded_models, monkeypatch
) -> None:
    window = make_window(db_path)
    assert window.actions_by_name["suggester_model"] in window.menu("claim").actions()
    suggest(qtbot, window)
    choose(monkeypatch, "  en_core_web_sm ")
    window.actions_by_name["suggester_model"].trigger()
    assert SettingsStore(QSettings(settings.fileName(), QSettings.Format.IniFormat)).suggester_model() == (
        "en_core_web_sm"
    )  # written to the settings file, so the next session uses it too
    suggest(qtbot, window)
    choose(monkeypatch, "")  # empty: back to the built-in rules
    window.choose_suggester_model()
    suggest(qtbot, window)
    assert recorded_models == [None, "en_core_web_sm", None]


def test_a_missing_model_is_one_sentence_in_the_error_path(
    qtbot, db_path: Path, make_window, monkeypatch
) -> None:
    def missing(*_: Any, model: str | None = None, **__: Any) -> None:
        raise ModelNotFoundError(f"spaCy pipeline {model!r} is not installed")

    monkeypatch.setattr("annotator.services.suggest.suggest_documents", missing)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window = make_window(db_path)
    window.prefs.set_suggester_model("no_such_pipeline")
    suggest(qtbot, window)
    assert shown == ["spaCy pipeline 'no_such_pipeline' is not installed."]


def test_browse_fills_in_the_folder(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))
    dialog = SuggesterModelDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.model() is None  # empty: the built-in rules
    dialog.browse()
    assert dialog.model() == str(tmp_path)
