"""Inter-annotator agreement, and review/adjudication of the spans annotators labelled.

What counts as *marked*: an accepted claim of a person. Rejected claims are an annotator saying "not a
claim", and suggestions are the suggester's proposals (annotator ``suggester``), not anyone's decision:
the suggester is not an annotator. Gold (adjudicated) claims are the reference, not an annotator: they take
part in no pair and not in alpha, but each annotator is also scored against them (``against_gold``).

Two claims of different annotators match when their spans are identical (``match="exact"``) or when they
overlap by at least half of the shorter span (``match="overlap"``; one-to-one, largest overlap first).

- Cohen's kappa per pair: over the matched claims both labelled, kappa = (p_o - p_e) / (1 - p_e) with chance
  agreement p_e from each annotator's own label marginals (Cohen 1960). Computed directly: the formula is
  four lines and no maintained library for it is a dependency (scikit-learn is not).
- Span precision/recall/F1 of b against a (a as reference): matched / |b|, matched / |a|, and their harmonic
  mean 2·matched / (|a| + |b|), which is symmetric.
- Krippendorff's alpha (nominal) over all annotators with the ``krippendorff`` package: one unit per matched
  span (exact span, or a cluster of overlapping spans), an annotator who did not mark the unit is missing
  data, so alpha measures label agreement and span F1 measures span agreement.
- Undefined figures (no items, or no variation at all so that chance agreement is 1) are ``None``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import krippendorff
import numpy as np

from annotator.core.model import (
    GOLD,
    LABELS,
    SUGGESTER,
    Claim,
    ValidationError,
    is_person,
    make_span,
    new_id,
    now_iso,
    validate_claim,
)
from annotator.services.changes import Changes, ClaimChange
from annotator.services.claims import SpanArg, claim_event_dict, update_claim
from annotator.store import Store

MATCH_MODES = ("exact", "overlap")
MIN_OVERLAP = 0.5  # of the shorter span


# -- the statistics, on plain data ----------------------------------------------------------------


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa for two raters from (label of a, label of b) pairs; None when undefined."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    marg_a = Counter(a for a, _ in pairs)
    marg_b = Counter(b for _, b in pairs)
    expected = sum(marg_a[k] * marg_b[k] for k in marg_a) / (n * n)
    if math.isclose(expected, 1.0):
        return None  # both raters used one and the same category throughout: kappa is 0/0
    return (observed - expected) / (1 - expected)


def krippendorff_alpha_nominal(units: Sequence[dict[str, Hashable]]) -> float | None:
    """Nominal alpha from units given as {coder: value}; None when fewer than two values are pairable."""
    units = [unit for unit in units if len(unit) >= 2]  # a value no one else coded cannot be compared
    coders = sorted({coder for unit in units for coder in unit})
    values = sorted({value for unit in units for value in unit.values()}, key=str)
    if len(coders) < 2 or len(values) < 2:
        return None
    code = {value: index for index, value in enumerate(values)}
    data = np.full((len(coders), len(units)), np.nan)
    for column, unit in enumerate(units):
        for coder, value in unit.items():
            data[coders.index(coder), column] = code[value]
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(alpha) else alpha


def _overlap_ok(a: Claim, b: Claim) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared >= MIN_OVERLAP * min(a.end - a.start, b.end - b.start)


def match_claims(a: Sequence[Claim], b: Sequence[Claim], match: str = "exact") -> list[tuple[Claim, Claim]]:
    """One-to-one matching of two annotators' claims on one article."""
    if match not in MATCH_MODES:
        raise ValidationError("match", match, f"expected one of {', '.join(MATCH_MODES)}")
    if match == "exact":
        by_span = {(c.start, c.end): c for c in b}
        return [(c, by_span[(c.start, c.end)]) for c in a if (c.start, c.end) in by_span]
    candidates = []
    for i, ca in enumerate(a):
        for j, cb in enumerate(b):
            if _overlap_ok(ca, cb):
                shared = min(ca.end, cb.end) - max(ca.start, cb.start)
                candidates.append((-shared / max(ca.end - ca.start, cb.end - cb.start), i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    result = []
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            result.append((a[i], b[j]))
    return sorted(result, key=lambda pair: (pair[0].start, pair[0].end))


# -- units: the spans, grouped across annotators ---------------------------------------------------


@dataclass(slots=True)
class _Unit:
    doc_id: str
    start: int
    end: int
    claims: dict[str, Claim] = field(default_factory=dict)  # annotator -> claim


def _marked(store: Store, doc_id: str | None = None) -> list[Claim]:
    """Accepted claims of people and gold (the suggester's are proposals, not decisions)."""
    return [c for c in store.claims(doc_id, status=["accepted"]) if c.annotator != SUGGESTER]


def _units(claims: Iterable[Claim], match: str) -> list[_Unit]:
    """Group claims of different annotators that match into units, per article, in text order."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_doc[claim.doc_id].append(claim)
    units: list[_Unit] = []
    for doc_id, doc_claims in by_doc.items():
        if match == "exact":
            groups: dict[tuple[int, int], list[Claim]] = defaultdict(list)
            for claim in doc_claims:
                groups[(claim.start, claim.end)].append(claim)
            clusters = list(groups.values())
        else:
            clusters = _overlap_clusters(doc_claims)
        for cluster in clusters:
            # The span most annotators chose represents the unit (ties: the earliest, then the longest).
            spans = Counter((c.start, c.end) for c in cluster)
            start, end = min(spans, key=lambda s: (-spans[s], s[0], -s[1]))
            unit = _Unit(doc_id, start, end)
            for claim in sorted(cluster, key=lambda c: _distance(c, start, end)):
                unit.claims.setdefault(claim.annotator, claim)  # one claim per annotator: the closest
            units.append(unit)
    return sorted(units, key=lambda u: (u.doc_id, u.start, u.end))


def _distance(claim: Claim, start: int, end: int) -> tuple[int, str]:
    return abs(claim.start - start) + abs(claim.end - end), claim.updated_at


def _overlap_clusters(claims: list[Claim]) -> list[list[Claim]]:
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ordered = sorted(range(len(claims)), key=lambda i: claims[i].start)
    for position, i in enumerate(ordered):
        for j in ordered[position + 1 :]:
            if claims[j].start >= claims[i].end:
                break
            if claims[i].annotator != claims[j].annotator and _overlap_ok(claims[i], claims[j]):
                parent[find(i)] = find(j)
    clusters: dict[int, list[Claim]] = defaultdict(list)
    for i, claim in enumerate(claims):
        clusters[find(i)].append(claim)
    return list(clusters.values())


# -- agreement over a database ---------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _pair_figures(
    a: str, b: str, claims_a: dict[str, list[Claim]], claims_b: dict[str, list[Claim]], match: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    matched: list[tuple[Claim, Claim]] = []
    for doc_id in set(claims_a) | set(claims_b):
        matched.extend(match_claims(claims_a.get(doc_id, []), claims_b.get(doc_id, []), match))
    total_a = sum(len(v) for v in claims_a.values())
    total_b = sum(len(v) for v in claims_b.values())
    labelled = [(ca.label, cb.label) for ca, cb in matched if ca.label and cb.label]
    m = len(matched)
    confusion = {la: dict.fromkeys(LABELS, 0) for la in LABELS}
    for la, lb in labelled:
        confusion[la][lb] += 1
    figures = {
        "a": a,
        "b": b,
        "n": len(labelled),
        "matched_spans": m,
        "claims_a": total_a,
        "claims_b": total_b,
        "cohen_kappa": _round(cohen_kappa(labelled)),
        "observed_agreement": _round(sum(x == y for x, y in labelled) / len(labelled)) if labelled else None,
        "span_precision": _round(m / total_b) if total_b else None,
        "span_recall": _round(m / total_a) if total_a else None,
        "span_f1": _round(2 * m / (total_a + total_b)) if total_a + total_b else None,
        "confusion": confusion,
    }
    return figures, labelled


def agreement(store: Store, *, match: str = "exact") -> dict[str, Any]:
    """Pairwise kappa and span F1, Krippendorff's alpha and per-label figures for the whole database.

    Shape: ``{"pairs": [{"a", "b", "n", "cohen_kappa", "span_f1", …}], "krippendorff_alpha": …,
    "per_label": {label: {…}}, …}``; pairs are in name order, ``a`` < ``b``.
    """
    if match not in MATCH_MODES:
        raise ValidationError("match", match, f"expected one of {', '.join(MATCH_MODES)}")
    claims = _marked(store)
    by_annotator: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        by_annotator[claim.annotator][claim.doc_id].append(claim)
    annotators = sorted(name for name in by_annotator if name != GOLD)

    pairs = []
    all_labelled: list[tuple[str, str]] = []
    for a, b in combinations(annotators, 2):
        figures, labelled = _pair_figures(a, b, by_annotator[a], by_annotator[b], match)
        pairs.append(figures)
        all_labelled.extend(labelled)
    against_gold = []
    if GOLD in by_annotator:
        for name in annotators:
            figures, _ = _pair_figures(GOLD, name, by_annotator[GOLD], by_annotator[name], match)
            against_gold.append(figures)

    units = _units((c for c in claims if c.annotator != GOLD), match)
    label_units: list[dict[str, Hashable]] = [
        {name: c.label for name, c in unit.claims.items() if c.label is not None} for unit in units
    ]
    per_label: dict[str, Any] = {}
    for label in LABELS:
        both = sum(x == label and y == label for x, y in all_labelled)
        either = sum((x == label) + (y == label) for x, y in all_labelled)
        binary = [(x == label, y == label) for x, y in all_labelled]
        per_label[label] = {
            "claims": {
                name: sum(c.label == label for d in by_annotator[name].values() for c in d)
                for name in annotators
            },
            # Positive specific agreement (Fleiss 1975): of the labels L given on matched spans, the share
            # given by both annotators of a pair.
            "specific_agreement": _round(2 * both / either) if either else None,
            "cohen_kappa": _round(cohen_kappa(binary)),  # L against the rest, pooled over all pairs
        }
    return {
        "match": match,
        "annotators": annotators,
        "pairs": pairs,
        "krippendorff_alpha": _round(krippendorff_alpha_nominal(label_units)),
        "units": sum(len(unit) >= 2 for unit in label_units),
        "per_label": per_label,
        "against_gold": against_gold,
    }


# -- review and adjudication -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewItem:
    doc_id: str
    start: int
    end: int
    text: str
    labels: dict[str, str | None]  # annotator -> label, for the annotators who marked this span
    claim_ids: dict[str, str]  # annotator -> claim id
    annotators: tuple[str, ...]  # everyone who decided something in this article (blank cells included)
    disagree: bool
    gold: Claim | None
    claims: dict[str, Claim] = field(default_factory=dict)  # annotator -> their claim (source, cue…)
    rejected: tuple[str, ...] = ()  # annotators who rejected this span ("not a claim"), not in ``labels``

    @property
    def not_marked(self) -> tuple[str, ...]:
        """Annotators of the article who neither marked nor rejected this span."""
        return tuple(a for a in self.annotators if a not in self.labels and a not in self.rejected)

    @property
    def open(self) -> bool:
        """A disagreement that has no gold decision yet."""
        return self.disagree and self.gold is None

    @property
    def key(self) -> tuple[str, int, int]:
        return self.doc_id, self.start, self.end

    @property
    def majority(self) -> str | None:
        """The most frequent label, when one label is strictly the most frequent."""
        counts = Counter(label for label in self.labels.values() if label).most_common(2)
        if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
            return None
        return counts[0][0]


def review_items(store: Store, doc_id: str | None = None, *, match: str = "exact") -> list[ReviewItem]:
    """One item per claim span, with each annotator's label; disagreements first, then in text order.

    An item is a disagreement when its annotators gave different labels, or when someone who annotated
    the article rejected the span or did not mark it at all (``rejected`` and ``not_marked`` tell which).
    """
    claims = _marked(store, doc_id)
    gold = {(c.doc_id, c.start, c.end): c for c in store.claims(doc_id, annotator=[GOLD])}
    people = [c for c in claims if c.annotator != GOLD]
    rejections: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    doc_annotators: dict[str, set[str]] = defaultdict(set)
    for claim in store.claims(doc_id, status=["rejected"]):
        if is_person(claim.annotator):
            rejections[(claim.doc_id, claim.start, claim.end)].add(claim.annotator)
            doc_annotators[claim.doc_id].add(claim.annotator)
    for claim in people:
        doc_annotators[claim.doc_id].add(claim.annotator)
    order = {doc: index for index, doc in enumerate(store.document_ids())}
    texts: dict[str, str] = {}
    items = []
    seen: set[tuple[str, int, int]] = set()
    for unit in _units(people, match):
        key = (unit.doc_id, unit.start, unit.end)
        seen.add(key)
        text = texts.setdefault(unit.doc_id, store.get_document(unit.doc_id).text)
        labels = {name: claim.label for name, claim in sorted(unit.claims.items())}
        everyone = tuple(sorted(doc_annotators[unit.doc_id]))
        disagree = len(set(labels.values())) > 1 or len(labels) < len(everyone)
        ids = {name: claim.id for name, claim in unit.claims.items()}
        rejected = tuple(sorted(rejections.get(key, set()) - set(labels)))
        items.append(
            ReviewItem(
                unit.doc_id,
                unit.start,
                unit.end,
                text[unit.start : unit.end],
                labels,
                ids,
                everyone,
                disagree,
                gold.get(key),
                dict(sorted(unit.claims.items())),
                rejected,
            )
        )
    for key, claim in gold.items():  # spans only the reviewer marked
        if key not in seen:
            everyone = tuple(sorted(doc_annotators[claim.doc_id]))
            rejected = tuple(sorted(rejections.get(key, set())))
            items.append(ReviewItem(*key, claim.text, {}, {}, everyone, False, claim, {}, rejected))
    items.sort(key=lambda item: (not item.disagree, order.get(item.doc_id, 0), item.start, item.end))
    return items


def adjudicate(
    store: Store,
    doc_id: str,
    start: int,
    end: int,
    label: str | None,
    *,
    reviewer: str,
    source: SpanArg = None,
    cue: SpanArg = None,
) -> Changes:
    """Record the final label of a span as the gold claim (annotator ``gold``, accepted, manual); returns
    what changed (``.claim`` is the gold claim), for the same undo stack as every other edit.

    The event is logged under the reviewer's name. ``label=None`` records that the span is not a claim (the
    gold claim is rejected). Without an explicit source/cue, a new gold claim takes them from an annotator who
    gave the same label, so an attributed claim keeps its structure.
    """
    if label is not None and label not in LABELS:
        raise ValidationError("label", label, f"expected one of {', '.join(LABELS)} or none")
    status = "accepted" if label is not None else "rejected"
    existing = [c for c in store.claims(doc_id, annotator=[GOLD]) if (c.start, c.end) == (start, end)]
    if existing:
        changes: dict[str, Any] = {"label": label, "status": status}
        if source is not None:
            changes["source"] = source
        if cue is not None:
            changes["cue"] = cue
        return update_claim(store, existing[0].id, annotator=reviewer, **changes)
    text = store.get_document(doc_id).text
    if source is None and cue is None and label is not None:
        for claim in store.claims(doc_id, status=["accepted"], label=[label]):
            same_span = (claim.start, claim.end) == (start, end)
            if same_span and claim.annotator != GOLD and (claim.source or claim.cue):
                source, cue = claim.source, claim.cue
                break
    stamp = now_iso()
    claim = Claim(
        id=new_id(),
        doc_id=doc_id,
        start=start,
        end=end,
        text=text[start:end] if 0 <= start < end <= len(text) else "",
        label=label,
        status=status,
        source=_span(text, source),
        cue=_span(text, cue),
        annotator=GOLD,
        origin="manual",
        created_at=stamp,
        updated_at=stamp,
    )
    validate_claim(claim, text)
    with store.transaction():
        store.insert_claim(claim)
        store.log_event(
            "adjudicate", reviewer, doc_id=doc_id, claim_id=claim.id, after=claim_event_dict(claim)
        )
    added = (ClaimChange(None, claim),)
    return Changes(doc_id, added, added)


def _span(text: str, value: SpanArg) -> Any:
    if value is None:
        return None
    start, end = (value[0], value[1]) if isinstance(value, tuple) else (value.start, value.end)
    return make_span(text, start, end)
