"""Import: txt, Markdown, HTML and JSONL (native, Prodigy, doccano) in; bad files leave nothing behind."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest

from annotator.formats.readers import BadInputError, read_path, supported_suffixes
from annotator.services.importing import import_paths
from annotator.store import Store

from .helpers import DATA, Recorder, snapshot


def test_every_article_type_is_supported() -> None:
    assert set(supported_suffixes()) >= {".txt", ".md", ".html", ".htm", ".jsonl"}


def test_markdown_is_kept_as_text_and_titled_by_its_first_heading() -> None:
    article = read_path(DATA / "article.md").articles[0]
    assert article.title == "Markets shaken by cheap AI model"
    assert article.text == (DATA / "article.md").read_text("utf-8")  # markup kept: offsets index the file
    assert article.meta["source_path"].endswith("article.md")


def test_html_keeps_the_main_text_and_metadata_and_never_touches_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("HTML import tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    article = read_path(DATA / "article.html").articles[0]
    assert article.title == "Markets shaken by cheap AI model"
    assert article.meta == {
        "url": "https://news.example.org/2025/01/cheap-ai-model",
        "author": "Jane Reporter",
        "published": "2025-01-28",
        "source_path": str(DATA / "article.html"),
    }
    assert "Nvidia saw a 17% drop on Monday" in article.text
    assert "As Perplexity CEO Aravind Srinivas noted" in article.text
    assert "“Café” ☕ 🚀" in article.text
    for marker in ("SCRIPT-MARKER", "NAV-MARKER", "FOOTER-MARKER", "tracker", "color: red"):
        assert marker not in article.text


def test_a_folder_is_imported_recursively_and_a_second_import_adds_nothing(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    (folder / "deeper").mkdir(parents=True)
    shutil.copy(DATA / "article.md", folder / "a.md")
    shutil.copy(DATA / "article.html", folder / "deeper" / "b.htm")
    shutil.copy(DATA / "article.txt", folder / "deeper" / "c.TXT")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # not an article type: ignored inside folders
    report = import_paths(store, [folder], annotator="tester")
    assert report.created == 3
    assert sorted(d.title for d in store.list_documents()) == [
        "Markets shaken by cheap AI model",
        "Markets shaken by cheap AI model",
        "Plain text article",
    ]
    again = import_paths(store, [folder], annotator="tester")
    assert (again.created, again.duplicates) == (0, 3)
    assert len(store.document_ids()) == 3


def test_crlf_bom_and_emoji_offsets_are_remapped_to_the_same_characters(store: Store) -> None:
    raw_lines = (DATA / "crlf_emoji.jsonl").read_bytes().split(b"\r\n")
    raw = json.loads(raw_lines[0])
    import_paths(store, [DATA / "crlf_emoji.jsonl"], annotator="tester")
    doc = store.get_document("crlf-emoji")
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")
    assert doc.text == raw["text"].lstrip("\ufeff").replace("\r\n", "\n")
    claims = {c.id: c for c in store.claims("crlf-emoji")}
    for given in raw["claims"]:
        stored = claims[given["id"]]
        raw_covered = raw["text"][given["start"] : given["end"]]
        assert stored.text == raw_covered.replace("\r\n", "\n")
        assert doc.text[stored.start : stored.end] == stored.text
    attributed = claims["c-attr"]
    assert attributed.source is not None and attributed.source.text == "Alice Dupont"
    assert attributed.cue is not None and doc.text[attributed.cue.start : attributed.cue.end] == "said"
    assert claims["c-emoji"].text == "👩‍👩‍👧 protest"
    assert (attributed.annotator, attributed.confidence, attributed.created_at) == (
        "alice",
        0.82,
        "2026-11-28T17:00:00.000Z",
    )


def test_prodigy_and_doccano_lines_import_as_claims(store: Store) -> None:
    import_paths(store, [DATA / "tasks.jsonl"], annotator="tester")
    ids = store.document_ids()
    assert len(ids) == 3
    spans = [
        [(c.text, c.label, c.status, c.origin, c.annotator) for c in store.claims(doc_id)] for doc_id in ids
    ]
    assert spans[0] == [
        ("Nvidia saw a 17% drop on Monday.", "factual", "accepted", "import", "tester"),
        (
            "As Perplexity CEO Aravind Srinivas noted, chips were scarce.",
            "attributed",
            "accepted",
            "import",
            "tester",
        ),
    ]
    assert spans[1] == [
        ("Nvidia Corp.", "factual", "accepted", "import", "tester"),
        ("Some doubt the costs.", "disputed", "accepted", "import", "tester"),
    ]
    assert spans[2][0][:2] == ("Officials said the bridge opened in 1932.", "attributed")
    assert store.get_document(ids[0]).meta == {"source": "prodigy", "source_path": str(DATA / "tasks.jsonl")}


def test_reimport_merges_claims_by_span_and_annotator(store: Store, tmp_path: Path) -> None:
    import_paths(store, [DATA / "crlf_emoji.jsonl"], annotator="tester")
    before = snapshot(store)
    report = import_paths(store, [DATA / "crlf_emoji.jsonl"], annotator="tester")
    assert sum(a.claims_added for a in report.articles) == 0
    assert snapshot(store)[:2] == before[:2]
    # Same text and spans but new claim ids and one new annotator: only that annotator's claims are added.
    record = json.loads((DATA / "crlf_emoji.jsonl").read_bytes().split(b"\r\n")[0])
    for number, item in enumerate(record["claims"]):
        item["id"] = f"other-{number}"
    record["claims"][0]["annotator"] = "carol"
    path = tmp_path / "again.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    report = import_paths(store, [path], annotator="tester")
    assert [a.claims_added for a in report.articles] == [1]
    assert sorted(c.annotator for c in store.claims("crlf-emoji")) == ["alice", "alice", "bob", "carol"]


def test_a_claim_id_used_by_another_article_gets_a_new_id(store: Store, tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "First article text.", "claims": [{"id": "same", "start": 0, "end": 5}]},
        {"id": "b", "text": "Second article text.", "claims": [{"id": "same", "start": 0, "end": 6}]},
    ]
    path = tmp_path / "clash.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    import_paths(store, [path], annotator="tester")
    first, second = store.claims("a"), store.claims("b")
    assert first[0].id == "same" and second[0].id != "same"
    assert (first[0].text, second[0].text) == ("First", "Second")


GOOD_LINE = json.dumps({"id": "ok", "text": "A good article that comes first."})


def _native(article: str, **claim: object) -> str:
    return json.dumps({"text": article, "claims": [claim]})


BAD_JSONL = {
    "malformed JSON": ([GOOD_LINE, '{"text": "broken", '], "line 2: malformed JSON"),
    "invalid UTF-8": ([GOOD_LINE, b'{"text": "caf\xe9 au lait"}'], "line 2: the line is not valid UTF-8"),
    "claim past the end": (
        [GOOD_LINE, _native("Short text.", start=3, end=40, label="factual")],
        "line 2: claim 1 covers 3–40, which lies outside its text (0–11)",
    ),
    "negative start": ([_native("Short text.", start=-1, end=4)], "line 1: claim 1 covers -1–4"),
    "unknown native label": (
        [GOOD_LINE, _native("Short text.", start=0, end=5, label="opinion")],
        "line 2: claim 1 has label 'opinion'",
    ),
    "unknown Prodigy label": (
        [GOOD_LINE, json.dumps({"text": "Paris is big.", "spans": [{"start": 0, "end": 5, "label": "GPE"}]})],
        "line 2: span 1 has label 'GPE', which is not one of attributed, disputed, factual",
    ),
    "unknown doccano label": (
        [json.dumps({"text": "Paris is big.", "label": [[0, 5, "LOC"]]})],
        "line 1: label 1 has label 'LOC'",
    ),
    "UTF-16 offsets": (
        [_native("🚀 Rockets fly.", start=3, end=10, text="Rockets")],
        "line 1: claim 1 says its text is 'Rockets' but the article has 'ockets ' at 3–10",
    ),
    "no text": ([GOOD_LINE, GOOD_LINE, '{"title": "only a title"}'], "line 3: there is no article text"),
    "not an object": (['["a", "list"]'], "line 1: expected a JSON object"),
}


def _write_lines(path: Path, lines: list[str | bytes]) -> None:
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode("utf-8") for line in lines))


@pytest.mark.parametrize("case", list(BAD_JSONL))
def test_a_bad_jsonl_file_is_refused_naming_file_and_line_and_leaves_the_database_as_it_was(
    store: Store, tmp_path: Path, case: str
) -> None:
    import_paths(store, [DATA / "tasks.jsonl"], annotator="tester")
    before = snapshot(store)
    lines, expected = BAD_JSONL[case]
    path = tmp_path / "bad.jsonl"
    _write_lines(path, lines)
    with pytest.raises(BadInputError) as error:
        import_paths(store, [path], annotator="tester")
    message = str(error.value)
    assert message.startswith(f"{path}, ") and expected in message
    assert message.count(". ") == 0 and "\n" not in message  # one sentence
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("binary.txt", b"%PDF\x00\x01\x02 not text", "is not a text file (it contains NUL bytes"),
        ("empty.md", b"\n  \n", "is empty"),
        ("empty.html", b"<html><body><script>var a = 1;</script></body></html>", "no article text"),
        ("empty.jsonl", b"\n\n", "is empty"),
        ("data.csv", b"a,b\n", "unsupported file type"),
    ],
)
def test_other_bad_files_are_refused_with_one_sentence(
    store: Store, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(store)
    with pytest.raises(BadInputError, match="^" + str(path).replace("\\", "\\\\")) as error:
        import_paths(store, [path], annotator="tester")
    assert expected in str(error.value)
    assert snapshot(store) == before


def test_a_claim_error_found_while_storing_rolls_back_the_whole_file(store: Store, tmp_path: Path) -> None:
    # Line 1 is fine and is stored before line 2's claim fails the schema (an unknown status): both go.
    lines = [
        json.dumps({"text": "First article.", "claims": [{"start": 0, "end": 5, "label": "factual"}]}),
        _native("Second article.", start=0, end=6, status="maybe"),
    ]
    path = tmp_path / "late.jsonl"
    _write_lines(path, lines)
    before = snapshot(store)
    with pytest.raises(BadInputError, match=r"late\.jsonl, line 2: claim 1 has status 'maybe'"):
        import_paths(store, [path], annotator="tester")
    assert snapshot(store) == before


def test_utf16_and_cp1252_text_files_are_decoded(tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("Café 🚀 news\r\n".encode("utf-16"))
    assert read_path(utf16).articles[0].text == "Café 🚀 news\n"
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\xe9 \x93quoted\x94".encode("latin-1"))
    result = read_path(legacy)
    assert result.articles[0].text == "Café “quoted”"
    assert result.warnings and "cp1252" in result.warnings[0]


def test_skip_bad_imports_the_good_files_and_lists_the_bad(store: Store, tmp_path: Path) -> None:
    shutil.copy(DATA / "article.txt", tmp_path / "good.txt")
    (tmp_path / "bad.jsonl").write_text('{"text": "x"\n', encoding="utf-8")
    shutil.copy(DATA / "tasks.jsonl", tmp_path / "tasks.jsonl")
    report = import_paths(store, [tmp_path], annotator="tester", skip_bad=True)
    assert report.created == 4
    assert len(report.bad_files) == 1 and "bad.jsonl, line 1: malformed JSON" in report.bad_files[0]


@pytest.mark.parametrize("skip_bad", [True, False])
def test_a_file_refused_while_written_leaves_the_rest_of_its_batch(
    store: Store, tmp_path: Path, skip_bad: bool
) -> None:
    """Files are written in batches, one transaction each (services/importing.py). A file whose article
    was already written when one of its claims is refused is undone by its savepoint alone: the files
    before it stay, and with --skip-bad the ones after it too. Progress names only committed files."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First article, fine.\n", encoding="utf-8")
    _write_lines(folder / "b.jsonl", [_native("Second article.", start=0, end=6, status="maybe")])
    (folder / "c.txt").write_text("Third article, fine.\n", encoding="utf-8")
    progress: list[str] = []

    def run() -> list[str]:
        report = import_paths(
            store, [folder], annotator="tester", skip_bad=skip_bad,
            progress=Recorder(progress),
        )  # fmt: skip
        return report.bad_files

    if skip_bad:
        assert len(run()) == 1
        assert progress == [
            f"{n}/3 {folder / name}" for n, name in ((1, "a.txt"), (2, "b.jsonl"), (3, "c.txt"))
        ]
        titles = ["First article, fine.", "Third article, fine."]
    else:
        with pytest.raises(BadInputError, match=r"b\.jsonl, line 1: claim 1 has status 'maybe'"):
            run()
        assert progress == [f"1/3 {folder / 'a.txt'}"]
        titles = ["First article, fine."]
    assert [store.get_document(d).title for d in store.document_ids()] == titles
    assert store.claims() == []
    assert store.conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == len(titles)


def test_a_savepoint_needs_a_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError, match="transaction"), store.savepoint():
        pass
