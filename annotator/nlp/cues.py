"""Cue matching: one PhraseMatcher over lower-cased tokens for reporting, contest and event cues (a hash
lookup per token, which keeps the pipeline near the speed of the bare tokenizer), and the checks that decide
whether a matched cue is a cue in its context ("the claims" is a noun, "was denied bail" no contest).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from annotator.nlp import lexicon as lx
from annotator.nlp.view import View, next_word, prev_word

Cue = tuple[str, int, int]  # kind, first token, end token

_QUOTES = frozenset({"“", '"', "‘"})
# Substrings of every _NEGATED match ("no" stands for "not" and "no"), for a cheap test before it.
_NEGATOR_HINTS = ("no", "n't", *(w for w in lx.NEGATORS if "no" not in w))
_NEGATED = re.compile(r"\b(?:" + "|".join(lx.NEGATORS) + r")\b|n't\b", re.IGNORECASE)


@Language.factory("claim_cues")
def make_claim_cues(nlp: Language, name: str) -> ClaimCues:
    return ClaimCues(nlp)


class ClaimCues:
    """Marks reporting (REPORT), contest (DISPUTE, STRONG) and event (EVENT) cues in ``doc.user_data``."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.kinds: dict[int, str] = {}  # match id -> kind: a dict is cheaper than the StringStore
        for label, words in (
            ("REPORT", lx.REPORT_CUES),
            ("DISPUTE", lx.DISPUTE_CUES),
            ("STRONG", lx.STRONG_DISPUTE),
            ("EVENT", lx.EVENT_VERBS),
            ("NUMWORD", lx.NUMBER_WORDS),
            ("DATEWORD", lx.DATE_WORDS),
            ("HEDGE", lx.HEDGE_WORDS),
            ("RELEASE", lx.RELEASE_HINTS),
            ("CALLED", lx.CALLED_WORDS),
            ("COMPARE", lx.COMPARE_WORDS),
        ):
            self.matcher.add(label, [nlp.make_doc(w) for w in sorted(words)])
            self.kinds[nlp.vocab.strings[label]] = label

    def __call__(self, doc: Doc) -> Doc:
        kinds = self.kinds
        found = sorted(((kinds[k], s, e) for k, s, e in self.matcher(doc)), key=_longest_first)
        # Keep the longest of nested matches of one kind ("found no link" over "found no").
        kept: list[tuple[str, int, int]] = []
        for m in found:
            kind, start, end = m
            for k in kept[-4:]:  # a loop: a generator for any() costs more than the test, for every match
                if k[0] == kind and k[1] <= start and end <= k[2]:
                    break
            else:
                kept.append(m)
        doc.user_data["claim_cues"] = kept
        return doc


def _longest_first(match: Cue) -> tuple[int, int]:
    return match[1], -match[2]


def _negated(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` hold a negator? Substring tests first: most spans hold none, and the
    pattern alone is tried at every position."""
    low = text[start:end].lower()
    for hint in _NEGATOR_HINTS:  # a loop: a generator for any() costs more than the searches
        if hint in low:
            return _NEGATED.search(text, start, end) is not None
    return False


def report_ok(doc: View, cue: Cue, lo: int, hi: int) -> bool:
    """Is this reporting cue a report here (not a noun, an infinitive, a negated or an event reading)?"""
    _, s, e = cue
    if in_compound(doc, s, e):
        return False
    word = doc.phrase_low(s, e)
    prev, nxt = prev_word(doc, s, lo), next_word(doc, e, hi)
    if _negated(doc.text, doc.idx[max(lo, s - 3)], doc.idx[s]):
        return False  # "has not yet said", "declined to say"
    if word == "said" and nxt == "," and prev in {"that", "this"} and s - 1 <= lo:
        return False  # "That said, …": a discourse idiom
    if word in lx.EVIDENTIAL and _document_subject(doc, lo, s):
        return True
    if word == "thought":
        # "a guard thought the parcel held a bomb"; not "the thought of", "was thought to", "thought it over"
        return (
            s > lo
            and prev not in lx.DETERMINERS | lx.COPULA_AUX | lx.PREPOSITIONS
            and nxt not in lx.THOUGHT_NOT_NEXT
            and not doc.word(s - 1).endswith("'s")
            and not (nxt in {"it", "them"} and next_word(doc, e + 1, hi) in lx.THOUGHT_PARTICLES)
        )
    if word in lx.HEARING_VERBS:
        return _before(doc, lo, s, 6, lx.HEARING_NOUNS)  # "a jury at X Crown Court heard", "the court heard"
    if word in lx.FORECAST_VERBS:
        return prev not in lx.COPULA_AUX and _before(doc, lo, s, 6, lx.FORECASTERS)
    if word == "told" and prev in lx.PASSIVE_AUX and _before(doc, lo, s, 4, lx.HEARING_NOUNS):
        return True  # "the jury was told": evidence given to a court
    if word in lx.FIGURE_REPORTS and nxt != "that":
        # "reported a 12 per cent rise"; not "reports to the board" nor "media reports say"
        return (
            prev not in lx.COPULA_AUX | lx.DETERMINERS
            and nxt != "to"
            and nxt not in lx.REPORT_CUES
            and _number_within(doc, e, hi, 5)
        )
    if word in lx.THAT_ONLY:
        return nxt == "that"
    if word in lx.THAT_OR_QUOTE:
        # "wrote in a blog post that", "announced on Tuesday that"
        return (
            nxt == ":"
            or nxt in lx.WH_WORDS  # "announces where the orbiters will be displayed"
            or _quote_within(doc, e, hi, 3)
            or _colon_quote_within(doc, e, hi, 8)
            or _reporting_tail(
                doc, s, e, lo, hi
            )  # "…, the researchers wrote in the journal X."  # 'tweeted from her account: "…"'
            or "that" in _words(doc, e, min(hi, e + 6))
        )
    if word in lx.EVIDENTIAL and word not in lx.REPORT_STRONG:
        return False
    if word in lx.QUOTE_ONLY:
        # 'a print called "Cowboys"' names a thing; 'called the vote "a turning point"' judges it.
        return nxt not in _QUOTES and _quote_within(doc, e, hi, 8)
    if word in lx.EVENT_BEFORE_INDEFINITE and nxt in {"a", "an"}:
        return False
    if word.endswith("ing") and prev in lx.GERUND_PREPOSITIONS:
        return False  # "banned from claiming asylum"
    if word in lx.PASSIVE_NOT_REPORT and prev in lx.COPULA_AUX:
        return False  # "are accused of", "was told to leave"
    if word in lx.TELL_FORMS and "to" in _words(doc, e, min(hi, e + 3)):
        return False  # "told him to leave": an order
    if word in lx.DIRECTIVE_FORMS and nxt not in {"that", "of", ":"} and _directive(doc, e, hi):
        return False  # "warned jurors not to discuss the case": an order
    if word in lx.NOUN_AMBIGUOUS and (prev in lx.DETERMINERS or nxt in lx.NOUN_FOLLOWERS):
        return False
    if word in lx.AMBIGUOUS_INFINITIVE_CUES and prev in lx.MODAL_BEFORE_CUE:
        return False
    if word in {"added", "adds"}:
        # "…, he added." / "Smith added that"; "added 12 points" and "added a goal" are events.
        return (
            nxt in lx.ADDED_NEXT
            or prev in lx.ADDED_PREV
            or (
                s > lo
                and doc.word(s - 1)[:1].isupper()
                and nxt not in lx.DETERMINERS
                and not nxt[:1].isdigit()
            )
        )
    return not (word in lx.NOUN_AFTER_DET and prev in lx.DETERMINERS)


def in_compound(doc: View, s: int, e: int) -> bool:
    """Are tokens ``s:e`` part of a hyphenated compound ("denial-of-service", "Scientology-critic site")?"""
    text, end = doc.text, doc.token_end(e - 1)
    return (end < len(text) and text[end] == "-") or (doc.idx[s] > 0 and text[doc.idx[s] - 1] == "-")


def _words(doc: View, a: int, b: int) -> set[str]:
    return {doc.low(i) for i in range(a, b)}


def _quote_within(doc: View, e: int, hi: int, n: int) -> bool:
    start, end = doc.idx[e], doc.idx[min(hi, e + n)]
    return doc.text.find("“", start, end) >= 0 or doc.text.find('"', start, end) >= 0


def _before(doc: View, lo: int, s: int, n: int, nouns: frozenset[str]) -> bool:
    return any(doc.low(i) in nouns for i in range(max(lo, s - n), s))


def _number_within(doc: View, e: int, hi: int, n: int) -> bool:
    return any(doc.word(i)[:1].isdigit() or doc.low(i) in lx.NUMBER_WORDS for i in range(e, min(hi, e + n)))


def _colon_quote_within(doc: View, e: int, hi: int, n: int) -> bool:
    """A colon then a quotation within ``n`` tokens: the cue introduces the quoted words."""
    for i in range(e, min(hi - 1, e + n)):
        if doc.word(i) == ":":
            return doc.word(i + 1) in _QUOTES
    return False


def _reporting_tail(doc: View, s: int, e: int, lo: int, hi: int) -> bool:
    """Cue and subject after the content ("Prices fell, the researchers wrote in a paper."): a comma after
    some content, a short subject, the cue, then the clause's end or a short place or medium phrase."""
    comma = next((i for i in range(s - 1, max(lo, s - 5), -1) if doc.word(i) == ","), None)
    if comma is None or comma - lo < 4 or any(doc.word(i) in _QUOTES for i in range(comma + 1, s)):
        return False
    rest = [doc.low(i) for i in range(e, hi) if doc.word(i) not in lx.PUNCT_STOP]
    return not rest or (rest[0] in {"in", "on"} and len(rest) <= 6 and "that" not in rest)


def _directive(doc: View, e: int, hi: int) -> bool:
    """An object and then "to" or "not to" within three tokens: an order, not a report."""
    return any(doc.low(i) == "to" for i in range(e + 1, min(hi, e + 4)))


def _document_subject(doc: View, lo: int, s: int) -> bool:
    """Is a document noun ("the report", "figures", "a recent poll") in the few words before the cue?"""
    return any(doc.low(i) in lx.DOCUMENT_NOUNS for i in range(max(lo, s - 12), s))


def dispute_ok(doc: View, cue: Cue, lo: int, hi: int) -> bool:
    """Is this contest cue a contest of a claim here ("rejected the claims", not "rejected the bill")?"""
    _, s, e = cue
    if in_compound(doc, s, e):
        return False
    word = doc.phrase_low(s, e)
    prev = prev_word(doc, s, lo)
    if word in lx.DOUBT_FORMS and prev in lx.NO_DOUBT_PREV:
        return False
    if word in lx.PASSIVE_DISPUTE_FORMS and prev in lx.PASSIVE_AUX:
        return False  # "was denied bail", "was questioned by police"
    if word in lx.DISPUTE_NOUN_FORMS and next_word(doc, e, hi) not in (lx.DETERMINERS | {"that"}):
        return False  # "a trade dispute": the noun, not a contest of a claim
    if word in lx.OBJECT_DEPENDENT and prev in lx.COPULA_AUX:
        return any(t.lower_ in lx.CLAIM_NOUNS for t in doc[lo:s])  # "the findings were challenged"
    if word in lx.OBJECT_DEPENDENT:
        following = {t.lower_ for t in doc[e : min(hi, e + 6)]}
        return bool(following & lx.CLAIM_NOUNS)
    return True
