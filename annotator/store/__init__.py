"""SQLite persistence through sqlite-utils: schema, migrations, transactions, audit log, search.

Where things are: ``database`` (the Store and the order of opening), ``connection`` (the file's header,
the guards on every connection, the step budget), ``checks`` (the schema check on every open),
``transactions``, ``documents``, ``claims`` (and annotators), ``events`` (the audit log), ``search``,
``rows`` (rows <-> domain objects, derived from the Claim fields), ``schema`` (the migrations).
"""

from annotator.store.database import Store
from annotator.store.documents import DocumentSummary
from annotator.store.errors import (
    NewerSchemaError,
    NotAnnotatorDatabase,
    NotFoundError,
    ReadBudgetError,
    ReadOnlyStoreError,
    StoreError,
    UnexpectedSchemaError,
)
from annotator.store.search import SearchHit

__all__ = [
    "DocumentSummary",
    "NewerSchemaError",
    "NotAnnotatorDatabase",
    "NotFoundError",
    "ReadBudgetError",
    "ReadOnlyStoreError",
    "SearchHit",
    "Store",
    "StoreError",
    "UnexpectedSchemaError",
]
