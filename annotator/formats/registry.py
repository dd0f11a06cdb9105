"""The one table of formats: what each reads or writes, its suffix, and which claims it includes.

The CLI (``-f`` choices, help), the export and import services, the window's dialogs and docs/formats.md
(checked by a test) all read ``FORMATS``; nothing else lists formats.

Which claims an export includes is one rule for every format (``annotator.services.exporting``): the
claims passing the export filter, which by default are the accepted ones (suggestions and rejected claims
only when the status filter asks for them), in every article that has at least one. A format may hold
only some of those (``ClaimRule``): then the others are counted and named in the export's warnings.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.formats.base import ReadOptions, ReadResult, WriteOptions
from annotator.formats.writers import Records, WriteCounts, Writer

Reader = Callable[[Path, ReadOptions], ReadResult]


class ClaimRule(enum.Enum):
    """Which of the claims passing the filter a format can hold."""

    ALL = "every claim"
    LABELLED = "labelled claims, one per span and label"
    VERDICT = "claims with a verdict"
    UNREJECTED = "claims that are not rejected"


@dataclass(frozen=True, slots=True)
class FormatSpec:
    name: str  # the CLI's -f value
    suffix: str  # what export adds when the user gave none ("" for a folder)
    description: str  # one line for menus and help
    reader: Reader | None
    writer: Writer | None
    claims: ClaimRule = ClaimRule.ALL
    import_suffixes: tuple[str, ...] = ()  # file types the reader takes (lower case, with the dot)
    offsets: str = "code points"  # the peer's offset unit, as docs/formats.md states it
    folder: bool = False  # the export is a folder (brat, xmi)

    @property
    def includes(self) -> str:
        """One sentence for the export dialog: which claims go out in this format."""
        if self.claims is ClaimRule.ALL:
            return "Every claim passing the filter."
        return f"Of the claims passing the filter, only {self.claims.value}; the others are reported."

    @property
    def file_filter(self) -> str:
        """A Qt file-dialog filter: "Native JSONL (*.jsonl)"."""
        return f"{self.description} ({'*' + self.suffix if self.suffix else '*'})"


def _read_txt(path: Path, options: ReadOptions) -> ReadResult:
    from annotator.formats.readers import read_txt

    return read_txt(path)


def _read_markdown(path: Path, options: ReadOptions) -> ReadResult:
    from annotator.formats.markdown import read_markdown

    return read_markdown(path)


def _read_html(path: Path, options: ReadOptions) -> ReadResult:
    from annotator.formats.html import read_html

    return read_html(path)


def _read_jsonl(path: Path, options: ReadOptions) -> ReadResult:
    from annotator.formats.jsonl import read_jsonl

    return read_jsonl(path, options)


def _read_brat(path: Path, options: ReadOptions) -> ReadResult:
    from annotator.formats.brat import read_brat

    return read_brat(path, options)


def _read_xmi(path: Path, options: ReadOptions) -> ReadResult:
    from annotator.formats.xmi import read_xmi

    return read_xmi(path, options)


def _read_label_studio(path: Path, options: ReadOptions) -> ReadResult:
    from annotator.formats.label_studio import read_label_studio

    return read_label_studio(path, options)


def _lazy_writer(module: str, name: str) -> Writer:
    """The writer, imported on first use: spaCy, cassis and lxml are slow to import."""

    def write(path: Path, records: Records, options: WriteOptions) -> WriteCounts:
        import importlib

        writer: Writer = getattr(importlib.import_module(f"annotator.formats.{module}"), name)
        return writer(path, records, options)

    write.__name__ = name
    return write


FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec(
        "jsonl",
        ".jsonl",
        "Native JSONL: articles with their claims; imports back unchanged",
        _read_jsonl,
        _lazy_writer("writers", "write_jsonl"),
        import_suffixes=(".jsonl",),
    ),
    FormatSpec(
        "prodigy",
        ".jsonl",
        "Prodigy spans JSONL: text, tokens and labelled spans per article",
        _read_jsonl,
        _lazy_writer("writers", "write_prodigy"),
        ClaimRule.LABELLED,
        (".jsonl",),
    ),
    FormatSpec(
        "doccano",
        ".jsonl",
        "doccano JSONL: entities and source/cue relations",
        _read_jsonl,
        _lazy_writer("doccano", "write_doccano"),
        ClaimRule.LABELLED,
        (".jsonl",),
        offsets="UTF-16 units by default (doccano's editor); code points on request",
    ),
    FormatSpec(
        "spacy",
        ".spacy",
        "spaCy DocBin for spancat training, with a ready config.cfg",
        None,
        _lazy_writer("docbin", "write_docbin"),
        ClaimRule.LABELLED,
        offsets="tokens (claims are aligned to spaCy's tokens, and said so)",
    ),
    FormatSpec(
        "csv",
        ".csv",
        "CSV: one row per claim, safe to open in a spreadsheet",
        None,
        _lazy_writer("writers", "write_csv"),
    ),
    FormatSpec(
        "brat",
        "",
        "brat standoff folder: .txt and .ann per article",
        _read_brat,
        _lazy_writer("brat", "write_brat_folder"),
        import_suffixes=(".ann",),
        folder=True,
    ),
    FormatSpec(
        "xmi",
        "",
        "UIMA CAS XMI folder for INCEpTION and DKPro: .xmi per article and TypeSystem.xml",
        _read_xmi,
        _lazy_writer("xmi", "write_xmi"),
        import_suffixes=(".xmi",),
        offsets="UTF-16 units in the file (Java); cassis converts them",
        folder=True,
    ),
    FormatSpec(
        "label-studio",
        ".json",
        "Label Studio JSON tasks (annotations, predictions) and its labeling config",
        _read_label_studio,
        _lazy_writer("label_studio", "write_label_studio"),
        ClaimRule.UNREJECTED,
        (".json",),
    ),
    FormatSpec(
        "claimreview",
        ".jsonld",
        "schema.org ClaimReview JSON-LD: one review per claim with a verdict",
        None,
        _lazy_writer("claimreview", "write_claimreview"),
        ClaimRule.VERDICT,
        offsets="none (the claim's text)",
    ),
    FormatSpec("txt", ".txt", "Plain text article", _read_txt, None, import_suffixes=(".txt",)),
    FormatSpec(
        "markdown", ".md", "Markdown article", _read_markdown, None, import_suffixes=(".md", ".markdown")
    ),
    FormatSpec(
        "html",
        ".html",
        "HTML article (main text only, nothing fetched)",
        _read_html,
        None,
        import_suffixes=(".html", ".htm"),
    ),
)


def export_formats() -> tuple[FormatSpec, ...]:
    return tuple(spec for spec in FORMATS if spec.writer is not None)


def import_formats() -> tuple[FormatSpec, ...]:
    return tuple(spec for spec in FORMATS if spec.reader is not None)


def get_format(name: str) -> FormatSpec:
    """The spec named ``name``; KeyError names the choices."""
    for spec in FORMATS:
        if spec.name == name:
            return spec
    raise KeyError(name)


# Files that belong to an export folder of ours or a peer's, not articles: not listed as skipped.
_COMPANIONS = {"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf", "typesystem.xml"}


def companion_reason(path: Path) -> str | None:
    """ "" for a file that belongs with others rather than being read on its own (brat's .conf files, a
    brat .ann with its .txt, TypeSystem.xml beside .xmi files, a Label Studio labeling config), so that
    an import does not list it as skipped; None for any other file."""
    name = path.name.lower()
    if name in _COMPANIONS or name.endswith(".label_config.xml"):
        return ""
    if path.suffix.lower() == ".ann" and path.with_suffix(".txt").is_file():
        return ""
    return None


def reader_for(path: Path) -> Reader | None:
    """The reader of a file, by its suffix (the first format in the table that takes it); a .txt with an
    .ann beside it is a brat document."""
    suffix = path.suffix.lower()
    if suffix == ".txt" and path.with_suffix(".ann").is_file():
        suffix = ".ann"
    for spec in FORMATS:
        if spec.reader is not None and suffix in spec.import_suffixes:
            return spec.reader
    return None


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted({suffix for spec in import_formats() for suffix in spec.import_suffixes}))


def markdown_table() -> str:
    """The table of formats in docs/formats.md (a test checks that the doc holds exactly this)."""
    rows = [
        "| format | import | export | suffix | claims it includes | offsets |",
        "|---|---|---|---|---|---|",
    ]
    for spec in FORMATS:
        imports = ", ".join(f"`{s}`" for s in spec.import_suffixes) if spec.reader else "no"
        exports = "yes" if spec.writer else "no"
        suffix = "folder" if spec.folder else f"`{spec.suffix}`"
        claims = spec.claims.value if spec.writer else "as in the file"
        rows.append(f"| `{spec.name}` | {imports} | {exports} | {suffix} | {claims} | {spec.offsets} |")
    return "\n".join(rows) + "\n"


_START, _END = "<!-- formats-table:start -->\n", "<!-- formats-table:end -->"


def update_doc(path: Path) -> None:
    """Rewrite the table between the markers of docs/formats.md: ``python -m annotator.formats.registry``."""
    text = path.read_text("utf-8")
    head, rest = text.split(_START, 1)
    path.write_text(head + _START + markdown_table() + _END + rest.split(_END, 1)[1], "utf-8")


if __name__ == "__main__":
    update_doc(Path(__file__).resolve().parents[2] / "docs" / "formats.md")
