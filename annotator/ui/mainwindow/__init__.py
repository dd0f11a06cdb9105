"""The annotation window, in rooms: ``window`` (layout and wiring), ``actions`` (every action, as data),
``documents`` (articles, selection, live refresh), ``editing`` (edits and the one change path), ``jobs``
and ``databases`` (work on the worker), ``findbar`` and ``status``. The open article, its claims and the
selection are held by a Qt-free ``annotator.services.session.Session``."""

from annotator.ui.mainwindow.window import MainWindow

__all__ = ["MainWindow"]
