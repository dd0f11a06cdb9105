"""Import use case: files and folders in, all of a file or nothing of it.

Files are read and validated with no lock held, then written in batches: one transaction (one commit, one
fsync) for the files read in ``BATCH_SECONDS``, each file in its own savepoint, so a bad file never leaves
half of itself in the database and takes nothing else with it. A file is reported (progress, report)
only once its batch is committed, so what a killed import reported is all there. Cancel is honoured
between files: what was reported stays, nothing of the next file is written.

The report keeps three lists apart, so that the window can show each with its own icon: the articles
imported, the files *skipped* (in a folder, a type that is not imported, such as .pdf, with why) and the
files *refused* (errors: one sentence each naming the file and line).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import Document, ValidationError, claim_from_json_dict, new_id
from annotator.core.progress import NO_PROGRESS, Progress
from annotator.formats.base import DEFAULT_READ, ArticleIn, BadInputError, ReadOptions, ReadResult
from annotator.formats.readers import read_path
from annotator.formats.registry import companion_reason, reader_for
from annotator.services.claims import claim_event_dict
from annotator.store import NotFoundError, Store


@dataclass(slots=True)
class ImportedArticle:
    path: Path
    doc_id: str
    title: str
    created: bool
    claims_added: int


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: Path
    reason: str  # "a .pdf file, which is not a type that is imported"


@dataclass(frozen=True, slots=True)
class FileError:
    path: Path
    message: str  # one sentence naming the file (and line)


@dataclass(slots=True)
class ImportReport:
    articles: list[ImportedArticle] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    files: int = 0  # files imported (each with one or more articles)

    @property
    def created(self) -> int:
        return sum(article.created for article in self.articles)

    @property
    def duplicates(self) -> int:
        return sum(not article.created for article in self.articles)

    @property
    def claims_added(self) -> int:
        return sum(article.claims_added for article in self.articles)

    @property
    def bad_files(self) -> list[str]:
        """The errors' sentences (what the window and the CLI print)."""
        return [error.message for error in self.errors]


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[SkippedFile], list[FileError]]:
    """The files to read: files as given, and inside folders (recursively, in name order) the files of
    a type that is imported; the other files of a folder are returned as skipped, with why, and paths
    that do not exist as errors."""
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    missing: list[FileError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                reason = companion_reason(child)
                if reason is None and reader_for(child) is None:
                    suffix = child.suffix.lower() or "(no suffix)"
                    reason = f"a {suffix} file, which is not a type that is imported"
                if reason is None:
                    files.append(child)
                elif reason:  # "" : read with another file, not worth a line
                    skipped.append(SkippedFile(child, reason))
        elif path.exists():
            files.append(path)
        else:
            missing.append(FileError(path, f"{path} does not exist."))
    return list(dict.fromkeys(files)), skipped, missing


# Files are read for this long (no lock held), then written in transactions of about this long each: a
# commit per file (its fsync, the WAL append) was most of an import's time, and another writer (the window
# saving an edit) waits for one batch at most.
BATCH_SECONDS = 0.03
Read = tuple[Path, ReadResult | BadInputError]
# A file written: its path, articles and warnings, and why it was refused (None: it was imported).
Written = tuple[Path, list[ImportedArticle], list[str], str | None]


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    annotator: str,
    skip_bad: bool = False,
    options: ReadOptions = DEFAULT_READ,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Import files and folders. A bad file raises BadInputError (with ``skip_bad``: listed in
    ``errors``, and the import goes on); the files before it are imported."""
    files, skipped, missing = collect_paths(paths)
    if missing and not skip_bad:
        raise BadInputError(missing[0].message)
    report = ImportReport(skipped=skipped, errors=missing)
    position = 0
    while position < len(files):
        batch: list[Read] = []
        started = time.monotonic()
        while position + len(batch) < len(files) and (
            not batch or time.monotonic() - started < BATCH_SECONDS
        ):
            if progress.cancelled():
                report.cancelled = True
                break
            path = files[position + len(batch)]
            try:
                batch.append((path, read_path(path, options)))
            except BadInputError as exc:
                batch.append((path, exc))
                if not skip_bad:
                    break
        if not batch:  # cancelled
            break
        while batch:
            written, failure, batch = _write_batch(store, batch, annotator, skip_bad)
            for path, articles, warnings, bad in written:  # committed: now they count
                position += 1
                report.articles.extend(articles)
                report.warnings.extend(warnings)
                if bad is not None:
                    report.errors.append(FileError(path, bad))
                else:
                    report.files += 1
                progress.step(position, len(files), str(path))
            if failure is not None:
                raise failure
        if report.cancelled:
            break
    return report


def _write_batch(
    store: Store, batch: list[Read], annotator: str, skip_bad: bool
) -> tuple[list[Written], BadInputError | None, list[Read]]:
    """Write files read, each in a savepoint, in one transaction of at most about ``BATCH_SECONDS``;
    stop at a bad one unless ``skip_bad`` (the files before it are committed). Returns what was
    written, the bad file's error, and the files left for the next transaction."""
    written: list[Written] = []
    started = time.monotonic()
    with store.transaction():
        for number, (path, result) in enumerate(batch):
            if written and time.monotonic() - started > BATCH_SECONDS:
                return written, None, batch[number:]
            try:
                if isinstance(result, BadInputError):
                    raise result
                with store.savepoint():
                    articles = _store_articles(store, path, result.articles, annotator)
                written.append((path, articles, result.warnings, None))
            except BadInputError as exc:
                if not skip_bad:
                    return written, exc, []
                written.append((path, [], [], str(exc)))
    return written, None, []


def import_article(
    store: Store, article: ArticleIn, *, annotator: str, path: Path | None = None
) -> ImportedArticle:
    """Import one article given as data (used for the sample article and by tests)."""
    return _store_articles(
        store, path or Path(article.meta.get("source_path") or "<text>"), [article], annotator
    )[0]


def _store_articles(
    store: Store, path: Path, articles: list[ArticleIn], annotator: str
) -> list[ImportedArticle]:
    imported: list[ImportedArticle] = []
    # Claims are merged by (span, annotator) with what the database held *before this file*, so that a
    # re-import does not double them; inside one file, two claims of one annotator on one span (say, two
    # labels) both stay, or the native JSONL would not round-trip. Claims without an id (Prodigy, doccano)
    # are deduplicated within the file by (span, annotator, label), so a repeated line adds nothing.
    given_ids: dict[str, set[str]] = {}  # doc id -> claim ids, as given, imported from this file
    added_here: dict[str, set[tuple[int, int, str, str | None]]] = {}  # doc id -> keys imported from it
    with store.transaction():
        for article in articles:
            doc, created = store.insert_document(
                Document(article.id or "", article.title, article.text, article.meta)
            )
            if created:
                store.log_event(
                    "import", annotator, doc_id=doc.id, after={"title": doc.title, "path": str(path)}
                )
            added = 0
            stored = store.claims(doc.id)
            here = added_here.setdefault(doc.id, set())
            ids = given_ids.setdefault(doc.id, set())
            before = {
                (c.start, c.end, c.annotator)
                for c in stored
                if (c.start, c.end, c.annotator, c.label) not in here
            }
            existing_ids = {c.id for c in stored} | ids
            for number, raw in enumerate(article.claims, start=1):
                try:
                    claim = claim_from_json_dict(raw, doc.id, doc.text, default_annotator=annotator)
                except ValidationError as exc:
                    where = f"line {article.line}" if article.line else "its claims"
                    raise BadInputError(
                        f"{path}, {where}: claim {number} has {exc.field} {exc.value!r}, which is invalid "
                        f"({exc.reason}); nothing from this file was imported."
                    ) from exc
                full_key = (claim.start, claim.end, claim.annotator, claim.label)
                if (
                    claim.id in existing_ids
                    or full_key[:3] in before
                    or (not raw.get("id") and full_key in here)
                ):
                    continue
                given_id = claim.id
                if _claim_id_taken(store, claim.id):
                    # The id belongs to a claim of another article (a copied file, a hand edit): keep both.
                    claim = claim.with_changes(id=new_id())
                ids.add(given_id)
                existing_ids.update((given_id, claim.id))
                here.add(full_key)
                store.insert_claim(claim)
                store.log_event(
                    "add", claim.annotator, doc_id=doc.id, claim_id=claim.id, after=claim_event_dict(claim)
                )
                added += 1
            imported.append(ImportedArticle(path, doc.id, doc.title, created, added))
    return imported


def _claim_id_taken(store: Store, claim_id: str) -> bool:
    try:
        store.get_claim(claim_id)
    except NotFoundError:
        return False
    return True
