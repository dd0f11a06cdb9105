"""Who is annotating, and where the default database lives."""

from __future__ import annotations

import os
from pathlib import Path

# getpass and platformdirs are imported when needed: a window reopening the last database with a saved
# name needs neither, and importing them was about 5 ms of its start-up.

APP_NAME = "claim-annotator"
DEFAULT_DB_NAME = "annotations.db"


def resolve_annotator(explicit: str | None = None, configured: str | None = None) -> str:
    """--annotator beats ANNOTATOR_USER, which beats the name saved in settings, then the login name."""
    for candidate in (explicit, os.environ.get("ANNOTATOR_USER"), configured):
        if candidate and candidate.strip():
            return candidate.strip()
    import getpass

    try:
        return getpass.getuser() or "annotator"
    except (OSError, KeyError):
        return "annotator"


def data_dir() -> Path:
    """The user data folder (platformdirs), or ANNOTATOR_DATA_DIR when set (tests, portable installs)."""
    override = os.environ.get("ANNOTATOR_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME
