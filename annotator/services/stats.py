"""Counts for `annotator stats`, the window's statistics view and the article list of curation.

Gold is the reference, not an annotator, and the suggester is not an annotator either: only people appear
in ``by_annotator``. Claims are counted per span: two annotators marking one sentence make one claim.
Each span has a reference label: gold's when a reviewer decided it, else the label everyone who marked it
gave; where they gave different labels and no one has decided yet, it is an open disagreement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.core.model import LABELS, STATUSES
from annotator.services.agreement import ReviewItem, review_items
from annotator.store import Store
from annotator.store import stats as queries


@dataclass(slots=True)
class ArticleStats:
    """One article's progress, as a lead reads it."""

    doc_id: str
    title: str
    claims: int = 0  # spans marked by someone (or by gold), rejected by gold excluded
    labelled: int = 0  # spans with a reference label (gold's, or one everyone gave)
    suggestions: int = 0  # suggestions no one has decided on
    annotators: list[str] = field(default_factory=list)  # people who decided something here
    disagreements: int = 0  # spans people disagree on (label, or marked against rejected/not marked)
    open_disagreements: int = 0  # of those, the ones without a gold decision: adjudication still to do
    adjudicated: int = 0  # spans with a gold decision

    @property
    def adjudication_done(self) -> bool:
        return self.open_disagreements == 0


def reference_label(item: ReviewItem) -> str | None:
    """The span's label for the team: gold's, else the one label everyone who marked it gave, else None."""
    if item.gold is not None:
        return item.gold.label if item.gold.status == "accepted" else None
    labels = {label for label in item.labels.values() if label}
    return labels.pop() if len(labels) == 1 and not item.disagree else None


def article_stats(store: Store, items: list[ReviewItem] | None = None) -> list[ArticleStats]:
    """Every article's progress, in import order (``items``: the review items, when already computed)."""
    items = review_items(store) if items is None else items
    articles = {doc_id: ArticleStats(doc_id, title) for doc_id, title in queries.titles(store)}
    for doc_id, count in queries.open_suggestions(store).items():
        articles[doc_id].suggestions = count
    people: dict[str, set[str]] = defaultdict(set)
    for item in items:
        article = articles[item.doc_id]
        people[item.doc_id].update(item.annotators)
        if item.gold is not None and item.gold.status == "rejected" and not item.labels:
            article.adjudicated += 1
            continue
        if item.gold is not None:
            article.adjudicated += 1
        if item.gold is None or item.gold.status == "accepted":
            article.claims += 1
        if reference_label(item) is not None:
            article.labelled += 1
        if item.disagree:
            article.disagreements += 1
            article.open_disagreements += item.gold is None
    for doc_id, names in people.items():
        articles[doc_id].annotators = sorted(names)
    return list(articles.values())


def stats(store: Store) -> dict[str, Any]:
    """Articles, claims (per span) by reference label, people's decisions by status and by annotator, and
    each article's progress (``articles``)."""
    items = review_items(store)
    articles = article_stats(store, items)
    by_label: dict[str, int] = dict.fromkeys(LABELS, 0)
    unlabelled = 0
    for item in items:
        label = reference_label(item)
        if label is not None:
            by_label[label] += 1
        elif not item.disagree and (item.gold is None or item.gold.status == "accepted"):
            unlabelled += 1  # marked without a label
    by_status = dict.fromkeys(STATUSES, 0)
    by_status.update(queries.people_status_counts(store))
    by_status["suggested"] = sum(a.suggestions for a in articles)
    by_annotator = queries.accepted_by_person(store)
    return {
        "database": str(store.path),
        "documents": queries.document_count(store),
        "claims": sum(a.claims for a in articles),
        "labelled": sum(a.labelled for a in articles),
        "unlabelled": unlabelled,
        "open_disagreements": sum(a.open_disagreements for a in articles),
        "adjudicated": sum(a.adjudicated for a in articles),
        "by_label": by_label,
        "by_status": by_status,
        "by_annotator": by_annotator,
        "annotators": sorted(set(queries.people(store)) | set(by_annotator)),
        "articles": [asdict(article) for article in articles],
    }


def change_token(store: Store) -> tuple[int, int]:
    """Changes whenever anyone commits to the database: poll it to refresh a view only when needed."""
    return queries.change_token(store)
