"""How shortcuts are stored (#18): the defaults with the user's changes, under ``shortcuts/<ActionKey name>``
in QSettings. Kept apart from the settings dialog so that the window's start, which only reads them, does
not build the dialog's widget classes (about 20 ms).

Shortcuts are strings in Qt's portable text form ("Ctrl+Shift+F", "Shift+Tab"). Only changes from the
defaults are stored, so a default changed in a later version reaches users who never touched that action.
A stored value is a list of shortcuts (QSettings gives a one-item list back as a lone string), and "" means
"no shortcut".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence

GROUP = "shortcuts"
Shortcuts = tuple[str, ...]


class ShortcutRow(NamedTuple):
    key: str  # the action's ActionKey name, e.g. "NEXT_CLAIM"
    label: str  # what the user reads, e.g. "Next claim"
    defaults: Shortcuts
    current: Shortcuts


def normalise(shortcut: str) -> str:
    """One spelling per key combination: Qt turns Shift+Tab into Backtab, and the two used to be
    bound to different actions at once ("Ambiguous shortcut overload: Backtab", #18)."""
    text = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.PortableText)
    if text in ("Backtab", "Shift+Backtab"):
        return "Shift+Tab"
    return text.replace("Shift+Backtab", "Shift+Tab")


def clean(shortcuts: Iterable[str]) -> Shortcuts:
    result: list[str] = []
    for shortcut in shortcuts:
        text = normalise(shortcut) if shortcut.strip() else ""
        if text and text not in result:
            result.append(text)
    return tuple(result)


def find_conflicts(mapping: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Shortcuts bound to more than one action, with those actions' keys (in mapping order)."""
    holders: dict[str, list[str]] = {}
    for key, shortcuts in mapping.items():
        for shortcut in clean(shortcuts):
            holders.setdefault(shortcut, []).append(key)
    return {shortcut: keys for shortcut, keys in holders.items() if len(keys) > 1}


def load_shortcuts(settings: QSettings, rows: Iterable[ShortcutRow]) -> dict[str, Shortcuts]:
    """Every row's shortcuts: its defaults, or what the user stored for it ("" stored: none)."""
    mapping: dict[str, Shortcuts] = {}
    for row in rows:
        stored = settings.value(f"{GROUP}/{row.key}")
        if stored is None:
            mapping[row.key] = clean(row.defaults)
        elif isinstance(stored, str):  # an INI file gives a lone string for a one-item list
            mapping[row.key] = clean([stored])
        else:
            mapping[row.key] = clean(str(s) for s in stored)
    return mapping


def save_shortcuts(
    settings: QSettings, rows: Iterable[ShortcutRow], mapping: Mapping[str, Sequence[str]]
) -> None:
    """Store the rows whose shortcuts differ from their defaults (a list of shortcuts; "" for none: an
    empty list reads back from an INI file as a missing value, the default); forget the others."""
    for row in rows:
        if row.key not in mapping:
            continue
        shortcuts = clean(mapping[row.key])
        name = f"{GROUP}/{row.key}"
        if shortcuts == clean(row.defaults):
            settings.remove(name)
        else:
            settings.setValue(name, list(shortcuts) if shortcuts else "")
    settings.sync()
