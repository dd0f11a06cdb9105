"""The one progress-and-cancel protocol of every long service (import, suggest, export, merge).

A service takes ``progress: Progress = NO_PROGRESS``, calls ``progress.step(done, total, message)`` after each
unit of work and checks ``progress.cancelled()`` between units. A cancelled service stops at a unit boundary,
leaves only whole units behind (a whole article, a whole file, no half-written export) and says so in its
report (``cancelled=True``); it never raises for a cancel. The window's worker context and the CLI's progress
bar both implement this protocol, so the two faces of a service behave the same.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def step(self, done: int, total: int, message: str = "") -> None:
        """``done`` of ``total`` units are finished; ``message`` names the last one (a file, an article)."""

    def cancelled(self) -> bool:
        """True once the user asked to stop; the service finishes its current unit and returns."""


class _NoProgress:
    def step(self, done: int, total: int, message: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        return False


NO_PROGRESS: Progress = _NoProgress()
