"""The user's keyboard shortcuts: stored in QSettings under ``shortcuts/<ActionKey name>`` (only those
changed from the defaults), applied to the action table at start and after the settings dialog."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from annotator.ui.mainwindow.actions import ACTIONS, ActionKey

Current = dict[ActionKey, tuple[str, ...]]


def load_current(settings: QSettings) -> Current:
    """Every action's shortcuts: the defaults, with the user's changes (an empty value: no shortcut)."""
    current: Current = {}
    for key, spec in ACTIONS.items():
        stored = settings.value(key.setting)
        if stored is None:
            current[key] = spec.shortcuts
        elif isinstance(stored, str):  # INI files give a lone string for a one-item list
            current[key] = (stored,) if stored else ()
        else:
            current[key] = tuple(str(s) for s in stored if s)
    return current


def save_current(settings: QSettings, current: Current) -> None:
    for key, spec in ACTIONS.items():
        keys = current.get(key, spec.shortcuts)
        if keys == spec.shortcuts:
            settings.remove(key.setting)
        else:
            settings.setValue(key.setting, list(keys))
    settings.sync()


def edit_shortcuts(parent: QWidget, settings: QSettings, current: Current) -> Current | None:
    """The hotkey settings dialog; the new shortcuts (stored), or None when cancelled."""
    from annotator.ui.shortcuts_dialog import ShortcutRow, ShortcutsDialog

    rows = [
        ShortcutRow(key.name, spec.description, spec.shortcuts, current.get(key, spec.shortcuts))
        for key, spec in ACTIONS.items()
    ]
    dialog = ShortcutsDialog(rows, parent)
    if dialog.exec() != ShortcutsDialog.DialogCode.Accepted:
        return None
    chosen = {ActionKey[name]: tuple(keys) for name, keys in dialog.mapping().items()}
    save_current(settings, chosen)
    return chosen
