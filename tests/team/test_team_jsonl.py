"""The ``basis`` key of native JSONL: decisions survive export → import → export byte for byte, and files
written before decisions had a basis still import."""

from __future__ import annotations

import json

from annotator.core.model import decision_id
from annotator.services.claims import add_claim, claims_for, reject_claim, set_label
from annotator.services.exporting import ExportFilter, export
from annotator.services.importing import import_paths
from annotator.store import Store

from .conftest import add_article, add_suggestions, sentence_span


def test_decisions_round_trip_through_native_jsonl(tmp_path):
    with Store(tmp_path / "a.db") as store:
        doc_id = add_article(store, annotator="lead")
        suggestions = add_suggestions(store, doc_id, 3)
        set_label(store, suggestions[0].id, "disputed", annotator="alice")
        reject_claim(store, suggestions[1].id, annotator="alice")
        set_label(store, suggestions[0].id, "factual", annotator="bob")
        first = tmp_path / "first.jsonl"
        export(store, "jsonl", first, ExportFilter.everything())
    (record,) = [json.loads(line) for line in first.read_text().splitlines()]
    bases = {(c["annotator"], c["status"]): c["basis"] for c in record["claims"] if c["basis"]}
    assert bases == {
        ("alice", "accepted"): suggestions[0].id,
        ("alice", "rejected"): suggestions[1].id,
        ("bob", "accepted"): suggestions[0].id,
    }
    assert list(record["claims"][0])[-1] == "basis"

    with Store(tmp_path / "b.db") as fresh:
        import_paths(fresh, [first], annotator="importer")
        second = tmp_path / "second.jsonl"
        export(fresh, "jsonl", second, ExportFilter.everything())
        # the imported decisions still hide their suggestions in alice's view
        shown = claims_for(fresh, fresh.document_ids()[0], "alice")
        assert {c.id for c in shown} == {
            decision_id(suggestions[0].id, "alice"),
            decision_id(suggestions[1].id, "alice"),
            suggestions[2].id,
        }
    assert second.read_bytes() == first.read_bytes()


def test_a_file_without_basis_still_imports(tmp_path):
    with Store(tmp_path / "a.db") as store:
        add_claim(store, add_article(store), *sentence_span(0), annotator="olga", label="factual")
        out = tmp_path / "out.jsonl"
        export(store, "jsonl", out, ExportFilter.everything())
    old = tmp_path / "old.jsonl"
    record = json.loads(out.read_text())
    for claim in record["claims"]:
        del claim["basis"]  # as written before migration m006
    old.write_text(json.dumps(record) + "\n")
    with Store(tmp_path / "b.db") as store:
        report = import_paths(store, [old], annotator="importer")
        assert not report.bad_files
        (claim,) = store.claims()
        assert (claim.annotator, claim.label, claim.basis) == ("olga", "factual", None)
