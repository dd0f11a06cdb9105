"""Import and export benchmarks (no window).

import_ratio: ``import_paths`` of N article files into an empty database, divided by reading, decoding and
normalising the same files alone (what any importer must do). Higher means more overhead; reported, no bar.

export_ratio: orjson dumping the same claim records (already in memory, one article a line, written to a
file) divided by ``export(store, "jsonl", out)``. 1.0 would mean exporting costs nothing beyond the dump.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from common import SEED, clock, interleaved, median
from corpus import build_export_db, write_article_files

from annotator.core.text import decode_bytes, normalize_text
from annotator.services.importing import import_paths
from annotator.store import Store


def measure_import(work: Path, quick: bool) -> dict[str, Any]:
    count = 200 if quick else 1000
    repeats = 3 if quick else 5
    paths = write_article_files(work / "import-files", count, 5000, SEED + 7)
    total_bytes = sum(p.stat().st_size for p in paths)

    def read_alone() -> float:
        start = clock()
        for path in paths:
            normalize_text(decode_bytes(path.read_bytes(), str(path)).text)
        return clock() - start

    runs = iter(range(1000))

    def import_all() -> float:
        db_path = work / f"import-{next(runs)}.db"
        with Store(db_path) as store:  # opening/creating the database is not part of the import
            start = clock()
            report = import_paths(store, [work / "import-files"], annotator="bench")
            elapsed = clock() - start
        if report.created != count:
            raise RuntimeError(f"import created {report.created} articles, expected {count}")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        return elapsed

    read_alone(), import_all()  # warm the page cache and imports
    base, meas = interleaved(read_alone, import_all, repeats)
    return {
        "import_ratio": round(median(meas) / median(base), 2),
        "import_files": count,
        "import_mb": round(total_bytes / 1e6, 1),
        "import_s": round(median(meas), 3),
        "import_read_s": round(median(base), 4),
        "import_files_per_s": round(count / median(meas)),
    }


def _records(store: Store) -> list[dict[str, Any]]:
    """The native JSONL records (DESIGN.md), built once outside the timed section of the baseline."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for claim in store.claims():
        by_doc.setdefault(claim.doc_id, []).append(claim.to_json_dict())
    records = []
    for doc_id in store.document_ids():
        doc = store.get_document(doc_id)
        meta = {"url": None, "author": None, "published": None, "source_path": None, **doc.meta}
        claims = by_doc.get(doc_id, [])
        records.append({"id": doc.id, "title": doc.title, "text": doc.text, "meta": meta, "claims": claims})
    return records


def measure_export(work: Path, quick: bool) -> dict[str, Any]:
    try:
        from annotator.services.exporting import ExportFilter, export
    except ImportError:
        return {"export_ratio": None, "export_note": "annotator.services.exporting is not there yet"}
    try:
        import orjson

        def dumps(record: dict[str, Any]) -> bytes:
            return orjson.dumps(record)

        dumper = "orjson"
    except ImportError:
        import json

        def dumps(record: dict[str, Any]) -> bytes:
            return json.dumps(record, ensure_ascii=False).encode("utf-8")

        dumper = "json"

    claims = 20_000 if quick else 100_000
    repeats = 3 if quick else 5
    db_path = work / "export.db"
    build_export_db(db_path, claims, 500, SEED + 11)
    out = work / "export-out"
    out.mkdir(exist_ok=True)
    with Store(db_path) as store:
        records = _records(store)
        if sum(len(r["claims"]) for r in records) != claims:
            raise RuntimeError("the export database does not hold the expected number of claims")

        def dump_alone() -> float:
            start = clock()
            with (out / "baseline.jsonl").open("wb") as handle:
                for record in records:
                    handle.write(dumps(record))
                    handle.write(b"\n")
            return clock() - start

        def export_all() -> float:
            start = clock()
            export(store, "jsonl", out / "export.jsonl", ExportFilter.everything())
            return clock() - start

        def dump_stdlib_json() -> float:  # the other allowed baseline, reported for context
            import json

            start = clock()
            with (out / "baseline-json.jsonl").open("wb") as handle:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
                    handle.write(b"\n")
            return clock() - start

        dump_alone(), export_all()
        base, meas = interleaved(dump_alone, export_all, repeats)
        base_json, meas_json = interleaved(dump_stdlib_json, export_all, repeats)
    exported = (out / "export.jsonl").stat().st_size
    return {
        "export_ratio": round(median(base) / median(meas), 2),
        "export_claims": claims,
        "export_s": round(median(meas), 3),
        "export_dump_s": round(median(base), 3),
        "export_mb": round(exported / 1e6, 1),
        "export_baseline": dumper,
        "export_ratio_stdlib_json": round(median(base_json) / median(meas_json), 2),
    }


if __name__ == "__main__":
    import json
    import sys

    with tempfile.TemporaryDirectory(prefix="bench-io-") as tmp:
        quick = "--quick" in sys.argv
        print(json.dumps({**measure_import(Path(tmp), quick), **measure_export(Path(tmp), quick)}))
