"""What the window remembers between runs, in QSettings ("claim-annotator" / "Claim Annotator").

Tests point QSettings at tmp_path (see tests/ui/conftest.py); nothing here touches the user's real settings
unless the app itself runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

ORGANISATION = "claim-annotator"
APPLICATION = "Claim Annotator"
MAX_RECENT = 8


def app_settings() -> QSettings:
    # defaultFormat() is the native one unless a test chose INI files (with setDefaultFormat/setPath).
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


class SettingsStore:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else app_settings()

    def value(self, key: str, default: Any = None) -> Any:
        return self.qsettings.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()

    # annotator name, asked once
    def annotator(self) -> str | None:
        name = self.value("annotator")
        return str(name) if name else None

    def set_annotator(self, name: str) -> None:
        self.set_value("annotator", name)

    # databases
    def last_database(self) -> str | None:
        value = self.value("last_database")
        return str(value) if value else None

    def recent(self) -> list[str]:
        value = self.value("recent_databases", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list in INI files
            value = [value]
        return [str(v) for v in value or [] if v]

    def add_recent(self, path: str) -> None:
        recent = [path] + [p for p in self.recent() if p != path]
        self.set_value("recent_databases", recent[:MAX_RECENT])
        self.set_value("last_database", path)

    def last_document(self, database: str) -> str | None:
        value = self.value(f"last_document/{_key(database)}")
        return str(value) if value else None

    def set_last_document(self, database: str, doc_id: str) -> None:
        self.set_value(f"last_document/{_key(database)}", doc_id)

    # The body of the article shown last (see MainWindow._article_body), valid for ``key`` only.
    def known_body(self, doc_id: str, key: str) -> tuple[int, int] | None:
        value = self.value("last_body")
        if not value:
            return None
        try:
            stored_id, stored_key, start, end = str(value).rsplit(" ", 3)
            if stored_id == doc_id and stored_key == key:
                return int(start), int(end)
        except ValueError:
            pass
        return None

    def set_known_body(self, doc_id: str, key: str, body: tuple[int, int]) -> None:
        self.set_value("last_body", f"{doc_id} {key} {body[0]} {body[1]}")

    def last_folder(self) -> str:
        return str(self.value("last_folder", str(Path.home())))

    def set_last_folder(self, folder: str) -> None:
        self.set_value("last_folder", folder)

    # view
    def font_size(self, default: float) -> float:
        try:
            return float(self.value("font_size", default))
        except (TypeError, ValueError):
            return default

    def set_font_size(self, size: float) -> None:
        self.set_value("font_size", size)

    # suggester
    def suggester_model(self) -> str | None:
        """The trained spaCy pipeline (name or folder) the window's suggester uses; None: built-in rules."""
        value = self.value("suggester/model")
        return (str(value).strip() or None) if value else None

    def set_suggester_model(self, model: str | None) -> None:
        self.set_value("suggester/model", (model or "").strip())

    def auto_suggest(self) -> bool:
        """Suggest claims in the background on first run and after every import (on unless turned off)."""
        return str(self.value("suggester/automatic", "true")).lower() not in ("false", "0")

    def set_auto_suggest(self, on: bool) -> None:
        self.set_value("suggester/automatic", "true" if on else "false")


def _key(path: str) -> str:
    # QSettings keys treat / and \ as groups: keep one flat key per database.
    return path.replace("/", "|").replace("\\", "|")
