"""spaCy components of the claim suggester (imported only when suggesting: it imports spaCy).

* ``claim_sentencizer``: regex sentence boundaries over ``doc.text``; a blank line is a hard boundary, known
  abbreviations ("Mr.", "U.S. Senate") and open quotations do not end a sentence.
* ``claim_cues``: one PhraseMatcher over lower-cased tokens for reporting, contest and event cues (a hash
  lookup per token, which keeps the pipeline near the speed of the bare tokenizer).
* ``claim_finder``: per sentence (and per clause), decides attributed / disputed / factual / nothing, finds
  the source and cue spans, and stores :class:`~annotator.nlp.suggester.Suggestion` objects in
  ``doc._.claim_suggestions``. When a trained parser/NER ran before it, sources come from the cue's subject
  and named actors/numbers from the entities; otherwise from the rules below.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from annotator.nlp import lexicon as lx
from annotator.nlp.body import is_boilerplate, paragraphs
from annotator.nlp.lexicon import _w
from annotator.nlp.suggester import ChunkContext, Suggestion

if not Doc.has_extension("claim_suggestions"):
    Doc.set_extension("claim_suggestions", default=None)

# --------------------------------------------------------------------------------------------- sentences

_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9$€£])")
_TITLES = frozenset(
    _w(
        "mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st jr sr vs v no fig rev hon pres "
        "supt det insp jan feb mar apr jun jul aug sep sept oct nov dec mt ft"
    )
)
# Abbreviations that often end a sentence too: split after them only before a typical sentence starter.
_AMBIGUOUS_ABBR = frozenset(_w("u.s u.k u.n e.u inc corp co ltd a.m p.m etc d.c l.a n.y"))
_QUOTE_CHARS = re.compile(r"[“”\"]")


def _is_boundary(text: str, dot: int, nxt: int) -> bool:
    word = text[text.rfind(" ", max(0, dot - 12), dot) + 1 : dot].lstrip('"“‘([\n').lower().rstrip(".")
    if not word:
        return True
    if word in _TITLES or (len(word) == 1 and word.isalpha()):
        return False
    if word in _AMBIGUOUS_ABBR:
        nxt_word = re.match(r"[\"“‘(\[]?(\w+)", text[nxt : nxt + 20])
        return bool(nxt_word and nxt_word.group(1).lower() in lx.COMMON_STARTERS)
    return True


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Ranges inside quotation marks within one paragraph (curly quotes pair up, straight ones alternate)."""
    spans = []
    opened: int | None = None
    straight: int | None = None
    for m in _QUOTE_CHARS.finditer(text, start, end):
        ch, pos = m.group(), m.start()
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
    for p_start, p_end in paragraphs(text) if paras is None else paras:
        if p_start:
            starts.append(p_start)
        has_quotes = text.find('"', p_start, p_end) >= 0 or text.find("“", p_start, p_end) >= 0
        quotes = _quote_spans(text, p_start, p_end) if has_quotes else ()
        for m in _CANDIDATE.finditer(text, p_start, p_end):
            nxt = m.end()
            while nxt < p_end and text[nxt].isspace():
                nxt += 1
            if any(a < m.start() and m.end() <= b for a, b in quotes):
                continue  # inside a quotation that closes later in the paragraph
            if _is_boundary(text, m.start(), nxt):
                starts.append(nxt)
    return starts


class TextKeepingTokenizer:
    """Wraps a tokenizer to keep the input string on the Doc: ``Doc.text`` rebuilds it token by token, which
    costs as much as tokenizing again."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data["claim_text"] = text
        return doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def _doc_text(doc: Doc) -> str:
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
        idx = doc.to_array("IDX")
        text = _doc_text(doc)
        paras = doc.user_data["claim_paragraphs"] = list(paragraphs(text))  # claim_finder needs them too
        starts = np.searchsorted(idx, np.asarray(sentence_starts(text, paras), dtype=idx.dtype))
        # One array write instead of a Token.is_sent_start assignment (and its checks) per sentence.
        values = np.full((n, 1), -1 if self.fill_unknown else 0, dtype=np.int64)
        values[starts[starts < n], 0] = 1
        values[0, 0] = 1
        doc.from_array(["SENT_START"], values.astype(np.uint64))
        if self.fill_unknown:  # final boundaries: claim_finder may skip building Span objects
            doc.user_data["claim_sent_tokens"] = np.flatnonzero(values[:, 0] == 1).tolist()
        return doc


# --------------------------------------------------------------------------------------------- cue matcher


@Language.factory("claim_cues")
def make_claim_cues(nlp: Language, name: str) -> ClaimCues:
    return ClaimCues(nlp)


class ClaimCues:
    """Marks reporting (REPORT), contest (DISPUTE, STRONG) and event (EVENT) cues in ``doc.user_data``."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
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
        ):
            self.matcher.add(label, [nlp.make_doc(w) for w in sorted(words)])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        found = sorted(((strings[k], s, e) for k, s, e in self.matcher(doc)), key=lambda m: (m[1], -m[2]))
        # Keep the longest of nested matches of one kind ("found no link" over "found no").
        kept: list[tuple[str, int, int]] = []
        for m in found:
            if not any(k[0] == m[0] and k[1] <= m[1] and m[2] <= k[2] for k in kept[-4:]):
                kept.append(m)
        doc.user_data["claim_cues"] = kept
        return doc


# --------------------------------------------------------------------------------------------- claim finder


@dataclass
class _Verdict:
    label: str | None
    confidence: float = 0.0
    reason: str = ""
    source: tuple[int, int] | None = None  # token range
    cue: tuple[int, int] | None = None  # token range


@Language.factory("claim_finder")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder()


_DETS = frozenset({"the", "a", "an", "this", "these", "those", "some", "many", "several"})
_PREPOSITIONS = frozenset({"of", "from", "at", "for", "with", "in", "by", "to", "on", "such", "as", "like"})
_PUNCT_STOP = frozenset(",;:()[]“”\"—–-‘’'!?.")
_CLAUSE_SPLIT = re.compile(
    r";\s+|,\s+(?=(?:a|an)\s+(?:charge|claim|allegation|accusation|assertion|figure|number|account)\s)|,\s+(?=(?:but|while|whereas|although|though|yet)\b(?!\s+also))|\s+(?=but\b(?!\s+also))"
)
_COORD = re.compile(r"(?:but|yet|and)\s+")
_LEADING_SUB = re.compile(r"^(?:While|Although|Though|Whereas|Even\s+though)\b[^,]{3,}?,\s+")
_ENTITY_ACTORS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC", "EVENT", "LAW"})
_DIGIT = re.compile(r"\d")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_NEGATED = re.compile(r"\b(?:not|never|no|declined|refused)\b|n't\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"[A-Z][\w’'.&-]*")
_NUMBER = re.compile(r"[$€£¥]?\d[\d,.]*%?")
_ENTITY_NUMBERS = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "TIME"})


class _Tok:
    """What the rules read of a token, sliced from the text (a spaCy Token costs a C-to-Python round trip)."""

    __slots__ = ("i", "idx", "is_space", "lower_", "text")

    def __init__(self, i: int, idx: int, text: str) -> None:
        self.i, self.idx, self.text = i, idx, text
        self.lower_ = text.lower()
        self.is_space = not text


class _SpanView:
    __slots__ = ("end", "start", "view")

    def __init__(self, view: _View, start: int, end: int) -> None:
        self.view, self.start, self.end = view, start, end

    @property
    def start_char(self) -> int:
        return self.view.idx[self.start]

    @property
    def end_char(self) -> int:
        v = self.view
        return v.idx[self.end - 1] + len(v.word(self.end - 1)) if self.end > self.start else self.start_char

    @property
    def text(self) -> str:
        return self.view.text[self.start_char : self.end_char]

    def __iter__(self) -> Iterator[_Tok]:
        return (self.view[i] for i in range(self.start, self.end))


class _View:
    """A read-only, Doc-like view of tokens as slices of the text, for the rule functions below."""

    def __init__(self, doc: Doc, text: str, idx: list[int]) -> None:
        self.doc, self.text, self.n = doc, text, len(idx)
        self.idx = [*idx, len(text)]  # a sentinel end offset
        self.user_data = doc.user_data
        self.cache: dict[int, _Tok] = {}
        self.offset = 0  # where this text starts in the text given to suggest()

    def __len__(self) -> int:
        return self.n

    def word(self, i: int) -> str:
        return self.text[self.idx[i] : self.idx[i + 1]].rstrip()

    def low(self, i: int) -> str:
        return self.text[self.idx[i] : self.idx[i + 1]].rstrip().lower()

    def stext(self, start: int, end: int) -> str:
        """Text of tokens ``start:end`` (without trailing whitespace)."""
        return self.text[self.idx[start] : self.idx[end]].rstrip() if end > start else ""

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, _ = key.indices(self.n)
            return _SpanView(self, start, max(start, stop))
        i = key + self.n if key < 0 else key
        tok = self.cache.get(i)
        if tok is None:
            if not 0 <= i < self.n:
                raise IndexError(key)
            tok = self.cache[i] = _Tok(i, self.idx[i], self.word(i))
        return tok

    def char_span(self, start: int, end: int, alignment_mode: str = "expand") -> _SpanView:
        return _SpanView(
            self, bisect_right(self.idx, start, 0, self.n) - 1, bisect_left(self.idx, end, 0, self.n)
        )


class ClaimFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.claim_suggestions = find_claims(doc)
        return doc


def find_claims(doc: Doc) -> list[Suggestion]:
    text = _doc_text(doc)
    cues = doc.user_data.get("claim_cues", ())  # sorted by start
    # Doc.has_annotation walks every token in Python; one vectorised look at the arrays is far cheaper.
    annotated = doc.to_array(["DEP", "ENT_IOB"]).any(axis=0) if len(doc) else (False, False)
    parsed = bool(annotated[0])
    doc.user_data["claim_has_ents"] = bool(annotated[1])
    doc.user_data["claim_ents"] = tuple(doc.ents) if annotated[1] else ()
    skip = _skipped_ranges(text, doc.user_data.pop("claim_paragraphs", None))
    skip_starts = [a for a, _ in skip]
    idx = doc.to_array("IDX").tolist() if len(doc) else []
    view = _View(doc, text, idx)
    context = getattr(doc, "_context", None)
    view.offset = context.offset if isinstance(context, ChunkContext) else 0
    out: list[Suggestion] = []
    ci, n_cues, bounds = 0, len(cues), view.idx
    for sent_start, sent_end in _sentence_tokens(doc, parsed):
        s_char, e_char = _trim(text, bounds[sent_start], bounds[sent_end])
        while ci < n_cues and cues[ci][1] < sent_start:
            ci += 1
        cj = ci
        while cj < n_cues and cues[cj][1] < sent_end:
            cj += 1
        k = bisect_right(skip_starts, s_char) - 1
        if e_char - s_char < 15 or (k >= 0 and s_char < skip[k][1]):
            continue
        sent_cues = cues[ci:cj]
        stext = text[s_char:e_char]
        if all(c[0] == "HEDGE" for c in sent_cues) and not _DIGIT.search(stext):
            continue  # cheap exit for opinion and analysis sentences
        out.extend(_sentence_claims(view, idx, s_char, e_char, sent_cues, parsed))
    for key in ("claim_ents", "claim_has_ents"):  # spans in user_data would keep the Doc from pickling
        doc.user_data.pop(key, None)
    return out


def _sentence_tokens(doc: Doc, parsed: bool) -> Iterator[tuple[int, int]]:
    starts = doc.user_data.pop("claim_sent_tokens", None)
    if parsed or starts is None:
        for sent in doc.sents:
            yield sent.start, sent.end
        return
    ends = [*starts[1:], len(doc)]
    yield from zip(starts, ends, strict=True)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    if start < end and text[start].isspace():
        start = end - len(text[start:end].lstrip())
    if end > start and text[end - 1].isspace():
        end = start + len(text[start:end].rstrip())
    return start, end


def _skipped_ranges(text: str, paras: Iterable[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Paragraphs that are never claims: boilerplate lines and headline-like lines (subheads)."""
    ranges = []
    for s, e in paragraphs(text) if paras is None else paras:
        if e - s > 200:
            continue  # furniture lines and subheads are short: spare long paragraphs the regexes
        para = text[s:e]
        if is_boilerplate(para) or (
            "\n" not in para and len(para.split()) <= 25 and not _ENDS_SENTENCE.search(para)
        ):
            ranges.append((s, e))
    return ranges


def _clauses(stext: str) -> list[tuple[int, int]]:
    """Clause ranges (relative to the sentence) at "; ", ", but", ", while"… and after "While …,"."""
    cuts = []
    m = _LEADING_SUB.match(stext)
    if m and '"' not in stext[: m.end()] and "“" not in stext[: m.end()]:
        cuts.append((m.end() - len(m.group()) + len(m.group().rstrip().rstrip(",")), m.end()))
    hinted = (
        "; " in stext
        or " but " in stext
        or ", while" in stext
        or ", a " in stext
        or ", an " in stext
        or ", whereas" in stext
        or ", although" in stext
        or ", though" in stext
        or ", yet" in stext
    )
    for m in _CLAUSE_SPLIT.finditer(stext) if hinted else ():
        if not _inside_quote(stext, m.start()):
            # A coordinator opening the next clause belongs to neither claim ("…, but the company said…").
            coord = _COORD.match(stext, m.end())
            cuts.append((m.start(), coord.end() if coord else m.end()))
    if not cuts:
        return [(0, len(stext))]
    cuts.sort()
    out, pos = [], 0
    for a, b in cuts:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    out.append((pos, len(stext)))
    return [(a, b) for a, b in out if len(stext[a:b].split()) >= 3]


def _inside_quote(stext: str, pos: int) -> bool:
    before = stext[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _sentence_claims(
    doc: _View, idx: list[int], s_char: int, e_char: int, cues: list[tuple[str, int, int]], parsed: bool
) -> list[Suggestion]:
    text = doc.text
    stext = text[s_char:e_char]
    clauses = _clauses(stext)
    if len(clauses) == 1:  # the common case: the whole sentence is one clause
        lo, hi = bisect_left(idx, s_char), bisect_left(idx, e_char)
        verdict = _classify(doc, lo, hi, stext, cues, parsed)
        return [_to_suggestion(doc, s_char, e_char, verdict)] if verdict.label else []
    verdicts: list[tuple[int, int, _Verdict]] = []
    for a, b in clauses:
        ca, cb = _trim(text, s_char + a, s_char + b)
        ca_tok, cb_tok = bisect_left(idx, ca), bisect_left(idx, cb)
        ccues = [c for c in cues if ca_tok <= c[1] and c[2] <= cb_tok]
        verdicts.append((ca, cb, _classify(doc, ca_tok, cb_tok, text[ca:cb], ccues, parsed)))
    labels = {v.label for _, _, v in verdicts if v.label}
    if not labels:
        return []
    if len(verdicts) > 1 and len(labels) == 1:
        # One kind of claim in the sentence: one suggestion over the claim clauses, the strongest verdict.
        claim_parts = [(a, b, v) for a, b, v in verdicts if v.label]
        best = max(claim_parts, key=lambda p: p[2].confidence)[2]
        start, end = claim_parts[0][0], claim_parts[-1][1]
        if all(v.label for _, _, v in verdicts):
            start, end = s_char, e_char
        return [_to_suggestion(doc, start, end, best)]
    if len(verdicts) == 1:
        return [_to_suggestion(doc, s_char, e_char, verdicts[0][2])]
    return [_to_suggestion(doc, a, _strip_end(text, a, b), v) for a, b, v in verdicts if v.label]


def _strip_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in ",;: ":
        b -= 1
    return b


def _to_suggestion(doc: _View, start: int, end: int, v: _Verdict) -> Suggestion:
    source = _char_range(doc, v.source) if v.source else None
    cue = _char_range(doc, v.cue) if v.cue else None
    return Suggestion(
        start + doc.offset,
        end + doc.offset,
        v.label or "",
        round(min(max(v.confidence, 0.0), 1.0), 2),
        v.reason,
        source,
        cue,
    )


def _char_range(doc: _View, toks: tuple[int, int]) -> tuple[int, int]:
    start = doc.idx[toks[0]] + doc.offset
    return start, doc.idx[toks[1] - 1] + doc.offset + len(doc.word(toks[1] - 1))


# ----------------------------------------------------------------------------- classification of a clause


def _classify(
    doc: _View, lo: int, hi: int, ctext: str, cues: list[tuple[str, int, int]], parsed: bool
) -> _Verdict:
    reports, disputes, strong, called_hint = [], [], [], False
    for c in cues:  # one pass: this runs for every sentence
        kind = c[0]
        if kind == "REPORT":
            if _report_ok(doc, c, lo, hi):
                reports.append(c)
        elif kind == "DISPUTE":
            if _dispute_ok(doc, c, lo, hi):
                disputes.append(c)
        elif kind == "STRONG":
            strong.append(c)
        elif kind == "CALLED":
            called_hint = True
    called = lx.CALLED_FALSE.search(ctext) if called_hint else None

    report_src = None
    if reports:
        report_src = _source(doc, reports[0], lo, hi, parsed)
    critic_source = bool(report_src) and doc.low(report_src[1] - 1) in lx.CRITIC_SOURCES
    if strong or called or (disputes and (not reports or disputes[0][1] < reports[0][1] or critic_source)):
        return _disputed(doc, lo, hi, disputes, strong, called, reports, report_src, parsed)
    if reports:
        cue = reports[0]
        strength = lx.REPORT_CUES.get(doc.stext(cue[1], cue[2]).lower(), 0.8)
        cue_text = doc.stext(cue[1], cue[2])
        if report_src and doc.low(report_src[1] - 1) in lx.ABSTRACT_SUBJECTS:
            return _factual(
                doc, lo, hi, ctext, cues, parsed
            )  # "the event highlights": analysis, not a source
        if report_src:
            return _Verdict(
                "attributed",
                0.05 + strength,
                f"cue '{cue_text}' with source '{doc.stext(report_src[0], report_src[1])}'",
                report_src,
                (cue[1], cue[2]),
            )
        if cue_text.lower() not in lx.SOURCELESS_OK:
            return _factual(doc, lo, hi, ctext, cues, parsed)
        return _Verdict(
            "attributed", strength - 0.3, f"cue '{cue_text}' (no source found)", None, (cue[1], cue[2])
        )
    return _factual(doc, lo, hi, ctext, cues, parsed)


def _prev(doc: _View, i: int, lo: int) -> str:
    return doc.low(i - 1) if i - 1 >= lo else ""


def _next(doc: _View, i: int, hi: int) -> str:
    return doc.low(i) if i < hi else ""


def _report_ok(doc: _View, cue: tuple[str, int, int], lo: int, hi: int) -> bool:
    _, s, e = cue
    word = doc.stext(s, e).lower()
    prev, nxt = _prev(doc, s, lo), _next(doc, e, hi)
    if _NEGATED.search(doc.text, doc.idx[max(lo, s - 3)], doc.idx[s]):
        return False  # "has not yet said", "declined to say"
    if word in lx.THAT_ONLY:
        return nxt == "that"
    if word in lx.QUOTE_ONLY:
        start, end = doc.idx[e], doc.idx[min(hi, e + 8)]
        return doc.text.find("“", start, end) >= 0 or doc.text.find('"', start, end) >= 0
    if word in lx.NOUN_AMBIGUOUS and (prev in lx.DETERMINERS or nxt in {"of", "were", "are", "was", "is"}):
        return False
    if word in {"claim", "say", "believe"} and prev in {
        "to",
        "would",
        "could",
        "can",
        "will",
        "might",
        "may",
        "not",
        "cannot",
        "let",
        "i",
        "we",
        "you",
    }:
        return False
    if word in {"added", "adds"}:
        return nxt in {"that", ".", ",", "", "”", '"'} or prev in {",", "”", '"', "he", "she", "they"}
    return not (word in {"warning", "claiming", "suggesting"} and prev in lx.DETERMINERS)


def _dispute_ok(doc: _View, cue: tuple[str, int, int], lo: int, hi: int) -> bool:
    _, s, e = cue
    word = doc.stext(s, e).lower()
    prev = _prev(doc, s, lo)
    if word in {"doubt", "doubts"} and prev in {"no", "without", "little", "beyond"}:
        return False
    if word in {"denied", "questioned"} and prev in {"was", "were", "been", "being", "be"}:
        return False  # "was denied bail", "was questioned by police"
    if word in {"disputes", "dispute"} and _next(doc, e, hi) not in (lx.DETERMINERS | {"that"}):
        return False  # "a trade dispute": the noun, not a contest of a claim
    if word in lx.OBJECT_DEPENDENT and prev in {"was", "were", "been", "being", "be", "is", "are"}:
        return any(t.lower_ in lx.CLAIM_NOUNS for t in doc[lo:s])  # "the findings were challenged"
    if word in lx.OBJECT_DEPENDENT:
        following = {t.lower_ for t in doc[e : min(hi, e + 6)]}
        return bool(following & lx.CLAIM_NOUNS)
    return True


def _disputed(
    doc: _View,
    lo: int,
    hi: int,
    disputes: list,
    strong: list,
    called: re.Match | None,
    reports: list,
    report_src: tuple[int, int] | None,
    parsed: bool,
) -> _Verdict:
    if disputes:
        cue = (disputes[0][1], disputes[0][2])
    elif strong:
        cue = (strong[0][1], strong[0][2])
    else:
        assert called is not None
        span = doc.char_span(
            doc[lo].idx + called.start(), doc[lo].idx + called.end(), alignment_mode="expand"
        )
        cue = (span.start, span.end) if span is not None else (lo, lo + 1)
    source = None
    cue_word = doc.stext(cue[0], cue[1]).lower()
    if cue_word in lx.DISPUTE_VERBS or (called is not None and not disputes):
        source = _source(doc, ("DISPUTE", cue[0], cue[1]), lo, hi, parsed)
    if source is None and report_src is not None:
        source = report_src
    if cue_word in lx.CRITIC_SOURCES and source is None:
        source = cue
    confidence = 0.85 if (strong or called or cue_word in lx.DISPUTE_VERBS) else 0.75
    reason = f"contest cue '{doc.stext(cue[0], cue[1])}'"
    if source:
        reason += f" with source '{doc.stext(source[0], source[1])}'"
    return _Verdict("disputed", confidence, reason, source, cue)


def _number(ctext: str) -> tuple[str | None, bool]:
    """The first free-standing number in the clause ("17%", "$600", "2,300"; not "GPT-4o") and whether any
    number is a year."""
    first, year = None, False
    for m in _NUMBER.finditer(ctext):
        a, b = m.start(), m.end()
        while b > a and ctext[b - 1] in ",.":
            b -= 1
        if (a and (ctext[a - 1].isalnum() or ctext[a - 1] == "-")) or (
            b < len(ctext)
            and (ctext[b].isalnum() or (ctext[b] == "-" and not ctext[b + 1 : b + 2].isdigit()))
        ):
            continue
        first = first or ctext[a:b]
        year = year or (b - a == 4 and ctext[a:b].isdigit() and 1800 <= int(ctext[a:b]) <= 2099)
    return first, year


def _factual(doc: _View, lo: int, hi: int, ctext: str, cues: list, parsed: bool) -> _Verdict:
    kinds = {c[0] for c in cues}
    if any(c[0] == "HEDGE" and not (c[1] > lo and doc.word(c[1]) == "May") for c in cues):
        return _Verdict(None)  # hedged speculation ("could", "may"), but not the month "in May"
    number, year = _number(ctext) if _DIGIT.search(ctext) else (None, False)
    if number is None and "NUMWORD" in kinds:
        # "three people" counts; "the two countries" does not.
        word = next((c for c in cues if c[0] == "NUMWORD" and _prev(doc, c[1], lo) not in _DETS), None)
        number = doc.stext(word[1], word[2]) if word else None
    date = next((doc.stext(c[1], c[2]) for c in cues if c[0] == "DATEWORD"), None) or (
        number if year else None
    )
    events = [c for c in cues if c[0] == "EVENT"]
    release_m = lx.RELEASE.search(ctext) if "RELEASE" in kinds else None
    release = release_m.group() if release_m else None
    actor = _actor(doc, lo, hi, parsed)
    ents = doc.user_data.get("claim_ents", ())
    if ents and not (number or date):
        ent = next((e for e in ents if lo <= e.start < hi and e.label_ in _ENTITY_NUMBERS), None)
        number = ent.text if ent is not None else None
    score = 0.45
    bits = []
    if number:
        score += 0.25
        bits.append(f"number '{number}'")
    if date:
        score += 0.1
        bits.append(f"date '{date}'")
    if (events or release) and actor:
        score += 0.25
        verb = doc.stext(events[0][1], events[0][2]) if events else release
        bits.append(f"event '{verb}'")
    # Checkable: a number, a named actor doing a datable thing, or a dated event.
    if not (number or ((events or release) and actor) or (date and (actor or events))):
        return _Verdict(None)
    if actor:
        score += 0.05
        bits.append(f"actor '{actor}'")
    elif events:
        bits.append(f"event '{doc.stext(events[0][1], events[0][2])}'")
    return _Verdict("factual", min(score, 0.9), "author's voice with " + ", ".join(bits))


def _actor(doc: _View, lo: int, hi: int, parsed: bool) -> str | None:
    """A named actor in the clause: an entity when NER ran, else a capitalised non-starter word."""
    has_ents = doc.user_data.get("claim_has_ents", False)
    if parsed or has_ents:
        for ent in doc.user_data.get("claim_ents", ()):
            if lo <= ent.start < hi and ent.label_ in _ENTITY_ACTORS:
                return ent.text
        if has_ents:
            return None
    text = doc.text
    start, end = doc.idx[lo], doc.idx[hi - 1] + len(doc.word(hi - 1))
    for m in _CAPITALISED.finditer(text, start, end):
        w, before = m.group(), text[m.start() - 1] if m.start() > start else " "
        if before.isalnum() or before in "’'-" or w == "I":
            continue  # inside a word: a capital after a letter is not a word start
        if (m.start() == start and w.lower() in lx.COMMON_STARTERS) or before in '“"‘':
            continue  # a sentence or quotation starter, not a name
        return w
    return None


# ----------------------------------------------------------------------------------------- source finding


def _source(doc: _View, cue: tuple[str, int, int], lo: int, hi: int, parsed: bool) -> tuple[int, int] | None:
    _, s, e = cue
    word = doc.stext(s, e).lower()
    if parsed:
        dep_src = _dep_source(doc.doc, s, e, lo, hi)
        if dep_src:
            return dep_src
    if word == "according to":
        return _right_np(doc, e, hi)
    prev = _prev(doc, s, lo)
    if word in lx.PARTICIPLES and prev == ",":
        return _subject_np(doc, lo, s)
    inverts = word not in lx.DISPUTE_VERBS  # "…, said X" but never "…, denied X"
    if inverts and (prev in {"”", '"', "’"} or (prev == "," and not _appositive_before(doc, s - 1, lo))):
        right = _right_np(doc, e, hi)
        if right:
            return right
    left = _left_np(doc, s, lo)
    if left is None and word in {"in a statement", "in an interview"}:
        return _subject_np(doc, lo, s)
    return left


def _dep_source(doc: Doc, s: int, e: int, lo: int, hi: int) -> tuple[int, int] | None:
    """With a trained parser: the subject of the cue verb, or the object of "according to"."""
    heads = [t for t in doc[s:e] if t.pos_ in {"VERB", "AUX"}] or [doc[e - 1]]
    for head in heads:
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and lo <= child.i < hi:
                return child.left_edge.i, child.right_edge.i + 1
            if child.dep_ == "pobj" and head.lower_ == "to" and lo <= child.i < hi:
                return child.left_edge.i, child.right_edge.i + 1
    return None


def _right_np(doc: _View, start: int, hi: int) -> tuple[int, int] | None:
    j = start
    stops = {
        "who",
        "which",
        "on",
        "in",
        "at",
        "during",
        "told",
        "when",
        "after",
        "before",
        "adding",
        "that",
        "while",
        "because",
        "as",
        "last",
        "this",
        "earlier",
    }
    while j < hi and j - start < 12:
        w = doc.word(j)
        if (w in _PUNCT_STOP and w not in {"-", "'"}) or not w or (j > start and w.lower() in stops):
            break
        j += 1
    if j == start or doc.low(start) in lx.SOURCE_STOPS or (doc.low(start) in {"the", "a"} and j - start < 2):
        return None
    return start, j


def _appositive_before(doc: _View, comma: int, lo: int) -> bool:
    """Is the comma at ``comma`` closing an appositive ("Maria Lopez, an economist at X,")?"""
    k = comma - 1
    while k > lo and doc.word(k) != ",":
        k -= 1
    if k <= lo or doc.word(k) != ",":
        return False
    first = doc.low(k + 1) if k + 1 < comma else ""
    if k + 1 < comma and all(doc.word(i)[:1].isupper() for i in range(k + 1, comma)):
        return True  # a name in apposition: "the union's president, Tomás Ferreira,"
    return first in {
        "who",
        "which",
        "whose",
        "such",
        "including",
        "a",
        "an",
        "the",
        "like",
        "one",
        "from",
        "himself",
        "herself",
        "itself",
        "its",
        "his",
        "her",
        "their",
    }


def _left_np(doc: _View, cue_start: int, lo: int) -> tuple[int, int] | None:
    j = cue_start - 1
    while j >= lo and doc.low(j) in lx.AUX_ADVERBS:
        j -= 1
    end = j + 1
    if j >= lo and doc.word(j) == "," and _appositive_before(doc, j, lo):
        end = j  # the closing comma of the appositive is not part of the source
        j -= 1
        while doc.word(j) != ",":
            j -= 1
        j -= 1  # continue to the head noun phrase before the appositive
    count = 0
    while j >= lo and count < 12:
        w = doc.word(j)
        low = w.lower()
        if (
            w in _PUNCT_STOP
            or not w
            or (low in lx.SOURCE_STOPS and not (low == "as" and j + 1 < end and doc.low(j - 1) == "such"))
        ):
            break
        if low in {"and", "or"} and j + 1 < end and not doc.word(j + 1)[:1].isupper():
            break
        if (
            low in _DETS
            and j - 1 >= lo
            and doc.low(j - 1) not in _PREPOSITIONS
            and (doc.word(j - 1) not in _PUNCT_STOP and doc.low(j - 1) not in lx.SOURCE_STOPS)
        ):
            j -= 1  # "a charge the union's president": a determiner after a noun starts the source
            count += 1
            break
        j -= 1
        count += 1
    start = j + 1
    while start < end and (doc.low(start) in lx.LEAD_STRIP or doc.word(start) in _PUNCT_STOP):
        start += 1
    if start >= end or count >= 12:
        return None
    return start, end


def _subject_np(doc: _View, lo: int, hi: int) -> tuple[int, int] | None:
    """The clause's subject: from its start to the first auxiliary or cue, skipping leading adverbs."""
    start = lo
    while start < hi and (doc.low(start) in lx.LEAD_STRIP or doc.word(start) in _PUNCT_STOP):
        start += 1
    j = start
    while j < hi and j - start < 10:
        w = doc.word(j)
        low = w.lower()
        if low in lx.AUX_ADVERBS or w in {",", ";", ":"}:
            break
        if low in lx.SOURCE_STOPS and not (low == "as" and doc.low(j - 1) == "such"):
            break
        j += 1
    if j == start or j - start >= 10 or j >= hi:
        return None
    return start, j
