"""Handing out work: one file per annotator from the lead's database (docs/team.md).

A copied database (``fmt="db"``) is the simplest hand-out: each annotator opens their copy, decides on the
suggestions, and the lead merges the copies back (``annotator merge LEAD.db alice.db bob.db``). A native
JSONL file (``fmt="jsonl"``) suits annotators who start from their own, empty database: they import it,
label, and their databases are merged in the same way. Either way every suggestion keeps its id, so each
annotator's decisions on it have the same ids wherever they are merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import RESERVED_ANNOTATORS
from annotator.core.progress import NO_PROGRESS, Progress
from annotator.services.exporting import ExportFilter, export
from annotator.store import Store, StoreError
from annotator.store.merging import copy_database

FORMATS = ("db", "jsonl")
_SAFE_NAME = re.compile(r"^[\w][\w .@+-]*$")  # becomes a file name: no separators, no leading dot


@dataclass(slots=True)
class DistributeReport:
    fmt: str
    files: dict[str, Path] = field(default_factory=dict)  # annotator -> file made for them
    articles: int = 0
    suggestions: int = 0
    cancelled: bool = False

    def summary(self) -> str:
        if self.cancelled:
            return f"Cancelled after {len(self.files)} file(s): " + ", ".join(map(str, self.files.values()))
        files = ", ".join(f"{name}: {path}" for name, path in self.files.items())
        return (
            f"Prepared {len(self.files)} file(s) with {self.articles} article(s) and {self.suggestions} "
            f"suggestion(s) ({files})."
        )


def _check_names(names: list[str]) -> list[str]:
    cleaned = [name.strip() for name in names]
    if not cleaned:
        raise StoreError("Name at least one annotator to prepare a file for.")
    for name in cleaned:
        if name in RESERVED_ANNOTATORS:
            raise StoreError(f"{name!r} is not a person's name here (it is reserved); choose another name.")
        if not _SAFE_NAME.match(name):
            raise StoreError(f"{name!r} cannot be a file name; use letters, digits, spaces, . @ + - or _.")
    if len(set(cleaned)) != len(cleaned):
        raise StoreError("Each annotator may be named only once.")
    return cleaned


def distribute(
    lead: Path, annotators: list[str], folder: Path, *, fmt: str = "db", progress: Progress = NO_PROGRESS
) -> DistributeReport:
    """Write ``folder/NAME.db`` (or ``NAME.jsonl``) for every annotator from the lead's database.

    Nothing is written when any target exists already (it may hold someone's work) or a name is unusable.
    The lead's database is only read.
    """
    if fmt not in FORMATS:
        raise StoreError(f"Unknown hand-out format {fmt!r}; use one of {', '.join(FORMATS)}.")
    names = _check_names(annotators)
    folder = Path(folder)
    targets = {name: folder / f"{name}.{fmt}" for name in names}
    existing = [str(path) for path in targets.values() if path.exists()]
    if existing:
        raise StoreError(
            f"{', '.join(existing)} already exist(s); nothing was written (it may hold an annotator's work)."
        )
    folder.mkdir(parents=True, exist_ok=True)
    report = DistributeReport(fmt)
    with Store(lead, create=False, readonly=True) as store:
        report.articles = len(store.document_ids())
        report.suggestions = len(store.claims(status=["suggested"]))
        for done, (name, target) in enumerate(targets.items()):
            if progress.cancelled():
                report.cancelled = True
                break
            if fmt == "db":
                copy_database(store, target)
            else:
                # Everything, as the copied database has it: the default rule (accepted claims only) would
                # leave out the very suggestions being handed out.
                export(store, "jsonl", target, ExportFilter.everything())
            report.files[name] = target
            progress.step(done + 1, len(targets), target.name)
    return report
