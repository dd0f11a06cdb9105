"""Reporting forms of courts, company results and forecasts, and orders given with warning verbs; sentences
written for these tests."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_after_intro

_claims = claims_after_intro


@pytest.mark.parametrize(
    ("body", "source", "cue"),
    [
        # what a court, jury or inquiry heard or was told is evidence put to it, not the writer's fact
        (
            "A nurse at Fenwick Hospital falsified 40 patient records, a tribunal in Leeds heard on Friday.",
            "a tribunal in Leeds",
            "heard",
        ),
        ("The inquest heard that the driver had been awake for 20 hours.", "The inquest", "heard"),
        (
            "The committee was told that the bridge needed repairs costing $3 million.",
            "The committee",
            "told",
        ),
        # a company or an agency reporting a figure
        (
            "Marlow Airlines reported a loss of 85 million pounds for the winter.",
            "Marlow Airlines",
            "reported",
        ),
        ("The health agency reports 312 new cases in the region.", "The health agency", "reports"),
        # forecasts by forecasters
        (
            "Economists surveyed by the bank had expected inflation of 2.8 per cent.",
            "Economists surveyed by the bank",
            "expected",
        ),
        ("Most analysts forecast a second cut in rates by June.", "Most analysts", "forecast"),
        # a cue, an account named, then a colon and the quotation
        (
            'The minister tweeted from his campaign account: "We will build 5,000 homes."',
            "The minister",
            "tweeted",
        ),
    ],
)
def test_reporting_forms_have_their_source_and_cue(nlp, body: str, source: str, cue: str) -> None:
    ((label, span, got_source, got_cue),) = _claims(nlp, body)
    assert (label, span) == ("attributed", body)
    assert (got_source, got_cue) == (source, cue)


@pytest.mark.parametrize(
    "body",
    [
        "Neighbours heard a loud crash shortly after midnight.",
        "The final is expected to draw 60,000 fans to the stadium.",
        "The theft was reported to the police on Sunday.",
        "The reports of 40 injuries were later withdrawn.",
        "The inspector reports to the board every 3 months.",
    ],
)
def test_the_same_verbs_in_other_senses_are_not_attributions(nlp, body: str) -> None:
    assert all(label != "attributed" for label, *_ in _claims(nlp, body))


@pytest.mark.parametrize(
    "body",
    [
        "The judge warned the jurors not to read about the case.",
        "The coach urged his players to stay calm.",
    ],
)
def test_an_order_given_with_a_warning_verb_is_not_an_attribution(nlp, body: str) -> None:
    assert _claims(nlp, body) == []


def test_reports_as_a_subject_noun_leave_the_cue_to_the_verb(nlp) -> None:
    ((label, _, source, cue),) = _claims(nlp, "Local news reports say 40 people were rescued from the river.")
    assert (label, source, cue) == ("attributed", "Local news reports", "say")


def test_a_warning_of_a_fact_stays_a_report(nlp) -> None:
    ((label, _, source, cue),) = _claims(nlp, "The port authority warned that 12 berths would close in May.")
    assert (label, source, cue) == ("attributed", "The port authority", "warned")


@pytest.mark.parametrize(
    ("body", "source", "cue"),
    [
        # "it" with a verb of speaking is an organisation or a document speaking, not an abstract subject
        ('"Fares will rise again in spring", it added.', "it", "added"),
        ("It says the council spent $2 million on consultants.", "It", "says"),
        # the subject of the first of two coordinated verbs
        (
            "Tenants gathered outside the town hall and wrote that 300 flats had no heating.",
            "Tenants",
            "wrote",
        ),
        # "thought" as a verb of belief, with a manner adverb between subject and verb
        ("A neighbour wrongly thought the van belonged to the builder.", "A neighbour", "thought"),
    ],
)
def test_pronoun_coordinated_and_belief_sources(nlp, body: str, source: str, cue: str) -> None:
    ((label, span, got_source, got_cue),) = _claims(nlp, body)
    assert (label, span) == ("attributed", body)
    assert (got_source, got_cue) == (source, cue)


@pytest.mark.parametrize(
    "body",
    [
        "That said, the ferry will run twice a day.",
        "The thought of a second winter without power frightened residents.",
        "The wreck was thought to be lost for 80 years.",
        "The minister thought it over for 2 weeks.",
        "It shows how far the town has come since 1990.",
    ],
)
def test_idioms_nouns_and_phrasal_readings_are_not_attributions(nlp, body: str) -> None:
    assert all(label != "attributed" for label, *_ in _claims(nlp, body))


@pytest.mark.parametrize(
    ("body", "source", "cue"),
    [
        # the cue and its subject after the content, then a short phrase naming the medium
        (
            "Heavy rain and a late frost cut the harvest by a third, the growers wrote in a letter to the "
            "minister.",
            "the growers",
            "wrote",
        ),
        ("The plant will close in 2027, the company announced on Monday.", "the company", "announced"),
        # a gerund after the cue is its object, never an inverted source
        ("Anna Kovacs, 41, admitted stealing 300 bottles of wine from the shop.", "Anna Kovacs", "admitted"),
    ],
)
def test_sources_of_clause_final_cues_and_gerund_objects(nlp, body: str, source: str, cue: str) -> None:
    ((label, span, got_source, got_cue),) = _claims(nlp, body)
    assert (label, span) == ("attributed", body)
    assert (got_source, got_cue) == (source, cue)


def test_a_verb_of_writing_with_its_own_object_is_no_report(nlp) -> None:
    body = "When the long storm finally ended, residents wrote their names on the wall."
    assert all(label != "attributed" for label, *_ in _claims(nlp, body))


@pytest.mark.parametrize(
    ("body", "source"),
    [
        # a possessive role, a comma and a name with no closing comma: both are the source
        (
            "Norway's finance minister, Jens Dahl said the budget would grow by 3 per cent.",
            "Norway's finance minister, Jens Dahl",
        ),
        # a fronted phrase is not a role
        ("Despite the rain, Maria Cole said 400 people had joined the march.", "Maria Cole"),
        ("Last year, Maria Cole said 400 people had joined the march.", "Maria Cole"),
    ],
)
def test_a_role_before_a_name_joins_the_source(nlp, body: str, source: str) -> None:
    ((label, _, got_source, cue),) = _claims(nlp, body)
    assert (label, got_source, cue) == ("attributed", source, "said")
