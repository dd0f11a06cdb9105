"""The export and import API the window and the CLI share: one inclusion rule for every format, a count
that matches what is written, the suffix added, Cancel honoured, skipped files and errors kept apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.formats.registry import FORMATS, export_formats, markdown_table
from annotator.services.exporting import INCLUSION_RULE, ExportFilter, count_export, export, output_path
from annotator.services.importing import import_paths
from annotator.store import Store

from .helpers import DATA, Recorder, populate

EVERY_STATUS = ("suggested", "accepted", "rejected")


@pytest.mark.parametrize("fmt", [spec.name for spec in export_formats()])
@pytest.mark.parametrize(
    "export_filter",
    [ExportFilter(), ExportFilter(status=EVERY_STATUS), ExportFilter(label=("factual",), annotator=("bob",))],
    ids=["default", "every-status", "factual-by-bob"],
)
def test_the_count_is_what_the_export_writes(
    store: Store, tmp_path: Path, fmt: str, export_filter: ExportFilter
) -> None:
    populate(store)
    report = export(store, fmt, tmp_path / "out", export_filter)
    assert count_export(store, fmt, export_filter) == (report.articles, report.claims)
    assert not report.cancelled and report.path.exists()


def test_every_format_includes_only_accepted_claims_by_default(store: Store, tmp_path: Path) -> None:
    populate(store)
    for spec in export_formats():
        articles, claims = count_export(store, spec.name)
        # Accepted: 2 in the first article (one unlabelled suggestion left out), 2 in the second.
        expected = {"claimreview": (1, 1)}.get(spec.name, (2, 4))
        assert (articles, claims) == expected, spec.name
    assert "Accepted claims only" in INCLUSION_RULE


def test_claims_a_format_cannot_hold_are_reported_with_an_example(store: Store, tmp_path: Path) -> None:
    populate(store)
    report = export(store, "prodigy", tmp_path / "p.jsonl", ExportFilter(status=EVERY_STATUS))
    assert any("have no label" in w and "'No one doubts it.'" in w for w in report.warnings)
    assert any("written once" in w for w in report.warnings)  # the accepted and rejected bridge claims


def test_the_suffix_is_added_when_none_was_given(store: Store, tmp_path: Path) -> None:
    populate(store)
    report = export(store, "csv", tmp_path / "native")
    assert report.path == tmp_path / "native.csv" and report.path.exists()
    assert output_path("jsonl", tmp_path / "a.txt") == tmp_path / "a.txt"  # a suffix given is kept
    assert output_path("brat", tmp_path / "folder") == tmp_path / "folder"


def test_a_cancelled_export_leaves_the_previous_file(store: Store, tmp_path: Path) -> None:
    populate(store)
    for fmt in ("jsonl", "csv", "spacy"):
        out = tmp_path / f"out.{fmt}"
        out.write_bytes(b"previous")
        progress = Recorder(cancel_after=1)
        report = export(store, fmt, out, ExportFilter(status=EVERY_STATUS), progress)
        assert report.cancelled and len(progress.steps) == 1 and progress.steps[0].startswith("1/2")
        assert out.read_bytes() == b"previous"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_reports_progress_per_article(store: Store, tmp_path: Path) -> None:
    populate(store)
    progress = Recorder()
    export(store, "csv", tmp_path / "a.csv", ExportFilter.everything(), progress)
    assert progress.steps == ["1/3 Prices", "2/3 @Critics", "3/3 Empty"]


def test_import_lists_skipped_files_and_errors_apart(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "dropped"
    folder.mkdir()
    shutil.copy(DATA / "article.txt", folder / "good.txt")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "bad.jsonl").write_bytes(b"{oops\n")
    report = import_paths(store, [folder], annotator="t", skip_bad=True)
    assert [a.path.name for a in report.articles] == ["good.txt"]
    assert [(s.path.name, s.reason) for s in report.skipped] == [
        ("scan.pdf", "a .pdf file, which is not a type that is imported")
    ]
    assert [e.path.name for e in report.errors] == ["bad.jsonl"]
    assert report.errors[0].message.startswith(f"{folder / 'bad.jsonl'}, line 1: malformed JSON")


def test_a_missing_path_is_an_error(store: Store, tmp_path: Path) -> None:
    report = import_paths(store, [tmp_path / "nowhere.txt"], annotator="t", skip_bad=True)
    assert [e.message for e in report.errors] == [f"{tmp_path / 'nowhere.txt'} does not exist."]


def test_a_cancelled_import_writes_nothing_more(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Article number {n} is here.", encoding="utf-8")
    report = import_paths(store, [folder], annotator="t", progress=Recorder(cancel_after=0))
    assert report.cancelled and report.articles == [] and store.document_ids() == []


def test_format_names_are_unique_and_the_doc_lists_each() -> None:
    names = [spec.name for spec in FORMATS]
    assert len(names) == len(set(names))
    doc = (Path(__file__).parents[2] / "docs" / "formats.md").read_text("utf-8")
    # Regenerate it with: python -m annotator.formats.registry
    assert markdown_table() in doc, "docs/formats.md's table of formats is not the registry's"
    for spec in FORMATS:
        assert f"| `{spec.name}` |" in doc
