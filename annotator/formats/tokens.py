"""Tokens that line up with every claim boundary, for the token-based formats (Prodigy, spaCy).

spaCy's English tokenizer is used as is, except that a token is split wherever a claim (or its source
or cue) starts or ends inside it, so that every span maps to whole tokens and nothing is dropped or
moved. Only the tokenizer is used (``spacy.blank``): no model, nothing downloaded.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def blank_english() -> Language:
    import spacy  # imported on first use: slow, and only the token-based exports need it

    return spacy.blank("en")


def aligned_doc(text: str, spans: Iterable[tuple[int, int]]) -> Doc:
    """A spaCy ``Doc`` of ``text`` in which every (start, end) of ``spans`` falls on token boundaries.

    Two kinds of split: a token cut inside its text, and a token's trailing space made a token of its
    own when a span starts at that space or ends just after it (a selection of " said ").
    """
    from spacy.tokens import Doc

    nlp = blank_english()
    doc = nlp.make_doc(text)
    starts: set[int] = set()
    ends: set[int] = set()
    for start, end in spans:
        starts.add(start)
        ends.add(end)
    cuts = sorted(starts | ends)
    split = False
    words: list[str] = []
    spaces: list[bool] = []
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        inner = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
        pieces = [start, *inner, end]
        for a, b in pairwise(pieces):
            words.append(text[a:b])
            spaces.append(False)
        space_token = bool(token.whitespace_) and (end in starts or end + 1 in ends)
        if space_token:
            words.append(token.whitespace_)
            spaces.append(False)
        else:
            spaces[-1] = bool(token.whitespace_)
        split = split or bool(inner) or space_token
    return Doc(nlp.vocab, words=words, spaces=spaces) if split else doc
