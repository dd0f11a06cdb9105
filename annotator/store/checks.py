"""The check on every open (issue #19): the file's schema must be exactly what our migrations create.

Every table, index, trigger and view in ``sqlite_master`` (type, name, table, SQL; where the text differs,
with spacing, comments, case and identifier quoting normalised) is compared with what the migrations
create on an empty in-memory database at the file's own version (the number of migrations it has
applied), so a migration added later is covered with no edit here. Anything else, missing or changed is
refused in one sentence naming it.

Running the migrations needs sqlite-utils, whose import costs more than a third of the window's start-up,
so the expected schemas are kept in a small file in the user's cache folder, named after a fingerprint
of the migrations' code and of the SQLite and sqlite-utils in use; any change computes them afresh.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import marshal
import os
import re
import sqlite3
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from annotator.store.errors import NewerSchemaError, UnexpectedSchemaError
from annotator.store.schema import MIGRATION_NAMES, MIGRATION_SET, MIGRATION_STEPS, MIGRATIONS_TABLE

# (type, name, table, SQL); autoindexes have no SQL.
SchemaObject = tuple[str, str, str, str | None]

_TOKEN = re.compile(
    r"""\s+|--[^\n]*|/\*.*?(?:\*/|$)|'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|\w+|.""",
    re.DOTALL,
)


@cache
def normalise(sql: str | None) -> str | None:
    """The statement as tokens: no spacing or comments, names unquoted, everything but strings lower case."""
    if sql is None:
        return None
    tokens = []
    for token in _TOKEN.findall(sql):
        if token.isspace() or token.startswith(("--", "/*")):
            continue
        if token[0] == "'":
            tokens.append(token)  # a string: kept exactly
        elif token[0] in '"`':
            tokens.append(token[1:-1].replace(token[0] * 2, token[0]).lower())
        elif token[0] == "[":
            tokens.append(token[1:-1].lower())
        else:
            tokens.append(token.lower())
    return "\x1f".join(tokens)  # a separator no token holds, so "a b" and "a" "b" differ


# SQLite creates these itself for the query planner (ANALYZE, PRAGMA optimize); they hold statistics
# only, so a file someone analysed with the sqlite3 shell still opens.
_SQLITE_OWN: frozenset[SchemaObject] = frozenset(
    ("table", name, name, normalise(sql))
    for name, sql in (
        ("sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
        ("sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)"),
    )
)


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def read_objects(conn: sqlite3.Connection) -> list[SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return [
        (_text(kind), _text(name).lower(), _text(table).lower(), None if sql is None else _text(sql))
        for kind, name, table, sql in rows
    ]


def _normalised(objects: Iterable[SchemaObject]) -> Counter[SchemaObject]:
    return Counter((kind, name, table, normalise(sql)) for kind, name, table, sql in objects)


def _fingerprint() -> str:
    parts = [sys.version, sqlite3.sqlite_version, MIGRATION_SET]
    for name, step in MIGRATION_STEPS:
        parts.append(name)
        parts.append(marshal.dumps(step.__code__).hex())
    spec = importlib.util.find_spec("sqlite_utils")
    if spec is not None and spec.origin:  # its version, without importing it: the files' size and time
        folder = Path(spec.origin).parent
        for file in sorted(folder.glob("*.py")):
            stat = file.stat()
            parts.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return f"{zlib.crc32(chr(0).join(parts).encode()):08x}"


def cache_folder() -> Path:
    override = os.environ.get("ANNOTATOR_DATA_DIR")  # tests and portable installs, as for the data folder
    if override:
        return Path(override) / "cache"
    import platformdirs

    return platformdirs.user_cache_path("claim-annotator", appauthor=False)


def compute_expected_schemas() -> list[list[SchemaObject]]:
    """What the first 0, 1, … n migrations create on an empty database."""
    from sqlite_utils import Database

    from annotator.store.schema import migrations

    result: list[list[SchemaObject]] = []
    with contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
        result.append(read_objects(conn))
        db = Database(conn)
        for following in (*MIGRATION_NAMES[1:], None):
            migrations().apply(db, stop_before=following)
            result.append(read_objects(conn))
    return result


@cache
def expected_schemas() -> tuple[Counter[SchemaObject], ...]:
    """The expected schema after each number of applied migrations, from the cache file when it is
    current (a damaged or foreign cache file is ignored and rewritten)."""
    path = cache_folder() / f"schema-{_fingerprint()}.json"
    schemas: list[list[SchemaObject]] | None = None
    with contextlib.suppress(OSError, ValueError, TypeError):
        loaded = json.loads(path.read_text("utf-8"))
        schemas = [
            [(str(k), str(n), str(t), None if s is None else str(s)) for k, n, t, s in v] for v in loaded
        ]
        if len(schemas) != len(MIGRATION_NAMES) + 1:
            schemas = None
    if schemas is None:
        schemas = compute_expected_schemas()
        with contextlib.suppress(OSError):  # best effort: without it the next start computes them again
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as out:
                json.dump(schemas, out)
            os.replace(out.name, path)
    return tuple(Counter(objects) for objects in schemas)


def _describe(obj: SchemaObject) -> str:
    kind, name = obj[0], obj[1]
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} '{name}'"


_TAIL = "(the file is damaged, or another program changed it); it was left untouched."


def check_schema(conn: sqlite3.Connection, path: Path) -> int:
    """Refuse a schema that is not exactly ours; returns how many migrations the file has applied."""
    objects = read_objects(conn)
    applied: list[str] = []
    migrations_table = _normalised(o for o in objects if o[1] == MIGRATIONS_TABLE.lower())
    if migrations_table:  # read only once it is known to be the table sqlite-utils creates
        ours = _normalised(o for o in expected_schemas()[-1] if o[1] == MIGRATIONS_TABLE.lower())
        if migrations_table != ours:
            raise UnexpectedSchemaError(f"{path} has a table '{MIGRATIONS_TABLE}' unlike ours {_TAIL}")
        sql = f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid"
        applied = [_text(row[0]) for row in conn.execute(sql, (MIGRATION_SET,))]
    if set(applied) - set(MIGRATION_NAMES):
        raise NewerSchemaError(
            f"{path} was written by a newer version of Claim Annotator; "
            "please update the app to open it (the file was left untouched)."
        )
    if applied != list(MIGRATION_NAMES[: len(applied)]):
        raise UnexpectedSchemaError(f"{path} records its upgrades out of order {_TAIL}")
    expected = expected_schemas()[len(applied)]
    actual = Counter(objects)
    if actual != expected:  # written by another sqlite-utils, damaged or changed: compare the statements
        ours, theirs = _normalised(expected.elements()), _normalised(actual.elements())
        extra = [o for o in theirs - ours if o not in _SQLITE_OWN]
        problem = _first_difference(extra, list(ours - theirs))
        if problem:
            raise UnexpectedSchemaError(f"{path} {problem} {_TAIL}")
    _check_search_settings(conn, path, objects)
    return len(applied)


def _first_difference(extra: list[SchemaObject], missing: list[SchemaObject]) -> str | None:
    """The most telling difference, as the middle of a sentence ("has an unexpected trigger 'sneaky'"):
    an object in place of one of ours of another kind, then foreign triggers and views (they could run
    SQL), then changed objects, then other additions, then what is missing."""
    ours = {o[1]: o for o in sorted(missing)}
    rank = {"trigger": 0, "view": 1, "table": 2, "index": 3}

    def order(o: SchemaObject) -> tuple[int, int, str]:
        mine = ours.get(o[1])
        if mine is not None:  # in place of one of ours (0), or one of ours changed (2)
            return (0 if mine[0] != o[0] else 2), rank.get(o[0], len(rank)), o[1]
        # foreign code (1), or another addition (3)
        return (1 if o[0] in ("trigger", "view") else 3), rank.get(o[0], len(rank)), o[1]

    if extra:
        first = min(extra, key=order)
        mine = ours.get(first[1])
        if mine is None:
            return f"has an unexpected {first[0]} '{first[1]}'"
        if mine[0] == first[0]:
            return f"has {_describe(first)} unlike the one Claim Annotator creates"
        return f"has {_describe(first)} where Claim Annotator has {_describe(mine)}"
    if missing:
        return f"lacks {_describe(min(missing, key=lambda o: o[1]))} that Claim Annotator creates"
    return None


def _check_search_settings(conn: sqlite3.Connection, path: Path, objects: list[SchemaObject]) -> None:
    """FTS5 keeps options in its _config table (ranking function, merge settings); ours sets none."""
    for table in sorted({o[1] for o in objects if o[1].endswith("_fts_config")}):
        keys = {_text(row[0]) for row in conn.execute(f"SELECT k FROM [{table}]")}
        if keys - {"version"}:
            raise UnexpectedSchemaError(
                f"{path} has search-index settings Claim Annotator never writes {_TAIL}"
            )
