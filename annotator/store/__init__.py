"""SQLite persistence through sqlite-utils: schema, migrations, transactions, audit log, search.

Where things are: ``database`` (the Store and opening), ``connection`` (the file's header, the
connection's settings), ``transactions``, ``documents``, ``claims`` (and annotators), ``events`` (the
audit log), ``search``, ``rows`` (rows <-> domain objects), ``schema`` (the migrations).
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

__all__ = [
    "DocumentSummary",
    "NewerSchemaError",
    "NotAnnotatorDatabase",
    "NotFoundError",
    "ReadBudgetError",
    "ReadOnlyStoreError",
    "Store",
    "StoreError",
    "UnexpectedSchemaError",
]
