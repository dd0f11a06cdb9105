"""Schema versions, as sqlite-utils migrations applied in order.

Never edit a released migration: add a new one. A database whose ``_sqlite_migrations`` table names a
migration this list does not know was written by a newer version and is refused.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

# PRAGMA application_id marks the file as ours ("CLMA"); it sits in the header at byte 68.
APPLICATION_ID = 0x434C4D41

MIGRATION_SET = "claim-annotator"
MIGRATIONS_TABLE = "_sqlite_migrations"  # the table sqlite-utils records applied migrations in


def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL
        );
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT CHECK (label IN ('attributed', 'disputed', 'factual')),
            status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
            source_start INTEGER,
            source_end INTEGER,
            source_text TEXT,
            cue_start INTEGER,
            cue_end INTEGER,
            cue_text TEXT,
            verdict TEXT,
            note TEXT,
            evidence TEXT NOT NULL DEFAULT '[]',
            annotator TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('suggester', 'manual', 'import')),
            confidence REAL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (0 <= start AND start < "end")
        );
        CREATE INDEX claims_by_position ON claims (doc_id, start, "end");
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            annotator TEXT NOT NULL,
            action TEXT NOT NULL,
            doc_id TEXT,
            claim_id TEXT,
            before TEXT,
            after TEXT
        );
        CREATE INDEX events_by_claim ON events (claim_id);
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        """
    )


def m002_reasons_and_search(db: Database) -> None:
    """Suggester reasons on claims, and FTS5 search over articles and claims kept in sync by triggers."""
    db.execute("ALTER TABLE claims ADD COLUMN reason TEXT")
    for table, columns in (("documents", ["title", "text"]), ("claims", ["text", "note"])):
        db.table(table).enable_fts(columns, fts_version="FTS5", create_triggers=True)


def m003_search_sync_on_text_changes(db: Database) -> None:
    """Re-index a claim for search only when its text or note changed. The trigger of m002 rewrote the
    claim in the FTS index on every update, so each label edit also wrote FTS pages, and every ~20th
    edit paid for an FTS segment merge (4 ms) and the WAL filled twice as fast (checkpoints on commit)."""
    db.executescript(
        """
        DROP TRIGGER IF EXISTS claims_au;
        CREATE TRIGGER claims_au AFTER UPDATE ON claims
        WHEN old."text" IS NOT new."text" OR old."note" IS NOT new."note"
        BEGIN
          INSERT INTO claims_fts (claims_fts, rowid, "text", "note")
            VALUES ('delete', old.rowid, old."text", old."note");
          INSERT INTO claims_fts (rowid, "text", "note") VALUES (new.rowid, new."text", new."note");
        END;
        """
    )


def m004_claims_by_position_in_full_order(db: Database) -> None:
    """Extend the position index with the tie-breaks of ``Store.claims``' order (created_at, id), so that
    the index serves that whole order: the export sorted every run of claims on one span in a temporary
    B-tree otherwise (54 ms of a 100,000-claim export). ``claims_overlapping``'s range scan still uses it."""
    db.executescript(
        """
        DROP INDEX IF EXISTS claims_by_position;
        CREATE INDEX claims_by_position ON claims (doc_id, start, "end", created_at, id);
        """
    )


def m005_native_json(db: Database) -> None:
    """Each article's native JSONL line up to its claims, and each claim's object, rendered by orjson when
    the store writes them, so that the jsonl export joins stored bytes instead of rendering 100,000 claims
    (SQLite's json_object took two thirds of the export) and re-encoding every article text.
    Derived data, so it must never go stale: an UPDATE that changes a row without also writing its JSON
    (another tool, a hand edit) sets it to NULL; the export renders such rows itself, and the next writable
    open renders them again (``Store._render_native_json``). The partial indexes find them at once; they
    are empty almost always.
    The search index of articles is now rewritten only when a title or text changes (as m003 did for
    claims): the trigger's own UPDATE would otherwise reindex the row before the outer UPDATE's reindexing,
    deleting terms the index never held, which FTS5 reports as a malformed database."""
    db.executescript(
        """
        DROP TRIGGER IF EXISTS documents_au;
        CREATE TRIGGER documents_au AFTER UPDATE ON documents
        WHEN old."title" IS NOT new."title" OR old."text" IS NOT new."text"
        BEGIN
          INSERT INTO documents_fts (documents_fts, rowid, "title", "text")
            VALUES ('delete', old.rowid, old."title", old."text");
          INSERT INTO documents_fts (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
        END;
        ALTER TABLE documents ADD COLUMN native_head BLOB;
        CREATE INDEX documents_without_native_head ON documents (id) WHERE native_head IS NULL;
        CREATE TRIGGER documents_native_head_stale AFTER UPDATE ON documents
        WHEN new.native_head IS old.native_head AND new.native_head IS NOT NULL
        BEGIN
          UPDATE documents SET native_head = NULL WHERE rowid = new.rowid;
        END;
        ALTER TABLE claims ADD COLUMN native_json BLOB;
        CREATE INDEX claims_without_native_json ON claims (doc_id) WHERE native_json IS NULL;
        CREATE TRIGGER claims_native_json_stale AFTER UPDATE ON claims
        WHEN new.native_json IS old.native_json AND new.native_json IS NOT NULL
        BEGIN
          UPDATE claims SET native_json = NULL WHERE rowid = new.rowid;
        END;
        """
    )


def m006_decisions_have_a_basis(db: Database) -> None:
    """A decision belongs to the person who made it (DESIGN.md rule 7): ``basis`` holds the id of the claim a
    decision was made on (a suggestion, another annotator's claim), indexed to find a person's decision on a
    suggestion. Undecided suggestions become the suggester's whoever ran it (they were stored under that
    person's name before). Every claim's stored JSON is rendered again (it now has the ``basis`` key): the
    next writable open does it (``Store._render_native_json``), and the export renders rows still without."""
    db.executescript(
        """
        ALTER TABLE claims ADD COLUMN basis TEXT;
        CREATE INDEX claims_by_basis ON claims (basis) WHERE basis IS NOT NULL;
        UPDATE claims SET annotator = 'suggester'
            WHERE status = 'suggested' AND origin = 'suggester' AND annotator != 'suggester';
        UPDATE claims SET native_json = NULL;
        INSERT OR IGNORE INTO annotators (name, created_at)
            SELECT 'suggester', min(created_at) FROM claims WHERE annotator = 'suggester' HAVING count(*);
        """
    )


def m007_decisions_by_article(db: Database) -> None:
    """The ids a person has decided on in one article, from an index of decisions only (partial: other claims
    never touch it). Without it, opening an article scanned all its claims for them: 7 ms for 5,000 claims,
    0.01 ms with it (median of 200, measured side by side)."""
    db.execute(
        "CREATE INDEX decisions_by_article ON claims (doc_id, annotator, basis) WHERE basis IS NOT NULL"
    )


# A claim's extent: the claim with its source and cue (``QtClaim.extent`` in the window).
EXTENT_START = "min(start, coalesce(source_start, start), coalesce(cue_start, start))"
EXTENT_END = 'max("end", coalesce(source_end, "end"), coalesce(cue_end, "end"))'


def m008_claims_by_extent(db: Database) -> None:
    """Claims by where their extent starts and ends, so that the claims overlapping a range (a long article's
    first screen, a review item) are one range scan of this index. Before, a second query read every later
    claim of the article in case its source or cue reached back into the range: 4 of the 6 ms that the first
    screen of a 5,000-claim article took, and a scan of the article for each review item."""
    db.execute(f"CREATE INDEX claims_by_extent ON claims (doc_id, {EXTENT_START}, {EXTENT_END})")


# In order; a new migration is appended here.
_STEPS = (
    ("m001_initial", m001_initial),
    ("m002_reasons_and_search", m002_reasons_and_search),
    ("m003_search_sync_on_text_changes", m003_search_sync_on_text_changes),
    ("m004_claims_by_position_in_full_order", m004_claims_by_position_in_full_order),
    ("m005_native_json", m005_native_json),
    ("m006_decisions_have_a_basis", m006_decisions_have_a_basis),
    ("m007_decisions_by_article", m007_decisions_by_article),
    ("m008_claims_by_extent", m008_claims_by_extent),
)
MIGRATION_STEPS = _STEPS
MIGRATION_NAMES: tuple[str, ...] = tuple(name for name, _ in _STEPS)


@cache
def migrations() -> Migrations:
    """The sqlite-utils migration set, built on first use: importing sqlite-utils costs more than a third
    of the window's start-up (it imports numpy and dateutil), and an up-to-date database never needs it."""
    from sqlite_utils.migrations import Migrations

    result = Migrations(MIGRATION_SET)
    for name, step in _STEPS:
        result(name=name)(step)
    return result


def __getattr__(name: str) -> Any:
    if name == "MIGRATIONS":  # the public name of the migration set, created lazily
        return migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
