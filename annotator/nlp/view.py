"""A read-only, Doc-like view of the tokens as slices of the text, which the rule functions read.

Reading a spaCy ``Token`` costs a C-to-Python round trip per attribute; the rules read a token's text a few
times per sentence, so slicing the text at the token offsets keeps the pipeline near the tokenizer's speed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc


class Tok:
    """What the rules read of a token, sliced from the text (a spaCy Token costs a C-to-Python round trip)."""

    __slots__ = ("i", "idx", "is_space", "lower_", "text")

    def __init__(self, i: int, idx: int, text: str) -> None:
        self.i, self.idx, self.text = i, idx, text
        self.lower_ = text.lower()
        self.is_space = not text


class SpanView:
    """Tokens ``start:end`` of a :class:`View` (what the rules read of a ``Span``)."""

    __slots__ = ("end", "start", "view")

    def __init__(self, view: View, start: int, end: int) -> None:
        self.view, self.start, self.end = view, start, end

    @property
    def start_char(self) -> int:
        return self.view.idx[self.start]

    @property
    def end_char(self) -> int:
        return self.view.token_end(self.end - 1) if self.end > self.start else self.start_char

    @property
    def text(self) -> str:
        return self.view.text[self.start_char : self.end_char]

    def __iter__(self) -> Iterator[Tok]:
        return (self.view[i] for i in range(self.start, self.end))


class View:
    """A read-only, Doc-like view of tokens as slices of the text, for the rule functions below."""

    def __init__(self, doc: Doc, text: str, idx: list[int]) -> None:
        self.doc, self.text, self.n = doc, text, len(idx)
        self.idx = [*idx, len(text)]  # a sentinel end offset
        self.user_data = doc.user_data
        self.cache: dict[int, Tok] = {}
        self.offset = 0  # where this text starts in the text given to suggest()
        self.verbs: list[int] = []  # first tokens of the clause's verb cues (set per clause)
        # Words and lower-cased words as the rules first ask for them: each is read about four times. (One
        # slot more: index -1 reads past the sentinel, an empty word, as slicing did.)
        self.words: list[str | None] = [None] * (self.n + 1)
        self.lows: list[str | None] = [None] * (self.n + 1)

    def __len__(self) -> int:
        return self.n

    def word(self, i: int) -> str:
        word = self.words[i]
        if word is None:
            word = self.words[i] = self.text[self.idx[i] : self.idx[i + 1]].rstrip()
        return word

    def low(self, i: int) -> str:
        low = self.lows[i]
        if low is None:
            low = self.lows[i] = self.word(i).lower()
        return low

    def token_end(self, i: int) -> int:
        """Where token ``i``'s text ends (before its trailing whitespace)."""
        return self.idx[i] + len(self.word(i))

    def phrase_low(self, start: int, end: int) -> str:
        """Lower-cased text of tokens ``start:end`` (a cue: most are one word, read from the cache)."""
        return self.low(start) if end == start + 1 else self.stext(start, end).lower()

    def stext(self, start: int, end: int) -> str:
        """Text of tokens ``start:end`` (without trailing whitespace)."""
        return self.text[self.idx[start] : self.idx[end]].rstrip() if end > start else ""

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, _ = key.indices(self.n)
            return SpanView(self, start, max(start, stop))
        i = key + self.n if key < 0 else key
        tok = self.cache.get(i)
        if tok is None:
            if not 0 <= i < self.n:
                raise IndexError(key)
            tok = self.cache[i] = Tok(i, self.idx[i], self.word(i))
        return tok

    def char_span(self, start: int, end: int, alignment_mode: str = "expand") -> SpanView:
        return SpanView(
            self, bisect_right(self.idx, start, 0, self.n) - 1, bisect_left(self.idx, end, 0, self.n)
        )


def prev_word(doc: View, i: int, lo: int) -> str:
    """The lower-cased token before ``i``, or "" at the clause start ``lo``."""
    return doc.low(i - 1) if i - 1 >= lo else ""


def next_word(doc: View, i: int, hi: int) -> str:
    """The lower-cased token at ``i``, or "" at the clause end ``hi``."""
    return doc.low(i) if i < hi else ""
