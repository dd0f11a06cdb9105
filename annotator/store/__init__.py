"""SQLite persistence through sqlite-utils: schema, migrations, transactions, audit log, search."""

from annotator.store.db import (
    DocumentSummary,
    NewerSchemaError,
    NotAnnotatorDatabase,
    NotFoundError,
    ReadOnlyStoreError,
    Store,
    StoreError,
)

__all__ = [
    "DocumentSummary",
    "NewerSchemaError",
    "NotAnnotatorDatabase",
    "NotFoundError",
    "ReadOnlyStoreError",
    "Store",
    "StoreError",
]
