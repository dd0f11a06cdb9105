"""The window (PySide6). The only package that imports Qt; everything it changes goes through services."""

from __future__ import annotations

import sys


def _make_singletons_immortal() -> None:
    """Work around a PySide6 6.12 reference-count bug on Python 3.11.

    PySide6 6.12.0 (abi3 wheel) drops references to None, True and False that it never took: every call
    of a Qt method returning void loses one reference to None (1000 ``QLabel.setText`` calls lower
    ``sys.getrefcount(None)`` by 1000), and every emission of a ``Signal(bool)`` to a Python slot loses
    one to True. Harmless on Python >= 3.12, where these objects are immortal; on 3.11 the process dies
    with "Fatal Python error: none_dealloc" (or bool_dealloc) minutes into a session, or after about a
    thousand toggles. Giving the three singletons a huge reference count makes them immortal the way
    3.12 does; they are never freed anyway.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < 1 << 40:
            refcount.value += 1 << 50


_make_singletons_immortal()
