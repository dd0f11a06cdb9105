"""Shared fixtures: every test gets its own data folder and annotator name, never the user's real ones."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.services.library import import_sample  # noqa: E402
from annotator.store import Store  # noqa: E402


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
