"""``claim_finder``: per sentence (and per clause), decides attributed / disputed / factual / nothing with
:func:`~annotator.nlp.classify.classify` and stores :class:`~annotator.nlp.suggester.Suggestion` objects in
``doc._.claim_suggestions``. When a trained parser/NER ran before it, sources come from the cue's subject and
named actors/numbers from the entities; otherwise from the rules."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from annotator.nlp.body import paragraphs, skipped_paragraphs
from annotator.nlp.calibration import calibrate
from annotator.nlp.classify import Verdict, classify
from annotator.nlp.clauses import has_digit, has_quote_mark, split_clauses, strip_end, trim
from annotator.nlp.cues import Cue
from annotator.nlp.sentences import doc_text
from annotator.nlp.suggester import ChunkContext, Suggestion
from annotator.nlp.view import View

if not Doc.has_extension("claim_suggestions"):
    Doc.set_extension("claim_suggestions", default=None)

_ANSWER = ("A: ", "A:“", 'A:"')
_OPENING_QUOTES = frozenset('“"‘')


# The suggester's own components, which set neither a parse nor entities nor retokenize.
_OWN_COMPONENTS = frozenset({"claim_sentencizer", "claim_cues"})


@Language.factory("claim_finder")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder(annotated=not _OWN_COMPONENTS.issuperset(nlp.pipe_names))


class ClaimFinder:
    """``annotated``: other components run before this one, which may have parsed or found entities."""

    def __init__(self, annotated: bool = True) -> None:
        self.annotated = annotated

    def __call__(self, doc: Doc) -> Doc:
        doc._.claim_suggestions = find_claims(doc, self.annotated)
        return doc


def find_claims(doc: Doc, annotated: bool = True) -> list[Suggestion]:
    text = doc_text(doc)
    cues = doc.user_data.get("claim_cues", ())  # sorted by start
    parsed = has_ents = False
    idx: list[int] = doc.user_data.pop("claim_idx", None) or []
    if annotated and len(doc):
        # Doc.has_annotation walks every token in Python; one vectorised look at the arrays is far cheaper,
        # and one to_array for all three columns: each call copies the token array.
        arrays = doc.to_array(["IDX", "DEP", "ENT_IOB"])
        parsed, has_ents = (bool(n) for n in np.count_nonzero(arrays[:, 1:], axis=0))  # one numpy call
        idx = arrays[:, 0].tolist()
    elif not idx and len(doc):
        idx = doc.to_array("IDX").tolist()
    doc.user_data["claim_has_ents"] = has_ents
    doc.user_data["claim_ents"] = tuple(doc.ents) if has_ents else ()
    context = getattr(doc, "_context", None)
    paras = doc.user_data.pop("claim_paragraphs", None)
    if isinstance(context, ChunkContext) and context.skipped is not None:
        skip = context.skipped  # read with the body
    else:
        skip = skipped_paragraphs(text, paragraphs(text) if paras is None else paras)
    skip_starts = [a for a, _ in skip]
    view = View(doc, text, idx)
    view.offset = context.offset if isinstance(context, ChunkContext) else 0
    out: list[Suggestion] = []
    ci, n_cues, bounds = 0, len(cues), view.idx
    quoted_by: Suggestion | None = None  # the attribution of the previous sentence, when it quotes someone
    quoted_open = False  # whether that sentence leaves its quotation open
    answer_end = -1  # the end of an interview answer paragraph ("A: …")
    for sent_start, sent_end in _sentence_tokens(doc, parsed):
        s_char, e_char = trim(text, bounds[sent_start], bounds[sent_end])
        while ci < n_cues and cues[ci][1] < sent_start:
            ci += 1
        cj = ci
        while cj < n_cues and cues[cj][1] < sent_end:
            cj += 1
        k = bisect_right(skip_starts, s_char) - 1
        if e_char - s_char < 15 or (k >= 0 and s_char < skip[k][1]):
            quoted_by = None
            continue
        sent_cues = cues[ci:cj]
        stext = text[s_char:e_char]
        previous, quoted_by = quoted_by, None
        if previous is not None and not quoted_open:
            # Only a quotation left open runs on: a closed one followed by another quoted sentence is as
            # often the author's next quotation of someone else (measured on GUM news).
            previous = None
        if stext.startswith(_ANSWER):
            answer_end = text.find("\n\n", s_char)
            answer_end = len(text) if answer_end < 0 else answer_end
        if s_char < answer_end:
            # An interview answer is the interviewee's: what would be the author's fact is theirs.
            claims = [_answer(c) for c in _sentence_claims(view, idx, s_char, e_char, sent_cues, parsed)]
            out.extend(claims)
            continue
        if stext[0] in _OPENING_QUOTES and previous is not None:
            # A quotation continued in the next sentence (or, left open, the next paragraph) is still the
            # speaker's.
            claims = _sentence_claims(view, idx, s_char, e_char, sent_cues, parsed)
            if not any(c.label in {"attributed", "disputed"} for c in claims):
                claims = [_continued(previous, s_char + view.offset, e_char + view.offset)]
            out.extend(claims)
            quoted_by = next((c for c in claims if c.label == "attributed"), None)
            quoted_open = _unclosed(stext)
            continue
        if (not sent_cues or all(c[0] == "HEDGE" for c in sent_cues)) and not has_digit(stext):
            continue  # cheap exit for opinion and analysis sentences
        claims = _sentence_claims(view, idx, s_char, e_char, sent_cues, parsed)
        out.extend(claims)
        if claims and claims[-1].label == "attributed" and has_quote_mark(stext):
            quoted_by, quoted_open = claims[-1], _unclosed(stext)
    for key in ("claim_ents", "claim_has_ents"):  # spans in user_data would keep the Doc from pickling
        doc.user_data.pop(key, None)
    return out


def _answer(s: Suggestion) -> Suggestion:
    if s.label != "factual":
        return s
    confidence = calibrate("attributed", 0.6)
    return Suggestion(
        s.start, s.end, "attributed", confidence, "an interview answer: " + s.reason, s.source, s.cue
    )


def _unclosed(stext: str) -> bool:
    """Does the sentence leave a quotation open (news style: a quote running on into the next paragraph
    has no closing mark at the end of the first)?"""
    return stext.count("“") > stext.count("”") or stext.count('"') % 2 == 1


def _continued(previous: Suggestion, start: int, end: int) -> Suggestion:
    source = previous.source and f" of '{_source_text(previous)}'"
    return Suggestion(
        start,
        end,
        "attributed",
        calibrate("attributed", 0.75),  # below a cue of its own
        f"continues the quotation{source or ''}",
        previous.source,
        previous.cue,
    )


def _source_text(s: Suggestion) -> str:
    reason = s.reason
    marker = "with source '"
    return reason[reason.index(marker) + len(marker) : -1] if marker in reason else ""


def _sentence_tokens(doc: Doc, parsed: bool) -> Iterator[tuple[int, int]]:
    starts = doc.user_data.pop("claim_sent_tokens", None)
    if parsed or starts is None:
        for sent in doc.sents:
            yield sent.start, sent.end
        return
    ends = [*starts[1:], len(doc)]
    yield from zip(starts, ends, strict=True)


def _sentence_claims(
    doc: View, idx: list[int], s_char: int, e_char: int, cues: list[Cue], parsed: bool
) -> list[Suggestion]:
    text = doc.text
    stext = text[s_char:e_char]
    clauses = split_clauses(stext)
    if len(clauses) == 1:  # the common case: the whole sentence is one clause
        lo, hi = bisect_left(idx, s_char), bisect_left(idx, e_char)
        verdict = classify(doc, lo, hi, stext, cues, parsed)
        return [_to_suggestion(doc, s_char, e_char, verdict)] if verdict.label else []
    verdicts: list[tuple[int, int, Verdict]] = []
    for a, b in clauses:
        ca, cb = trim(text, s_char + a, s_char + b)
        ca_tok, cb_tok = bisect_left(idx, ca), bisect_left(idx, cb)
        ccues = [c for c in cues if ca_tok <= c[1] and c[2] <= cb_tok]
        verdicts.append((ca, cb, classify(doc, ca_tok, cb_tok, text[ca:cb], ccues, parsed)))
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
    return [_to_suggestion(doc, a, strip_end(text, a, b), v) for a, b, v in verdicts if v.label]


def _to_suggestion(doc: View, start: int, end: int, v: Verdict) -> Suggestion:
    source = _char_range(doc, v.source) if v.source else None
    cue = _char_range(doc, v.cue) if v.cue else None
    label = v.label or ""
    raw = round(v.confidence * 100) / 100  # two decimals: round(x, 2) costs 1.5 us, this a tenth
    raw = 0.0 if raw < 0.0 else 1.0 if raw > 1.0 else raw
    offset = doc.offset
    return Suggestion(start + offset, end + offset, label, calibrate(label, raw), v.reason, source, cue)


def _char_range(doc: View, toks: tuple[int, int]) -> tuple[int, int]:
    return doc.idx[toks[0]] + doc.offset, doc.token_end(toks[1] - 1) + doc.offset
