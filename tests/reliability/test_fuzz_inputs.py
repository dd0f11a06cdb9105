"""Bad input, fuzzed: no importer ever raises anything but BadInputError, each refusal is one sentence
naming the file (and the line, for JSONL), and a refused file leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import count, table_dump
from texts import raw_texts

from annotator.core.model import LABELS, ORIGINS, STATUSES, ValidationError, claim_from_json_dict
from annotator.formats.readers import BadInputError
from annotator.services.importing import import_paths
from annotator.store import Store

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
VOLUME = settings(
    max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# -- generators ---------------------------------------------------------------------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(-3, 50), max_size=4),
    st.dictionaries(st.sampled_from(["start", "end", "text", "label"]), st.integers(-3, 50), max_size=3),
)
offset = st.one_of(st.integers(-5, 60), junk)


@st.composite
def native_claim(draw: st.DrawFn) -> dict[str, Any]:
    """A claim dict whose every field is sometimes valid, sometimes not."""
    fields = {
        "id": st.one_of(st.text(min_size=1, max_size=8), junk),
        "start": offset,
        "end": offset,
        "text": st.one_of(st.text(max_size=8), junk),
        "label": st.one_of(st.sampled_from(LABELS), junk),
        "status": st.one_of(st.sampled_from(STATUSES), junk),
        "origin": st.one_of(st.sampled_from(ORIGINS), junk),
        "source": st.one_of(st.fixed_dictionaries({"start": offset, "end": offset}), junk),
        "cue": st.one_of(st.fixed_dictionaries({"start": offset, "end": offset}), junk),
        "verdict": st.one_of(st.text(max_size=8), junk),
        "note": st.one_of(st.text(max_size=8), junk),
        "evidence": st.one_of(st.lists(st.one_of(st.text(max_size=10), junk), max_size=3), junk),
        "annotator": st.one_of(st.text(max_size=8), junk),
        "confidence": st.one_of(st.floats(0, 1), junk),
        "created_at": st.one_of(st.text(max_size=8), junk),
        "updated_at": st.one_of(st.text(max_size=8), junk),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True))
    return {name: draw(fields[name]) for name in chosen}


doccano_relation = st.fixed_dictionaries(
    {
        "from_id": st.integers(-1, 4) | junk,
        "to_id": st.integers(-1, 4) | junk,
        "type": st.sampled_from(["has_source", "has_cue"]) | junk,
    }
)
region_value = st.fixed_dictionaries(
    {"start": offset, "end": offset},
    optional={
        "text": st.text(max_size=8) | junk,
        "labels": st.lists(st.sampled_from([*LABELS, "source", "cue", "PER"]) | junk, max_size=2) | junk,
    },
)
ls_result = st.one_of(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["labels", "textarea", "choices"]) | junk, "value": region_value | junk},
        optional={
            "id": st.sampled_from(["a", "b", "c"]) | junk,
            "from_name": st.sampled_from(["label", "part", "verdict", "note", "evidence"]) | junk,
            "score": junk,
        },
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("relation"),
            "from_id": st.sampled_from(["a", "b", "c"]) | junk,
            "to_id": st.sampled_from(["a", "b", "c"]) | junk,
        }
    ),
    junk,
)
ls_task = st.fixed_dictionaries(
    {
        "data": st.fixed_dictionaries(
            {}, optional={"text": raw_texts(max_pieces=10) | junk, "title": junk, "meta": junk}
        )
        | junk
    },
    optional={
        "annotations": st.lists(
            st.fixed_dictionaries(
                {"result": st.lists(ls_result, max_size=4) | junk},
                optional={"completed_by": junk, "was_cancelled": junk},
            )
            | junk,
            max_size=3,
        )
        | junk,
        "predictions": st.lists(
            st.fixed_dictionaries({"result": st.lists(ls_result, max_size=3)}, optional={"score": junk})
            | st.integers(0, 9),
            max_size=2,
        )
        | junk,
    },
)


@st.composite
def label_studio_file(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=80))
    data = json.dumps(draw(st.lists(ls_task, max_size=3) | ls_task | junk), allow_nan=True).encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=3)) + data[cut + 1 :]
    return data


@st.composite
def brat_document(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A .txt and an .ann whose lines are sometimes right about the text, sometimes not."""
    text = draw(raw_texts(max_pieces=10))
    lines = []
    for number in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["T", "T", "T", "R", "E", "A", "#", "N", "junk"]))
        if kind == "T":
            start = draw(st.integers(-1, len(text) + 1))
            end = draw(st.integers(-1, len(text) + 2))
            covered = text[max(start, 0) : max(end, 0)] if draw(st.booleans()) else draw(st.text(max_size=6))
            label = draw(st.sampled_from([*LABELS, "claim", "source", "cue", "Person"]))
            lines.append(f"T{number}\t{label} {start} {end}\t{covered}")
        elif kind in "RE":
            a, b = draw(st.integers(0, 6)), draw(st.integers(0, 6))
            lines.append(
                f"R{number}\thas_source Arg1:T{a} Arg2:T{b}"
                if kind == "R"
                else f"E{number}\tattributed:T{a} Source:T{b}"
            )
        elif kind == "A":
            name = draw(st.sampled_from(["Status", "Label", "Negated"]))
            lines.append(f"A{number}\t{name} T{draw(st.integers(0, 6))} {draw(st.text(max_size=6))}")
        elif kind == "#":
            lines.append(
                f"#{number}\tAnnotatorNotes T{draw(st.integers(0, 6))}\t{draw(st.text(max_size=20))}"
            )
        else:
            lines.append(draw(st.text(max_size=20)))
    ann = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        ann = draw(st.binary(max_size=40))
    return text.encode("utf-8", "surrogatepass"), ann


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["article", "article", "object", "garbage"]))
    if kind == "garbage":
        return draw(st.binary(max_size=60)).replace(b"\n", b" ")
    if kind == "object":
        value: Any = draw(st.dictionaries(st.text(max_size=6), junk, max_size=4) | junk)
    else:
        value = {"text": draw(st.one_of(raw_texts(max_pieces=12), junk))}
        for key, strategy in (
            ("claims", st.lists(native_claim(), max_size=3) | junk),
            (
                "spans",
                st.lists(st.fixed_dictionaries({"start": offset, "end": offset, "label": junk})) | junk,
            ),
            ("label", st.lists(st.tuples(offset, offset, st.sampled_from(LABELS) | junk).map(list)) | junk),
            (
                "entities",
                st.lists(st.fixed_dictionaries({"start_offset": offset, "end_offset": offset})) | junk,
            ),
            ("meta", st.dictionaries(st.text(max_size=5), junk, max_size=3) | junk),
            ("id", st.text(max_size=6) | junk),
            ("title", st.text(max_size=10) | junk),
            ("answer", st.sampled_from(["accept", "reject", "ignore"]) | junk),
            ("relations", st.lists(doccano_relation) | junk),
            ("_annotator_id", st.text(max_size=6) | junk),
        ):
            if draw(st.booleans()):
                value[key] = draw(strategy)
    line = json.dumps(value, ensure_ascii=draw(st.booleans()), allow_nan=True).encode("utf-8")
    if draw(st.integers(0, 9)) == 0:  # damage a valid line now and then
        cut = draw(st.integers(0, len(line)))
        line = line[:cut] + draw(st.binary(max_size=3)).replace(b"\n", b"") + line[cut + 1 :]
    return line


jsonl_files = st.lists(jsonl_line(), min_size=0, max_size=4).map(lambda lines: b"\n".join(lines) + b"\n")
html_bodies = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda title, body, extra: (
            f"<html><head><title>{title}</title><script>fetch('http://example.invalid/x')</script></head>"
            f"<body><article><p>{body}</p>{extra}</article></body></html>"
        ).encode("utf-8", "surrogatepass"),
        st.text(max_size=20),
        raw_texts(max_pieces=10),
        st.sampled_from(
            ["", "<img src='http://example.invalid/a.png'>", "<p>unclosed", "<![CDATA[x", "&#0;"]
        ),
    ),
)
text_bodies = st.one_of(st.binary(max_size=300), raw_texts(max_pieces=20).map(lambda t: t.encode("utf-8")))

# -- the checks ---------------------------------------------------------------------------------------


def check_import(store: Store, path: Path, data: bytes, named: tuple[Path, ...] = ()) -> None:
    """Import ``data`` written at ``path``; a refusal names ``path`` or one of ``named`` (its companions)."""
    path.write_bytes(data)
    before = table_dump(store.path)
    try:
        report = import_paths(store, [path], annotator="fuzzer")
    except BadInputError as exc:
        message = str(exc)
        assert any(str(p) in message for p in (path, *named)), message
        assert "\n" not in message and message.endswith("."), message
        assert "Traceback" not in message
        if path.suffix == ".jsonl" and any(line.strip() for line in data.split(b"\n")):
            assert ", line " in message or "is empty" in message, message
        assert table_dump(store.path) == before, "a refused file changed the database"
        count("fuzzed inputs refused")
    else:
        for article in report.articles:
            text = store.get_document(article.doc_id).text
            assert text.strip()
            for claim in store.claims(article.doc_id):
                assert claim.text == text[claim.start : claim.end]
                for span in (claim.source, claim.cue):
                    assert span is None or span.text == text[span.start : span.end]
        count("fuzzed inputs imported")
    count("fuzzed inputs")


@pytest.fixture
def fuzz_store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "fuzz ü.db") as store:
        yield store


@FAST
@given(data=jsonl_files)
def test_jsonl_import_never_crashes(fuzz_store: Store, tmp_path: Path, data: bytes) -> None:
    check_import(fuzz_store, tmp_path / "in put.jsonl", data)


@FAST
@given(data=text_bodies, suffix=st.sampled_from([".txt", ".md"]))
def test_text_import_never_crashes(fuzz_store: Store, tmp_path: Path, data: bytes, suffix: str) -> None:
    check_import(fuzz_store, tmp_path / f"in put{suffix}", data)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=html_bodies)
def test_html_import_never_crashes(fuzz_store: Store, tmp_path: Path, data: bytes) -> None:
    check_import(fuzz_store, tmp_path / "in put.html", data)


@FAST
@given(data=label_studio_file())
def test_label_studio_import_never_crashes(fuzz_store: Store, tmp_path: Path, data: bytes) -> None:
    check_import(fuzz_store, tmp_path / "in put.json", data)


@FAST
@given(document=brat_document())
def test_brat_import_never_crashes(fuzz_store: Store, tmp_path: Path, document: tuple[bytes, bytes]) -> None:
    text, ann = document
    (tmp_path / "in put.ann").write_bytes(ann)
    check_import(fuzz_store, tmp_path / "in put.txt", text, named=(tmp_path / "in put.ann",))


@pytest.fixture(scope="module")
def xmi_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """One exported XMI (emoji, source and cue) and its type system, to damage."""
    from annotator.core.model import Claim, Document, Span
    from annotator.formats.xmi import TYPESYSTEM, write_xmi

    folder = tmp_path_factory.mktemp("xmi") / "out"
    text = "Alice said 🚀 prices rose.\nCritics doubt it."
    claim = Claim(
        "c", "d", 0, 25, text[:25], "attributed", source=Span(0, 5, "Alice"), cue=Span(6, 10, "said")
    )
    write_xmi(folder, [(Document("d", "t", text), [claim])])
    return (folder / "d.xmi").read_bytes(), (folder / TYPESYSTEM).read_bytes()


@FAST
@given(data=st.data())
def test_xmi_import_never_crashes(
    fuzz_store: Store, tmp_path: Path, xmi_sample: tuple[bytes, bytes], data: st.DataObject
) -> None:
    xmi, typesystem = xmi_sample
    target = data.draw(st.sampled_from(["xmi", "xmi", "typesystem"]))
    damaged = bytearray(xmi if target == "xmi" else typesystem)
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(damaged) - 1))
        damaged[position : position + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=4))
    (tmp_path / "TypeSystem.xml").write_bytes(bytes(damaged) if target == "typesystem" else typesystem)
    body = bytes(damaged) if target == "xmi" else xmi
    check_import(fuzz_store, tmp_path / "in put.xmi", body, named=(tmp_path / "TypeSystem.xml",))


def test_a_type_system_with_a_nul_byte_is_refused_in_one_line(
    fuzz_store: Store, tmp_path: Path, xmi_sample: tuple[bytes, bytes]
) -> None:
    """Found by the fuzz test above (one run in three): lxml's message for a NUL byte holds a line break."""
    xmi, typesystem = xmi_sample
    (tmp_path / "TypeSystem.xml").write_bytes(b"<\x00" + typesystem[2:])
    check_import(fuzz_store, tmp_path / "in put.xmi", xmi, named=(tmp_path / "TypeSystem.xml",))


@FAST
@given(raw=native_claim(), text=raw_texts(max_pieces=10))
def test_native_claim_fields_raise_only_validation_errors(raw: dict[str, Any], text: str) -> None:
    try:
        claim = claim_from_json_dict(raw, "doc", text, default_annotator="fuzzer")
    except ValidationError as exc:
        assert "\n" not in str(exc)
    else:
        assert claim.text == text[claim.start : claim.end]
        assert claim.confidence is None or (math.isfinite(claim.confidence) and 0 <= claim.confidence <= 1)


@pytest.mark.slow
@VOLUME
@given(data=jsonl_files)
def test_jsonl_import_at_volume(fuzz_store: Store, tmp_path: Path, data: bytes) -> None:
    check_import(fuzz_store, tmp_path / "in put.jsonl", data)


@pytest.mark.slow
@VOLUME
@given(data=text_bodies, suffix=st.sampled_from([".txt", ".md"]))
def test_text_import_at_volume(fuzz_store: Store, tmp_path: Path, data: bytes, suffix: str) -> None:
    check_import(fuzz_store, tmp_path / f"in put{suffix}", data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=html_bodies)
def test_html_import_at_volume(fuzz_store: Store, tmp_path: Path, data: bytes) -> None:
    check_import(fuzz_store, tmp_path / "in put.html", data)


@pytest.mark.slow
@VOLUME
@given(data=label_studio_file())
def test_label_studio_import_at_volume(fuzz_store: Store, tmp_path: Path, data: bytes) -> None:
    check_import(fuzz_store, tmp_path / "in put.json", data)


@pytest.mark.slow
@VOLUME
@given(document=brat_document())
def test_brat_import_at_volume(fuzz_store: Store, tmp_path: Path, document: tuple[bytes, bytes]) -> None:
    test_brat_import_never_crashes.hypothesis.inner_test(fuzz_store, tmp_path, document)  # type: ignore[attr-defined]


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_xmi_import_at_volume(
    fuzz_store: Store, tmp_path: Path, xmi_sample: tuple[bytes, bytes], data: st.DataObject
) -> None:
    test_xmi_import_never_crashes.hypothesis.inner_test(fuzz_store, tmp_path, xmi_sample, data)  # type: ignore[attr-defined]


@pytest.mark.slow
@VOLUME
@given(raw=native_claim(), text=raw_texts(max_pieces=10))
def test_native_claim_fields_at_volume(raw: dict[str, Any], text: str) -> None:
    test_native_claim_fields_raise_only_validation_errors.hypothesis.inner_test(raw, text)  # type: ignore[attr-defined]
    count("native claim dicts fuzzed")
