"""Deterministic synthetic corpora for the benchmarks (seeded; generated into a temp folder, never committed).

The prose imitates news writing (attributions with cues, disputes, numbers and dates) and carries a few
characters that Qt counts differently from Python (emoji outside the BMP, accents, NBSP), so that the
window's offset conversion is on the measured path.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import LABELS, Claim, Document, Span, now_iso
from annotator.store import Store

_SOURCES = (
    "Aravind Srinivas",
    "the company's chief executive",
    "analysts at Bernstein",
    "a Nvidia spokesperson",
    "Dr. Chloé Martin",
    "officials in Beijing",
    "the ministry",
    "investors",
    "a senior researcher",
    "Marc Andreessen",
    "the regulator",
    "people familiar with the matter",
)
_CUES = ("said", "noted", "told reporters", "argued", "claimed", "acknowledged", "suggested", "warned")
_CONTENT = (
    "the necessity to work within constraints spurred creativity",
    "the model was trained for a fraction of the usual cost",
    "export controls had slowed the industry less than expected",
    "the chips were bought before the restrictions took effect",
    "demand for data centres would keep growing for a decade",
    "open models would erode the margins of the largest labs",
)
_FACTS = (
    "Nvidia saw a {n}% drop on Monday, erasing over ${b} billion in market value.",
    "The company released its model on January {d}, {y}, and it topped the App Store within a week.",
    "Shares of chip makers fell {n}% in early trading in Tokyo and Seoul.",
    "The lab employs about {k} researchers, most of them recent graduates.",
    "Training reportedly used {k} accelerators over {d} days at a cost of ${b} million.",
)
_DISPUTES = (
    "While there remains skepticism regarding the technology and its development process, {s} {c} otherwise.",
    "Several researchers doubt that the reported cost of training is accurate.",
    "{s} denied that any restricted hardware had been used.",
    "An independent test found results that contradict the published benchmarks.",
)
_OPINION = (
    "This situation invites a reassessment of how the industry thinks about scale.",
    "It is a story about ambition as much as about engineering.",
    "Whether the shift lasts is anyone's guess\u00a0— and markets hate guesses.",
    "The mood in Silicon Valley has changed 📉 in a matter of days.",
    "Few had expected the challenge to come from a hedge fund's side project.",
)


@dataclass(frozen=True, slots=True)
class SentenceSpec:
    start: int
    end: int
    kind: str  # attributed | disputed | factual | opinion
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None


def _sentence(rng: random.Random) -> tuple[str, str, tuple[int, int] | None, tuple[int, int] | None]:
    """One sentence, its kind, and the source and cue ranges inside it for attributions."""
    kind = rng.choices(("attributed", "disputed", "factual", "opinion"), (4, 2, 4, 3))[0]
    numbers = {
        "n": rng.randint(2, 40),
        "b": rng.randint(5, 900),
        "d": rng.randint(1, 28),
        "y": rng.randint(2019, 2026),
        "k": rng.randint(100, 9000),
    }
    if kind == "attributed":
        source, cue, content = rng.choice(_SOURCES), rng.choice(_CUES), rng.choice(_CONTENT)
        if rng.random() < 0.5:
            text = f"As {source} {cue}, {content}."
            s = 3
        else:
            text = f"{source[0].upper()}{source[1:]} {cue} that {content}."
            s = 0
        return text, kind, (s, s + len(source)), (s + len(source) + 1, s + len(source) + 1 + len(cue))
    if kind == "disputed":
        text = rng.choice(_DISPUTES).format(s=rng.choice(_SOURCES), c=rng.choice(_CUES))
        return text[0].upper() + text[1:], kind, None, None
    if kind == "factual":
        return rng.choice(_FACTS).format(**numbers), kind, None, None
    return rng.choice(_OPINION), kind, None, None


def article_text(target_chars: int, seed: int) -> tuple[str, list[SentenceSpec]]:
    """An article of about ``target_chars`` code points: a headline, then paragraphs of 3-7 sentences
    separated by blank lines. Returns the text and every sentence's range and kind."""
    rng = random.Random(seed)
    parts: list[str] = ["Cheap models, expensive questions: how one lab shook the AI industry\n\n"]
    length = len(parts[0])
    specs: list[SentenceSpec] = []
    while length < target_chars:
        for index in range(rng.randint(3, 7)):
            if index:
                parts.append(" ")
                length += 1
            text, kind, source, cue = _sentence(rng)
            specs.append(
                SentenceSpec(
                    length,
                    length + len(text),
                    kind,
                    (length + source[0], length + source[1]) if source else None,
                    (length + cue[0], length + cue[1]) if cue else None,
                )
            )
            parts.append(text)
            length += len(text)
        parts.append("\n\n")
        length += 2
    return "".join(parts), specs


def claims_for(
    doc_id: str, text: str, specs: list[SentenceSpec], count: int, seed: int, annotator: str = "bench"
) -> list[Claim]:
    """``count`` claims on distinct sentences (spread over the whole text), in position order: labelled,
    unlabelled and suggested ones, with source and cue spans on attributions."""
    rng = random.Random(seed)
    if count > len(specs):
        raise ValueError(f"the article has only {len(specs)} sentences for {count} claims")
    chosen = sorted(rng.sample(range(len(specs)), count))
    stamp = now_iso()
    claims: list[Claim] = []
    for number, index in enumerate(chosen):
        spec = specs[index]
        suggested = rng.random() < 0.3
        label: str | None = spec.kind if spec.kind in LABELS else rng.choice(LABELS)
        if not suggested and rng.random() < 0.2:
            label = None
        claims.append(
            Claim(
                id=f"c{seed:x}-{number:07d}",
                doc_id=doc_id,
                start=spec.start,
                end=spec.end,
                text=text[spec.start : spec.end],
                label=label,
                status="suggested" if suggested else "accepted",
                source=Span(*spec.source, text[spec.source[0] : spec.source[1]]) if spec.source else None,
                cue=Span(*spec.cue, text[spec.cue[0] : spec.cue[1]]) if spec.cue else None,
                annotator=annotator,
                origin="suggester" if suggested else "manual",
                confidence=round(rng.uniform(0.4, 0.99), 2) if suggested else None,
                created_at=stamp,
                updated_at=stamp,
                reason="cue" if suggested else None,
            )
        )
    return claims


def build_article_db(path: Path, target_chars: int, claim_count: int, seed: int) -> str:
    """A database holding one big article with ``claim_count`` claims; returns the document id."""
    text, specs = article_text(target_chars, seed)
    with Store(path) as store, store.transaction():
        doc, _ = store.insert_document(Document("", "Big article", text, {"source_path": "bench"}))
        for claim in claims_for(doc.id, text, specs, claim_count, seed):
            store.insert_claim(claim)
    return doc.id


def build_export_db(path: Path, claim_count: int, per_article: int, seed: int) -> None:
    """A database with ``claim_count`` claims spread over articles of ``per_article`` claims each."""
    articles = max(1, claim_count // per_article)
    with Store(path) as store, store.transaction():
        for number in range(articles):
            text, specs = article_text(per_article * 190, seed + number)
            doc, _ = store.insert_document(Document("", f"Article {number}", text, {}))
            for claim in claims_for(doc.id, text, specs, per_article, seed + number):
                store.insert_claim(claim)


def write_article_files(folder: Path, count: int, chars: int, seed: int) -> list[Path]:
    """``count`` distinct .txt articles (some with CRLF line ends and a BOM, as real files have)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for number in range(count):
        text, _ = article_text(chars, seed + number)
        if number % 5 == 0:
            text = "\ufeff" + text.replace("\n", "\r\n")
        path = folder / f"article-{number:05d}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths
