"""The peers' formats both ways: Label Studio, UIMA CAS XMI (INCEpTION), brat, Prodigy's annotators and
hashes, and ClaimReview. Each round trip runs on emoji, ZWJ, CJK and CRLF text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from annotator.core.model import STATUSES
from annotator.formats.base import BadInputError, WriteOptions
from annotator.formats.readers import ArticleIn
from annotator.services.exporting import ExportFilter, export
from annotator.services.importing import import_article, import_paths
from annotator.store import Store

from .helpers import DATA, claim, populate

EVERYTHING = ExportFilter(status=STATUSES)
CJK = "据报道，东京电力公司表示，核电站的废水“完全安全”。批评者怀疑这一说法。\r\n第二段落。"


def _unicode_store(store: Store) -> None:
    """CRLF + BOM + ZWJ family + emoji (crlf_emoji.jsonl), CJK with CRLF, and the mixed sample articles."""
    populate(store)
    import_paths(store, [DATA / "crlf_emoji.jsonl"], annotator="tester")
    text = CJK.replace("\r\n", "\n")
    said = "东京电力公司表示，核电站的废水“完全安全”。"
    claims = [
        claim(
            text, said, "attributed", annotator="chen", verdict="mostly false",
            source={"start": text.index("东京电力公司"), "end": text.index("东京电力公司") + 6},
            cue={"start": text.index("表示"), "end": text.index("表示") + 2},
        ),
        claim(text, "批评者怀疑这一说法。", "disputed", annotator="chen", status="suggested", confidence=0.4),
    ]  # fmt: skip
    import_article(
        store, ArticleIn(text, "东京", {"url": "https://example.org/jp"}, claims=claims), annotator="t"
    )


def _key(claim) -> tuple:
    source = claim.source.text if claim.source else None
    cue = claim.cue.text if claim.cue else None
    return (
        claim.text,
        claim.label,
        claim.status,
        claim.annotator,
        source,
        cue,
        claim.verdict,
        claim.evidence,
    )


def _round_trip(store: Store, tmp_path: Path, fmt: str, export_filter: ExportFilter, holds) -> Store:
    report = export(store, fmt, tmp_path / f"out-{fmt}", export_filter)
    back = Store(tmp_path / f"back-{fmt}.db")
    imported = import_paths(back, [report.path], annotator="importer")
    assert imported.errors == [] and imported.skipped == []
    want = sorted((_key(c) for c in store.claims() if holds(c)), key=str)
    assert sorted((_key(c) for c in back.claims()), key=str) == want
    for doc_id in back.document_ids():
        text = back.get_document(doc_id).text
        for c in back.claims(doc_id):
            assert text[c.start : c.end] == c.text
    return back


def test_label_studio_round_trip(store: Store, tmp_path: Path) -> None:
    _unicode_store(store)
    with _round_trip(store, tmp_path, "label-studio", EVERYTHING, lambda c: c.status != "rejected") as back:
        notes = {c.note for c in back.claims()}
        assert "checked\tagainst the =stats" in notes and "=SUM(A1) check" in notes
        ids = {c.id for c in back.claims()}
        assert ids == {c.id for c in store.claims() if c.status != "rejected"}


def test_label_studio_layout_and_config(store: Store, tmp_path: Path) -> None:
    _unicode_store(store)
    report = export(store, "label-studio", tmp_path / "tasks", EVERYTHING)
    assert report.path == tmp_path / "tasks.json"
    assert any("are rejected" in w for w in report.warnings)
    tasks = json.loads(report.path.read_text("utf-8"))
    family = next(t for t in tasks if t["data"]["title"] == "CRLF and emoji")
    assert (
        family["data"]["title"] == "CRLF and emoji"
        and family["data"]["meta"]["url"] == "https://example.org/a"
    )
    (annotation,) = family["annotations"]  # alice's accepted claim; bob's suggestion is a prediction
    region = next(r for r in annotation["result"] if r.get("from_name") == "label")
    text = family["data"]["text"]
    assert text[region["value"]["start"] : region["value"]["end"]] == region["value"]["text"]  # code points
    relations = [r for r in annotation["result"] if r["type"] == "relation"]
    assert {r["labels"][0] for r in relations} == {"has_source", "has_cue"}
    verdict = next(r for r in annotation["result"] if r.get("from_name") == "verdict")
    assert verdict["id"] == region["id"] and verdict["value"]["text"] == ["mostly true"]
    (prediction,) = family["predictions"]
    assert prediction["score"] == 0.5 and prediction["result"][0]["value"]["labels"] == ["disputed"]
    # The labeling config is valid XML naming every tag the tasks use.
    config = ElementTree.fromstring(report.extra_files[0].read_text("utf-8"))
    names = {element.get("name") for element in config.iter() if element.get("name")}
    assert names >= {"label", "part", "text", "verdict", "note", "evidence"}
    values = {element.get("value") for element in config.iter("Label")}
    assert values == {"attributed", "disputed", "factual", "claim", "source", "cue"}


def test_label_studio_own_export_maps_completed_by(store: Store, tmp_path: Path) -> None:
    text = "Paris is big 🗼. Critics doubt it."
    tasks = [
        {
            "id": 7,
            "data": {"text": text},
            "annotations": [
                {"completed_by": 3, "result": [{"id": "a", "from_name": "label", "to_name": "text",
                 "type": "labels", "value": {"start": 0, "end": 15, "text": "Paris is big 🗼.",
                 "labels": ["factual"]}}]},
                {"completed_by": {"email": "ann@example.org"}, "result": [{"id": "b", "from_name": "label",
                 "to_name": "text", "type": "labels",
                 "value": {"start": 16, "end": 33, "labels": ["Disputed"]}}]},
                {"was_cancelled": True, "completed_by": 4, "result": []},
            ],
            "predictions": [17],
        }
    ]  # fmt: skip
    path = tmp_path / "project-1.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    report = import_paths(store, [path], annotator="importer")
    assert sorted((c.text, c.label, c.annotator) for c in store.claims()) == [
        ("Critics doubt it.", "disputed", "ann@example.org"),
        ("Paris is big 🗼.", "factual", "label-studio-user-3"),
    ]
    assert any("1 prediction(s) are listed by id only" in w for w in report.warnings)


def test_label_studio_region_with_other_text_is_refused(store: Store, tmp_path: Path) -> None:
    text = "Paris 🗼 is big."
    value = {"start": 9, "end": 15, "text": "is big", "labels": ["factual"]}  # UTF-16 offsets: one too far
    path = tmp_path / "shifted.json"
    task = {"data": {"text": text}, "annotations": [{"result": [{"type": "labels", "value": value}]}]}
    path.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(BadInputError, match=r"shifted\.json, task 1: region 1 says its text is 'is big'"):
        import_paths(store, [path], annotator="t")
    assert store.document_ids() == []


def test_xmi_round_trip_and_utf16_offsets_in_the_file(store: Store, tmp_path: Path) -> None:
    _unicode_store(store)
    with _round_trip(store, tmp_path, "xmi", EVERYTHING, lambda c: True) as back:
        assert {c.id for c in back.claims()} == {c.id for c in store.claims()}
        assert {c.confidence for c in back.claims()} == {c.confidence for c in store.claims()}
    folder = tmp_path / "out-xmi"
    assert (folder / "TypeSystem.xml").is_file()
    xmi = (folder / "crlf-emoji.xmi").read_text("utf-8")
    # Java counts UTF-16 units: the attributed claim after the ZWJ family (5 code points, 8 units) starts 3
    # units later than its code-point offset.
    (attributed,) = [c for c in store.claims("crlf-emoji") if c.label == "attributed"]
    assert f'begin="{attributed.start + 3}"' in xmi and "<custom:Claim " in xmi


def test_cassis_reads_the_exported_xmi_with_its_type_system(store: Store, tmp_path: Path) -> None:
    from cassis import load_cas_from_xmi, load_typesystem

    _unicode_store(store)
    export(store, "xmi", tmp_path / "xmi", EVERYTHING)
    with (tmp_path / "xmi" / "TypeSystem.xml").open("rb") as handle:
        ts = load_typesystem(handle)
    with (tmp_path / "xmi" / "crlf-emoji.xmi").open("rb") as handle:
        cas = load_cas_from_xmi(handle, typesystem=ts)
    claims = {fs.get_covered_text(): fs for fs in cas.select("webanno.custom.Claim")}
    attributed = claims["As Alice Dupont said, prices rose 5% in 2024 🚀."]
    assert attributed.label == "attributed" and attributed.source.get_covered_text() == "Alice Dupont"
    assert attributed.cue.role == "cue" and attributed.verdict == "mostly true"
    (meta,) = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
    assert meta.documentTitle == "CRLF and emoji"


@pytest.mark.parametrize(
    "payload",
    [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>',
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>',
    ],
    ids=["xxe", "billion-laughs"],
)
def test_xmi_with_a_dtd_is_refused_before_parsing(store: Store, tmp_path: Path, payload: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    export(store, "xmi", tmp_path / "empty")  # any TypeSystem.xml
    shutil.copy(tmp_path / "empty" / "TypeSystem.xml", folder / "TypeSystem.xml")
    (folder / "evil.xmi").write_text(payload, encoding="utf-8")
    with pytest.raises(BadInputError, match=r"evil\.xmi, line 1: the XML has a document type declaration"):
        import_paths(store, [folder], annotator="t")


def test_xmi_without_its_type_system_is_refused(store: Store, tmp_path: Path) -> None:
    populate(store)
    export(store, "xmi", tmp_path / "xmi")
    (tmp_path / "xmi" / "TypeSystem.xml").unlink()
    with pytest.raises(BadInputError, match=r"has no TypeSystem\.xml beside it"):
        import_paths(store, [tmp_path / "xmi"], annotator="t")


def test_brat_folder_imports_with_its_claims(store: Store, tmp_path: Path) -> None:
    _unicode_store(store)
    with _round_trip(store, tmp_path, "brat", EVERYTHING, lambda c: True) as back:
        assert {c.id for c in back.claims()} == {c.id for c in store.claims()}


def test_brat_events_attributes_and_free_notes(store: Store, tmp_path: Path) -> None:
    text = "Officials said the bridge 🌉 opened in 1932.\r\nCritics doubt it."
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    first, second = "Officials said the bridge 🌉 opened in 1932.", "Critics doubt it."
    at = text.index(second)  # brat counts the .txt as saved: CRLF is two characters
    ann = [
        f"T1\tattributed 0 {len(first)}\t{first}",
        "T2\tsource 0 9\tOfficials",
        "T3\tcue 10 14\tsaid",
        "E1\tattributed:T1 Source:T2 Cue:T3",
        f"T4\tdisputed {at} {at + len(second)}\t{second}",
        "A1\tStatus T4 suggested",
        "#1\tAnnotatorNotes T4\tneeds a second look",
        "N1\tReference T2 Wikidata:Q1\tOfficials",
    ]
    (tmp_path / "a.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    report = import_paths(store, [tmp_path / "a.txt"], annotator="brat-user")
    claims = {c.label: c for c in store.claims()}
    assert claims["attributed"].source.text == "Officials" and claims["attributed"].cue.text == "said"
    assert claims["disputed"].status == "suggested" and claims["disputed"].note == "needs a second look"
    assert claims["disputed"].text == "Critics doubt it." and claims["disputed"].annotator == "brat-user"
    assert any("1 line(s) of other kinds" in w for w in report.warnings)


def test_brat_line_whose_text_disagrees_is_refused_naming_file_and_line(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Prices 🚀 rose 5% in 2024.", encoding="utf-8")
    # UTF-16 offsets (as a JavaScript tool writes them) land one character late after the emoji.
    (tmp_path / "a.ann").write_text("T1\tfactual 0 6\tPrices\nT2\tfactual 10 14\trose\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"a\.ann, line 2: the annotation's text is 'rose' but the \.txt"):
        import_paths(store, [tmp_path], annotator="t")
    assert store.document_ids() == []


def test_the_cli_imports_a_brat_folder_with_its_claims(store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    populate(store)
    export(store, "brat", tmp_path / "brat")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "new.db"), str(tmp_path / "brat")])
    assert result.exit_code == 0, result.output
    assert "Imported 2 new article(s), 0 already present, 4 claim(s) added" in result.output


def test_prodigy_annotator_and_session_become_the_annotator(store: Store, tmp_path: Path) -> None:
    lines = [
        {"text": "Paris is big.", "spans": [{"start": 0, "end": 5, "label": "factual"}], "answer": "accept",
         "_annotator_id": "claims-alice", "_session_id": "claims-alice", "_dataset": "claims"},
        {"text": "Paris is big.", "spans": [{"start": 0, "end": 13, "label": "factual"}], "answer": "accept",
         "_session_id": "bob"},
    ]  # fmt: skip
    path = tmp_path / "prodigy.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    import_paths(store, [path], annotator="importer")
    assert sorted((c.text, c.annotator) for c in store.claims()) == [
        ("Paris", "alice"),
        ("Paris is big.", "bob"),
    ]


def test_prodigy_hashes_follow_set_hashes(store: Store, tmp_path: Path) -> None:
    from murmurhash import hash as murmur

    populate(store)
    report = export(store, "prodigy", tmp_path / "p.jsonl")
    task = json.loads(report.path.read_text("utf-8").splitlines()[0])
    assert task["_input_hash"] == murmur(json.dumps({"text": task["text"]}, sort_keys=True))
    spans = json.dumps({"spans": task["spans"]}, sort_keys=True)
    assert task["_task_hash"] == murmur(str(task["_input_hash"]) + spans)


def test_claimreview_shape(store: Store, tmp_path: Path) -> None:
    _unicode_store(store)
    options = WriteOptions(publisher="Fact Desk", publisher_url="https://factdesk.example.org/reviews")
    report = export(store, "claimreview", tmp_path / "reviews", EVERYTHING, options=options)
    assert report.path.suffix == ".jsonld"
    document = json.loads(report.path.read_text("utf-8"))
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    assert len(reviews) == report.claims == len([c for c in store.claims() if c.verdict])
    assert any("have no verdict" in w for w in report.warnings)
    for review in reviews:
        assert review["@type"] == "ClaimReview" and isinstance(review["claimReviewed"], str)
        assert review["itemReviewed"]["@type"] == "Claim"
        for appearance in review["itemReviewed"]["appearance"]:
            assert appearance["@type"] == "CreativeWork" and appearance["url"].startswith("https://")
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["author"] == {
            "@type": "Organization",
            "name": "Fact Desk",
            "url": options.publisher_url,
        }
        assert review["url"].startswith(options.publisher_url + "#claim-")
        assert len(review["datePublished"]) == 10
    by_text = {r["claimReviewed"]: r for r in reviews}
    tokyo = by_text["东京电力公司表示，核电站的废水“完全安全”。"]
    assert tokyo["itemReviewed"]["author"] == {"@type": "Person", "name": "东京电力公司"}
    assert tokyo["reviewRating"]["ratingValue"] == 2  # mostly false
    family = by_text["As Alice Dupont said, prices rose 5% in 2024 🚀."]
    assert family["reviewRating"]["ratingValue"] == 4 and family["citation"] == [
        "https://stats.example.org/2024"
    ]
