"""The export dialog by keyboard: format and filters change the count; the file gets its suffix and the
result its counts; "Show in folder" opens the folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from annotator.ui.export_dialog import ExportDialog, inclusion_rule, with_suffix
from tests.ui.dialog_data import dispose, make_database


@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> ExportDialog:
    out = tmp_path / "out"
    out.mkdir()
    dialog = ExportDialog(make_database(tmp_path), folder=out)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # mnemonics (Alt+letter) fire in the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    wait_for_count(qtbot, dialog)
    yield dialog
    dispose(dialog)


def wait_for_count(qtbot, dialog: ExportDialog) -> str:
    qtbot.waitUntil(lambda: not dialog.counting(), timeout=10000)
    return dialog.count_label.text()


def choose(qtbot, dialog: ExportDialog, box, text: str) -> str:
    """Pick ``text`` in a combo box with the keyboard only (arrow keys), then wait for the new count."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentText() == text:
            break
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == text
    return wait_for_count(qtbot, dialog)


def test_count_follows_the_filters(qtbot, dialog: ExportDialog) -> None:
    # Accepted claims are the default: one in each of two articles.
    assert dialog.count_label.text() == "Writes 2 articles and 2 claims."
    assert dialog.rule_label.text() == f"The same rule for every format: {inclusion_rule()}"
    assert choose(qtbot, dialog, dialog.status_box, "Any status") == "Writes 2 articles and 4 claims."
    assert choose(qtbot, dialog, dialog.label_box, "factual") == "Writes 1 article and 2 claims."
    assert choose(qtbot, dialog, dialog.annotator_box, "bob") == "Writes 0 articles and 0 claims."
    assert choose(qtbot, dialog, dialog.label_box, "Any label") == "Writes 1 article and 1 claim."
    # The annotators offered are the database's own.
    names = [dialog.annotator_box.itemText(i) for i in range(dialog.annotator_box.count())]
    assert names == ["Anyone", "alice", "bob"]


def test_the_path_follows_the_format(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    assert dialog.path_edit.text() == str(tmp_path / "out" / "dialogs.jsonl")
    choose(qtbot, dialog, dialog.format_box, "csv (.csv)")
    assert dialog.path_edit.text() == str(tmp_path / "out" / "dialogs.csv")  # replaced, not .jsonl.csv


def test_export_adds_the_suffix_and_shows_the_counts(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    choose(qtbot, dialog, dialog.format_box, "csv (.csv)")
    assert choose(qtbot, dialog, dialog.status_box, "Any status") == "Writes 2 articles and 4 claims."
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "out" / "claims"))  # no suffix typed
    with qtbot.waitSignal(dialog.exported, timeout=20000) as exported:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # Enter: Export, the default button
    written = tmp_path / "out" / "claims.csv"
    assert exported.args[0].path == written
    assert written.is_file()
    assert written.read_text("utf-8").count("\n") >= 5  # a header and four claims
    assert dialog.result_box.isVisible()
    assert dialog.result_label.text() == f"Wrote 2 articles and 4 claims to {written}."
    assert dialog.result_kind == "info"

    dialog.path_edit.setText(str(tmp_path / "out" / "claims"))  # the same name again
    assert dialog.replace_note.isVisible()  # says the file is replaced

    opened: list[QUrl] = []
    dialog.open_folder = opened.append
    assert dialog.show_folder_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy())
    with qtbot.waitSignal(dialog.show_folder_button.clicked, timeout=3000):  # "Show in f&older"
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "out"))]


def test_suffix_is_added_once() -> None:
    assert with_suffix(Path("a/data"), ".jsonl") == Path("a/data.jsonl")
    assert with_suffix(Path("a/data.JSONL"), ".jsonl") == Path("a/data.JSONL")
    assert with_suffix(Path("a/data.v2"), ".csv") == Path("a/data.v2.csv")
    assert with_suffix(Path("a/brat"), "") == Path("a/brat")
    assert with_suffix(Path("/"), ".csv") == Path("/")  # while typing: no name yet


def test_a_folder_is_not_a_file_name(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "out") + "/")
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.result_kind == "error"
    assert dialog.result_label.text() == f"{tmp_path / 'out'} is a folder: add a file name to save as."
    assert not dialog.progress.isVisible() and list((tmp_path / "out").iterdir()) == []  # no export ran


def test_esc_while_exporting_cancels_and_writes_nothing(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.path_edit.setFocus()
    with qtbot.waitSignal(dialog.runner.busy_changed, timeout=20000, check_params_cb=lambda busy: not busy):
        dialog.start_export()
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Escape)  # before the worker starts the export
    assert dialog.isVisible()
    assert dialog.result_label.text() == "Export cancelled; nothing was written."
    assert not (tmp_path / "out" / "dialogs.jsonl").exists()


def test_articles_without_claims_on_request(qtbot, dialog: ExportDialog) -> None:
    assert dialog.count_label.text() == "Writes 2 articles and 2 claims."
    dialog.all_articles_box.setFocus()
    qtbot.keyClick(dialog.all_articles_box, Qt.Key.Key_Space)
    assert wait_for_count(qtbot, dialog) == "Writes 3 articles and 2 claims."  # the third has no claim


def test_the_dialog_fits_a_small_screen(qtbot, dialog: ExportDialog) -> None:
    dialog._finished(dialog_outcome_with_warnings(dialog))  # the tallest state: a result with warnings
    size = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    assert size.width() <= 1024 and size.height() <= 700 - 40  # 1024×700, less a window title bar


def dialog_outcome_with_warnings(dialog: ExportDialog):
    from annotator.ui.export_dialog import ExportOutcome

    warnings = [
        f"Warning {n}: 12 claims without a label were left out, for example in “Article {n}”."
        for n in range(5)
    ]
    return ExportOutcome(dialog.target(), 2, 2, warnings)
