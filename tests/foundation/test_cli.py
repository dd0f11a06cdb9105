"""The command line: help with examples everywhere, one-sentence errors, import deduplication, stats."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from annotator import __version__
from annotator.cli import cli
from annotator.services.identity import default_database_path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "deepseek-disruption.txt"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def all_commands() -> list[tuple[str, click.Command]]:
    return [("annotator", cli), *((f"annotator {name}", cmd) for name, cmd in cli.commands.items())]


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=lambda value: str(value))
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    args = name.split()[1:]
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"`{name} --help` shows no example"
    assert command.help and len(command.help.strip()) > 20


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_importing_the_same_article_twice_gives_one_document(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    copy = tmp_path / "copy with spaces ü.txt"
    copy.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))  # same article, Windows line endings
    assert run("import", db, str(SAMPLE)).exit_code == 0
    result = run("import", db, str(copy))
    assert result.exit_code == 0
    assert "0 new article(s), 1 already present" in result.output
    stats = json.loads(run("stats", db, "--json").output)
    assert stats["documents"] == 1
    assert stats["claims"] == 0
    assert set(stats) >= {"documents", "claims", "by_label", "by_status", "annotators"}


def test_import_folder_recursively_and_stats_table(tmp_path: Path) -> None:
    folder = tmp_path / "articles" / "nested"
    folder.mkdir(parents=True)
    (folder / "one.txt").write_text("First article.\n\nIt says 3 things.", encoding="utf-8")
    (tmp_path / "articles" / "two.txt").write_text("Second article 😀 here.", encoding="utf-8")
    (tmp_path / "articles" / "notes.xyz").write_text("ignored", encoding="utf-8")
    db = str(tmp_path / "a.db")
    result = run("import", db, str(tmp_path / "articles"))
    assert "Imported 2 new article(s)" in result.output
    table = run("stats", db).output
    assert "Articles     2" in table


def test_cp1252_file_imports_with_a_warning(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_bytes("Caf\xe9 owners said prices rose 5%.".encode("latin-1"))
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "a.db"), str(old)])
    assert result.exit_code == 0
    assert "Warning:" in result.output and "old.txt" in result.output and "cp1252" in result.output


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("junk", ["stats", "{db}"], "is not a Claim Annotator database"),
        ("none", ["stats", "{db}"], "does not exist"),
        ("junk", ["import", "{db}", "{sample}"], "is not a Claim Annotator database"),
        ("new", ["import", "{db}", "{tmp}/missing.txt"], "missing.txt does not exist"),
        ("new", ["import", "{db}", "{tmp}/bad.pdf"], "unsupported file type"),
        ("new", ["import", "{db}", "{tmp}/empty.txt"], "is empty"),
    ],
)
def test_errors_are_one_sentence_without_traceback(
    tmp_path: Path, setup: str, args: list[str], message: str
) -> None:
    db = tmp_path / "x.db"
    if setup == "junk":
        db.write_bytes(b"not a database at all" * 10)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty.txt").write_bytes(b"")
    before = db.read_bytes() if db.exists() else None
    filled = [a.format(db=db, sample=SAMPLE, tmp=tmp_path) for a in args]
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *filled], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    if before is not None:
        assert db.read_bytes() == before


def test_window_without_display_explains_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(cli, [])
    assert result.exit_code != 0
    assert "needs a graphical session" in result.output
    assert not default_database_path().exists()


def test_default_database_is_seeded_with_the_sample_article() -> None:
    from annotator.services.library import list_documents, open_database

    store = open_database(annotator="tester")
    (summary,) = list_documents(store)
    assert summary.title.startswith("DeepSeek")
    store.close()
    store = open_database(annotator="tester")  # not seeded twice
    assert len(list_documents(store)) == 1
    store.close()
    assert hashlib.sha256(default_database_path().read_bytes()).hexdigest()
