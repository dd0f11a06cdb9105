"""Editing claims, and the one change path every edit, undo, redo and refresh goes through.

An edit is written by its claim service in one committed transaction; what changed (a ``Changes``) is
then shown by ``show_changes``, the only code that updates the views (table, highlight index and
highlighter, editor, article list, status bar), and becomes an undo command holding it. A failed
write shows its sentence and marks the window "Not saved"; nothing is shown as done that is not in the
database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from annotator.core.model import LABELS, Claim, ValidationError
from annotator.core.spans import adjust_span
from annotator.services import claims as claim_service
from annotator.services.changes import Changes, ObsoleteChange
from annotator.store import StoreError
from annotator.ui.commands import AdjustSpanCommand, ClaimCommand
from annotator.ui.mainwindow.actions import ActionKey
from annotator.ui.mainwindow.documents import DocumentsMixin
from annotator.ui.models import ClaimIdRole

EDIT_ERRORS = (StoreError, ValidationError)


class EditingMixin(DocumentsMixin):
    # -- undo and redo ------------------------------------------------------------------------

    def revert(self, changes: Changes, *, undo: bool) -> bool:
        """Undo (or redo) a command, compare-and-swap: only claims still as it left them are moved back.
        False (and the command becomes obsolete) when someone changed one since, or the write failed."""
        move = claim_service.undo if undo else claim_service.redo
        try:
            done = move(self.store, changes, annotator=self.annotator)
        except ObsoleteChange as exc:  # nothing was written: the window stays saved
            self.statusBar().showMessage(str(exc), 10000)
            self.refresh_claims()  # show what the database really holds
            return False
        except EDIT_ERRORS as exc:
            self._write_failed(str(exc))
            self.refresh_claims()
            return False
        if self.doc is None or done.doc_id != self.doc.id:
            self.open_document(done.doc_id)  # undo shows the article it happens in
        else:
            self.show_changes(done)
        self.status.set_saved(True)
        shown = [change.after for change in done.view if change.after is not None]
        if shown:
            self.select_claim(shown[-1].id)
        return True

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
        selected = self.session.selected_id
        self.show_changes(changes)
        claim = changes.claim
        if claim is not None and selected is not None and selected in (claim.id, claim.basis):
            self.select_claim(claim.id, scroll=False)  # a decision on the selected suggestion replaces it
        self.undo_stack.push(command(self, description, changes))
        self.status.set_saved(True)
        return claim

    def _write_failed(self, message: str) -> None:
        self.status.set_saved(False, message)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "Not saved", message)

    # -- edits ----------------------------------------------------------------------------------

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
        someone made or accepted is deleted. Either way the next claim shown becomes current."""
        claim = self.current_claim()
        if claim is None:
            return
        next_id = self._neighbour_id(claim.id)
        if claim.status == "suggested":
            description = "Reject"
            write = lambda: claim_service.reject_claim(self.store, claim.id, annotator=self.annotator)  # noqa: E731
        else:
            description = "Delete claim"
            write = lambda: claim_service.delete_claim(self.store, claim.id, annotator=self.annotator)  # noqa: E731
        undo_count = self.undo_stack.count()
        self._edit(description, claim, write)
        if self.undo_stack.count() != undo_count:  # done: the next claim shown becomes current
            self.select_claim(next_id, scroll=next_id is not None)

    def new_claim_from_selection(self, label: str | None = None) -> Claim | None:
        if self.doc is None:
            return None
        span = self.article_view.selection_cp()
        if span is None:
            self.statusBar().showMessage("Select the claim's text in the article first, then press N.", 4000)
            return None
        start, end = span
        for claim in self.session.claims():
            if (claim.start, claim.end) == (start, end) and self.session.shown(claim):
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
        """S / C: the text selected in the article becomes the claim's source / cue (Shift: clear it)."""
        claim = self.current_claim()
        if claim is None:
            self.statusBar().showMessage(f"Select a claim (J/K) first, then the {part} in the article.", 4000)
            return
        value: tuple[int, int] | None = None
        if from_selection:
            value = self.article_view.selection_cp()
            if value is None:
                self.statusBar().showMessage(
                    f"Select the {part} in the article first (Shift+arrows or the mouse).", 4000
                )
                return
        elif getattr(claim, part) is None:
            return

        def write() -> Changes:
            if part == "source":
                return claim_service.update_claim(
                    self.store, claim.id, annotator=self.annotator, source=value
                )
            return claim_service.update_claim(self.store, claim.id, annotator=self.annotator, cue=value)

        done = self._edit(f"Set {part}" if value else f"Clear {part}", claim, write)
        if done is not None and value is not None:
            cursor = self.article_view.textCursor()
            cursor.clearSelection()
            self.article_view.setTextCursor(cursor)

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

    # -- context menus --------------------------------------------------------------------------

    def _fill_context_menu(self, menu: QMenu, claim_id: str | None) -> None:
        if self.article_view.textCursor().hasSelection():
            menu.addAction(self.actions_by_key[ActionKey.NEW_CLAIM])
            if self.current_claim() is not None:
                menu.addAction(self.actions_by_key[ActionKey.SET_SOURCE])
                menu.addAction(self.actions_by_key[ActionKey.SET_CUE])
            menu.addSeparator()
        if claim_id is not None:
            self.select_claim(claim_id, scroll=False)
            self._claim_menu_items(menu)
        elif menu.isEmpty():
            menu.addAction(self.actions_by_key[ActionKey.SUGGEST])

    def _claim_menu_items(self, menu: QMenu) -> None:
        for label in LABELS:
            menu.addAction(self.actions_by_key[ActionKey[f"LABEL_{label.upper()}"]])
        menu.addSeparator()
        menu.addAction(self.actions_by_key[ActionKey.ACCEPT])
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
