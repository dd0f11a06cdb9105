"""Sentence boundaries for the claim suggester, and the tokenizer wrapper that keeps the text on the Doc.

``claim_sentencizer`` sets boundaries from :func:`sentence_starts`: regexes over ``doc.text``, where a blank
line is a hard boundary and known abbreviations ("Mr.", "U.S. Senate") and open quotations do not end a
sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from annotator.nlp import lexicon as lx
from annotator.nlp.body import blank_or_emoji, char_positions, paragraphs

# A sentence end: terminal punctuation and closing marks, then (past any emoji) a space and a capital.
_CANDIDATE = re.compile(rf"[.!?…]+[\"'”’)\]]*(?=(?:\s*[{lx.EMOJI_CLASS}]+)*\s+[\"“‘(\[]?[A-Z0-9$€£])")
_WORD_LEAD = '"“‘([\n'  # stripped before the word that precedes a dot
_LONGEST_ABBREVIATION = max(map(len, lx.TITLES | lx.AMBIGUOUS_ABBR))
_TERMINALS = ".!?…"  # the characters a _CANDIDATE match starts with


def _is_boundary(text: str, dot: int, nxt: int) -> bool:
    start = text.rfind(" ", max(0, dot - 12), dot) + 1
    if dot - start > _LONGEST_ABBREVIATION and text[start] not in _WORD_LEAD and text[dot - 1] != ".":
        return True  # the word before the dot is longer than any abbreviation (most sentence ends)
    word = text[start:dot].lstrip(_WORD_LEAD).lower().rstrip(".")
    if not word:
        return True
    if word in lx.TITLES or (len(word) == 1 and word.isalpha()):
        return False
    if word in lx.AMBIGUOUS_ABBR:
        nxt_word = re.match(r"[\"“‘(\[]?(\w+)", text[nxt : nxt + 20])
        return bool(nxt_word and nxt_word.group(1).lower() in lx.COMMON_STARTERS)
    return True


def _quote_spans(text: str, marks: list[int]) -> list[tuple[int, int]]:
    """Ranges inside quotation marks within one paragraph, from the positions of its quotation marks
    (curly quotes pair up, straight ones alternate)."""
    spans = []
    opened: int | None = None
    straight: int | None = None
    for pos in marks:
        ch = text[pos]
        if ch == "“":
            opened = pos if opened is None else opened
        elif ch == "”":
            if opened is not None:
                spans.append((opened, pos))
                opened = None
        elif straight is None:
            straight = pos
        else:
            spans.append((straight, pos))
            straight = None
    return spans


def sentence_starts(text: str, paras: Iterable[tuple[int, int]] | None = None) -> list[int]:
    """Code-point offsets where sentences start (``paras``: the paragraphs of ``text`` when known)."""
    starts = [0]
    # Where a sentence end or a quotation mark may stand, found in the whole text at once.
    terminals = char_positions(text, _TERMINALS, 0, len(text))
    marks = char_positions(text, '“”"', 0, len(text))
    for p_start, p_end in paragraphs(text) if paras is None else paras:
        if p_start:
            starts.append(p_start)
        in_para = marks[bisect_left(marks, p_start) : bisect_left(marks, p_end)]
        quotes = _quote_spans(text, in_para) if in_para else ()
        searched = p_start  # what _CANDIDATE.finditer would do, matching only where a terminal stands
        for k in range(bisect_left(terminals, p_start), bisect_left(terminals, p_end)):
            pos = terminals[k]
            if pos < searched or pos + 1 >= p_end:
                continue  # inside the last match, or the paragraph's end
            after = text[pos + 1]
            if after.isascii() and after.isalnum():
                continue  # "3.5", "U.S.": a letter or digit right after is never a sentence end
            m = _CANDIDATE.match(text, pos, p_end)
            if m is None:
                continue
            searched = nxt = m.end()
            while nxt < p_end and blank_or_emoji(text[nxt]):
                nxt += 1  # the next sentence starts at its first word
            if any(a < m.start() and m.end() <= b for a, b in quotes):
                continue  # inside a quotation that closes later in the paragraph
            if _is_boundary(text, m.start(), nxt):
                starts.append(nxt)
    return starts


# SENT_START -1 ("not a sentence start") as the uint64 that Doc.from_array reads.
_NOT_START = np.uint64(2**64 - 1)

# Unicode spaces between words (no-break, thin, narrow no-break, em…) read as plain spaces: spaCy makes a
# token of each, which breaks "mayor\u00a0said". One code point for one, so every offset stays the same.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


class TextKeepingTokenizer:
    """Wraps a tokenizer to keep the input string on the Doc (``Doc.text`` rebuilds it token by token, which
    costs as much as tokenizing again) and to tokenize Unicode spaces as plain ones. The rules read the
    original text; only the matching sees the normalised one."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        spaced = text if text.isascii() or not _SPACES.search(text) else _SPACES.sub(" ", text)
        doc = self.tokenizer(spaced)
        doc.user_data["claim_text"] = text
        return doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get("claim_text")
    if text is None:
        text = doc.user_data["claim_text"] = doc.text
    return text


@Language.factory("claim_sentencizer", default_config={"fill_unknown": True})
def make_claim_sentencizer(nlp: Language, name: str, fill_unknown: bool) -> ClaimSentencizer:
    return ClaimSentencizer(fill_unknown)


class ClaimSentencizer:
    """Sets sentence starts from :func:`sentence_starts`. With ``fill_unknown`` every other token is marked
    "not a start" (no parser follows); without, they stay unknown so a trained parser may add boundaries."""

    def __init__(self, fill_unknown: bool = True) -> None:
        self.fill_unknown = fill_unknown

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        idx = doc.to_array("IDX").tolist()
        text = doc_text(doc)
        context = getattr(doc, "_context", None)  # suggest_many's ChunkContext: found with the body
        known = getattr(context, "paragraphs", None)
        paras = known if known is not None else list(paragraphs(text))
        doc.user_data["claim_paragraphs"] = paras  # claim_finder needs them too
        doc.user_data["claim_idx"] = idx  # and the token offsets
        # The first token at or after each sentence's first character; sentence_starts is in text order.
        starts = [0]
        for char in sentence_starts(text, paras):
            i = bisect_left(idx, char)
            if starts[-1] < i < n:
                starts.append(i)
        # One array write instead of a Token.is_sent_start assignment (and its checks) per sentence.
        values = np.full((n, 1), _NOT_START if self.fill_unknown else 0, dtype=np.uint64)
        values[starts, 0] = 1
        doc.from_array(["SENT_START"], values)  # type: ignore[arg-type]
        if self.fill_unknown:  # final boundaries: claim_finder may skip building Span objects
            doc.user_data["claim_sent_tokens"] = starts
        return doc
