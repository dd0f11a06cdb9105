"""The domain model: validation names the field and value; text normalisation and offset remapping."""

from __future__ import annotations

import pytest

from annotator.core.model import Claim, Span, ValidationError, claim_from_json_dict, validate_claim
from annotator.core.text import OffsetMap, decode_bytes, normalize_text

TEXT = "Nvidia fell 17% on Monday, analysts said."


def claim(**changes: object) -> Claim:
    base = Claim(id="c1", doc_id="d1", start=0, end=15, text=TEXT[0:15], annotator="alice")
    return base.with_changes(**changes)


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"start": -1}, "start", -1),
        ({"end": 999}, "end", 999),
        ({"start": 5, "end": 5}, "end", 5),
        ({"label": "opinion"}, "label", "opinion"),
        ({"status": "maybe"}, "status", "maybe"),
        ({"origin": "robot"}, "origin", "robot"),
        ({"source": Span(30, 99)}, "source.end", 99),
        ({"cue": Span(-2, 3)}, "cue.start", -2),
        ({"confidence": 1.5}, "confidence", 1.5),
        ({"annotator": " "}, "annotator", " "),
    ],
)
def test_validation_error_names_field_and_value(changes: dict, field: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_claim(claim(**changes), TEXT)
    assert caught.value.field == field
    assert caught.value.value == value
    assert field in str(caught.value) and repr(value) in str(caught.value)


def test_valid_claim_passes() -> None:
    validate_claim(claim(label="factual", source=Span(27, 35), cue=Span(36, 40), confidence=0.5), TEXT)


def test_claim_from_json_takes_text_from_article_and_defaults() -> None:
    parsed = claim_from_json_dict(
        {"start": 27, "end": 40, "label": "attributed", "cue": {"start": 36, "end": 40}},
        "d1",
        TEXT,
        default_annotator="bob",
    )
    assert parsed.text == "analysts said"
    assert parsed.cue == Span(36, 40, "said")
    assert (parsed.annotator, parsed.origin, parsed.status) == ("bob", "import", "accepted")


def test_claim_from_json_rejects_unknown_label() -> None:
    with pytest.raises(ValidationError, match="label 'opinion'"):
        claim_from_json_dict({"start": 0, "end": 3, "label": "opinion"}, "d1", TEXT, default_annotator="x")


def test_normalisation_removes_bom_and_unifies_newlines_only() -> None:
    raw = "\ufeffa\r\nb\rc\u00a0d\u2028e"
    assert normalize_text(raw) == "a\nb\nc\u00a0d\u2028e"


def test_offset_map_keeps_claims_on_the_same_characters() -> None:
    raw = "\ufeffOne\r\nTwo 😀\r\nThree\rFour"
    mapping = OffsetMap(raw)
    for word in ("One", "Two", "😀", "Three", "Four"):
        raw_start = raw.index(word)
        start, end = mapping(raw_start), mapping(raw_start + len(word))
        assert mapping.text[start:end] == word
    assert mapping(len(raw)) == len(mapping.text)


def test_utf8_with_and_without_bom_decodes_without_warning() -> None:
    for data in ("héllo 😀".encode(), b"\xef\xbb\xbf" + "héllo".encode()):
        decoded = decode_bytes(data, "a.txt")
        assert decoded.warning is None
        assert decoded.text.startswith("h")


def test_non_utf8_is_read_as_cp1252_with_a_warning_naming_the_file() -> None:
    decoded = decode_bytes("café “quoted”".encode("cp1252"), "old.txt")
    assert decoded.text == "café “quoted”"
    assert decoded.encoding == "cp1252"
    assert decoded.warning is not None and "old.txt" in decoded.warning and "cp1252" in decoded.warning


def test_cp1252_undefined_bytes_still_decode() -> None:
    decoded = decode_bytes(b"a\x81b\x9dc\xff", "odd.txt")
    assert len(decoded.text) == 6
