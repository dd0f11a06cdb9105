"""One read-only Store kept open on a dialog's worker thread, for the dialogs' repeated small reads.

Opening a Store costs about 10 ms without its integrity scan (``verify=False``: the window has checked
the file) and 2 s with it on a 100,000-claim database; the export dialog's live count (about 50 ms) and
the search box (10-30 ms a query) reuse one connection all the same. SQLite connections belong to the
thread that opened them: when the pool has retired its idle thread (after 30 s) and the next task runs on
a new one, a new connection is opened and the old one is let go (sqlite3 closes it when it is collected).
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from annotator.store import Store
from annotator.ui.workers import TaskRunner


class WorkerStore:
    def __init__(self, runner: TaskRunner, path: Path) -> None:
        self.runner = runner
        self.path = Path(path)
        self._store: Store | None = None
        self._thread: int | None = None

    def get(self) -> Store:
        """The open Store (opened on first use); call it only inside a task of ``runner``."""
        thread = threading.get_ident()
        if self._store is not None and (self._thread != thread or self._store.path != self.path):
            self._close()
        if self._store is None:
            self._store = Store(self.path, readonly=True, verify=False)  # the window checked the file
            self._thread = thread
        return self._store

    def set_path(self, path: Path) -> None:
        """Read another database from the next task on (that task replaces the connection)."""
        self.path = Path(path)

    def release(self) -> None:
        """Let the connection go (the dialog closed): sqlite3 closes it when it is collected, from any
        thread. A task still using it keeps it until it returns; no task is started for this, so a
        closed dialog leaves nothing queued on its worker."""
        self._store, self._thread = None, None

    def _close(self) -> None:
        store, self._store, self._thread = self._store, None, None
        if store is not None:
            # From another thread sqlite3 refuses (ProgrammingError): then the connection is only let go.
            with contextlib.suppress(Exception):
                store.close()
