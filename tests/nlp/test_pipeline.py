"""Body detection, sentence boundaries, offsets, chunking, the trained-pipeline path and import cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.nlp.body import (
    char_positions,
    ends_sentence,
    find_body,
    is_boilerplate,
    paragraphs,
    read_body,
    skipped_paragraphs,
)
from annotator.nlp.clauses import has_digit
from annotator.nlp.suggester import ModelNotFoundError, Suggestion, load_pipeline, suggest, suggest_many

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = (DATA / "articles" / "deepseek-disruption.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


# ------------------------------------------------------------------------------------------------ body


def test_body_of_the_sample_excludes_headline_and_author_boilerplate() -> None:
    start, end = find_body(SAMPLE)
    assert SAMPLE[start:].startswith("DeepSeek, a Chinese startup, has launched")
    assert SAMPLE[:end].endswith("in collaboration and open-source innovation.")
    assert "Original Source" in SAMPLE[end:] and "Leave a Reply" in SAMPLE[end:]


def test_body_skips_byline_and_share_line_and_stops_at_tags() -> None:
    text = (DATA / "articles" / "riverton-transit-levy.txt").read_text(encoding="utf-8")
    start, end = find_body(text)
    assert text[start:].startswith("The Riverton city council voted")
    assert text[:end].endswith("scheduled to begin in 2026.")


def test_body_without_headline_starts_at_the_first_character() -> None:
    text = "  The council voted on Tuesday.\n\nIt passed 7-4.\n"
    assert find_body(text) == (2, len(text.rstrip()))


def test_a_paragraph_ending_in_an_emoji_is_body_not_a_headline(nlp) -> None:
    text = "The mayor said the bridge would close on May 3. 🎉"
    assert find_body(text) == (0, len(text))
    (s,) = suggest(text, nlp)
    assert (s.label, text[s.start : s.end]) == (
        "attributed",
        "The mayor said the bridge would close on May 3.",
    )
    assert find_body("Big news for the city 🎉\n\nThe council voted.")[0] > 0  # no full stop: a headline


def test_body_of_empty_or_pure_boilerplate_text_is_empty() -> None:
    assert find_body("") == (0, 0)
    start, end = find_body("Leave a Reply\n\nYour email address will not be published.")
    assert start == end


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply on Monday.",
        "About 300 people attended.",
        "Subscribers rose to 2 million.",
        "Published figures show a rise.",
    ],
)
def test_article_sentences_that_look_like_furniture_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["SOURCE: Reuters", "Photo Credit: AP", "BY JANE DOE | REUTERS", "Tags: economy", "© 2024 Example News"],
)
def test_furniture_lines_match_in_any_case(line: str) -> None:
    # The patterns are written in lower case and matched against the lower-cased line.
    assert is_boilerplate(line)
    assert is_boilerplate(line.lower())


def test_char_positions_are_in_text_order() -> None:
    text = "Is it? Yes. No! Wait…"
    assert char_positions(text, ".!?…", 0, len(text)) == [5, 10, 14, 20]
    assert char_positions(text, ".!?…", 6, 14) == [10]
    assert char_positions(text, "x", 0, len(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("up 17% on Monday", True), ("no figures at all", False), ("", False), ("in 2024", True)],
)
def test_has_digit(text: str, expected: bool) -> None:
    assert has_digit(text) is expected


@pytest.mark.parametrize(
    ("text", "sentence", "with_colon"),
    [
        ("He left.", True, True),
        ('"Go home," she said.”', True, True),
        ("Why? (Nobody knows.)  ", True, True),
        ("What he said:", False, True),
        ("Markets and the economy", False, False),
        ('He left. "', False, False),  # a space between the full stop and the closing quote
        ("Great news! 🎉 ", True, True),
    ],
)
def test_ends_sentence(text: str, sentence: bool, with_colon: bool) -> None:
    assert ends_sentence(text) is sentence
    assert ends_sentence(text, colon=True) is with_colon


def test_the_body_read_once_skips_what_the_finder_would_skip() -> None:
    """The suggester takes the paragraphs never claims from finding the body; they are the body's
    paragraphs that reading the paragraphs alone skips: furniture lines and subheads (one ending in a colon
    too), never a long paragraph."""
    long_line = "Officials said the plan " + "would cost more than expected and " * 6 + "take years."
    text = (
        "Headline of the day\n\nBy Ann Lee\n\nThe council voted 7-4 on Tuesday.\n\nWhat the mayor said:\n\n"
        f"Photo: City Hall\n\n{long_line}\n\nA subhead without a full stop\n\nIt passed.\n\nTags: city"
    )
    body = read_body(text)
    assert body.paragraphs == list(paragraphs(text))
    assert text[body.start : body.end].startswith("The council") and text[: body.end].endswith("It passed.")
    inside = [(a, b) for a, b in body.paragraphs if body.start <= a < body.end]
    assert body.skipped == skipped_paragraphs(text, inside)
    assert [text[a:b] for a, b in body.skipped] == [
        "What the mayor said:",
        "Photo: City Hall",
        "A subhead without a full stop",
    ]
    for path in sorted((DATA / "articles").glob("*.txt")):
        article = path.read_text(encoding="utf-8")
        body = read_body(article)
        inside = [(a, b) for a, b in body.paragraphs if body.start <= a < body.end]
        assert body.skipped == skipped_paragraphs(article, inside), path.name


def test_a_chunk_gets_the_paragraphs_read_with_the_body_only_when_it_holds_whole_ones() -> None:
    from annotator.nlp.suggester import _context

    text = "First paragraph here.\n\nSecond one, a bit longer.\n\nA subhead\n\nThird and last."
    body = read_body(text)
    start, end = body.paragraphs[1][0], body.end
    context = _context(0, start, end, body)
    assert context.paragraphs == list(paragraphs(text[start:end]))
    assert context.skipped == [(a - start, b - start) for a, b in body.skipped]
    assert _context(0, start + 3, end, body).paragraphs is None  # a cut paragraph: the chunk reads itself
    assert _context(0, start, end - 4, body).paragraphs is None


def test_nothing_is_suggested_outside_the_body(nlp) -> None:
    start, end = find_body(SAMPLE)
    found = suggest(SAMPLE, nlp)
    assert found and all(start <= s.start < s.end <= end for s in found)


# ------------------------------------------------------------------------------------------- sentences


def _sents(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_blank_line_is_a_hard_sentence_boundary(nlp) -> None:
    assert _sents(nlp, "A headline without a full stop\n\nThe body starts here.") == [
        "A headline without a full stop",
        "The body starts here.",
    ]


def test_abbreviations_do_not_end_sentences(nlp) -> None:
    text = "Mr. Smith met Dr. Jones in the U.S. Senate on Jan. 3. Then he left the U.S. The end came."
    assert _sents(nlp, text) == [
        "Mr. Smith met Dr. Jones in the U.S. Senate on Jan. 3.",
        "Then he left the U.S.",
        "The end came.",
    ]


def test_a_quotation_of_two_sentences_stays_in_one_sentence(nlp) -> None:
    text = "“We tried. We failed,” she said. Nobody replied."
    assert _sents(nlp, text) == ["“We tried. We failed,” she said.", "Nobody replied."]


# -------------------------------------------------------------------------------------- offsets, chunks


def test_suggestion_fields_and_trimmed_offsets(nlp) -> None:
    text = "\n\n   The central bank said inflation fell to 2% in May.   \n"
    (s,) = suggest(text, nlp)
    assert isinstance(s, Suggestion)
    assert text[s.start : s.end] == "The central bank said inflation fell to 2% in May."
    assert 0.0 <= s.confidence <= 1.0
    assert s.reason == "cue 'said' with source 'The central bank'"
    with pytest.raises(AttributeError):
        s.label = "factual"  # type: ignore[misc]  # frozen


def test_offsets_are_code_points_after_astral_characters(nlp) -> None:
    text = "👩‍👩‍👧 家族 😀\n\nThe mayor said the bridge would close on May 3."
    (s,) = suggest(text, nlp)
    assert text[s.start : s.end] == "The mayor said the bridge would close on May 3."
    assert s.source is not None and text[s.source[0] : s.source[1]] == "The mayor"


def test_long_texts_are_chunked_at_paragraphs_with_exact_offsets() -> None:
    from annotator.nlp.suggester import _load

    whole = load_pipeline()
    small = _load.__wrapped__(None)  # a fresh, uncached pipeline we may change
    small.max_length = 700
    assert len(SAMPLE) > 3 * small.max_length
    assert suggest(SAMPLE, small) == suggest(SAMPLE, whole)


def test_suggest_many_keeps_order_and_handles_empty_texts(nlp) -> None:
    texts = ["", "The minister denied the report.", "Leave a Reply", "Nvidia shares fell 17% on Monday."]
    results = list(suggest_many(texts, nlp=nlp, batch_size=2))
    assert [[s.label for s in r] for r in results] == [[], ["disputed"], [], ["factual"]]


def test_missing_model_is_a_clear_error_and_never_a_download() -> None:
    with pytest.raises(ModelNotFoundError, match="not installed"):
        load_pipeline("en_core_web_nonexistent_pipeline")


def test_pipeline_is_cached() -> None:
    assert load_pipeline() is load_pipeline(None)


# --------------------------------------------------------------------------- with a parser and entities


def test_sources_and_actors_come_from_the_parse_when_one_is_present(nlp) -> None:
    """A hand-built parsed Doc (as a trained pipeline would produce) drives the source span."""
    from spacy.tokens import Doc, Span

    from annotator.nlp.finder import find_claims

    words = ["The", "man", "who", "founded", "the", "company", "said", "prices", "rose", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True] * 8 + [False, False],
        heads=[1, 6, 3, 1, 5, 3, 6, 8, 6, 6],
        deps=["det", "nsubj", "nsubj", "relcl", "det", "dobj", "ROOT", "nsubj", "ccomp", "punct"],
        pos=["DET", "NOUN", "PRON", "VERB", "DET", "NOUN", "VERB", "NOUN", "VERB", "PUNCT"],
    )
    nlp.get_pipe("claim_cues")(doc)
    (s,) = find_claims(doc)
    assert s.source is not None and doc.text[s.source[0] : s.source[1]] == "The man who founded the company"
    # The rule path, on the same words without a parse, stops at the relative clause (a known limit).
    (r,) = suggest(doc.text, nlp)
    assert r.source is not None and doc.text[r.source[0] : r.source[1]] == "the company"

    doc2 = Doc(
        nlp.vocab,
        words=["Shares", "of", "acme", "fell", "on", "monday", "."],
        heads=[3, 0, 1, 3, 3, 4, 3],
        deps=["nsubj", "prep", "pobj", "ROOT", "prep", "pobj", "punct"],
    )
    doc2.ents = [Span(doc2, 2, 3, label="ORG")]
    nlp.get_pipe("claim_cues")(doc2)
    (f,) = find_claims(doc2)
    assert f.label == "factual" and "actor 'acme'" in f.reason


def test_the_finder_reads_entities_only_when_another_component_runs_before_it() -> None:
    import spacy

    from annotator.nlp.suggester import _load

    # The suggester's own components set no parse and no entities: the finder skips looking for them.
    assert _load.__wrapped__(None).get_pipe("claim_finder").annotated is False
    ruled = spacy.blank("en")
    ruled.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "acme"}])
    for name in ("claim_sentencizer", "claim_cues", "claim_finder"):
        ruled.add_pipe(name)
    assert ruled.get_pipe("claim_finder").annotated is True
    (s,) = ruled("Shares of acme fell on Monday.")._.claim_suggestions
    assert s.label == "factual" and "actor 'acme'" in s.reason  # the entity, not the capitalised "Monday"


# -------------------------------------------------------------------------------------------- import cost


def test_importing_the_nlp_package_does_not_import_spacy() -> None:
    code = (
        "import sys, annotator.nlp, annotator.nlp.body, annotator.nlp.suggester, annotator.nlp.lexicon; "
        "sys.exit(1 if 'spacy' in sys.modules else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_a_trained_pipeline_folder_is_loaded_with_the_rules_after_it(tmp_path: Path) -> None:
    """A (tiny, barely trained) pipeline saved to disk stands in for an installed model: its parser runs, the
    blank-line boundary still holds and suggestions keep exact offsets."""
    import spacy
    from spacy.training import Example

    trained = spacy.blank("en")
    trained.add_pipe("parser")
    words = ["Officials", "said", "prices", "rose", "."]
    example = Example.from_dict(
        trained.make_doc("Officials said prices rose."),
        {"words": words, "heads": [1, 1, 3, 1, 1], "deps": ["nsubj", "ROOT", "nsubj", "ccomp", "punct"]},
    )
    trained.initialize(lambda: [example])
    trained.to_disk(tmp_path / "tiny")

    nlp = load_pipeline(str(tmp_path / "tiny"))
    assert nlp.pipe_names == ["claim_sentencizer", "parser", "claim_cues", "claim_finder"]
    text = "A headline without a full stop\n\nThe ministry said on Monday that exports rose 4% in May."
    doc = nlp(text)
    assert any(s.start_char == text.index("The ministry") for s in doc.sents)
    # An untrained parser splits anywhere, so only the contract is checked: exact, trimmed, in-body spans.
    found = suggest(text, nlp)
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in found)
    assert all(s.start >= text.index("The ministry") for s in found)
