"""Export use case: the database out as a dataset file (or folder), article by article.

**One inclusion rule for every format.** The claims that go out are those passing the ``ExportFilter``:
by default the *accepted* claims (a person's decisions), of every annotator and label; suggestions nobody
reviewed, and rejected claims, only when the status filter asks for them. Articles go out when at least
one of their claims does (``all_articles`` adds the others, with no claims). A format that cannot hold some
of those claims (span formats need a label; ClaimReview needs a verdict; registry ``ClaimRule``) leaves
them out and says how many, with an example, in the report's warnings: nothing is dropped silently.

Articles are streamed from the store (``annotator.store.exports``) to the writer one at a time; progress is
reported per article and Cancel is honoured between articles. A cancelled export writes nothing: writes
are atomic (``formats/atomic.py``), so the previous file, if any, stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import LABELS, STATUSES, Claim, Document, ValidationError
from annotator.core.progress import NO_PROGRESS, Progress
from annotator.formats.base import DEFAULT_WRITE, WriteOptions
from annotator.formats.registry import ClaimRule, FormatSpec, export_formats, get_format
from annotator.formats.writers import WriteCounts, write_json_lines
from annotator.store import Store
from annotator.store.exports import ClaimQuery, count, iter_native_lines, iter_records

DEFAULT_STATUS: tuple[str, ...] = ("accepted",)
INCLUSION_RULE = (
    "Accepted claims only, unless the status filter asks for suggested or rejected ones; articles with at "
    "least one such claim."
)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which claims an export includes. ``status=None`` means the default rule (accepted only); each
    other field ``None`` means any. ``all_articles`` also writes articles with no included claim."""

    status: tuple[str, ...] | None = None
    label: tuple[str, ...] | None = None
    annotator: tuple[str, ...] | None = None
    all_articles: bool = False

    def __post_init__(self) -> None:
        for name, allowed in (("status", STATUSES), ("label", LABELS), ("annotator", None)):
            values = getattr(self, name)
            if values is None:
                continue
            values = tuple(values)
            object.__setattr__(self, name, values or None)  # an empty choice is no filter
            for value in values:
                if allowed is not None and value not in allowed:
                    raise ValidationError(name, value, f"expected one of {', '.join(allowed)}")

    @classmethod
    def everything(cls) -> ExportFilter:
        """Every claim of every status, and every article: a complete dump of the database."""
        return cls(status=STATUSES, all_articles=True)

    def query(self, rule: ClaimRule = ClaimRule.ALL) -> ClaimQuery:
        status = self.status or DEFAULT_STATUS
        if rule is ClaimRule.UNREJECTED:
            status = tuple(s for s in status if s != "rejected") or ("none",)  # "none": matches no claim
        return ClaimQuery(
            status=status,
            label=self.label,
            annotator=self.annotator,
            labelled=rule is ClaimRule.LABELLED,
            with_verdict=rule is ClaimRule.VERDICT,
            all_articles=self.all_articles,
        )


DEFAULT_FILTER = ExportFilter()


@dataclass(frozen=True, slots=True)
class ExportReport:
    format: str
    path: Path  # with the suffix added when the user gave none
    articles: int
    claims: int
    warnings: list[str] = field(default_factory=list)  # sentences: claims left out, peer caveats
    cancelled: bool = False
    extra_files: list[Path] = field(default_factory=list)  # written beside it (labeling config, config.cfg)


class _Cancelled(Exception):
    """Raised inside the record stream to abort the atomic write."""


def _spec(fmt: str) -> FormatSpec:
    try:
        spec = get_format(fmt)
    except KeyError:
        spec = None
    if spec is None or spec.writer is None:
        names = ", ".join(s.name for s in export_formats())
        raise ValidationError("format", fmt, f"expected one of {names}")
    return spec


def count_export(store: Store, fmt: str, export_filter: ExportFilter = DEFAULT_FILTER) -> tuple[int, int]:
    """(articles, claims) that ``export`` would write: one indexed query, for a live count in a dialog."""
    spec = _spec(fmt)
    return count(store, export_filter.query(spec.claims), distinct_spans=spec.claims is ClaimRule.LABELLED)


def output_path(fmt: str, out: Path) -> Path:
    """``out`` with the format's suffix when the user gave none (a folder format takes the name as is)."""
    spec = _spec(fmt)
    out = Path(out)
    if spec.suffix and not out.suffix and not out.is_dir():
        return out.with_name(out.name + spec.suffix)
    return out


def _left_out(rule: ClaimRule) -> str:
    if rule is ClaimRule.VERDICT:
        return "have no verdict, which this format needs, and were left out"
    if rule is ClaimRule.UNREJECTED:
        return "are rejected, which this format cannot hold, and were left out"
    return "have no label, which this format needs, and were left out"


_HOLDS: dict[ClaimRule, Callable[[Claim], bool]] = {
    ClaimRule.LABELLED: lambda claim: claim.label is not None,
    ClaimRule.VERDICT: lambda claim: bool((claim.verdict or "").strip()),
    ClaimRule.UNREJECTED: lambda claim: claim.status != "rejected",
}


def _records(
    store: Store,
    spec: FormatSpec,
    export_filter: ExportFilter,
    total: int,
    progress: Progress,
    left: WriteCounts,
) -> Iterator[tuple[Document, Sequence[Claim]]]:
    """The articles for the writer, with the claims the format can hold; the others counted in ``left``."""
    holds = _HOLDS.get(spec.claims)
    done = 0
    for doc, claims in iter_records(store, export_filter.query()):
        if progress.cancelled():
            raise _Cancelled
        if holds is not None:
            kept = []
            for claim in claims:
                if holds(claim):
                    kept.append(claim)
                else:
                    left.skip(_left_out(spec.claims), claim)
            if not kept and not export_filter.all_articles:
                continue
            claims = kept
        yield doc, claims
        done += 1
        progress.step(done, total, doc.title)


def _native_lines(
    store: Store, export_filter: ExportFilter, total: int, progress: Progress
) -> Iterator[tuple[bytes, int]]:
    for done, line in enumerate(iter_native_lines(store, export_filter.query()), 1):
        if progress.cancelled():
            raise _Cancelled
        yield line
        progress.step(done, total, "")


def export(
    store: Store,
    fmt: str,
    out: Path,
    export_filter: ExportFilter = DEFAULT_FILTER,
    progress: Progress = NO_PROGRESS,
    *,
    options: WriteOptions = DEFAULT_WRITE,
) -> ExportReport:
    """Write the claims passing ``export_filter`` to ``out`` in format ``fmt``; the target is replaced
    atomically, and not at all when cancelled or failed."""
    spec = _spec(fmt)
    path = output_path(fmt, out)
    total, _ = count_export(store, fmt, export_filter)
    left = WriteCounts()
    try:
        if spec.name == "jsonl":  # the fast path: stored JSON, joined by SQLite
            counts = write_json_lines(path, _native_lines(store, export_filter, total, progress))
        else:
            assert spec.writer is not None
            counts = spec.writer(path, _records(store, spec, export_filter, total, progress, left), options)
    except _Cancelled:
        return ExportReport(spec.name, path, 0, 0, ["The export was cancelled; nothing was written."], True)
    return ExportReport(
        spec.name,
        path,
        counts.documents,
        counts.claims,
        [*left.sentences(), *counts.sentences()],
        extra_files=list(counts.extra_files),
    )


def filter_from_options(
    status: Iterable[str] = (),
    label: Iterable[str] = (),
    annotator: Iterable[str] = (),
    all_articles: bool = False,
) -> ExportFilter:
    """An ``ExportFilter`` from the CLI's repeatable options ("all" as a status means every status)."""
    statuses = tuple(status)
    if "all" in statuses:
        statuses = STATUSES
    return ExportFilter(statuses or None, tuple(label) or None, tuple(annotator) or None, all_articles)
