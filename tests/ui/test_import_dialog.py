"""The import dialog: a folder picked with the folder picker, a .pdf skipped with a warning icon, a broken
JSONL line an error with a critical icon, and a headline that names the error first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.store import Store
from annotator.ui.import_dialog import ERROR, INFO, WARNING, ImportDialog, ImportOutcome, report_lines
from tests.ui.dialog_data import ARTICLES, dispose, write_jsonl


@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> ImportDialog:
    dialog = ImportDialog(tmp_path / "import.db", "tester", folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    yield dialog
    dispose(dialog)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    (folder / "sub").mkdir(parents=True)
    write_jsonl(folder / "good.jsonl", ARTICLES[:1])
    (folder / "sub" / "report.pdf").write_bytes(b"%PDF-1.4 not an article")
    (folder / "broken.jsonl").write_text(
        '{"title": "fine", "text": "A fine line.", "claims": []}\n{"title": "cut off", "text": \n', "utf-8"
    )
    return folder


def press(qtbot, dialog: ImportDialog, button, letter: Qt.Key) -> None:
    """Alt+letter, the button's mnemonic: Qt clicks it after a short animation."""
    with qtbot.waitSignal(button.clicked, timeout=3000):
        qtbot.keyClick(dialog.focusWidget() or dialog, letter, Qt.KeyboardModifier.AltModifier)


def test_folder_import_reports_skipped_and_broken_files(qtbot, dialog, folder, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    assert not dialog.import_button.isEnabled()  # nothing chosen yet
    press(qtbot, dialog, dialog.add_folder_button, Qt.Key.Key_O)  # "Add f&older…": the folder picker
    assert dialog.chosen() == [folder]
    with qtbot.waitSignal(dialog.imported, timeout=30000) as imported:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter: Import
    outcome: ImportOutcome = imported.args[0]
    assert [title for _id, title in outcome.new_articles] == ["First"]

    items = dialog.report_items()
    errors = [text for kind, text in items if kind == ERROR]
    warnings = [text for kind, text in items if kind == WARNING]
    infos = [text for kind, text in items if kind == INFO]
    assert len(errors) == 1 and "broken.jsonl" in errors[0] and "line 2" in errors[0]
    assert len(warnings) == 1 and "report.pdf" in warnings[0] and ".pdf" in warnings[0]
    assert infos[0] == "Imported 1 new article with 2 claims."
    # The headline leads with the error, shown with the critical icon; never "Imported 0 …" first.
    assert dialog.headline_kind == ERROR
    assert dialog.headline.text().startswith("Import finished: 1 file could not be imported, 1 file skipped.")
    assert dialog.cancel_button.text() == "Close"
    # The broken file left nothing behind; the good one is in.
    with Store(tmp_path / "import.db", readonly=True) as store:
        assert [d.title for d in store.list_documents()] == ["First"]


def test_report_icons_follow_the_worst_line() -> None:
    only_error = ImportOutcome(errors=["a.jsonl, line 3: not JSON; nothing from this file was imported."])
    kind, headline, lines = report_lines(only_error)
    assert kind == ERROR and lines == [(ERROR, only_error.errors[0])]
    assert "Imported 0" not in headline
    skipped = ImportOutcome(skipped=[(Path("x.pdf"), "a .pdf file, which is not a type that is imported")])
    assert report_lines(skipped)[0] == WARNING
    fine = ImportOutcome(new_articles=[("d1", "First")], claims_added=1)
    kind, headline, lines = report_lines(fine)
    assert kind == INFO and headline == "Import finished. Imported 1 new article with 1 claim."
    assert report_lines(ImportOutcome())[1] == "Import finished: nothing to import."
    assert report_lines(ImportOutcome(cancelled=True))[1] == "Import cancelled; nothing was imported."


def test_files_can_be_added_and_removed(qtbot, dialog, folder, monkeypatch) -> None:
    files = [str(folder / "good.jsonl"), str(folder / "broken.jsonl")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: (files, ""))
    press(qtbot, dialog, dialog.add_files_button, Qt.Key.Key_F)  # "Add &files…"
    press(qtbot, dialog, dialog.add_files_button, Qt.Key.Key_F)  # the same files twice: listed once
    assert dialog.chosen() == [Path(f) for f in files]
    dialog.paths.setFocus()
    press(qtbot, dialog, dialog.remove_button, Qt.Key.Key_R)  # "&Remove" the latest addition
    assert dialog.chosen() == [Path(files[0])]
    assert dialog.import_button.isEnabled()


def test_esc_while_importing_cancels_and_keeps_the_dialog(qtbot, dialog, folder) -> None:
    dialog.add_paths([folder])
    with qtbot.waitSignal(dialog.imported, timeout=30000) as imported:
        dialog.start()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)  # before the worker starts
    assert imported.args[0].cancelled
    assert dialog.isVisible()  # Esc cancelled the import; it did not close the report
    assert dialog.headline.text().startswith("Import cancelled")
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)  # now it closes
    assert not dialog.isVisible()


class CancelAfter:
    """A Progress whose user presses Cancel once ``steps`` files are done."""

    def __init__(self, steps: int) -> None:
        self.steps, self.done = steps, 0

    def step(self, done: int, total: int, message: str = "") -> None:
        self.done = done

    def cancelled(self) -> bool:
        return self.done >= self.steps


def test_cancel_between_files_keeps_what_was_imported(tmp_path: Path) -> None:
    from annotator.ui.import_dialog import run_import

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(40):
        (folder / f"{number:02}.txt").write_text(
            f"Article {number}.\n\nIt has text number {number}.", "utf-8"
        )
    with Store(tmp_path / "many.db") as store:
        outcome = run_import(store, [folder], "tester", CancelAfter(1))
        # The service stops at a batch boundary (files are written in batches of about 30 ms), so a
        # quick import may be all done; whatever it did, the report says exactly what is there.
        assert len(outcome.new_articles) >= 1
        assert len(store.list_documents()) == len(outcome.new_articles)
        assert outcome.cancelled == (len(outcome.new_articles) < 40)
    with Store(tmp_path / "none.db") as store:
        outcome = run_import(store, [folder], "tester", CancelAfter(0))
        assert outcome.cancelled and outcome.new_articles == []
        assert store.list_documents() == []
