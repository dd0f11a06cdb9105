"""Safe outputs and inputs: atomic exports (even under SIGKILL or a full disk), neutralised CSV formulas,
HTML imported without running scripts or fetching anything, paths with spaces and non-ASCII names.
"""

from __future__ import annotations

import csv
import os
import random
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import count, file_digest, kill_after, start_worker
from test_crash_safety import write_articles
from test_damaged_databases import tiny_tmpfs

from annotator.cli import cli
from annotator.formats.atomic import WriteTargetError
from annotator.services import claims as svc
from annotator.services.exporting import export
from annotator.services.importing import import_paths
from annotator.services.library import import_sample
from annotator.store import Store

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big export")
    db = folder / "big.db"
    with Store(db) as store:
        write_articles(folder / "articles", 300)
        import_paths(store, [folder / "articles"], annotator="t")
        for doc_id in store.document_ids()[:50]:
            for start in range(0, 2000, 40):
                svc.add_claim(store, doc_id, start, start + 30, annotator="t", label="factual")
    return db


def export_kill_trial(tmp_path: Path, big_db: Path, fmt: str, seed: int) -> None:
    out = tmp_path / f"export ü.{fmt}"
    reference = tmp_path / f"reference.{fmt}"
    with Store(big_db) as store:
        export(store, fmt, reference)
    out.write_bytes(b'{"old": "the previous export"}\n')
    old = file_digest(out)
    result = kill_after(
        start_worker("export", str(big_db), fmt, str(out), "50"), random.Random(seed).uniform(0, 0.8)
    )
    # The target is always a whole file: the previous one or a complete new export, never a mix.
    assert file_digest(out) in (old, file_digest(reference))
    count("export kill trials")
    count("export kills", int(result.killed))


@pytest.mark.parametrize("seed", range(2))
def test_kill_during_export_leaves_the_old_file_or_the_new_one(
    tmp_path: Path, big_db: Path, seed: int
) -> None:
    export_kill_trial(tmp_path, big_db, "jsonl", seed)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "doccano"])
@pytest.mark.parametrize("seed", range(8))
def test_kill_during_export_many_trials(tmp_path: Path, big_db: Path, fmt: str, seed: int) -> None:
    export_kill_trial(tmp_path, big_db, fmt, seed)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount a tmpfs")
def test_export_to_a_full_disk_keeps_the_old_file(tmp_path: Path, big_db: Path) -> None:
    with tiny_tmpfs(tmp_path / "tiny disk", "256k") as disk:
        out = disk / "out.jsonl"
        out.write_bytes(b"previous export\n")
        with Store(big_db) as store, pytest.raises(WriteTargetError) as info:
            export(store, "jsonl", out)
        assert str(out) in str(info.value) and "\n" not in str(info.value)
        assert out.read_bytes() == b"previous export\n"
        assert sorted(p.name for p in disk.iterdir()) == ["out.jsonl"]  # no temporary file left behind


def test_export_to_a_missing_or_read_only_place_is_one_sentence(tmp_path: Path, sample_doc_id: str) -> None:
    db = tmp_path / "test.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(db), "-f", "csv", "-o", str(tmp_path / "nowhere" / "x.csv")])
    assert result.exit_code != 0 and "Traceback" not in result.output and "nowhere" in result.output
    assert len(result.output.strip().splitlines()) == 1


# -- CSV formula neutralisation --------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"]


def csv_cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_no_formula(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for column, value in row.items():
            if column in ("start", "end"):
                assert value.isdigit()
            else:
                assert not value.startswith(FORMULA_STARTS), (column, value)


def test_csv_formula_cells_are_neutralised(tmp_path: Path) -> None:
    text = " ".join(FORMULAS) + " end"
    source = tmp_path / "=evil title.txt"
    source.write_text("=TITLE()\n" + text, "utf-8")
    with Store(tmp_path / "f.db") as store:
        (article,) = import_paths(store, [source], annotator="@attacker").articles
        full = store.get_document(article.doc_id).text
        for formula in FORMULAS:
            start = full.index(formula)
            svc.add_claim(
                store,
                article.doc_id,
                start,
                start + len(formula),
                annotator="=user",
                label="factual",
                note=formula,
                verdict="+verdict",
                evidence=["=http://x"],
            )
        export(store, "csv", tmp_path / "out.csv")
    rows = csv_cells(tmp_path / "out.csv")
    assert len(rows) == len(FORMULAS)
    assert_no_formula(rows)
    assert {row["text"] for row in rows} == {"'" + formula for formula in FORMULAS}  # shown, not lost


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.text(min_size=1, max_size=15), min_size=1, max_size=4))
def test_csv_never_starts_a_cell_with_a_formula_character(tmp_path: Path, notes: list[str]) -> None:
    db = tmp_path / "any.db"
    db.unlink(missing_ok=True)
    with Store(db) as store:
        doc_id = import_sample(store, annotator="tester")
        for index, note in enumerate(notes):
            svc.add_claim(store, doc_id, index, index + 5, annotator="tester", note=note, verdict=note)
        export(store, "csv", tmp_path / "any.csv")
    assert_no_formula(csv_cells(tmp_path / "any.csv"))


# -- HTML: no script, no fetch ---------------------------------------------------------------------------

HOSTILE_HTML = """<!doctype html><html><head><title>Budget vote</title>
<meta http-equiv="refresh" content="0; url=http://example.invalid/refresh">
<link rel="stylesheet" href="http://example.invalid/style.css">
<script src="http://example.invalid/tracker.js"></script>
<script>document.write('<p>SCRIPT-RAN</p>'); fetch('http://example.invalid/beacon');</script>
<style>p::after { content: 'STYLE-TEXT'; }</style>
</head><body><nav>Home | News</nav><article><h1>Budget vote</h1>
<p>The council said the budget rose by 4 % to €12 million 📈 on Tuesday, according to the minutes.</p>
<p>Opponents disputed the figure, saying it hides a cut in services; the mayor denied that.</p>
<img src="http://example.invalid/pixel.gif" onerror="alert('ONERROR-RAN')">
<iframe src="http://example.invalid/frame"></iframe>
<object data="http://example.invalid/obj"></object>
<noscript>NOSCRIPT-TEXT</noscript>
<p>Officials noted that the vote was close: 23 to 21.</p></article>
<footer>© Example</footer></body></html>
"""


def test_html_import_runs_no_script_and_fetches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("network access attempted during import")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    path = tmp_path / "hostile page ü.html"
    path.write_text(HOSTILE_HTML, "utf-8")
    with Store(tmp_path / "h.db") as store:
        (article,) = import_paths(store, [path], annotator="tester").articles
        text = store.get_document(article.doc_id).text
    assert attempts == []
    assert "The council said the budget rose" in text and "📈" in text
    for marker in ("SCRIPT-RAN", "ONERROR-RAN", "STYLE-TEXT", "document.write", "fetch(", "example.invalid"):
        assert marker not in text


# -- paths with spaces and non-ASCII names ----------------------------------------------------------------


def test_paths_with_spaces_and_non_ascii_names_work_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "Données de l’équipe 数据 ✓"
    folder.mkdir()
    db = folder / "annotations ü 🗂.db"
    article = folder / "article é 記事.txt"
    article.write_text("Officials said the figure rose.\n", "utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(db), str(article)])
    assert result.exit_code == 0, result.output
    for fmt, name in (("jsonl", "out ü.jsonl"), ("csv", "out ü.csv"), ("brat", "brat ü")):
        result = runner.invoke(cli, ["export", str(db), "-f", fmt, "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
        assert (folder / name).exists()
    result = runner.invoke(cli, ["stats", str(db), "--json"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        (doc_id,) = store.document_ids()
        assert store.get_document(doc_id).meta["source_path"] == str(article)
