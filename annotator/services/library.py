"""Opening databases and the articles in them: the default database, the sample article, listings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.text import normalize_text
from annotator.services.identity import default_database_path
from annotator.store import DocumentSummary, Store

if TYPE_CHECKING:
    from annotator.core.model import Document

SAMPLE_NAME = "deepseek-disruption.txt"


def sample_article_text() -> str:
    from importlib import resources  # the first run only: the window's every start-up does without it

    return normalize_text(
        resources.files("annotator.resources").joinpath("samples", SAMPLE_NAME).read_text("utf-8")
    )


def open_database(path: str | Path | None = None, *, annotator: str, readonly: bool = False) -> Store:
    """Open (or create) a database. The default one is seeded with the sample article when first created,
    so that a new user sees a real article straight away."""
    if path is not None:
        return Store(path, readonly=readonly)
    default = default_database_path()
    is_new = not default.exists()
    default.parent.mkdir(parents=True, exist_ok=True)
    store = Store(default, readonly=readonly)
    if is_new and not store.readonly:
        import_sample(store, annotator=annotator)
    return store


def import_sample(store: Store, *, annotator: str) -> str:
    # Imported here: the readers and the import service are needed once, on the very first start, and
    # importing them cost the window's every start-up about 10 ms.
    from annotator.formats.readers import ArticleIn, title_from_text
    from annotator.services.importing import import_article

    text = sample_article_text()
    article = ArticleIn(
        text, title_from_text(text, "Sample article"), {"source_path": f"sample:{SAMPLE_NAME}"}
    )
    return import_article(store, article, annotator=annotator).doc_id


def list_documents(store: Store) -> list[DocumentSummary]:
    return store.list_documents()


def get_document(store: Store, doc_id: str) -> Document:
    return store.get_document(doc_id)
