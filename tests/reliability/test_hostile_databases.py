"""Files from someone else (issue #19): a database whose schema is not exactly ours is refused on opening,
in one sentence naming what is wrong, before anything can write, and with the file byte-for-byte
untouched; no foreign SQL runs, and nothing hangs.

Each attack is met as a user meets it (the `annotator` command: exit status, one sentence, no traceback)
and through the Store API.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_helpers import count, file_digest

from annotator.cli import cli
from annotator.services import claims as svc
from annotator.services.library import import_sample
from annotator.store import NewerSchemaError, ReadBudgetError, Store, StoreError, UnexpectedSchemaError
from annotator.store import connection as store_connection

ENDLESS = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)"
CLAIM_COLUMNS = (
    'id, doc_id, start, "end", text, label, status, source_start, source_end, source_text, cue_start, '
    "cue_end, cue_text, verdict, note, evidence, annotator, origin, confidence, created_at, updated_at, "
    "reason, native_json"
)


def make_database(path: Path) -> str:
    with Store(path) as store:
        doc_id = import_sample(store, annotator="tester")
        for start in (0, 20, 40):
            svc.add_claim(store, doc_id, start, start + 10, annotator="tester", label="factual")
    return doc_id


def tamper(path: Path, sql: str) -> None:
    """Change the schema the way another program (or an attacker with the sqlite3 shell) would."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.executescript(sql)
        conn.commit()
        conn.execute("PRAGMA journal_mode = DELETE")  # no -wal: the file alone carries the attack


def sneaky_trigger(path: Path) -> None:
    tamper(
        path,
        "CREATE TABLE loot (what TEXT);"
        "CREATE TRIGGER sneaky AFTER INSERT ON documents BEGIN"
        " INSERT INTO loot VALUES (new.text); UPDATE claims SET note = 'pwned'; END;",
    )


def endless_claims(path: Path) -> None:
    selected = ", ".join(
        f"'x{i}' AS {column.strip()}"
        if column.strip() not in ("start", '"end"')
        else f"x AS {column.strip()}"
        for i, column in enumerate(CLAIM_COLUMNS.split(","))
    )
    tamper(path, f"DROP TABLE claims; CREATE VIEW claims AS {ENDLESS} SELECT {selected} FROM r;")


def view_for_documents(path: Path) -> None:
    tamper(
        path,
        "ALTER TABLE documents RENAME TO real_documents;"
        "CREATE VIEW documents AS SELECT * FROM real_documents;",
    )


ATTACKS: dict[str, tuple[Callable[[Path], None], str]] = {
    "extra trigger": (sneaky_trigger, "has an unexpected trigger 'sneaky'"),
    "claims a view over an endless query": (
        endless_claims,
        "has a view 'claims' where Claim Annotator has a table",
    ),
    "documents a view": (view_for_documents, "has a view 'documents' where Claim Annotator has a table"),
    "extra index": (
        lambda p: tamper(p, "CREATE INDEX by_note ON claims (note);"),
        "has an unexpected index 'by_note'",
    ),
    "extra table": (
        lambda p: tamper(p, "CREATE TABLE notes (x);"),
        "has an unexpected table 'notes'",
    ),
    "changed column": (
        lambda p: tamper(
            p,
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_master SET sql = replace(sql, 'label TEXT CHECK', 'label ANY CHECK')"
            " WHERE name = 'claims';",
        ),
        "has a table 'claims' unlike the one Claim Annotator creates",
    ),
    "our trigger with another body": (
        lambda p: tamper(
            p,
            "DROP TRIGGER events_append_only_delete;"
            "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN SELECT 1; END;",
        ),
        "has a trigger 'events_append_only_delete' unlike the one Claim Annotator creates",
    ),
    "a trigger of ours missing": (
        lambda p: tamper(p, "DROP TRIGGER events_append_only_update;"),
        "lacks a trigger 'events_append_only_update' that Claim Annotator creates",
    ),
}


@pytest.fixture
def hostile(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, str]:
    make, expected = ATTACKS[request.param]
    path = tmp_path / "alice.db"
    make_database(path)
    make(path)
    return path, expected


def assert_one_sentence(message: str, path: Path) -> None:
    assert str(path) in message and "\n" not in message.strip() and message.strip().endswith(".")
    assert "Traceback" not in message


@pytest.mark.parametrize("hostile", list(ATTACKS), indirect=True)
def test_refused_on_opening_with_the_file_untouched(hostile: tuple[Path, str]) -> None:
    path, expected = hostile
    before = file_digest(path)
    siblings = set(path.parent.iterdir())
    for readonly in (False, True):
        with pytest.raises(UnexpectedSchemaError) as info:
            Store(path, readonly=readonly)
        assert expected in str(info.value)
        assert_one_sentence(str(info.value), path)
    assert file_digest(path) == before
    assert set(path.parent.iterdir()) == siblings  # no -wal, -shm or backup made
    count("hostile databases refused")


@pytest.mark.parametrize("hostile", list(ATTACKS), indirect=True)
@pytest.mark.parametrize("command", ["stats", "import", "export", "merge"])
def test_every_command_refuses_it_in_one_sentence(
    hostile: tuple[Path, str], command: str, tmp_path: Path
) -> None:
    path, expected = hostile
    article = tmp_path / "new article.txt"
    article.write_text("Officials said the figure rose by 4 %.", "utf-8")
    args = {
        "stats": ["stats", str(path)],
        "import": ["import", str(path), str(article)],
        "export": ["export", str(path), "-f", "jsonl", "-o", str(tmp_path / "out.jsonl")],
        "merge": ["merge", str(tmp_path / "team.db"), str(path)],
    }[command]
    before = file_digest(path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert_one_sentence(result.output.removeprefix("Error: "), path)
    assert file_digest(path) == before
    assert not (tmp_path / "out.jsonl").exists()


def test_the_sneaky_trigger_never_runs(tmp_path: Path) -> None:
    path = tmp_path / "alice.db"
    make_database(path)
    sneaky_trigger(path)
    article = tmp_path / "new.txt"
    article.write_text("A new article that would fire the trigger.", "utf-8")
    CliRunner().invoke(cli, ["import", str(path), str(article)])
    CliRunner().invoke(cli, ["merge", str(tmp_path / "team.db"), str(path)])
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT count(*) FROM loot").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM claims WHERE note = 'pwned'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (1,)


@pytest.mark.parametrize("command", ["stats", "merge"])
def test_the_endless_view_ends_within_seconds_as_a_process(tmp_path: Path, command: str) -> None:
    """The issue's report: `annotator stats` and `annotator merge` never finished (killed after 20 s)."""
    path = tmp_path / "alice.db"
    make_database(path)
    endless_claims(path)
    args = ["stats", str(path)] if command == "stats" else ["merge", str(tmp_path / "team.db"), str(path)]
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        timeout=60,  # generous for a loaded machine; the refusal itself takes well under a second
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 1
    assert "has a view 'claims'" in done.stderr
    assert_one_sentence(done.stderr.strip().removeprefix("Error: "), path)


def test_a_schema_too_deep_to_parse_is_refused_in_one_sentence(tmp_path: Path) -> None:
    """Reading sqlite_master parses the whole schema before the check can refuse it: the limits bound that."""
    path = tmp_path / "deep.db"
    make_database(path)
    tamper(path, f"CREATE TABLE deep (x CHECK ({'+'.join(['1'] * 400)}));")
    before = file_digest(path)
    with pytest.raises(StoreError, match="too large") as info:
        Store(path)
    assert_one_sentence(str(info.value), path)
    assert file_digest(path) == before


def test_an_older_file_is_checked_at_its_own_version_before_any_backup(tmp_path: Path) -> None:
    """A file written before m002 is compared with the m001 schema: a clean one is upgraded, a tampered
    one is refused before the backup and the upgrade (nothing is written, no backup file appears)."""
    from sqlite_utils import Database

    from annotator.store.schema import APPLICATION_ID, MIGRATIONS

    def old_database(path: Path) -> None:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            MIGRATIONS.apply(Database(conn), stop_before="m002_reasons_and_search")

    clean, tampered = tmp_path / "clean" / "old.db", tmp_path / "tampered" / "old.db"
    for path in (clean, tampered):
        path.parent.mkdir()
        old_database(path)
    with Store(clean) as store:
        assert store.backup_path is not None
    sneaky_trigger(tampered)
    before = file_digest(tampered)
    with pytest.raises(UnexpectedSchemaError, match="unexpected trigger 'sneaky'"):
        Store(tampered)
    assert file_digest(tampered) == before
    assert [p.name for p in tampered.parent.iterdir()] == ["old.db"]


def test_a_newer_version_is_still_named_as_such(tmp_path: Path) -> None:
    """A newer version's file has objects this version does not know: it says "newer", not "hostile"."""
    path = tmp_path / "future.db"
    make_database(path)
    tamper(
        path,
        "CREATE TABLE future_things (x);"
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('claim-annotator', 'm999_future', '2030-01-01');",
    )
    with pytest.raises(NewerSchemaError, match="newer version"):
        Store(path)


def test_statistics_tables_sqlite_itself_makes_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "analysed.db"
    doc_id = make_database(path)
    tamper(path, "ANALYZE;")
    with Store(path) as store:
        assert len(store.claims(doc_id)) == 3


def test_every_connection_is_guarded(tmp_path: Path) -> None:
    path = tmp_path / "alice.db"
    make_database(path)
    for readonly in (False, True):
        with Store(path, readonly=readonly) as store:
            # trusted only once checked, and only where our own search triggers must write
            assert store.conn.execute("PRAGMA trusted_schema").fetchone() == (int(not readonly),)
            assert store.conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) == 0
            assert store.conn.execute("PRAGMA cell_size_check").fetchone() == (1,)
            assert store.conn.execute("PRAGMA mmap_size").fetchone() == (0,)
            with pytest.raises(sqlite3.OperationalError):
                store.conn.execute(f"ATTACH '{tmp_path / 'other.db'}' AS other")
    assert not (tmp_path / "other.db").exists()


def test_a_runaway_statement_ends_with_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The step budget, made small here so that the test is quick: SQLite stops the statement."""
    path = tmp_path / "alice.db"
    doc_id = make_database(path)
    monkeypatch.setattr(store_connection, "BUDGET_MIN_STEPS", 2_000_000)
    with Store(path) as store:
        with pytest.raises(ReadBudgetError) as info:
            store.conn.execute(f"{ENDLESS} SELECT count(*) FROM r").fetchone()
        message = str(info.value)
        assert message.startswith(f"{path}: reading it took far longer") and "hostile" in message
        assert len(store.claims(doc_id)) == 3  # the next statement has its own budget
        with pytest.raises(ReadBudgetError), store.transaction():
            store.conn.execute(f"{ENDLESS} SELECT count(*) FROM r")
        assert not store.conn.in_transaction
    # a file this process creates has no budget to spend: its reads are its own
    with Store(tmp_path / "new.db") as store:
        assert store.conn.execute(f"{ENDLESS} SELECT count(*) FROM (SELECT x FROM r LIMIT 300000)").fetchone()


def test_a_budget_error_inside_a_store_read_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "alice.db"
    with Store(path) as store:
        doc_id = import_sample(store, annotator="tester")
        with store.transaction():
            for start in range(0, 3000):
                svc.add_claim(store, doc_id, start, start + 5, annotator="tester")
    monkeypatch.setattr(store_connection, "BUDGET_MIN_STEPS", 10_000)
    monkeypatch.setattr(store_connection, "BUDGET_STEPS_PER_PAGE", 1)
    with Store(path, verify=False) as store, pytest.raises(StoreError) as info:
        store.claims()
    assert isinstance(info.value, ReadBudgetError) and str(path) in str(info.value)


def test_the_same_schema_written_differently_is_accepted(tmp_path: Path) -> None:
    """Another sqlite-utils may space, case or quote the same statements differently: still ours."""
    path = tmp_path / "respaced.db"
    doc_id = make_database(path)
    tamper(
        path,
        "PRAGMA writable_schema = ON;"
        "UPDATE sqlite_master SET sql = replace(replace(sql, 'CREATE INDEX events_by_claim ON events',"
        " 'create   index [events_by_claim] on \"events\"'), '(claim_id)', '( `claim_id` ) -- by claim')"
        " WHERE name = 'events_by_claim';",
    )
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_by_claim'").fetchone()
    assert sql.startswith("create   index [events_by_claim]")
    with Store(path) as store:
        assert len(store.claims(doc_id)) == 3


def test_a_damaged_schema_cache_is_computed_again(tmp_path: Path, isolated_environment: Path) -> None:
    from annotator.store import checks

    path = tmp_path / "alice.db"
    make_database(path)
    checks.expected_schemas.cache_clear()
    try:
        Store(path).close()  # computes the expected schemas and keeps them in this test's data folder
        (cached,) = (isolated_environment / "cache").glob("schema-*.json")
        cached.write_text('[["table", "claims"', "utf-8")  # cut short
        checks.expected_schemas.cache_clear()
        with Store(path) as store:
            assert store.document_ids()
        assert len(json.loads(cached.read_text("utf-8"))) == len(checks.MIGRATION_NAMES) + 1
    finally:
        checks.expected_schemas.cache_clear()
