"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 drops a reference to None on every Qt call that returns void and one to True/False on every
Signal(bool) emission; on Python 3.11 the app then aborts with "none_dealloc" minutes into a session.
pyproject.toml excludes that release; this test fails if a binding with the same bug is installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    toggled = Signal(bool)


def test_void_calls_and_bool_signals_keep_reference_counts(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    none_before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    assert sys.getrefcount(None) >= none_before - 10

    emitter = _Emitter()
    received: list[bool] = []
    emitter.toggled.connect(lambda value: received.append(value))
    true_before = sys.getrefcount(True)
    for _ in range(1000):
        emitter.toggled.emit(True)
    received.clear()
    assert sys.getrefcount(True) >= true_before - 10
