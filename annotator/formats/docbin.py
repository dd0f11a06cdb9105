"""spaCy DocBin out, ready for ``python -m spacy train config.cfg``: one ``Doc`` per article with its claims
in ``doc.spans["sc"]`` (spancat's default ``spans_key``), and a ``config.cfg`` beside it.

Nothing is lost silently in training. ``spacy train`` builds its own ``Doc`` of each text with the
pipeline's tokenizer and drops every gold span whose ends are not token boundaries there (a claim that ends
inside "revenue", or inside a run of CJK characters, which spaCy keeps as one token). So the DocBin uses
exactly that tokenizer (``spacy.blank("en")``, the config's language), and a claim that does not fall on
its tokens is trimmed of outer spaces and then widened to whole tokens; the export's warnings count the
widened claims, with an example.

The config's span suggester proposes every span from the shortest to the longest claim in tokens
(``spacy.ngram_range_suggester.v1``): the default 1–3 tokens could never propose a 15-token claim.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.formats.atomic import atomic_write
from annotator.formats.base import DEFAULT_WRITE, WriteOptions
from annotator.formats.tokens import blank_english
from annotator.formats.writers import Records, WriteCounts, labelled_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from annotator.core.model import Claim

SPANS_KEY = "sc"
CONFIG_NAME = "config.cfg"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def claims_doc(
    text: str, spans: list[Claim], doc_id: str, title: str, counts: WriteCounts, lengths: list[int]
) -> Doc:
    """The article tokenized as ``spacy train`` will tokenize it, with every claim as a whole-token span."""
    doc = blank_english().make_doc(text)
    kept = []
    seen: set[tuple[int, int, str]] = set()
    for claim in spans:
        start, end = _trimmed(text, claim.start, claim.end)
        span = (
            doc.char_span(start, end, label=claim.label or "", alignment_mode="expand")
            if end > start
            else None
        )
        if span is None:
            counts.skip("are only spaces, which spaCy cannot hold as a span, and were left out", claim)
            counts.claims -= 1  # labelled_spans counted it
            continue
        if (span.start_char, span.end_char) != (start, end):
            counts.note(
                "do not start and end on spaCy's token boundaries, where spacy train would drop them; they "
                "were widened to whole tokens",
                claim,
                f"→ {span.text[:60]!r}",
            )
        key = (span.start, span.end, span.label_)
        if key in seen:
            counts.skip("became the same span as another claim once widened, and were written once", claim)
            counts.claims -= 1
            continue
        seen.add(key)
        kept.append(span)
        lengths.append(len(span))
    doc.spans[SPANS_KEY] = kept
    doc.user_data["id"] = doc_id
    doc.user_data["title"] = title
    return doc


def training_config(train: str, lengths: list[int]) -> str:
    """spaCy's own spancat config for English (CPU, no vectors, nothing downloaded), with the paths set and
    a suggester that covers the claims' lengths in tokens."""
    from spacy.cli.init_config import init_config

    config: Any = init_config(lang="en", pipeline=["spancat"], optimize="efficiency", gpu=False)
    config["paths"]["train"] = train
    config["paths"]["dev"] = train
    config["components"]["spancat"]["suggester"] = {
        "@misc": "spacy.ngram_range_suggester.v1",
        "min_size": min(lengths, default=1),
        "max_size": max(lengths, default=1),
    }
    return str(config.to_str())


def write_docbin(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    from spacy.tokens import DocBin

    counts = WriteCounts()
    docbin = DocBin(store_user_data=True)
    lengths: list[int] = []
    for doc, claims in records:
        spans = labelled_spans(claims, counts)
        docbin.add(claims_doc(doc.text, spans, doc.id, doc.title, counts, lengths))
        counts.documents += 1
    # DocBin serialises as one blob: the dataset is held in memory as spaCy Docs until written.
    atomic_write(path, docbin.to_bytes())
    config = path.with_name(CONFIG_NAME)
    atomic_write(config, training_config(path.name, lengths).encode("utf-8"))
    counts.extra_files.append(config)
    return counts
