"""The one background worker: bulk I/O and spaCy never run on the GUI thread (DESIGN.md rule 3).

A task is a plain function ``fn(ctx) -> result`` that opens its own ``Store`` (one SQLite connection per
thread), reports progress through ``ctx.progress`` and polls ``ctx.cancelled``. Results come back through
Qt signals as plain data; the function never touches a widget. ``TaskRunner`` runs one task at a time on
its own QThreadPool.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def _emit(signal: Any, *args: Any) -> None:
    """Emit unless the receiving side is gone: a window destroyed while its task ran has nobody to tell."""
    with contextlib.suppress(RuntimeError):  # "Signal source has been deleted"
        signal.emit(*args)


class Cancelled(Exception):
    """Raised inside a task (by ``ctx.check()``) to stop early."""


class TaskContext:
    def __init__(self, signals: TaskSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, done: int, total: int, message: str = "") -> None:
        if not self._cancel.is_set():
            _emit(self._signals.progress, int(done), int(total), str(message))

    step = progress  # annotator.core.progress.Progress: services take this context as their progress


class TaskSignals(QObject):
    """Created on the GUI thread, so connected slots run there (queued) whatever thread emits."""

    progress = Signal(int, int, str)
    finished = Signal(object)  # the task's result
    failed = Signal(str)  # one sentence
    cancelled = Signal()
    done = Signal()  # after any of the three above


class Task(QRunnable):
    def __init__(self, name: str, fn: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self.name = name
        self.fn = fn
        self.signals = TaskSignals()
        self.context = TaskContext(self.signals)
        self.setAutoDelete(False)  # Python owns it; the runner drops it after ``done``

    def cancel(self) -> None:
        self.context.cancel()

    def run(self) -> None:
        if self.context.cancelled():  # replaced before it started: nothing to do
            _emit(self.signals.cancelled)
            _emit(self.signals.done)
            return
        try:
            result = self.fn(self.context)
        except Cancelled:
            _emit(self.signals.cancelled)
        except Exception as exc:  # reported to the user as one sentence, never lost
            traceback.print_exc()
            _emit(self.signals.failed, str(exc) or exc.__class__.__name__)
        else:
            if self.context.cancelled():
                _emit(self.signals.cancelled)
            else:
                _emit(self.signals.finished, result)
        _emit(self.signals.done)


class TaskRunner(QObject):
    """One worker thread; submitting a task of a name cancels the running task of the same name."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._tasks: list[Task] = []
        _RUNNERS.add(self)

    def submit(self, name: str, fn: Callable[[TaskContext], Any]) -> Task:
        """Run ``fn`` on the worker thread. It starts from the event loop, after the caller has connected
        to the task's signals: started at once, a quick task could finish before anyone listened, and its
        result was lost (the statistics view missed one now and then)."""
        self.cancel(name)
        task = Task(name, fn)
        self._tasks.append(task)
        task.signals.done.connect(lambda: self._finished(task))
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        QTimer.singleShot(0, self, lambda: self.pool.start(task))
        return task

    def _finished(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
            if not self._tasks:
                self.busy_changed.emit(False)

    def cancel(self, name: str | None = None) -> None:
        for task in self._tasks:
            if name is None or task.name == name:
                task.cancel()

    def busy(self) -> bool:
        return bool(self._tasks)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel everything and wait for the thread; True when nothing is left running."""
        self.cancel()
        try:
            return self.pool.waitForDone(timeout_ms)
        except RuntimeError:  # already deleted with its parent: nothing can be running
            return True


def _alive() -> list[TaskRunner]:
    alive = []
    for runner in list(_RUNNERS):
        try:
            runner.pool.activeThreadCount()
        except RuntimeError:  # its window (the Qt parent) is gone, and the pool with it
            _RUNNERS.discard(runner)
            continue
        alive.append(runner)
    return alive


def running_threads() -> int:
    """Threads still running in any TaskRunner (the test fixture asserts this is 0 after each test)."""
    return sum(runner.pool.activeThreadCount() for runner in _alive())


def shutdown_all(timeout_ms: int = 5000) -> None:
    for runner in _alive():
        runner.shutdown(timeout_ms)
