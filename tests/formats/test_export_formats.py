"""Export: each format through the service, the byte-identical round trip, filters, atomic writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.core.model import STATUSES, ValidationError
from annotator.formats import writers
from annotator.formats.atomic import WriteTargetError, atomic_write
from annotator.formats.base import WriteOptions
from annotator.formats.brat import write_brat_folder
from annotator.formats.docbin import write_docbin
from annotator.formats.readers import read_path
from annotator.formats.registry import export_formats
from annotator.services.exporting import ExportFilter, count_export, export
from annotator.services.importing import import_paths
from annotator.store import Store

from .helpers import DATA, populate

ALL = ExportFilter.everything()
CODE_POINTS = WriteOptions(doccano_offsets="code-points")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line]


def test_native_jsonl_round_trip_is_byte_identical(store: Store, tmp_path: Path) -> None:
    populate(store)
    import_paths(store, [DATA / "crlf_emoji.jsonl", DATA / "tasks.jsonl"], annotator="tester")
    first = tmp_path / "first.jsonl"
    report = export(store, "jsonl", first, ALL)
    assert (report.articles, report.claims) == (8, 14)
    with Store(tmp_path / "empty.db") as fresh:
        import_paths(fresh, [first], annotator="someone-else")
        second = tmp_path / "second.jsonl"
        export(fresh, "jsonl", second, ALL)
    assert second.read_bytes() == first.read_bytes()


def test_native_jsonl_follows_the_schema(store: Store, tmp_path: Path) -> None:
    populate(store)
    out = tmp_path / "out.jsonl"
    export(store, "jsonl", out, ALL)
    records = _lines(out)
    assert [list(r) for r in records] == [["id", "title", "text", "meta", "claims"]] * 3
    assert list(records[0]["meta"]) == ["url", "author", "published", "source_path"]
    assert list(records[2]["meta"].values()) == [None, None, None, None]
    first = records[0]["claims"][0]
    assert list(first) == [
        "id", "start", "end", "text", "label", "status", "source", "cue", "verdict", "note", "evidence",
        "annotator", "origin", "confidence", "created_at", "updated_at", "basis",
    ]  # fmt: skip
    for record in records:
        for item in record["claims"]:
            assert record["text"][item["start"] : item["end"]] == item["text"]
    assert first["source"]["text"] == "Alice" and first["evidence"] == [
        "https://stats.example.org/a",
        "https://stats.example.org/b",
    ]


def test_line_separators_inside_text_do_not_split_a_record(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "One\u2028two\u2029three\u00a0four"}) + "\n", encoding="utf-8")
    import_paths(store, [path], annotator="tester")
    out = tmp_path / "out.jsonl"
    export(store, "jsonl", out, ALL)
    data = out.read_bytes()
    assert b"\\u2028" in data and len(data.decode("utf-8").splitlines()) == 1
    assert _lines(out)[0]["text"] == "One\u2028two\u2029three\u00a0four"


def test_prodigy_spans_align_with_tokens(store: Store, tmp_path: Path) -> None:
    populate(store)
    out = tmp_path / "prodigy.jsonl"
    report = export(store, "prodigy", out)
    tasks = _lines(out)
    # Accepted claims by default; the rejected, suggested and unlabelled ones and the empty article stay out.
    assert (report.articles, report.claims) == (2, 4)
    assert count_export(store, "prodigy") == (2, 4)
    for task in tasks:
        keys = ["text", "tokens", "spans", "_input_hash", "_task_hash", "answer", "meta"]
        assert [k for k in task if k != "_annotator_id"] == keys
        text, tokens = task["text"], task["tokens"]
        assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == text
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        for token in tokens:
            assert text[token["start"] : token["end"]] == token["text"]
        for span in task["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]  # token_end is inclusive
        assert isinstance(task["_input_hash"], int) and isinstance(task["_task_hash"], int)
        assert task["answer"] == "accept"
    assert tasks[0]["meta"]["title"] == "Prices"
    # One annotator's spans carry their name; a task with several annotators' spans carries none.
    assert "_annotator_id" not in tasks[0] and tasks[1]["_annotator_id"] == "alice"
    assert [(s["label"], tasks[1]["text"][s["start"] : s["end"]]) for s in tasks[1]["spans"]] == [
        ("disputed", "Critics doubt the figures 👩‍👩‍👧."),
        ("factual", "The bridge opened in 1932."),
    ]
    # The same export twice gives the same hashes (Prodigy dedupes by them).
    again = tmp_path / "again.jsonl"
    export(store, "prodigy", again)
    assert again.read_bytes() == out.read_bytes()


def test_a_span_inside_a_token_splits_the_token(tmp_path: Path) -> None:
    from annotator.core.model import Claim, Document

    doc = Document("d", "t", "Unbelievable claims.")
    claim = Claim("c", "d", 2, 12, "believable", label="factual")
    out = tmp_path / "p.jsonl"
    writers.write_prodigy(out, [(doc, [claim])])
    task = _lines(out)[0]
    assert [t["text"] for t in task["tokens"]] == ["Un", "believable", "claims", "."]
    assert task["spans"][0] == {"start": 2, "end": 12, "token_start": 1, "token_end": 1, "label": "factual"}


def test_prodigy_and_doccano_exports_import_back_with_the_same_spans(store: Store, tmp_path: Path) -> None:
    populate(store)
    for fmt in ("prodigy", "doccano"):
        out = tmp_path / f"{fmt}.jsonl"
        export(store, fmt, out)
        with Store(tmp_path / f"{fmt}.db") as fresh:
            import_paths(fresh, [out], annotator="tester")
            got = [(c.text, c.label) for c in fresh.claims()]
        want = [(c.text, c.label) for c in store.claims(status=["accepted"]) if c.label]
        assert sorted(got) == sorted(set(want))


def test_doccano_layout(store: Store, tmp_path: Path) -> None:
    populate(store)
    out = tmp_path / "doccano.jsonl"
    report = export(store, "doccano", out, ExportFilter(status=("accepted", "rejected")), options=CODE_POINTS)
    records = _lines(out)
    assert [list(r) for r in records] == [["text", "title", "meta", "entities", "relations"]] * 2
    first, second = records
    assert first["title"] == "Prices" and first["meta"]["url"] == "https://example.org/p"
    # The accepted and the rejected claim on the same span with the same label are one doccano entity.
    spans = [(second["text"][e["start_offset"] : e["end_offset"]], e["label"]) for e in second["entities"]]
    assert spans == [
        ("Critics doubt the figures 👩‍👩‍👧.", "disputed"),
        ("The bridge opened in 1932.", "factual"),
    ]
    # Source and cue are entities joined to their claim by relations.
    by_id = {e["id"]: e for e in first["entities"]}
    joined = {
        (
            by_id[r["from_id"]]["label"],
            r["type"],
            first["text"][by_id[r["to_id"]]["start_offset"] : by_id[r["to_id"]]["end_offset"]],
        )
        for r in first["relations"]
    }
    assert joined == {("attributed", "has_source", "Alice"), ("attributed", "has_cue", "said")}
    assert any("overlapping spans" in w and "Allow overlapping spans" in w for w in report.warnings)
    assert any("outside the Basic Multilingual Plane" in w for w in report.warnings)


def test_doccano_offsets_default_to_utf16_and_read_back_either_way(store: Store, tmp_path: Path) -> None:
    from annotator.formats.base import ReadOptions

    populate(store)
    utf16 = tmp_path / "utf16.jsonl"
    export(store, "doccano", utf16)
    record = _lines(utf16)[1]
    text = record["text"]
    family = next(e for e in record["entities"] if e["label"] == "disputed")
    # doccano's editor is JavaScript: "Critics doubt the figures 👩‍👩‍👧." is 33 UTF-16 units, 31 code points.
    assert (
        family["end_offset"] - family["start_offset"]
        == len("Critics doubt the figures 👩‍👩‍👧.".encode("utf-16-le")) // 2
    )
    assert text[family["start_offset"] : family["end_offset"]] != "Critics doubt the figures 👩‍👩‍👧."
    code_points = tmp_path / "cp.jsonl"
    export(store, "doccano", code_points, options=CODE_POINTS)
    want = sorted((c.text, c.label) for c in store.claims(status=["accepted"]) if c.label)
    for path, unit in ((utf16, "utf-16"), (code_points, "code-points")):
        with Store(tmp_path / f"{unit}.db") as back:
            report = import_paths(back, [path], annotator="tester", options=ReadOptions(doccano_offsets=unit))
            assert sorted((c.text, c.label) for c in back.claims()) == sorted(set(want))
            (attributed,) = [c for c in back.claims() if c.label == "attributed"]
            assert (attributed.source.text, attributed.cue.text) == ("Alice", "said")
            assert {a.title for a in report.articles} == {"Prices", "@Critics"}
            assert any("Basic Multilingual Plane" in w for w in report.warnings)
    # Read in the wrong unit, an offset inside an emoji is refused, naming the line.
    with Store(tmp_path / "wrong.db") as back, pytest.raises(Exception, match=r"line 2: .*two UTF-16 units"):
        import_paths(back, [code_points], annotator="tester", options=ReadOptions(doccano_offsets="utf-16"))


def test_doccano_row_id_is_not_our_article_id(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "doccano-export.jsonl"
    line = {
        "id": 7,
        "text": "Paris is big.",
        "entities": [{"id": 1, "start_offset": 0, "end_offset": 5, "label": "factual"}],
        "relations": [],
        "Comments": [],
    }
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (article,) = import_paths(store, [path], annotator="tester").articles
    assert article.doc_id != "7"
    assert store.get_document(article.doc_id).meta["doccano_id"] == 7


def test_spacy_docbin_loads_with_the_claims_as_spans(store: Store, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    populate(store)
    out = tmp_path / "train.spacy"
    report = export(store, "spacy", out, ExportFilter(status=("accepted", "suggested")))
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert report.articles == len(docs) == 2
    # The suggestion without a label is left out, and said so with an example.
    assert any(w.startswith("1 claim(s) have no label") and "No one doubts it." in w for w in report.warnings)
    spans = [[(s.text, s.label_) for s in doc.spans["sc"]] for doc in docs]
    assert spans == [
        [
            ("Prices rose 5% in 2024 🚀, Alice said.", "attributed"),
            ("-10 is the low =SUM(A1) claims Bob.", "factual"),
        ],
        [("Critics doubt the figures 👩‍👩‍👧.", "disputed"), ("The bridge opened in 1932.", "factual")],
    ]
    assert docs[0].user_data["title"] == "Prices"
    assert docs[1].text == store.get_document(docs[1].user_data["id"]).text


def test_csv_has_one_row_per_claim_and_no_live_formulas(store: Store, tmp_path: Path) -> None:
    populate(store)
    out = tmp_path / "claims.csv"
    report = export(store, "csv", out, ALL)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert report.claims == len(rows) == 6
    assert list(rows[0]) == list(writers.CSV_COLUMNS)
    first = rows[0]
    assert (first["start"], first["label"], first["source"], first["cue"]) == (
        "0",
        "attributed",
        "Alice",
        "said",
    )
    assert first["text"] == "Prices rose 5% in 2024 🚀, Alice said."
    assert first["note"] == "checked\tagainst the =stats"  # only a leading = or tab is dangerous
    assert first["evidence"] == "https://stats.example.org/a https://stats.example.org/b"
    assert rows[1]["text"] == "'-10 is the low =SUM(A1) claims Bob."
    assert rows[3]["article_title"] == "'@Critics"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, safe: str) -> None:
    assert writers.neutralise(cell) == safe


def test_brat_offsets_are_code_points(store: Store, tmp_path: Path) -> None:
    populate(store)
    import_paths(store, [DATA / "crlf_emoji.jsonl"], annotator="tester")
    out = tmp_path / "brat"
    report = export(store, "brat", out, ALL)
    assert report.articles == 5
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".conf") == ["annotation.conf", "visual.conf"]
    text = (out / "crlf-emoji.txt").read_bytes().decode("utf-8")
    assert text == store.get_document("crlf-emoji").text
    ann = (out / "crlf-emoji.ann").read_text("utf-8").splitlines()
    entities = [line.split("\t") for line in ann if line.startswith("T")]
    for _, type_offsets, covered in entities:
        fragments = [tuple(map(int, f.split())) for f in type_offsets.split(" ", 1)[1].split(";")]
        assert " ".join(text[a:b] for a, b in fragments) == covered
    by_text = {covered: type_offsets for _, type_offsets, covered in entities}
    emoji = by_text["👩‍👩‍👧 protest"]
    start = text.index("👩")
    assert emoji == f"factual {start} {start + len('👩‍👩‍👧 protest')}"  # 5 code points for the family
    # The claim across a line break is one span in two fragments.
    crossing = next(t for t in by_text.values() if ";" in t)
    assert crossing.startswith("disputed ")
    attributed = next(line.split("\t")[0] for line in ann if line.startswith("T") and "\tattributed " in line)
    assert f"R1\thas_source Arg1:{attributed} Arg2:T{int(attributed[1:]) + 1}" in ann
    notes = [line for line in ann if line.startswith("#")]
    assert (
        f"AnnotatorNotes {attributed}\tstatus: accepted; annotator: alice; id: c-attr; verdict: mostly true"
        in ("\n".join(notes))
    )


def test_brat_replaces_an_earlier_export_but_not_a_folder_of_other_files(
    store: Store, tmp_path: Path
) -> None:
    populate(store)
    out = tmp_path / "brat"
    export(store, "brat", out, ALL)
    (out / "stale.ann").write_text("", encoding="utf-8")
    export(store, "brat", out, ExportFilter(label=("disputed",)))
    assert sorted(p.stem for p in out.glob("*.ann")) == [store.document_ids()[1]]
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"...")
    with pytest.raises(WriteTargetError, match="not from an earlier export"):
        export(store, "brat", precious)
    assert (precious / "thesis.docx").read_bytes() == b"..."
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_filters_select_claims(store: Store, tmp_path: Path) -> None:
    populate(store)
    out = tmp_path / "f.jsonl"
    every_status = ExportFilter(
        status=("suggested", "accepted", "rejected"), label=("factual",), annotator=("bob",)
    )
    report = export(store, "jsonl", out, every_status)
    assert [(c["text"], c["status"]) for r in _lines(out) for c in r["claims"]] == [
        ("-10 is the low =SUM(A1) claims Bob.", "accepted"),
        ("The bridge opened in 1932.", "rejected"),
    ]
    assert report.articles == 2  # the articles with a claim that passes
    # The default, in every format: accepted claims only.
    report = export(store, "jsonl", out, ExportFilter(label=("factual",), annotator=("bob",)))
    assert [c["status"] for r in _lines(out) for c in r["claims"]] == ["accepted"]
    report = export(store, "csv", out.with_suffix(".csv"), ExportFilter(status=("suggested",)))
    assert (report.articles, report.claims) == (1, 1)
    with pytest.raises(ValidationError, match="status 'done'"):
        export(store, "jsonl", out, ExportFilter(status=("done",)))
    with pytest.raises(ValidationError, match="format 'xml'"):
        export(store, "xml", out)


def test_every_export_format_has_a_file_filter_with_its_suffix() -> None:
    for spec in export_formats():
        assert spec.file_filter.endswith(f"(*{spec.suffix})"), spec.name  # the window's Export dialog


def test_a_failed_export_leaves_the_existing_file_untouched(store: Store, tmp_path: Path) -> None:
    populate(store)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous export\n")

    def broken_records():
        yield store.get_document(store.document_ids()[0]), store.claims(store.document_ids()[0])
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        writers.write_jsonl(out, broken_records())
    assert out.read_bytes() == b"previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl", "test.db"] or all(
        not p.name.startswith(".out.jsonl") for p in tmp_path.iterdir()
    )


def test_unwritable_targets_give_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(WriteTargetError, match=r"the folder .* does not exist"):
        atomic_write(tmp_path / "missing" / "x.jsonl", b"")
    with pytest.raises(WriteTargetError, match="it is a folder"):
        atomic_write(tmp_path, b"")
    (tmp_path / "file").write_bytes(b"keep")
    with pytest.raises(WriteTargetError, match="it is a file, and this format writes a folder"):
        write_brat_folder(tmp_path / "file", [])
    assert (tmp_path / "file").read_bytes() == b"keep"


def test_an_exported_html_article_keeps_its_metadata(store: Store, tmp_path: Path) -> None:
    import_paths(store, [DATA / "article.html"], annotator="tester")
    out = tmp_path / "out.jsonl"
    export(store, "jsonl", out, ALL)
    record = _lines(out)[0]
    assert record["meta"]["author"] == "Jane Reporter"
    assert read_path(out).articles[0].meta == record["meta"]


def test_a_folder_without_write_permission_is_reported(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tests may run as root, which ignores permission bits: ask os.access the way a user would.
    import annotator.formats.atomic as atomic

    populate(store)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"keep")
    monkeypatch.setattr(atomic.os, "access", lambda path, mode: Path(path) != tmp_path)
    with pytest.raises(WriteTargetError, match=r"the folder .* is not writable"):
        export(store, "jsonl", out)
    assert out.read_bytes() == b"keep"


@pytest.mark.parametrize("failing", ["producer", "writer"])
def test_a_chunked_write_that_fails_leaves_the_existing_file_untouched(tmp_path: Path, failing: str) -> None:
    """Chunks are written by a second thread (formats/atomic.py); a failure on either side reaches the
    caller, and neither a half-written target nor a temporary file is left."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous export\n")

    def chunks():
        for _ in range(40):  # past WRITEBACK_EVERY_BYTES, so part of the file is on its way to disk
            yield b"x" * (1 << 20)
        if failing == "producer":
            raise RuntimeError("disk pulled out")
        yield "not bytes"  # the writer thread's write raises TypeError

    with pytest.raises(RuntimeError if failing == "producer" else TypeError):
        atomic_write(out, chunks())
    assert out.read_bytes() == b"previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_chunks_are_written_in_order(tmp_path: Path) -> None:
    parts = [bytes([65 + n % 26]) * (n * 4099 % 300_000) for n in range(200)]
    atomic_write(tmp_path / "out", iter(parts))
    assert (tmp_path / "out").read_bytes() == b"".join(parts)


def test_the_fast_jsonl_path_writes_what_claim_to_json_dict_gives(store: Store, tmp_path: Path) -> None:
    populate(store)
    import_paths(store, [DATA / "crlf_emoji.jsonl", DATA / "article.html"], annotator="tester")
    fast = tmp_path / "fast.jsonl"
    export(store, "jsonl", fast, ALL)
    slow = tmp_path / "slow.jsonl"
    records = [(store.get_document(doc_id), store.claims(doc_id)) for doc_id in store.document_ids()]
    writers.write_jsonl(slow, records)
    assert fast.read_bytes() == slow.read_bytes()


@pytest.mark.parametrize("selection", [(9, 15), (9, 10), (23, 24), (0, 24), (1, 3)])
def test_token_formats_take_spans_that_start_or_end_on_whitespace(
    tmp_path: Path, selection: tuple[int, int]
) -> None:
    import spacy
    from spacy.tokens import DocBin

    from annotator.core.model import Claim, Document

    doc = Document("d", "t", "Officials said it rose. ")
    start, end = selection
    claim = Claim("c", "d", start, end, doc.text[start:end], label="attributed")
    writers.write_prodigy(tmp_path / "p.jsonl", [(doc, [claim])])
    task = _lines(tmp_path / "p.jsonl")[0]
    span = task["spans"][0]
    assert task["tokens"][span["token_start"]]["start"] == start
    assert task["tokens"][span["token_end"]]["end"] == end
    counts = write_docbin(tmp_path / "t.spacy", [(doc, [claim])])
    (loaded,) = DocBin().from_disk(tmp_path / "t.spacy").get_docs(spacy.blank("en").vocab)
    assert loaded.text == doc.text
    # In the DocBin, outer spaces are trimmed (spaCy keeps them as a token's trailing whitespace); a claim
    # of spaces alone cannot be a span, and is reported.
    trimmed = doc.text[start:end].strip()
    if not trimmed:
        assert len(loaded.spans["sc"]) == 0 and "are only spaces" in counts.sentences()[0]
        return
    (span,) = loaded.spans["sc"]
    first = start + len(doc.text[start:end]) - len(doc.text[start:end].lstrip())
    assert span.start_char <= first and span.end_char >= first + len(trimmed)
    if span.text != trimmed:  # inside a word: widened to whole tokens, and said so
        assert "widened to whole tokens" in counts.sentences()[0]


def test_two_claims_of_one_annotator_on_one_span_round_trip(store: Store, tmp_path: Path) -> None:
    text = "Officials said it rose."
    line = {
        "text": text,
        "claims": [
            {"id": "a", "start": 0, "end": 9, "label": "attributed", "annotator": "alice"},
            {"id": "b", "start": 0, "end": 9, "label": "disputed", "annotator": "alice"},
        ],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(line) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    import_paths(store, [source], annotator="tester")
    assert sorted(c.id for c in store.claims()) == ["a", "b"]  # the repeated line added nothing
    first = tmp_path / "a.jsonl"
    export(store, "jsonl", first)
    with Store(tmp_path / "back.db") as back:
        import_paths(back, [first], annotator="tester")
        import_paths(back, [first], annotator="tester")  # and a re-import merges
        assert len(back.claims()) == 2
        export(back, "jsonl", tmp_path / "b.jsonl")
    assert (tmp_path / "b.jsonl").read_bytes() == first.read_bytes()


def test_a_repeated_prodigy_line_adds_no_claims(store: Store, tmp_path: Path) -> None:
    line = json.dumps({"text": "Paris is big.", "spans": [{"start": 0, "end": 5, "label": "factual"}]})
    path = tmp_path / "p.jsonl"
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    import_paths(store, [path], annotator="tester")
    import_paths(store, [path], annotator="tester")
    assert [(c.text, c.label) for c in store.claims()] == [("Paris", "factual")]


@pytest.mark.parametrize("without_stored_json", ["none", "some", "all"])
def test_sqlite_rendered_jsonl_matches_orjson_on_awkward_values(
    store: Store, tmp_path: Path, without_stored_json: str
) -> None:
    """The jsonl export joins each article's stored head and claims' stored JSON, or renders them (claims
    in SQLite: json_object) where another tool changed the row; the other writers' path dumps
    ``Claim.to_json_dict()`` with orjson. All must give the same bytes: floats SQLite prints with 15
    digits, escapes, non-BMP and invisible characters, null label/source/cue, quotes and backslashes,
    claims stored out of order."""
    from annotator.core.model import Claim, Document, Span

    text = 'Q "x" \\ y\u00a0z\u2028w\u2029 😀 👩‍👩‍👧 tab\there \x01\x1f\x7f end\n' * 3
    meta = {"source_path": "a\u2028b", "extra": [1]}
    doc, _ = store.insert_document(Document("", 'T "1" \\ 😀', text, meta))
    awkward = {"a": 0.1 + 0.2, "b": 0.82, "c": None, "d": 1.0, "e": 0.0, "f": 1e-05, "g": 1 / 3}
    with store.transaction():
        for number, (name, confidence) in reversed(list(enumerate(awkward.items()))):
            start = number * 5
            store.insert_claim(
                Claim(
                    id=name, doc_id=doc.id, start=start, end=start + 20, text=text[start : start + 20],
                    label=None if number % 2 else "factual", status="suggested",
                    source=Span(start, start + 2, text[start : start + 2]) if number % 3 == 0 else None,
                    cue=Span(start + 3, start + 4, text[start + 3 : start + 4]) if number % 3 == 1 else None,
                    verdict='v "q" \\' if number == 1 else None,
                    note="n\u2028\x00\t😀" if number == 2 else None,
                    evidence=("https://e.org/a?b=\"c\"", "d\u2029\\") if number == 3 else (),
                    annotator='ann "x"', origin="suggester", confidence=confidence,
                    created_at="2026-11-28T17:00:00.000Z", updated_at="2026-11-28T17:00:00.000Z",
                )
            )  # fmt: skip
    store.insert_document(Document("", "no claims", "Empty.", {}))
    where = {"none": "0", "some": "id IN ('a', 'd', 'g')", "all": "1"}[without_stored_json]
    store.conn.execute(f"UPDATE claims SET native_json = NULL WHERE {where}")
    if without_stored_json != "none":  # and the awkward article's stored head
        store.conn.execute("UPDATE documents SET native_head = NULL WHERE id = ?", (doc.id,))
    for filters in ({}, {"label": ("factual",)}, {"status": ("accepted",)}, {"annotator": ('ann "x"',)}):
        fast = tmp_path / "fast.jsonl"
        export(store, "jsonl", fast, ExportFilter(**{"status": STATUSES, "all_articles": True, **filters}))
        slow = tmp_path / "slow.jsonl"
        records = [
            (store.get_document(doc_id), store.claims(doc_id, **filters)) for doc_id in store.document_ids()
        ]
        writers.write_jsonl(slow, records)
        assert fast.read_bytes() == slow.read_bytes(), filters
    export(store, "jsonl", fast, ALL)
    confidences = [c["confidence"] for c in _lines(fast)[0]["claims"]]
    assert confidences == list(awkward.values())
    assert b'"confidence":0.30000000000000004,' in fast.read_bytes()
    with Store(tmp_path / "back.db") as back:
        import_paths(back, [fast], annotator="tester")
        export(back, "jsonl", tmp_path / "back.jsonl", ALL)
    assert (tmp_path / "back.jsonl").read_bytes() == fast.read_bytes()


def test_jsonl_export_reads_a_damaged_byte_as_the_store_does(store: Store, tmp_path: Path) -> None:
    """A byte that is not UTF-8 inside a stored claim text exports as U+FFFD (what the store's lenient
    reads show), in the same bytes as the Python path."""
    populate(store)
    ids = [c.id for c in store.claims()]
    store.conn.execute(
        "UPDATE claims SET note = CAST(X'41C0220A42E282' AS TEXT), verdict = CAST(X'FF' AS TEXT)"
        " WHERE id = ?",
        (ids[0],),
    )
    fast = tmp_path / "fast.jsonl"
    export(store, "jsonl", fast, ALL)
    slow = tmp_path / "slow.jsonl"
    writers.write_jsonl(slow, [(store.get_document(d), store.claims(d)) for d in store.document_ids()])
    assert fast.read_bytes() == slow.read_bytes()
    notes = [c["note"] for r in _lines(fast) for c in r["claims"] if c["id"] == ids[0]]
    assert notes == ['A\ufffd"\nB\ufffd']
