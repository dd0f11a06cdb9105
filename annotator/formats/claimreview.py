"""schema.org ClaimReview out: the JSON-LD fact-checkers publish and search engines read, one review per
claim with a verdict.

``claimReviewed`` is the claim's text; ``itemReviewed`` is a ``Claim`` whose ``author`` is the claim's
source (attributed claims with a source) and whose ``appearance`` is the article (URL, headline, date);
``reviewRating`` has the verdict as ``alternateName`` and, for verdicts on the scale below, a
``ratingValue`` from 1 (false) to 5 (true); ``author`` is the publishing organisation (``--publisher``);
``reviewBody`` is the note and ``citation`` the evidence URLs. The file is one JSON-LD document with a
``@graph`` of reviews: paste each into its page's ``<script type="application/ld+json">``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import Claim, Document
from annotator.formats.atomic import atomic_write
from annotator.formats.base import DEFAULT_WRITE, WriteOptions
from annotator.formats.writers import Records, WriteCounts

# The numeric scale of reviewRating: verdicts as fact-checkers commonly word them (lower case).
SCALE: dict[str, int] = {
    "false": 1,
    "pants on fire": 1,
    "incorrect": 1,
    "mostly false": 2,
    "misleading": 2,
    "half true": 3,
    "mixed": 3,
    "half-true": 3,
    "mostly true": 4,
    "true": 5,
    "correct": 5,
}
WORST, BEST = 1, 5


def _rating(verdict: str, counts: WriteCounts, claim: Claim) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
    value = SCALE.get(" ".join(verdict.lower().split()))
    if value is None:
        counts.note(
            "have a verdict that is not on the numeric scale (false 1 … true 5), so their reviewRating has "
            "the verdict as alternateName only",
            claim,
        )
    else:
        rating.update(ratingValue=value, bestRating=BEST, worstRating=WORST)
    return rating


def review(doc: Document, claim: Claim, options: WriteOptions, counts: WriteCounts) -> dict[str, Any]:
    url = doc.meta.get("url")
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": doc.title}
    if url:
        appearance["url"] = url
    if doc.meta.get("published"):
        appearance["datePublished"] = doc.meta["published"]
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
    if doc.meta.get("published"):
        item["datePublished"] = doc.meta["published"]
    if claim.label == "attributed" and claim.source is not None:
        item["author"] = {"@type": "Person", "name": claim.source.text}
    organisation: dict[str, Any] = {"@type": "Organization", "name": options.publisher}
    if options.publisher_url:
        organisation["url"] = options.publisher_url
    record: dict[str, Any] = {
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": _rating((claim.verdict or "").strip(), counts, claim),
        "author": organisation,
        "datePublished": (claim.updated_at or claim.created_at)[:10] or None,
    }
    page = options.publisher_url or url
    if page:
        record["url"] = f"{page}#claim-{claim.id}"
    else:
        counts.note(
            "have no page to link (no --publisher-url, no article URL): their review has no url", claim
        )
    if claim.note:
        record["reviewBody"] = claim.note
    if claim.evidence:
        record["citation"] = list(claim.evidence)
    return {k: v for k, v in record.items() if v is not None}


def write_claimreview(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    counts = WriteCounts()
    graph: list[dict[str, Any]] = []
    for doc, claims in records:
        reviewed: list[Claim] = []
        for claim in claims:
            if (claim.verdict or "").strip():
                reviewed.append(claim)
            else:
                counts.skip("have no verdict, which a ClaimReview needs, and were left out", claim)
        graph.extend(review(doc, claim, options, counts) for claim in reviewed)
        counts.claims += len(reviewed)
        counts.documents += bool(reviewed)
    document = {"@context": "https://schema.org", "@graph": graph}
    atomic_write(path, orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    return counts
