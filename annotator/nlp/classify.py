"""Classification of a clause: attributed (a reporting cue with a source), disputed (a contest cue), factual
(a checkable statement in the author's voice: a number, a named actor doing a datable thing) or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.nlp import lexicon as lx
from annotator.nlp.clauses import has_digit, inside_quote
from annotator.nlp.cues import Cue, dispute_ok, report_ok
from annotator.nlp.sources import find_source
from annotator.nlp.view import View, prev_word

_VERB_KINDS = frozenset({"REPORT", "EVENT", "DISPUTE"})
_CAPITALISED = re.compile(r"[A-Z][\w’'.&-]*")
_NUMBER = re.compile(r"[$€£¥]?[0-9][0-9,.]*%?")  # ASCII digits, as has_digit


@dataclass
class Verdict:
    """What the rules decided about a clause; ``source`` and ``cue`` are token ranges."""

    label: str | None
    confidence: float = 0.0
    reason: str = ""
    source: tuple[int, int] | None = None  # token range
    cue: tuple[int, int] | None = None  # token range


def classify(doc: View, lo: int, hi: int, ctext: str, cues: list[Cue], parsed: bool) -> Verdict:
    """The verdict on the clause of tokens ``lo:hi`` (text ``ctext``) with the cues matched in it."""
    reports, disputes, strong, called_hint = [], [], [], False
    for c in cues:  # one pass: this runs for every sentence
        kind = c[0]
        if kind == "REPORT":
            if report_ok(doc, c, lo, hi):
                reports.append(c)
        elif kind == "DISPUTE":
            if dispute_ok(doc, c, lo, hi):
                disputes.append(c)
        elif kind == "STRONG":
            strong.append(c)
        elif kind == "CALLED":
            called_hint = True
    called = lx.CALLED_FALSE.search(ctext) if called_hint else None
    doc.verbs = [c[1] for c in cues if c[0] in _VERB_KINDS]

    report, report_src = _governing_report(doc, lo, hi, ctext, reports, parsed)
    critic_source = report_src is not None and doc.low(report_src[1] - 1) in lx.CRITIC_SOURCES
    if strong or called or (disputes and (report is None or disputes[0][1] < report[1] or critic_source)):
        return _disputed(doc, lo, hi, disputes, strong, called, reports, report_src, parsed)
    if report is not None:
        cue_text = doc.stext(report[1], report[2])
        strength = lx.REPORT_CUES.get(cue_text.lower(), 0.8)
        if (
            report_src
            and doc.low(report_src[1] - 1) in lx.ABSTRACT_SUBJECTS
            # "it said", "it added": an organisation speaking, not an abstract subject doing analysis
            and not (doc.low(report_src[1] - 1) == "it" and cue_text.lower() in lx.SPEECH_VERBS)
        ):
            return _factual(doc, lo, hi, ctext, cues, parsed)  # "the event highlights": analysis
        if report_src:
            return Verdict(
                "attributed",
                0.05 + strength,
                f"cue '{cue_text}' with source '{doc.stext(report_src[0], report_src[1])}'",
                report_src,
                (report[1], report[2]),
            )
        if cue_text.lower() not in lx.SOURCELESS_OK:
            return _factual(doc, lo, hi, ctext, cues, parsed)
        return Verdict(
            "attributed", strength - 0.3, f"cue '{cue_text}' (no source found)", None, (report[1], report[2])
        )
    return _factual(doc, lo, hi, ctext, cues, parsed)


def _governing_report(
    doc: View, lo: int, hi: int, ctext: str, reports: list[Cue], parsed: bool
) -> tuple[Cue | None, tuple[int, int] | None]:
    """The reporting cue that governs the clause, and its source: the first cue outside quotation marks
    ("'I'm told …,' Baird said") that has a source, verbs before framing phrases ("In a statement, the
    governor said"); the first cue when none has a source."""
    if not reports:
        return None, None
    ordered = reports
    if len(reports) > 1:
        base = doc.idx[lo]
        quoted = '"' in ctext or "“" in ctext

        def rank(c: Cue) -> tuple[bool, bool]:
            inside = quoted and inside_quote(ctext, doc.idx[c[1]] - base)
            return inside, doc.phrase_low(c[1], c[2]) in lx.FRAME_CUES

        ordered = sorted(reports, key=rank)
    for c in ordered:
        src = find_source(doc, c, lo, hi, parsed)
        if src is not None:
            return c, src
    return ordered[0], None


def _disputed(
    doc: View,
    lo: int,
    hi: int,
    disputes: list,
    strong: list,
    called: re.Match | None,
    reports: list,
    report_src: tuple[int, int] | None,
    parsed: bool,
) -> Verdict:
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
    cue_word = doc.phrase_low(cue[0], cue[1])
    if cue_word in lx.DISPUTE_VERBS or (called is not None and not disputes):
        source = find_source(doc, ("DISPUTE", cue[0], cue[1]), lo, hi, parsed)
    if source is None and report_src is not None:
        source = report_src
    if cue_word in lx.CRITIC_SOURCES and source is None:
        source = cue
    confidence = 0.85 if (strong or called or cue_word in lx.DISPUTE_VERBS) else 0.75
    reason = f"contest cue '{doc.stext(cue[0], cue[1])}'"
    if source:
        reason += f" with source '{doc.stext(source[0], source[1])}'"
    return Verdict("disputed", confidence, reason, source, cue)


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


def _factual(doc: View, lo: int, hi: int, ctext: str, cues: list, parsed: bool) -> Verdict:
    kinds = {c[0] for c in cues}
    hedges: set[str] = set()
    if "HEDGE" in kinds:
        hedge_cues = [c for c in cues if c[0] == "HEDGE"]
        hedges = {doc.stext(c[1], c[2]).lower() for c in hedge_cues if not _month_may(doc, c, lo)}
        if hedges and not (hedges <= lx.OPINION_FRAMES or hedges <= lx.SCHEDULE_HEDGES):
            return Verdict(None)  # hedged speculation ("could", "may"): the common, cheap exit
    number, year = _number(ctext) if has_digit(ctext) else (None, False)
    if hedges:
        dated = "DATEWORD" in kinds or year or len(hedges) < len(hedge_cues)
        if not _checkable_despite(hedges, number, dated):
            return Verdict(None)
    if number is None and "NUMWORD" in kinds:
        # "three people" counts; "the two countries" does not.
        word = next(
            (c for c in cues if c[0] == "NUMWORD" and prev_word(doc, c[1], lo) not in lx.NP_STARTERS), None
        )
        number = doc.stext(word[1], word[2]) if word else None
    date = next((doc.stext(c[1], c[2]) for c in cues if c[0] == "DATEWORD"), None) or (
        number if year else None
    )
    events = [c for c in cues if c[0] == "EVENT"]
    release_m = lx.RELEASE.search(ctext) if "RELEASE" in kinds else None
    release = release_m.group() if release_m else None
    actor = _actor(doc, lo, hi, parsed)
    if actor is None and events and doc.low(lo) in lx.ACTOR_PRONOUNS and events[0][1] - lo <= 3:
        actor = doc.word(lo)  # "She voted for the war", "They raised taxes": a checkable act of a person
    comparison = _comparison(doc, hi, cues) if "COMPARE" in kinds else None
    ents = doc.user_data.get("claim_ents", ())
    if ents and not (number or date):
        ent = next((e for e in ents if lo <= e.start < hi and e.label_ in lx.ENTITY_NUMBERS), None)
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
    if comparison:
        score += 0.2
        bits.append(f"comparison '{comparison.group()}'")
    # Checkable: a number, a named actor doing a datable thing, a dated event, or a comparison with a scope.
    if not (number or ((events or release) and actor) or (date and (actor or events)) or comparison):
        return Verdict(None)
    if actor:
        score += 0.05
        bits.append(f"actor '{actor}'")
    elif events:
        bits.append(f"event '{doc.stext(events[0][1], events[0][2])}'")
    return Verdict("factual", min(score, 0.9), "author's voice with " + ", ".join(bits))


def _comparison(doc: View, hi: int, cues: list[Cue]) -> re.Match[str] | None:
    """A comparison with a scope, matched where a COMPARE cue starts (every comparison starts with one of
    those words): searching the whole clause tried the pattern at every position."""
    end = doc.token_end(hi - 1)
    for c in cues:
        if c[0] == "COMPARE":
            m = lx.COMPARISON.match(doc.text, doc.idx[c[1]], end)
            if m:
                return m
    return None


def _month_may(doc: View, cue: Cue, lo: int) -> bool:
    return cue[1] > lo and doc.word(cue[1]) == "May"  # "in May", not the modal


def _checkable_despite(hedges: set[str], number: str | None, dated: bool) -> bool:
    """A first-person frame around a number, or "will" with a date, leaves the claim checkable."""
    if number and not _is_year(number) and hedges <= lx.OPINION_FRAMES:
        return True  # a quantity, not just the year of an opinion ("the best phone of 2024")
    return dated and hedges <= lx.SCHEDULE_HEDGES


def _is_year(number: str) -> bool:
    return len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2099


def _actor(doc: View, lo: int, hi: int, parsed: bool) -> str | None:
    """A named actor in the clause: an entity when NER ran, else a capitalised non-starter word."""
    has_ents = doc.user_data.get("claim_has_ents", False)
    if parsed or has_ents:
        for ent in doc.user_data.get("claim_ents", ()):
            if lo <= ent.start < hi and ent.label_ in lx.ENTITY_ACTORS:
                return ent.text
        if has_ents:
            return None
    text = doc.text
    start, end = doc.idx[lo], doc.token_end(hi - 1)
    for m in _CAPITALISED.finditer(text, start, end):
        w, before = m.group(), text[m.start() - 1] if m.start() > start else " "
        if before.isalnum() or before in "’'-" or w == "I":
            continue  # inside a word: a capital after a letter is not a word start
        if (m.start() == start and w.lower() in lx.COMMON_STARTERS) or before in '“"‘':
            continue  # a sentence or quotation starter, not a name
        return w
    return None
