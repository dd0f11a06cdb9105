"""Source finding: who a reporting or contest cue attributes the content to. With a trained parser, the
subject of the cue verb (or the object of "according to"); otherwise noun phrases walked left or right of the
cue, skipping appositives and auxiliaries."""

from __future__ import annotations

from spacy.tokens import Doc

from annotator.nlp import lexicon as lx
from annotator.nlp.cues import Cue
from annotator.nlp.view import View, prev_word

Range = tuple[int, int]  # token range
_QUOTES = frozenset({'"', "“", "”"})


def find_source(doc: View, cue: Cue, lo: int, hi: int, parsed: bool) -> Range | None:
    """The source of ``cue`` in the clause ``lo:hi`` as a token range, or None."""
    _, s, e = cue
    word = doc.phrase_low(s, e)
    if parsed:
        dep_src = _dep_source(doc.doc, s, e, lo, hi)
        if dep_src:
            return dep_src
    if word == "according to":
        return _right_np(doc, e, hi)
    prev = prev_word(doc, s, lo)
    if word in lx.PARTICIPLES and prev == ",":
        return _subject_np(doc, lo, s)
    # "…, said X" but never "…, denied X" or "…, show dicot species"
    inverts = word not in lx.DISPUTE_VERBS and word not in lx.EVIDENTIAL
    if inverts and (prev in {"”", '"', "’"} or (prev == "," and not _appositive_before(doc, s - 1, lo))):
        right = _right_np(doc, e, hi)
        if right and _inverted_source(doc, right):
            return right
    if prev == "and":  # "X announced an inquiry and said …": the subject of the first verb
        first = next((v for v in doc.verbs if lo <= v < s - 1), None)
        if first is None:
            first = _first_past_verb(doc, lo, s - 1)  # "Visitors complained about X and wrote that"
        if first is not None:
            return _left_np(doc, first, lo)
    left = _left_np(doc, s, lo)
    comma = s - 1
    while comma > lo and doc.low(comma) in lx.AUX_ADVERBS:
        comma -= 1  # "Secunia.com, has said"
    if doc.word(comma) == "," and (left is None or not _np_start(doc, left[0])):
        # "Priya Raman, chief economist at Halden Bank, Oslo, said": the walk found an appositive
        left = _head_before_appositive(doc, comma, lo) or left
    if left is None and word in lx.FRAME_CUES:
        return _subject_np(doc, lo, s)
    return _with_title_before(doc, left, lo) if left else left


def _with_title_before(doc: View, left: Range, lo: int) -> Range:
    """A name right after a comma and a short possessive role at the clause start, no comma after the name:
    "Norway's finance minister, Jens Dahl said" gives the role and the name (either may be the one meant)."""
    a, b = left
    comma = a - 1
    if comma - lo < 2 or doc.word(comma) != "," or not all(doc.word(i)[:1].isupper() for i in range(a, b)):
        return left
    role = range(lo, comma)
    if len(role) > 6 or not _np_start(doc, lo) or doc.low(lo) in lx.PREPOSITIONS | lx.SUBORDINATORS:
        return left
    if any(doc.word(i) in lx.PUNCT_STOP or doc.low(i) in lx.SOURCE_STOPS for i in role):
        return left
    # A possessive marks a role ("The union's lawyer", "Malaysia's Prime Minister"), unlike fronted phrases
    # ("Despite the rain", "Last year").
    if not any(doc.word(i).endswith(("'s", "’s")) or doc.word(i) in {"'s", "’s"} for i in role):
        return left
    return (lo, b)


def _first_past_verb(doc: View, lo: int, end: int) -> int | None:
    """The first lower-case past-tense form ("complained") after the clause's first word and not after a
    determiner or an auxiliary (a participle or an adjective there): the first of two coordinated verbs."""
    for i in range(lo + 1, end):
        w = doc.word(i)
        if w.endswith("ed") and w.islower() and doc.low(i - 1) not in lx.DETERMINERS | lx.COPULA_AUX:
            return i
    return None


def _inverted_source(doc: View, span: Range) -> bool:
    """Can ``span``, right of the cue, be an inverted source ("…, said Ms Ruiz")? Content starts with a
    pronoun or a number or holds an auxiliary: "…, says they are looking", "said 500 institutions have …"."""
    a, b = span
    first = doc.word(a)
    if first.lower() in lx.SUBJECT_PRONOUNS or first[:1].isdigit() or b - a > 8:
        return False
    if first.islower() and first.endswith("ing"):  # "…, 34, admitted being the owner": a gerund object
        return False
    return not any(doc.low(i) in lx.CLAUSE_AUX for i in range(a, b))


def _head_before_appositive(doc: View, comma: int, lo: int) -> Range | None:
    """The head noun phrase before one or more appositives: "Major general Fuad Basya, spokesman for the
    Indonesian military, said" and "Cynthia Thompson, curator at the University of Arkansas, Fayetteville,
    said" give the name. The head is the first comma-delimited segment that is a short noun phrase (not a
    fronted phrase like "On Tuesday" or a quotation)."""
    start = max(lo, comma - 40)
    commas = [i for i in range(start, comma + 1) if doc.word(i) == ","]
    seg_start = start
    for k in commas:
        a = seg_start
        while a < k and (doc.word(a) in lx.PUNCT_STOP or doc.low(a) in lx.LEAD_STRIP):
            a += 1
        seg_start = k + 1
        if a >= k or k - a > 12 or doc.low(a) in lx.PREPOSITIONS or doc.low(a) in lx.SUBORDINATORS:
            continue
        if any(doc.word(i) in _QUOTES or doc.low(i) in lx.SOURCE_STOPS for i in range(a, k)):
            continue  # a quotation or a clause, not a noun phrase
        if _np_start(doc, a):
            return _left_np(doc, k, lo)
    return None


def _np_start(doc: View, i: int) -> bool:
    """Can token ``i`` start a source noun phrase (a name, a title, a determiner)?"""
    return doc.word(i)[:1].isupper() or doc.low(i) in lx.DETERMINERS


def _attached(doc: View, j: int) -> bool:
    """Is token ``j`` written without spaces between its neighbours ("El-Hassan", "Al-Maeena")?"""
    idx = doc.idx
    return 0 < j < doc.n - 1 and idx[j] == doc.token_end(j - 1) and idx[j + 1] == idx[j] + 1


def _dep_source(doc: Doc, s: int, e: int, lo: int, hi: int) -> Range | None:
    """With a trained parser: the subject of the cue verb, or the object of "according to"."""
    heads = [t for t in doc[s:e] if t.pos_ in {"VERB", "AUX"}] or [doc[e - 1]]
    for head in heads:
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and lo <= child.i < hi:
                return child.left_edge.i, child.right_edge.i + 1
            if child.dep_ == "pobj" and head.lower_ == "to" and lo <= child.i < hi:
                return child.left_edge.i, child.right_edge.i + 1
    return None


def _right_np(doc: View, start: int, hi: int) -> Range | None:
    """The noun phrase starting at ``start`` ("…, said Ms Ruiz")."""
    j = start
    while j < hi and j - start < 12:
        w = doc.word(j)
        if (
            (w in lx.PUNCT_STOP and w not in {"-", "'"})
            or not w
            or (j > start and w.lower() in lx.RIGHT_SOURCE_STOPS)
        ):
            break
        j += 1
    if j == start or doc.low(start) in lx.SOURCE_STOPS or (doc.low(start) in {"the", "a"} and j - start < 2):
        return None
    return start, j


def _appositive_before(doc: View, comma: int, lo: int) -> bool:
    """Is the comma at ``comma`` closing an appositive ("Maria Lopez, an economist at X,")?"""
    k = comma - 1
    while k > lo and doc.word(k) != ",":
        k -= 1
    if k <= lo or doc.word(k) != ",":
        return False
    first = doc.low(k + 1) if k + 1 < comma else ""
    if k + 1 < comma and all(doc.word(i)[:1].isupper() for i in range(k + 1, comma)):
        return True  # a name in apposition: "the union's president, Tomás Ferreira,"
    return first in lx.APPOSITIVE_OPENERS


def _manner_adverb(word: str) -> bool:
    """A lower-case -ly word before the verb ("mistakenly thought", "wrongly claimed"); "Italy" is capitalised
    and "only"/"early"/"family" are not manner adverbs there."""
    return word.endswith("ly") and word.islower() and len(word) > 5 and word not in lx.LY_NOT_ADVERBS


def _left_np(doc: View, cue_start: int, lo: int) -> Range | None:
    """The noun phrase ending before the cue, skipping auxiliaries and an appositive."""
    j = cue_start - 1
    while j >= lo and (doc.low(j) in lx.AUX_ADVERBS or _manner_adverb(doc.word(j))):
        j -= 1
    while j >= lo:  # a time phrase between subject and verb: "Trump this week also said"
        low = doc.low(j)
        if low in lx.TIME_WORDS:
            j -= 1
        elif low in lx.TIME_TAILS and j - 1 >= lo and doc.low(j - 1) in lx.TIME_HEADS:
            j -= 2
        else:
            break
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
        low = doc.low(j)
        if (
            (w in lx.PUNCT_STOP and not (w == "-" and _attached(doc, j)))
            or not w
            or (
                low in lx.SOURCE_STOPS
                and not w.isupper()  # "WHO say": an acronym
                and not (low == "as" and j + 1 < end and doc.low(j - 1) == "such")
            )
        ):
            break
        if low in {"and", "or"} and j + 1 < end and not doc.word(j + 1)[:1].isupper():
            break
        if (
            low in lx.NP_STARTERS
            and j - 1 >= lo
            and doc.low(j - 1) not in lx.PREPOSITIONS
            and (doc.word(j - 1) not in lx.PUNCT_STOP and doc.low(j - 1) not in lx.SOURCE_STOPS)
        ):
            j -= 1  # "a charge the union's president": a determiner after a noun starts the source
            count += 1
            break
        j -= 1
        count += 1
    start = j + 1
    while start < end and (doc.low(start) in lx.LEAD_STRIP or doc.word(start) in lx.PUNCT_STOP):
        start += 1
    if start >= end or count >= 12:
        return None
    return start, end


def _subject_np(doc: View, lo: int, hi: int) -> Range | None:
    """The clause's subject: from its start to the first auxiliary or cue, skipping leading adverbs."""
    start = lo
    while start < hi and (doc.low(start) in lx.LEAD_STRIP or doc.word(start) in lx.PUNCT_STOP):
        start += 1
    j = start
    while j < hi and j - start < 10:
        w = doc.word(j)
        low = doc.low(j)
        if low in lx.AUX_ADVERBS or w in {",", ";", ":"}:
            break
        if low in lx.SOURCE_STOPS and not (low == "as" and doc.low(j - 1) == "such"):
            break
        j += 1
    if j == start or j - start >= 10 or j >= hi:
        return None
    return start, j
