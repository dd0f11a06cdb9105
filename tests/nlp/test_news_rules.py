"""Rules found by error analysis on real news (GUM), each tested on sentences written for this test."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_after_intro

_claims = claims_after_intro


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


def test_a_hedge_does_not_hide_a_checkable_number_or_a_scheduled_event(nlp) -> None:
    framed = "I think it's important to point out that about 3 percent of the budget goes to aid."
    assert [label for label, *_ in _claims(nlp, framed)] == ["factual"]
    scheduled = "Rovers will face Dunmore City in the final at the national stadium on May 24."
    assert [label for label, *_ in _claims(nlp, scheduled)] == ["factual"]
    # Speculation stays out.
    assert _claims(nlp, "Prices will probably rise by 5% next year.") == []
    assert _claims(nlp, "I think this is the best phone of 2024.") == []


def test_interview_answers_are_the_interviewees(nlp) -> None:
    body = (
        "Q: Is the plan working?\n\n"
        'A: "It takes time. We approved 6,200 new homes this year, more than in the whole of 2022."\n\n'
        "The ministry approved 3,100 more homes in 2023."
    )
    labels = [(label, span[:12]) for label, span, *_ in _claims(nlp, body)]
    assert labels == [
        ("attributed", 'A: "It takes'),
        ("factual", "The ministry"),
    ]  # the quotation is one span


def test_a_goal_added_is_an_event_not_a_report(nlp) -> None:
    ((label, *_),) = _claims(nlp, "Substitute Luis Mora added a third goal in stoppage time.")
    assert label == "factual"


@pytest.mark.parametrize(
    ("body", "source", "cue"),
    [
        (
            "The security firm Verity Labs, has said that the router has 27 known flaws.",
            "The security firm Verity Labs",
            "said",
        ),
        (
            "Tara Quinn for the Food Standards Office, says they are drafting rules on salt.",
            "Tara Quinn for the Food Standards Office",
            "says",
        ),
        (
            "Results of the 2019 trials, published in a journal, show yields fell by 10%.",
            "Results of the 2019 trials",
            "show",
        ),
        ("The researchers found yields would fall by 12% by 2050.", "The researchers", "found"),
        (
            "Port director Anna Lind announced where the new terminal will be built.",
            "Port director Anna Lind",
            "announced",
        ),
    ],
)
def test_sources_behind_commas_and_evidence_verbs(nlp, body: str, source: str, cue: str) -> None:
    ((label, _, got_source, got_cue),) = _claims(nlp, body)
    assert (label, got_source, got_cue) == ("attributed", source, cue)


def test_checkable_statements_of_politicians(nlp) -> None:
    """Debate-style claims: a person's act, a comparison with a scope; not an evaluation."""
    for body in (
        "She voted for the war in Iraq and then she opposed it.",
        "Our business taxes are the highest in the world.",
        "We have created more jobs than any other state.",
    ):
        assert [label for label, *_ in _claims(nlp, body)] == ["factual"], body
    assert _claims(nlp, "This is the best time ever to be alive.") == []
