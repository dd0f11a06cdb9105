"""Word snapping and span adjustment (pure functions behind mouse selection and Shift+arrows)."""

from __future__ import annotations

from annotator.core.spans import adjust_span, snap_to_words

TEXT = "As Perplexity CEO Aravind Srinivas noted, the U.S.-made chips don't matter."


def span_of(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_selection_inside_words_widens_to_whole_words() -> None:
    start, end = snap_to_words(TEXT, TEXT.index("rplexity"), TEXT.index("ravind") + 2)
    assert TEXT[start:end] == "Perplexity CEO Aravind"


def test_surrounding_spaces_are_trimmed_and_punctuation_kept_out() -> None:
    start, end = snap_to_words(TEXT, TEXT.index(" Srinivas"), TEXT.index(",") + 2)
    assert TEXT[start:end] == "Srinivas noted,"
    assert TEXT[slice(*snap_to_words(TEXT, *span_of("noted")))] == "noted"


def test_apostrophes_inside_words_do_not_split_them() -> None:
    start = TEXT.index("don't") + 1
    assert TEXT[slice(*snap_to_words(TEXT, start, start + 1))] == "don't"


def test_cjk_characters_are_words_of_their_own() -> None:
    text = "他说中国很强"
    assert snap_to_words(text, 2, 3) == (2, 3)


def test_adjust_end_and_start_by_word_and_by_character() -> None:
    start, end = span_of("Aravind")
    assert TEXT[slice(*adjust_span(TEXT, start, end, "end", 1, by_char=False))] == "Aravind Srinivas"
    assert TEXT[slice(*adjust_span(TEXT, start, end, "start", -1, by_char=False))] == "CEO Aravind"
    assert TEXT[slice(*adjust_span(TEXT, start, end, "end", -1, by_char=True))] == "Aravin"
    wide = span_of("CEO Aravind")
    assert TEXT[slice(*adjust_span(TEXT, *wide, "start", 1, by_char=False))] == "Aravind"
    assert TEXT[slice(*adjust_span(TEXT, *wide, "end", -1, by_char=False))] == "CEO"


def test_a_span_never_becomes_empty() -> None:
    start, end = span_of("CEO")
    assert adjust_span(TEXT, start, end, "end", -1, by_char=False)[1] > start
