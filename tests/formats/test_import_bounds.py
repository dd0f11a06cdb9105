"""The importers' documented bounds (formats/limits.py, docs/formats.md): each is refused in one sentence
naming the file (and line), and leaves the database as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats import jsonl, limits
from annotator.formats.base import BadInputError
from annotator.services.importing import import_paths
from annotator.store import Store

from .helpers import snapshot


def _refused(store: Store, path: Path, pattern: str) -> str:
    before = snapshot(store)
    with pytest.raises(BadInputError, match=pattern) as caught:
        import_paths(store, [path], annotator="t")
    message = str(caught.value)
    assert str(path) in message and "\n" not in message and message.endswith(".")
    assert snapshot(store) == before
    return message


def test_an_article_over_the_limit_is_refused(store: Store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_ARTICLE_CHARS", 100)
    (tmp_path / "long.txt").write_text("word " * 40, encoding="utf-8")
    _refused(store, tmp_path / "long.txt", "the article has 200 characters, more than the limit of 100")
    line = json.dumps({"text": "fine"}) + "\n" + json.dumps({"text": "x" * 101}) + "\n"
    (tmp_path / "long.jsonl").write_text(line, encoding="utf-8")
    _refused(store, tmp_path / "long.jsonl", r"long\.jsonl, line 2: the article has 101 characters")


def test_a_jsonl_line_over_the_limit_is_refused(store: Store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1 << 20)
    path = tmp_path / "wide.jsonl"
    path.write_text(json.dumps({"text": "ok"}) + "\n" + json.dumps({"text": "y" * (2 << 20)}) + "\n", "utf-8")
    _refused(store, path, r"wide\.jsonl, line 2: the line is 2 MiB, longer than the limit of 1 MiB")


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_json_nested_deeper_than_the_limit_is_refused(store: Store, tmp_path: Path, suffix: str) -> None:
    depth = limits.MAX_JSON_DEPTH + 1
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"text": "deep", "meta": ' + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    _refused(store, path, r"line 1: .*nested deeper than 1024 levels \(the limit\)")


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    store: Store, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1 << 20)
    path = tmp_path / "huge.jsonl"
    path.write_bytes(b"z" * (3 << 20))
    _refused(store, path, r"huge\.jsonl is 3 MiB, larger than the import limit of 1 MiB")


def test_too_many_claims_in_one_article_are_refused(store: Store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_CLAIMS_PER_ARTICLE", 2)
    spans = [{"start": 0, "end": 1, "label": "factual"}] * 3
    (tmp_path / "many.jsonl").write_text(json.dumps({"text": "abc", "spans": spans}) + "\n", "utf-8")
    _refused(store, tmp_path / "many.jsonl", r"many\.jsonl, line 1: the article has 3 claims")
