"""The user's keyboard shortcuts: stored in QSettings under ``shortcuts/<ActionKey name>`` (only those
changed from the defaults), applied to the action table at start and after the settings dialog. How they are
stored is defined once, in ``shortcut_settings``; the settings dialog is imported only when it opens."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from annotator.ui.mainwindow.actions import ACTIONS, ActionKey
from annotator.ui.shortcut_settings import ShortcutRow, load_shortcuts, save_shortcuts

Current = dict[ActionKey, tuple[str, ...]]


def _rows(current: Current | None = None) -> list[ShortcutRow]:
    return [
        ShortcutRow(key.name, spec.description, spec.shortcuts, (current or {}).get(key, spec.shortcuts))
        for key, spec in ACTIONS.items()
    ]


def load_current(settings: QSettings) -> Current:
    """Every action's shortcuts: the defaults, with the user's changes (stored empty: no shortcut)."""
    return {ActionKey[name]: tuple(keys) for name, keys in load_shortcuts(settings, _rows()).items()}


def save_current(settings: QSettings, current: Current) -> None:
    save_shortcuts(settings, _rows(), {key.name: keys for key, keys in current.items()})


def edit_shortcuts(parent: QWidget, settings: QSettings, current: Current) -> Current | None:
    """The hotkey settings dialog; the new shortcuts (stored), or None when cancelled."""
    from annotator.ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(_rows(current), parent)
    if dialog.exec() != ShortcutsDialog.DialogCode.Accepted:
        return None
    chosen = {ActionKey[name]: tuple(keys) for name, keys in dialog.mapping().items()}
    save_current(settings, chosen)
    return chosen
