"""Shared fixtures: every test gets its own data folder and annotator name, never the user's real ones."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services.library import import_sample
from annotator.store import Store

# Before any QApplication exists: the window tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def child_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a child process that runs the app offscreen with its own data and settings
    folders under ``folder`` (a fresh process: no module this one imported is loaded there)."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_DATA_DIR": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        **extra,
    }


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data))
    monkeypatch.setenv("ANNOTATOR_USER", "tester")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))
    return data


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(tmp_path / "test.db")
    yield db
    db.close()


@pytest.fixture
def sample_doc_id(store: Store) -> str:
    return import_sample(store, annotator="tester")
