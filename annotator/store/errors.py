"""The store's errors: each is one sentence for the user, naming the file."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with a database file, phrased as one sentence for the user."""


class NotAnnotatorDatabase(StoreError):
    """Not a Claim Annotator database at all (not SQLite, or another program's application id)."""


class NewerSchemaError(StoreError):
    """Written by a newer version of the app (a migration this version does not know)."""


class UnexpectedSchemaError(StoreError):
    """Ours by its header, but its tables, indexes, triggers or views are not exactly what the
    migrations create: damaged, or changed by another program (issue #19)."""


class ReadBudgetError(StoreError):
    """A statement ran far longer than a file of its size can need (the progress handler stopped it)."""


class ReadOnlyStoreError(StoreError):
    pass


class NotFoundError(StoreError):
    pass
