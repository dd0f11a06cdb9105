"""Rules found by error analysis on real news (GUM), each tested on sentences written for this test."""

from __future__ import annotations

import pytest

from annotator.nlp.suggester import load_pipeline, suggest

INTRO = "The council met on Monday to discuss the plans for the harbour district.\n\n"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _claims(nlp, body: str) -> list[tuple[str, str, str | None, str | None]]:
    text = INTRO + body
    out = []
    for s in suggest(text, nlp):
        if s.start < len(INTRO):
            continue
        source = text[s.source[0] : s.source[1]] if s.source else None
        cue = text[s.cue[0] : s.cue[1]] if s.cue else None
        out.append((s.label, text[s.start : s.end], source, cue))
    return out


ATTRIBUTED = [
    # an appositive between the speaker and the verb
    (
        "Colonel Aria Maddox, spokeswoman for the coastal guard, said the boats had left before dawn.",
        "Colonel Aria Maddox",
        "said",
    ),
    (
        'Priya Raman, chief economist at Halden Bank, Oslo, said, "Rates will stay where they are."',
        "Priya Raman",
        "said",
    ),
    (
        '"We were lucky it happened at night," Tomas Berg, director of the port authority, said.',
        "Tomas Berg",
        "said",
    ),
    # a time phrase between subject and verb
    ("The governor this week also said the budget would be cut by 4%.", "The governor", "said"),
    # coordinated verbs: the subject of the first one
    (
        "Energy minister Lena Ortiz announced an inquiry and said the operator would have to explain.",
        "Energy minister Lena Ortiz",
        "said",
    ),
    ("Senator Ruiz tweeted that the vote had been decided by lobbyists.", "Senator Ruiz", "tweeted"),
    ("The report states that 40 percent of schools lack heating.", "The report", "states"),
    (
        "Figures released by the ministry show unemployment rose to 7.2% in March.",
        "Figures released by the ministry",
        "show",
    ),
    ('The coach replied: "We will be back next season."', "The coach", "replied"),
    # a cue inside the quotation is part of the content; the speaker's verb is outside it
    ('"I\'m told the talks have stalled," Baird said.', "Baird", "said"),
    ("Mayor Jean-Luc Okafor said the tunnel would reopen in June.", "Mayor Jean-Luc Okafor", "said"),
    # a no-break space and a thin space between words
    ("The mayor\u00a0said that the tunnel would reopen in June.", "The mayor", "said"),
    ("The mayor said\u2009that the tunnel would reopen in June.", "The mayor", "said"),
    ("The budget office puts the figure at roughly $210 million.", "The budget office", "puts the figure at"),
]


@pytest.mark.parametrize(("body", "source", "cue"), ATTRIBUTED)
def test_attributed_with_the_speaker_as_source(nlp, body: str, source: str, cue: str) -> None:
    ((label, span, got_source, got_cue),) = _claims(nlp, body)
    assert (label, span) == ("attributed", body)
    assert (got_source, got_cue) == (source, cue)


NOT_ATTRIBUTED = [
    "In the 30th minute the defender conceded a penalty after a late tackle.",
    "Parliament banned the company from claiming subsidies in 2021.",
    "She was told to leave the building by 5 p.m. on Friday.",
    'The exhibit includes a print called "Summer Fields" from 1987.',
    "Port director Anna Lind announced the winning bids on Tuesday.",
    "The outage was a denial-of-service flood that lasted 3 hours.",
    "The success of the harbour plan indicates that 2,000 jobs may follow.",
]


@pytest.mark.parametrize("body", NOT_ATTRIBUTED)
def test_nouns_events_and_orders_are_not_attributions(nlp, body: str) -> None:
    assert all(label not in {"attributed", "disputed"} for label, *_ in _claims(nlp, body))


@pytest.mark.parametrize(
    "line",
    [
        "Editor's note: This story was updated on May 3 to include the mayor's comments.",
        "Correction: An earlier version of this article said the tunnel would reopen in July.",
        "Image: NASA.",
        "Photo credit: Reuters, 2024",
    ],
)
def test_boilerplate_inside_the_body_gets_nothing(nlp, line: str) -> None:
    body = (
        f"The tunnel will reopen in June, the mayor said.\n\n{line}\n\nThe works cost $40 million, she added."
    )
    assert not any(line in span or span in line for _, span, *_ in _claims(nlp, body))


def test_a_quotation_left_open_runs_on_into_the_next_paragraph(nlp) -> None:
    body = (
        'Okafor said: "The tunnel will reopen in June.\n\n"We have spent $40 million on it and we are proud."'
    )
    claims = _claims(nlp, body)
    assert [(label, source) for label, _, source, _ in claims] == [("attributed", "Okafor")] * 2
    # A closed quotation does not run on: the next sentence is the author's again.
    closed = 'Okafor said: "The tunnel will reopen in June."\n\nThe works cost $40 million in 2023.'
    assert [label for label, *_ in _claims(nlp, closed)] == ["attributed", "factual"]


def test_a_contest_by_the_source_is_disputed_as_the_guidelines_say(nlp) -> None:
    body = "Shipping companies disputed that figure, saying the real cost was far lower."
    ((label, _, source, cue),) = _claims(nlp, body)
    assert (label, source, cue) == ("disputed", "Shipping companies", "disputed")
    # Asserting something critical is still the source's claim: attributed.
    ((label, *_),) = _claims(nlp, "The union said the port's figures were wrong by 30%.")
    assert label == "attributed"
