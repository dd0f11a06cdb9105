"""`annotator import` and `annotator export` on the command line: every format, errors, filters."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.registry import export_formats
from annotator.store import Store

from .helpers import DATA, populate, snapshot


def run(*args: str | Path) -> click.testing.Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _one_sentence_error(result: click.testing.Result) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    with Store(path) as store:
        populate(store)
    return path


def test_export_offers_every_format() -> None:
    command = cli.commands["export"]
    option = next(p for p in command.params if p.name == "fmt")
    assert list(option.type.choices) == [spec.name for spec in export_formats()]
    for spec in export_formats():
        assert spec.name in (option.help or "")
    assert "Example" in (command.help or "")


def test_import_then_export_every_format(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    result = run("import", db, DATA / "crlf_emoji.jsonl", DATA / "article.md", DATA / "article.html")
    assert result.exit_code == 0, result.output
    assert "Imported 4 new article(s), 0 already present, 3 claim(s) added" in result.output
    outputs = {
        "jsonl": "out.jsonl",
        "prodigy": "p.jsonl",
        "doccano": "d.jsonl",
        "spacy": "t.spacy",
        "csv": "c.csv",
        "brat": "brat",
    }
    for fmt, name in outputs.items():
        result = run("export", db, "-f", fmt, "-o", tmp_path / name, "--status", "accepted")
        assert result.exit_code == 0, result.output
        assert f"as {fmt} to" in result.output
        assert (tmp_path / name).exists()
    first = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert [c["id"] for c in first["claims"]] == ["c-attr"]
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["note"] for row in rows] == ["'=SUM(A1) check"]


def test_cli_round_trip_is_byte_identical(database: Path, tmp_path: Path) -> None:
    assert run("export", database, "-f", "jsonl", "-o", tmp_path / "a.jsonl").exit_code == 0
    assert run("import", tmp_path / "copy.db", tmp_path / "a.jsonl").exit_code == 0
    assert run("export", tmp_path / "copy.db", "-f", "jsonl", "-o", tmp_path / "b.jsonl").exit_code == 0
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_export_filters_are_repeatable(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    result = run(
        "export", database, "-f", "csv", "-o", out, "--label", "factual", "--label", "disputed",
        "--annotator", "alice", "--status", "accepted", "--status", "rejected",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = [(r["label"], r["annotator"], r["status"]) for r in csv.DictReader(handle)]
    assert rows == [("disputed", "alice", "accepted"), ("factual", "alice", "accepted")]


def test_a_bad_file_is_refused_in_one_sentence_and_the_database_is_unchanged(
    database: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": "oops",\n', encoding="utf-8")
    with Store(database) as store:
        before = snapshot(store)
    line = _one_sentence_error(run("import", database, DATA / "article.txt", bad))
    assert f"{bad}, line 2: malformed JSON" in line
    with Store(database) as store:
        # The good file before it went in (one transaction per file); nothing of the bad file did.
        assert snapshot(store)[0][:3] == before[0] and len(snapshot(store)[0]) == 4
        assert snapshot(store)[1] == before[1]


def test_skip_bad_lists_the_bad_files_at_the_end(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "article.txt", folder / "good.txt")
    (folder / "bad.jsonl").write_bytes(b'{"text": "\xff"}\n')
    (folder / "labels.jsonl").write_text(
        json.dumps({"text": "Paris is big.", "label": [[0, 5, "GPE"]]}) + "\n", encoding="utf-8"
    )
    result = run("import", database, folder, "--skip-bad")
    assert result.exit_code == 1
    assert "Imported 1 new article(s)" in result.output
    assert "Skipped 2 bad file(s):" in result.output
    assert "bad.jsonl, line 1: the line is not valid UTF-8" in result.output
    assert "labels.jsonl, line 1: label 1 has label 'GPE'" in result.output


def test_export_errors_are_one_sentence(database: Path, tmp_path: Path) -> None:
    line = _one_sentence_error(run("export", database, "-f", "csv", "-o", tmp_path / "nowhere" / "x.csv"))
    assert "does not exist" in line
    line = _one_sentence_error(run("export", database, "-f", "jsonl", "-o", tmp_path))
    assert "it is a folder" in line
    result = run("export", database, "-f", "xml", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores permissions")
def test_an_unwritable_folder_is_reported(database: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        line = _one_sentence_error(run("export", database, "-f", "jsonl", "-o", locked / "x.jsonl"))
        assert "is not writable" in line
    finally:
        locked.chmod(0o700)


def test_import_lists_skipped_files_apart_from_bad_ones(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dropped"
    folder.mkdir()
    shutil.copy(DATA / "article.txt", folder / "story.txt")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = run("import", database, folder)
    assert result.exit_code == 0, result.output  # a skipped file is no error
    assert "Imported 1 new article(s)" in result.output
    assert f"Skipped 1 file(s) that are not imported:\n  {folder / 'scan.pdf'}: a .pdf file" in result.output


def test_export_adds_the_suffix_and_reports_counts_and_warnings(database: Path, tmp_path: Path) -> None:
    result = run("export", database, "-f", "prodigy", "-o", tmp_path / "native", "--status", "all")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "native.jsonl").exists()
    assert f"Exported 2 article(s) and 4 claim(s) as prodigy to {tmp_path / 'native.jsonl'}." in result.output
    assert "Warning: 1 claim(s) have no label" in result.output
    result = run("export", database, "-f", "label-studio", "-o", tmp_path / "tasks")
    assert f"and {tmp_path / 'tasks.label_config.xml'}." in result.output
