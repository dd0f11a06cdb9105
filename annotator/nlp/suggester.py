"""Public API of the claim suggester: plain functions over text returning :class:`Suggestion` objects.

Importing this module is cheap (no spaCy); :func:`load_pipeline` imports spaCy on first use.

    >>> from annotator.nlp.suggester import suggest
    >>> [s.label for s in suggest("Nvidia's shares fell 17% on Monday, erasing $600 billion.")]
    ['factual']
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from annotator.nlp.body import Body, paragraphs, read_body

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_ENV", "ModelNotFoundError", "Suggestion", "load_pipeline", "suggest", "suggest_many"]

LABELS = ("attributed", "disputed", "factual")
# Environment variable the window's settings and the CLI fall back to when no --model is given.
MODEL_ENV = "ANNOTATOR_SPACY_MODEL"


class Suggestion(NamedTuple):
    """A suggested claim. Offsets are Python code points of the text given to :func:`suggest`; ``end`` is
    exclusive. ``source`` and ``cue`` are ``(start, end)`` ranges when found. (A NamedTuple: the finder
    makes thousands a second, and a frozen dataclass costs four times as much to make.)"""

    start: int
    end: int
    label: str
    confidence: float
    reason: str
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None

    def shifted(self, offset: int) -> Suggestion:
        def move(r: tuple[int, int] | None) -> tuple[int, int] | None:
            return None if r is None else (r[0] + offset, r[1] + offset)

        return Suggestion(
            self.start + offset,
            self.end + offset,
            self.label,
            self.confidence,
            self.reason,
            move(self.source),
            move(self.cue),
        )


class ChunkContext(NamedTuple):
    """``nlp.pipe`` context of one chunk: which text it belongs to and where it starts in that text. The
    claim finder reads it (``doc._context``) to report offsets in the original text directly. The chunk's
    paragraphs, and those never claims, come along in the chunk's offsets when finding the body read them
    (``None``: the components read the chunk themselves)."""

    text_index: int
    offset: int
    paragraphs: list[tuple[int, int]] | None = None
    skipped: list[tuple[int, int]] | None = None


class ModelNotFoundError(RuntimeError):
    """The requested spaCy pipeline is not installed (the suggester never downloads one)."""


def load_pipeline(model: str | None = None) -> Language:
    """Return the suggester pipeline, cached per ``model``.

    Without ``model`` this is ``spacy.blank("en")`` plus the rule components. With a package name or a path
    of an installed trained pipeline, its parser and entities are used for sources and actors, and the rule
    components are added after them. A pipeline that is not installed raises :class:`ModelNotFoundError`.
    """
    return _load(model or None)


@lru_cache(maxsize=4)
def _load(model: str | None) -> Language:
    import spacy

    from annotator.nlp import components  # registers the components

    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("claim_sentencizer")
    else:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer", "textcat", "textcat_multilabel"])
        except OSError as exc:
            raise ModelNotFoundError(
                f"spaCy pipeline {model!r} is not installed; install it with pip (or give the path of a "
                f"pipeline folder), the suggester never downloads models"
            ) from exc
        # Blank lines stay hard boundaries: the parser respects sentence starts set before it.
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        if first:  # blank lines only; the parser places the other boundaries
            nlp.add_pipe("claim_sentencizer", before=first, config={"fill_unknown": False})
        else:
            nlp.add_pipe("claim_sentencizer", first=True)
    nlp.add_pipe("claim_cues")
    nlp.add_pipe("claim_finder")
    nlp.tokenizer = components.TextKeepingTokenizer(nlp.tokenizer)
    return nlp


def suggest(text: str, nlp: Language | None = None) -> list[Suggestion]:
    """Suggest claims in the article body of ``text``."""
    return next(suggest_many([text], nlp=nlp))


def suggest_many(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 32, n_process: int = 1
) -> Iterator[list[Suggestion]]:
    """Suggest claims for each text (in order), batching the spaCy work with ``nlp.pipe``.

    Only the body (see :func:`~annotator.nlp.body.find_body`) is processed; texts longer than
    ``nlp.max_length`` are cut into chunks at paragraph boundaries, and offsets are mapped back exactly.
    """
    nlp = nlp or load_pipeline(os.environ.get(MODEL_ENV) or None)
    pending: dict[int, list[Suggestion]] = {}
    remaining: dict[int, int] = {}
    next_out = 0

    def chunks() -> Iterator[tuple[str, ChunkContext]]:
        for i, text in enumerate(texts):
            body = read_body(text)
            parts = list(_chunk(text, body.start, body.end, nlp.max_length))
            pending[i] = []
            remaining[i] = len(parts)
            for a, b in parts:
                yield text[a:b], _context(i, a, b, body)

    source = chunks()
    for doc, context in nlp.pipe(source, as_tuples=True, batch_size=batch_size, n_process=n_process):
        i = context.text_index
        pending[i].extend(doc._.claim_suggestions or ())  # already in offsets of the whole text
        remaining[i] -= 1
        while next_out in remaining and remaining[next_out] == 0:
            yield _dedupe(pending.pop(next_out))
            del remaining[next_out]
            next_out += 1
    # Texts with an empty body produce no chunk at all.
    while next_out in remaining:
        yield _dedupe(pending.pop(next_out))
        del remaining[next_out]
        next_out += 1


def _chunk(text: str, start: int, end: int, max_length: int) -> Iterator[tuple[int, int]]:
    """Ranges of at most ``max_length`` code points, cut at paragraph boundaries (else at a space)."""
    if end - start <= max_length:
        if end > start:
            yield start, end
        return
    chunk_start = chunk_end = None
    for a, b in paragraphs(text, start, end):
        while b - a > max_length:  # a single huge paragraph: cut at the last space that fits
            cut = text.rfind(" ", a, a + max_length) if chunk_start is None else -1
            if chunk_start is not None:
                yield chunk_start, chunk_end  # type: ignore[misc]
                chunk_start = None
                continue
            cut = cut if cut > a else a + max_length
            yield a, cut
            a = cut
        if chunk_start is None:
            chunk_start, chunk_end = a, b
        elif b - chunk_start <= max_length:
            chunk_end = b
        else:
            yield chunk_start, chunk_end  # type: ignore[misc]
            chunk_start, chunk_end = a, b
    if chunk_start is not None:
        yield chunk_start, chunk_end  # type: ignore[misc]


def _context(index: int, start: int, end: int, body: Body) -> ChunkContext:
    """The context of chunk ``start:end``, with its paragraphs when it holds whole ones only (a huge
    paragraph is cut at a space)."""
    paras = body.paragraphs
    lo, hi = bisect_left(paras, (start, -1)), bisect_left(paras, (end, -1))
    inside = paras[lo:hi]
    if not inside or inside[0][0] != start or inside[-1][1] > end or (lo and paras[lo - 1][1] > start):
        return ChunkContext(index, start)
    return ChunkContext(
        index,
        start,
        [(a - start, b - start) for a, b in inside],
        [(a - start, b - start) for a, b in body.skipped if start <= a < end],
    )


_span = itemgetter(0, 1)  # a Suggestion's (start, end)


def _dedupe(items: list[Suggestion]) -> list[Suggestion]:
    seen: set[tuple[int, int]] = set()
    out = []
    for s in sorted(items, key=_span):
        span = _span(s)
        if span not in seen:
            seen.add(span)
            out.append(s)
    return out
