"""Opening articles, selecting claims, the one change path (``show_changes``), and live refresh when
another window or process wrote the file."""

from __future__ import annotations

import zlib
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex

from annotator.core.model import Claim, Document, extent_end
from annotator.core.offsets import OffsetConverter
from annotator.services import claims as claim_service
from annotator.services.changes import Changes
from annotator.store import Store
from annotator.ui.highlighter import QtClaim
from annotator.ui.mainwindow.base import WindowBase
from annotator.ui.models import ClaimIdRole, DocIdRole

ASYNC_CLAIMS = 1500  # above this many claims an article's claims are loaded on the worker


def find_body(text: str) -> tuple[int, int]:
    """The article body (the rest is greyed out); the whole text when the helper is unavailable."""
    try:
        from annotator.nlp.body import find_body as find
    except ImportError:
        return 0, len(text)
    try:
        start, end = find(text)
    except Exception:  # a heuristic must never stop an article from opening
        return 0, len(text)
    return (start, end) if start < end else (0, len(text))


def body_key(text: str) -> str | None:
    """What a remembered body is valid for: the body finder's rules and the text (CRC-32 and length)."""
    from annotator.nlp import body_rules_digest

    rules = body_rules_digest()
    if rules is None:
        return None
    return f"{rules}:{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}:{len(text)}"


class DocumentsMixin(WindowBase):
    # -- the article list -----------------------------------------------------------------------

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
        self.session.open(None)
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
        scan_first = None if screen is None else max([screen, *(extent_end(c) for c in shown)])
        self.session.open(doc, claims, loading=background)
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
        if background:
            self._load_claims_in_background(doc)
        self._progress_changed()

    def open_at(self, doc_id: str, start: int, end: int) -> None:
        """Open an article with [start, end) (code points) selected and in view: a search result."""
        if self.doc is None or self.doc.id != doc_id:
            self.open_document(doc_id)
        self.article_view.select_cp(start, end)
        self.article_view.centerCursor()
        self.activateWindow()
        self.article_view.setFocus()

    def _load_claims_in_background(self, doc: Document) -> None:
        path, doc_id, text, annotator = self.store.path, doc.id, doc.text, self.annotator

        def work(ctx: Any) -> tuple[list[Claim], list[QtClaim], tuple[int, int], OffsetConverter]:
            with Store(path, verify=False) as store:  # checked when the window opened it
                claims = claim_service.claims_for(store, doc_id, annotator)
            ctx.check()
            converter = OffsetConverter(text)
            return claims, [QtClaim.from_claim(c, converter) for c in claims], find_body(text), converter

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
        key = body_key(doc.text)
        body = self.prefs.known_body(doc.id, key) if key else None
        if body is None:
            from annotator.ui.mainwindow import documents  # looked up here so a test can replace it

            body = documents.find_body(doc.text)
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
        self.session.loading = False
        self.session.set_claims(claims)
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

    # -- selecting claims -----------------------------------------------------------------------

    def current_claim(self) -> Claim | None:
        return self.session.selected()

    def select_claim(self, claim_id: str | None, *, scroll: bool = True, from_table: bool = False) -> None:
        """Make a claim current everywhere: table row, article outline (scrolled into view), editor."""
        claim = self.session.select(claim_id)
        self.article_view.selected_claim = self.session.selected_id
        self.article_view.viewport().update()
        self.editor.set_claim(claim)
        if claim is None:
            if not from_table:
                self.claims_table.clearSelection()
            return
        if not from_table:
            index = self._proxy_index(claim.id)
            self._syncing = True
            try:
                if index is not None:
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

    def _proxy_index(self, claim_id: str) -> QModelIndex | None:
        row = self.claims_model.row_of(claim_id)
        if row is None:
            return None
        index = self.claims_proxy.mapFromSource(self.claims_model.index(row, 0))
        return index if index.isValid() else None

    def _table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.select_claim(current.data(ClaimIdRole), from_table=True)

    def table_order(self) -> list[str]:
        """The claim ids the table shows, in its order (its sorting and filters)."""
        proxy = self.claims_proxy
        return [proxy.index(row, 0).data(ClaimIdRole) for row in range(proxy.rowCount())]

    def step_claim(self, step: int) -> None:
        """J/K: next/previous claim in the table's order, skipping what is not shown (filtered rows,
        rejected suggestions)."""
        target = self.session.step(self.table_order(), step)
        if target is not None:
            self.select_claim(target)

    def _neighbour_id(self, claim_id: str) -> str | None:
        """The claim that becomes current when ``claim_id`` goes: the next one shown, else the previous."""
        order = self.table_order()
        if claim_id not in order:
            return None
        at = order.index(claim_id)
        for candidate in order[at + 1 :] + order[:at][::-1]:
            claim = self.session.get(candidate)
            if claim is not None and self.session.shown(claim):
                return candidate
        return None

    # -- the one change path --------------------------------------------------------------------

    def show_changes(self, changes: Changes) -> None:
        """Show what a command changed in every view; only the rows and blocks it touched are redone."""
        applied = self.session.apply(changes)
        if not applied:
            return
        dirty: list[tuple[int, int]] = []
        selected = self.session.selected_id
        for change in applied:
            if change.after is None:
                self.claims_model.remove(change.claim_id)
                old = self.index.remove(change.claim_id)
            else:
                self.claims_model.put(change.after)
                qt = QtClaim.from_claim(change.after, self.converter)
                old = self.index.put(qt)
                dirty.append(qt.extent)
            if old and old not in dirty:  # a label edit leaves the extent where it was: format it once
                dirty.append(old)
        for start, end in dirty:
            self.highlighter.rehighlight_range(start, end)
        self.article_view.viewport().update()
        self.editor.set_claim(self.session.selected())
        if selected is None:
            self.article_view.selected_claim = None
        self._progress_changed()

    # -- live refresh ---------------------------------------------------------------------------

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
        """Bring the open article's claims up to the database's, through the one change path."""
        if self.doc is None or self.session.loading:
            return
        changes = self.session.diff(claim_service.claims_for(self.store, self.doc.id, self.annotator))
        if changes is not None:
            self.show_changes(changes)

    # -- status ---------------------------------------------------------------------------------

    def _progress_changed(self) -> None:
        counts = self.session.counts()
        # While a long article's claims load, the session is empty: keep the stored counts (which also
        # decide that its next opening loads in the background again).
        if self.doc is not None and not self.loading:
            self.documents_model.set_progress(self.doc.id, counts.labelled, counts.total, counts.suggested)
        self.empty_banner.setVisible(self.doc is not None and not self.loading and counts.total == 0)
        self._update_status()

    def _database_name(self) -> str:
        return self.store.path.name + (" (read-only)" if self.store.readonly else "")

    def _apply_read_only(self) -> None:
        """A read-only database can be read and exported; the window says it cannot be edited."""
        from annotator.ui.mainwindow.actions import ACTIONS

        editable = not self.store.readonly
        for key, action in self.actions_by_key.items():
            if ACTIONS[key].editing:
                action.setEnabled(editable)
        self.editor.setEnabled(editable)
        self.suggest_button.setEnabled(editable)
        self.setAcceptDrops(editable)
        if not editable:
            self.statusBar().showMessage(
                f"{self.store.path.name} is read-only: you can read and export it, but not change it."
            )

    def _update_status(self) -> None:
        self.status.show_place(self._database_name(), str(self.store.path), self.annotator)
        self.status.show_counts(None if self.doc is None else self.session.counts())
