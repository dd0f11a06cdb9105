"""The `annotator` command: each subcommand is a thin wrapper over a service function.

`annotator [DB]` opens the window; the subcommands work without a display. Errors are printed as one
sentence on stderr with a non-zero exit status, never as a traceback.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from annotator import __version__
from annotator.launcher import WindowArgs, error_sentence, run_window
from annotator.services.identity import resolve_annotator
from annotator.store import Store


class AnnotatorGroup(click.Group):
    """A group whose first argument may be a database path instead of a subcommand (`annotator my.db`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            ctx.meta["database"] = args.pop(0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            message = error_sentence(exc)  # shared with the launcher's window path
            if message is None:
                raise
            raise click.ClickException(message) from None


@contextmanager
def opened(path: str, *, readonly: bool = False, create: bool = True) -> Iterator[Store]:
    store = Store(path, readonly=readonly, create=create)
    try:
        yield store
    finally:
        store.close()


@click.group(
    cls=AnnotatorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", prog_name="annotator")
@click.option("--annotator", "annotator_name", metavar="NAME", help="Your name, recorded on every edit.")
@click.option(
    "--smoke-test",
    is_flag=True,
    hidden=True,
    help="Import, suggest and export in a scratch folder, then open the window, paint once and quit.",
)
@click.option("--paint-once", is_flag=True, hidden=True, help="Open the window, paint once and quit.")
@click.pass_context
def cli(ctx: click.Context, annotator_name: str | None, smoke_test: bool, paint_once: bool) -> None:
    """Label the claims in news articles as attributed, disputed or factual.

    Run `annotator` alone to open the window on your default database (created with a sample article
    on first run), or `annotator DB` to open a given database file.

    \b
    Examples:
      annotator
      annotator team/alice.db
      annotator import alice.db articles/
      annotator stats alice.db --json
    """
    ctx.ensure_object(dict)
    ctx.obj["annotator"] = annotator_name
    if ctx.invoked_subcommand is not None:
        return
    database = ctx.meta.get("database")
    db_path = Path(database) if database else None
    sys.exit(run_window(WindowArgs(db_path, annotator_name, smoke_test or paint_once, paint_once)))


def current_annotator(ctx: click.Context, explicit: str | None = None) -> str:
    return resolve_annotator(explicit or (ctx.obj or {}).get("annotator"))


class _Bar:
    """The CLI's face of the progress protocol (annotator.core.progress): a click progress bar."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.done = 0

    def step(self, done: int, total: int, message: str = "") -> None:
        self.bar.length = total
        self.bar.update(done - self.done)
        self.done = done

    def cancelled(self) -> bool:
        return False


@contextmanager
def progress_bar(label: str, show: bool) -> Iterator[Any]:
    from annotator.core.progress import NO_PROGRESS

    if not (show and sys.stderr.isatty()):
        yield NO_PROGRESS
        return
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:
        yield _Bar(bar)


_OFFSET_UNITS = click.Choice(["utf-16", "code-points"])


def _import_help() -> str:
    from annotator.formats.registry import import_formats

    return ", ".join(f"{'/'.join(s.import_suffixes)} ({s.name})" for s in import_formats())


@cli.command("import")
@click.argument("database", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--skip-bad", is_flag=True, help="Import the good files and list the bad ones at the end.")
@click.option("--annotator", "annotator_name", metavar="NAME", help="Recorded as the importer.")
@click.option(
    "--doccano-offsets",
    type=_OFFSET_UNITS,
    default="utf-16",
    show_default=True,
    help="The unit of doccano offsets: utf-16 is what doccano's editor writes.",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    database: str,
    paths: tuple[str, ...],
    skip_bad: bool,
    annotator_name: str | None,
    doccano_offsets: str,
) -> None:
    """Import articles (files or folders, searched recursively) into DATABASE.

    Reads .txt, .md, .html/.htm (main text only, nothing fetched), .jsonl (the native schema, or
    Prodigy/doccano lines with their spans), Label Studio .json exports, brat folders (.txt with .ann) and
    UIMA CAS .xmi files (with TypeSystem.xml beside them). The same article imported twice is stored once
    and its claims are merged. Each file is imported whole or not at all; files of other types in a
    folder are listed as skipped.

    \b
    Examples:
      annotator import alice.db articles/ extra/story.txt
      annotator import alice.db --skip-bad export.jsonl prodigy-spans.jsonl
      annotator import alice.db doccano.jsonl --doccano-offsets code-points
    """
    from annotator.formats.base import ReadOptions
    from annotator.services.importing import import_paths

    options = ReadOptions(doccano_offsets="code-points" if doccano_offsets == "code-points" else "utf-16")
    with opened(database) as store, progress_bar("Importing", True) as progress:
        report = import_paths(
            store,
            paths,
            annotator=current_annotator(ctx, annotator_name),
            skip_bad=skip_bad,
            options=options,
            progress=progress,
        )
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"Imported {report.created} new article(s), {report.duplicates} already present, "
        f"{report.claims_added} claim(s) added, into {database}."
    )
    if report.skipped:
        click.echo(f"Skipped {len(report.skipped)} file(s) that are not imported:", err=True)
        for skipped in report.skipped:
            click.echo(f"  {skipped.path}: {skipped.reason}", err=True)
    if report.errors:
        click.echo(f"Skipped {len(report.errors)} bad file(s):", err=True)
        for error in report.errors:
            click.echo(f"  {error.message}", err=True)
        sys.exit(1)


def _export_formats() -> list[str]:
    from annotator.formats.registry import export_formats

    return [spec.name for spec in export_formats()]


def _export_format_help() -> str:
    from annotator.formats.registry import export_formats

    return "; ".join(f"{s.name}: {s.description}" for s in export_formats())


@cli.command("export")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-f", "--format", "fmt", required=True, type=click.Choice(_export_formats()), help=_export_format_help()
)
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(),
    help="File (or folder, for brat and xmi); the format's suffix is added when there is none.",
)
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(["suggested", "accepted", "rejected", "all"]),
    help="Only claims with this status (repeatable). Default: accepted, in every format.",
)
@click.option(
    "--label",
    multiple=True,
    type=click.Choice(["attributed", "disputed", "factual"]),
    help="Only claims with this label (repeatable).",
)
@click.option(
    "--annotator", "annotators", multiple=True, metavar="NAME", help="Only this annotator's claims."
)
@click.option("--all-articles", is_flag=True, help="Also write the articles with no included claim.")
@click.option(
    "--doccano-offsets",
    type=_OFFSET_UNITS,
    default="utf-16",
    show_default=True,
    help="doccano's offset unit: utf-16 is what doccano's editor counts.",
)
@click.option(
    "--publisher",
    metavar="NAME",
    envvar="ANNOTATOR_PUBLISHER",
    default="Claim Annotator user",
    help="ClaimReview: the fact-checking organisation that publishes the reviews.",
)
@click.option(
    "--publisher-url", metavar="URL", envvar="ANNOTATOR_PUBLISHER_URL", help="ClaimReview: its site."
)
def export_command(
    database: str,
    fmt: str,
    out: str,
    status: tuple[str, ...],
    label: tuple[str, ...],
    annotators: tuple[str, ...],
    all_articles: bool,
    doccano_offsets: str,
    publisher: str,
    publisher_url: str | None,
) -> None:
    """Export the claims in DATABASE as a dataset (see docs/formats.md).

    Every format includes the same claims: the accepted ones by default, suggestions and rejected claims
    only with --status (--status all for everything), in the articles that have at least one. Claims a
    format cannot hold (span formats need a label, ClaimReview a verdict) are counted in a warning. The
    output is written to a temporary file and then swapped in, so an existing file is only ever replaced
    by a complete export.

    \b
    Examples:
      annotator export alice.db -f jsonl -o alice.jsonl
      annotator export alice.db -f jsonl -o backup.jsonl --status all --all-articles
      annotator export team.db -f spacy -o train.spacy --label attributed --label disputed
      annotator export team.db -f label-studio -o tasks.json --status accepted --status suggested
      annotator export team.db -f csv -o review.csv --annotator gold
    """
    from annotator.formats.atomic import WriteTargetError
    from annotator.formats.base import WriteOptions
    from annotator.services.exporting import export, filter_from_options

    export_filter = filter_from_options(status, label, annotators, all_articles)
    options = WriteOptions(
        doccano_offsets="code-points" if doccano_offsets == "code-points" else "utf-16",
        publisher=publisher,
        publisher_url=publisher_url,
    )
    with opened(database, create=False) as store, progress_bar("Exporting", True) as progress:
        try:
            report = export(store, fmt, Path(out), export_filter, progress, options=options)
        except WriteTargetError as exc:
            raise click.ClickException(str(exc)) from None
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    also = "".join(f" and {extra}" for extra in report.extra_files)
    click.echo(
        f"Exported {report.articles} article(s) and {report.claims} claim(s) as {fmt} to {report.path}{also}."
    )


@cli.command("stats")
@click.argument("database", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def stats_command(database: str, as_json: bool) -> None:
    """Count the articles and claims in DATABASE, by label, status and annotator.

    Claims are counted per span (two annotators marking one sentence make one claim), labelled by gold's
    decision or the label everyone gave; gold and the suggester are not annotators. Articles still to
    adjudicate are listed with their open disagreements.

    \b
    Examples:
      annotator stats alice.db
      annotator stats alice.db --json | jq .by_label
    """
    from annotator.services.stats import stats

    with opened(database, create=False) as store:
        figures = stats(store)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    click.echo(f"Database     {figures['database']}")
    click.echo(f"Articles     {figures['documents']}")
    click.echo(
        f"Claims       {figures['claims']} span(s), {figures['labelled']} with a label everyone gave or gold "
        f"decided; {figures['by_status']['suggested']} suggestion(s) open"
    )
    click.echo(
        f"Adjudication {figures['open_disagreements']} open disagreement(s), "
        f"{figures['adjudicated']} span(s) decided by gold"
    )
    for group in ("by_label", "by_status", "by_annotator"):
        click.echo(f"{group.replace('_', ' ').capitalize()}:")
        for key, value in figures[group].items():
            click.echo(f"  {key:<14} {value}")
    unfinished = [a for a in figures["articles"] if a["open_disagreements"]]
    if unfinished:
        click.echo("Articles with open disagreements:")
        for article in unfinished:
            click.echo(f"  {article['open_disagreements']:>4}  {article['title']}")


@cli.command("suggest")
@click.argument("database", type=click.Path(dir_okay=False))
@click.option("--doc", "doc_ids", metavar="ID", multiple=True, help="Only this article (repeatable).")
@click.option(
    "--model",
    metavar="NAME_OR_PATH",
    envvar="ANNOTATOR_SPACY_MODEL",
    help="An installed trained spaCy pipeline to find sources more precisely (never downloaded).",
)
@click.option(
    "--annotator",
    "annotator_name",
    metavar="NAME",
    help="Logged as who ran it (suggestions are the suggester's).",
)
@click.pass_context
def suggest_command(
    ctx: click.Context, database: str, doc_ids: tuple[str, ...], model: str | None, annotator_name: str | None
) -> None:
    """Suggest claims in the articles of DATABASE, stored with status "suggested".

    Claims you made or decided on are never overwritten or duplicated, a rejected suggestion never comes
    back, and running the command twice changes nothing.

    \b
    Examples:
      annotator suggest alice.db
      annotator suggest alice.db --doc 3f2a9c0d1e2b4a5f --model en_core_web_sm
    """
    from annotator.nlp.suggester import ModelNotFoundError
    from annotator.services.suggest import suggest_documents

    with opened(database, create=False) as store:
        try:
            report = suggest_documents(
                store,
                list(doc_ids) or None,
                model=model or None,
                annotator=current_annotator(ctx, annotator_name),
            )
        except ModelNotFoundError as exc:
            raise click.ClickException(f"{exc}.") from None
    click.echo(
        f"Suggested {report.added} claim(s) in {len(report.documents)} article(s); "
        f"{report.skipped} already present or decided, {report.replaced} older suggestion(s) replaced."
    )


@cli.command("merge")
@click.argument("out", type=click.Path(dir_okay=False))
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--fail-on-conflict", is_flag=True, help="Exit with status 2 when any conflict was found.")
@click.option("--verbose", "-v", is_flag=True, help="Also name each conflicting claim by its id.")
def merge_command(
    out: str, sources: tuple[str, ...], as_json: bool, fail_on_conflict: bool, verbose: bool
) -> None:
    """Merge the annotator databases SOURCES into OUT (created when missing).

    Nothing is lost: articles are stored once (same text), every annotator's claims and every event are
    kept, and merging again changes nothing. The sources are only read. Two annotators never conflict; a
    later version of someone's claim updates it. Only one person's two different edits of one claim since
    their last common version are a conflict: the later edit is kept and the conflict is listed here.

    \b
    Example:
      annotator merge team.db alice.db bob.db carol.db
    """
    from annotator.services.merge import merge_databases

    report = merge_databases(Path(out), [Path(source) for source in sources])
    if as_json:
        click.echo(json.dumps(report.to_dict(verbose=verbose), ensure_ascii=False))
    else:
        click.echo(report.summary(verbose=verbose))
        for line in report.conflict_lines(verbose=verbose):
            click.echo(f"Conflict: {line}")
    if fail_on_conflict and report.conflicts:
        sys.exit(2)


@cli.command("distribute")
@click.argument("lead", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--to", "annotators", multiple=True, required=True, metavar="NAME", help="An annotator (repeat)."
)
@click.option(
    "-o", "--out", "folder", required=True, type=click.Path(file_okay=False), help="Folder for the files."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["db", "jsonl"]),
    default="db",
    show_default=True,
    help="A copy of the database, or native JSONL for the annotator to import.",
)
def distribute_command(lead: str, annotators: tuple[str, ...], folder: str, fmt: str) -> None:
    """Prepare one file per annotator from the LEAD database (after import and suggest).

    Each annotator labels their own file; merge them back with `annotator merge LEAD alice.db bob.db`.
    An existing file is never overwritten (it may hold someone's work).

    \b
    Examples:
      annotator distribute team.db --to alice --to bob -o handout/
      annotator distribute team.db --to alice --to bob -o handout/ --format jsonl
    """
    from annotator.services.distribute import distribute

    names = [name for value in annotators for name in value.split(",") if name.strip()]
    report = distribute(Path(lead), names, Path(folder), fmt=fmt)
    click.echo(report.summary())
    for name, path in report.files.items():
        if fmt == "db":
            click.echo(f"  {name}: annotator --annotator {shlex.quote(name)} {shlex.quote(str(path))}")
        else:
            click.echo(
                f"  {name}: annotator import {shlex.quote(name)}.db {shlex.quote(str(path))}, then "
                f"annotator --annotator {shlex.quote(name)} {shlex.quote(name)}.db"
            )


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@cli.command("agreement")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--match",
    type=click.Choice(["exact", "overlap"]),
    default="exact",
    show_default=True,
    help="Claims match on the exact span, or when they overlap by half of the shorter span.",
)
def agreement_command(database: str, as_json: bool, match: str) -> None:
    """Inter-annotator agreement in DATABASE (usually a merged one).

    For every pair of annotators: Cohen's kappa over the labels of the claims both marked, and span
    precision, recall and F1 of the second against the first; over all annotators: Krippendorff's alpha
    (nominal). Only accepted claims count; gold (adjudicated) claims are the reference, not an annotator.

    \b
    Examples:
      annotator agreement team.db
      annotator agreement team.db --match overlap --json | jq .krippendorff_alpha
    """
    from annotator.services.agreement import agreement

    with opened(database, readonly=True, create=False) as store:
        result = agreement(store, match=match)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    if len(result["annotators"]) < 2:
        click.echo(f"Agreement needs two annotators; {database} has {len(result['annotators'])}.")
        return
    click.echo(f"Match: {match}")
    header = f"{'annotator a':<14} {'annotator b':<14} {'n':>5} {'kappa':>7} {'P':>7} {'R':>7} {'F1':>7}"
    click.echo(header)
    for pair in result["pairs"]:
        click.echo(
            f"{pair['a']:<14} {pair['b']:<14} {pair['n']:>5} {_figure(pair['cohen_kappa']):>7} "
            f"{_figure(pair['span_precision']):>7} {_figure(pair['span_recall']):>7} "
            f"{_figure(pair['span_f1']):>7}"
        )
    click.echo(
        f"Krippendorff's alpha (nominal, {len(result['annotators'])} annotators, {result['units']} spans): "
        f"{_figure(result['krippendorff_alpha'])}"
    )
    click.echo("Per label (specific agreement, kappa of the label against the rest):")
    for label, figures in result["per_label"].items():
        click.echo(
            f"  {label:<12} {_figure(figures['specific_agreement']):>7} {_figure(figures['cohen_kappa']):>7}"
        )


def main() -> None:
    """Entry point of the subcommands; `annotator.launcher.main` (the console script) opens the window
    itself and hands everything else to this one."""
    try:
        cli.main(prog_name="annotator")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
