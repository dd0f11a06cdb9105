"""The suggester on hand-written sentences: label, span, source and cue for every cue family, negatives,
boilerplate, quotations and sentences holding two claims."""

from __future__ import annotations

import pytest

from annotator.nlp.suggester import Suggestion, load_pipeline, suggest

A, D, F = "attributed", "disputed", "factual"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _part(text: str, rng: tuple[int, int] | None) -> str | None:
    return None if rng is None else text[rng[0] : rng[1]]


# (sentence, label, source, cue): the whole sentence is the expected span.
ATTRIBUTED = [
    (
        "As Perplexity CEO Aravind Srinivas noted, the necessity to overcome these obstacles spurred "
        "creativity.",
        "Perplexity CEO Aravind Srinivas",
        "noted",
    ),
    ("DeepSeek claims to have developed a model comparable to GPT-4o at a lower cost.", "DeepSeek", "claims"),
    ("“We will not raise prices this year,” said Mayor Jane Doe.", "Mayor Jane Doe", "said"),
    ("“The plan is sound,” she said.", "she", "said"),
    ("Inflation will ease by the summer, the central bank said.", "the central bank", "said"),
    (
        "According to the authority's own economic study, the shutdown cost $60 million.",
        "the authority's own economic study",
        "According to",
    ),
    (
        "The shutdown cost $60 million, according to the authority's own economic study.",
        "the authority's own economic study",
        "according to",
    ),
    (
        "The company said in a statement that it had fully cooperated with investigators.",
        "The company",
        "said",
    ),
    (
        "Maria Lopez, an economist at the bank, told reporters that growth had stalled.",
        "Maria Lopez, an economist at the bank",
        "told",
    ),
    (
        "Finance minister Olaf Berg acknowledged that the deficit had widened.",
        "Finance minister Olaf Berg",
        "acknowledged",
    ),
    ("Economists argued that the tariffs hurt domestic manufacturers.", "Economists", "argued"),
    ("The ministry announced that schools would reopen on Monday.", "The ministry", "announced"),
    ("A 2019 study suggested that the drug lowers blood pressure.", "A 2019 study", "suggested"),
    (
        "Health officials warned that the outbreak was spreading faster than expected.",
        "Health officials",
        "warned",
    ),
    ("“It was a difficult year,” the chairman added.", "the chairman", "added"),
    ("The senator insisted that she had never met the lobbyist.", "The senator", "insisted"),
    ("Karen Wu wrote in a blog post that the update had broken thousands of devices.", "Karen Wu", "wrote"),
    (
        "Jane Smith, who chairs the committee, said the report would be published next week.",
        "Jane Smith, who chairs the committee",
        "said",
    ),
    ("Analysts say the merger will face scrutiny from regulators.", "Analysts", "say"),
    (
        "Even notable figures, such as Andrej Karpathy from OpenAI, have acknowledged the achievement.",
        "notable figures, such as Andrej Karpathy from OpenAI",
        "acknowledged",
    ),
    (
        "Lawmakers such as Ro Khanna are advocating more funding, suggesting that startups should benefit.",
        "Lawmakers such as Ro Khanna",
        "suggesting",
    ),
    ("Police pointed out that the road had been closed since Friday.", "Police", "pointed out"),
    ("The chief executive told investors the company would cut 300 jobs.", "The chief executive", "told"),
    (
        "“We have been at the table every day. The authority walked away,” Ferreira told the Gazette.",
        "Ferreira",
        "told",
    ),
    ("Mayor Elena Ruiz called the vote “a turning point for the city.”", "Mayor Elena Ruiz", "called"),
    (
        "The agency's director, Tom Hale, said the figures were preliminary.",
        "The agency's director, Tom Hale",
        "said",
    ),
    ("The chief executive of the company said profits rose.", "The chief executive of the company", "said"),
]

DISPUTED = [
    ("Doubts remain over the accuracy of the company's sales figures.", None, "Doubts"),
    ("The minister denied that any money had changed hands.", "The minister", "denied"),
    ("Union leaders disputed the ridership projections behind the plan.", "Union leaders", "disputed"),
    ("The company rejected the allegations as politically motivated.", "The company", "rejected"),
    ("Several scientists questioned the study's methodology.", "Several scientists", "questioned"),
    ("The findings were challenged by researchers at two universities.", None, "challenged"),
    ("Independent auditors refuted the claim that the fund was solvent.", "Independent auditors", "refuted"),
    ("The election results were contested in three districts.", None, "contested"),
    ("The alleged fraud involved more than 200 accounts.", None, "alleged"),
    (
        "The president claimed, without evidence, that the vote had been rigged.",
        "The president",
        "without evidence",
    ),
    ("Union leaders called that figure inflated.", "Union leaders", "called that figure inflated"),
    (
        "A later study by the same institute found no link between the vaccine and the condition.",
        None,
        "found no link",
    ),
    ("Critics say the program wastes public money.", "Critics", "Critics"),
    ("Some economists doubt the strike will have any lasting effect.", "Some economists", "doubt"),
    ("Local officials have pushed back against the report's conclusions.", None, "pushed back"),
]

FACTUAL = [
    "Nvidia saw a 17% drop, erasing over $600 billion in market value.",
    "DeepSeek, a Chinese startup, has launched a competitive AI model.",
    "The Senate voted 52-48 on Tuesday to confirm the nominee.",
    "Unemployment rose to 4.1 percent in March.",
    "The company was founded in 1998 in a garage in Menlo Park.",
    "Apple released the first iPhone in June 2007.",
    "Three people were killed when the bridge collapsed.",
    "The state labour board rejected the authority's request for an injunction last Thursday.",
    "Shares of Tesla fell sharply after the earnings report.",
    "The port handled 1.9 million containers last year.",
    "Exports rose sharply in May after the tariff was lifted.",
]

NOT_CLAIMS = [
    "This situation invites a reassessment of funding strategies.",
    "This practice could enable unprecedented collaboration in AI development across borders.",
    "It remains to be seen whether the strategy will pay off.",
    "The success of DeepSeek indicates that the U.S. chip sanctions may have backfired.",
    "This event questions the effectiveness of U.S. sanctions and large funding programs.",
    "However, DeepSeek’s remarkable breakthrough challenges this narrative.",
    "DeepSeek’s emergence not only signifies a pivotal moment but also emphasizes the need for diversity.",
    "The implications extend beyond competitive dynamics; they raise questions about funding initiatives.",
    "There is no doubt that the team worked hard.",
    "The state transportation department has not yet said whether it will contribute.",
    "Prices will probably rise by 5% next year.",
    "A trade dispute between the two countries has simmered for years.",
    "The challenging environment has tested every team.",
    "I think this is the best phone of 2024.",
    "Opponents were less enthusiastic.",
    "This is, at heart, a fight over automation.",
]

BOILERPLATE = [
    "Original Source: cepa.org",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Share this: Facebook | X | Email",
    "Tags: transit, Riverton, taxes, 2024 budget",
    "Related: Riverton bus routes restored after 2 years",
    "View all posts by Amina Hassan →",
    "Amina Hassan is a dedicated journalist who has reported from 12 countries.",
    "DeepSeek’s Disruption: China’s Surprising Leap in AI Innovation",
    "Council approves $1.2 billion transit levy after heated debate",
]


def _only(text: str, nlp) -> Suggestion:
    found = suggest(text, nlp)
    assert len(found) == 1, [(s.label, text[s.start : s.end]) for s in found]
    return found[0]


@pytest.mark.parametrize(("text", "source", "cue"), ATTRIBUTED)
def test_attributed(nlp, text: str, source: str, cue: str) -> None:
    s = _only(text, nlp)
    assert (s.label, text[s.start : s.end]) == (A, text)
    assert (_part(text, s.source), _part(text, s.cue)) == (source, cue)
    assert "source" in s.reason and cue in s.reason


@pytest.mark.parametrize(("text", "source", "cue"), DISPUTED)
def test_disputed(nlp, text: str, source: str | None, cue: str) -> None:
    s = _only(text, nlp)
    assert (s.label, text[s.start : s.end]) == (D, text)
    assert _part(text, s.cue) == cue
    if source is not None:
        assert _part(text, s.source) == source


@pytest.mark.parametrize("text", FACTUAL)
def test_factual(nlp, text: str) -> None:
    s = _only(text, nlp)
    assert (s.label, text[s.start : s.end]) == (F, text)
    assert s.source is None and s.cue is None
    assert s.reason.startswith("author's voice")


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_opinion_and_speculation_are_not_claims(nlp, text: str) -> None:
    assert suggest(text, nlp) == []


@pytest.mark.parametrize("text", BOILERPLATE)
def test_boilerplate_and_headlines_are_never_claims(nlp, text: str) -> None:
    assert suggest(text, nlp) == []


# (sentence, [(label, span, source, cue)…]): two claims of different kinds in one sentence.
MULTI = [
    (
        "Regulators disputed the company's figures, but the company said its accounts were accurate.",
        [
            (D, "Regulators disputed the company's figures", "Regulators", "disputed"),
            (A, "the company said its accounts were accurate.", "the company", "said"),
        ],
    ),
    (
        "Revenue fell 3% in the quarter, but the chief executive said demand was recovering.",
        [
            (F, "Revenue fell 3% in the quarter", None, None),
            (A, "the chief executive said demand was recovering.", "the chief executive", "said"),
        ],
    ),
    (
        "Marsh has accused the union of refusing to negotiate, a charge the union's president, Tomás "
        "Ferreira, "
        "denied on Sunday.",
        [
            (A, "Marsh has accused the union of refusing to negotiate", "Marsh", "accused"),
            (
                D,
                "a charge the union's president, Tomás Ferreira, denied on Sunday.",
                "the union's president, Tomás Ferreira",
                "denied",
            ),
        ],
    ),
    (
        "Negotiators met again on Tuesday, but the governor's office said it was prepared to appoint "
        "a mediator.",
        [
            (F, "Negotiators met again on Tuesday", None, None),
            (
                A,
                "the governor's office said it was prepared to appoint a mediator.",
                "the governor's office",
                "said",
            ),
        ],
    ),
    (
        "While there remains skepticism regarding DeepSeek’s technology, its emergence signifies a "
        "pivotal moment.",
        [(D, "While there remains skepticism regarding DeepSeek’s technology", None, "skepticism")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), MULTI)
def test_clause_level_spans(nlp, text: str, expected: list) -> None:
    got = [
        (s.label, text[s.start : s.end], _part(text, s.source), _part(text, s.cue))
        for s in suggest(text, nlp)
    ]
    assert got == expected


def test_there_are_at_least_sixty_hand_written_sentences() -> None:
    total = len(ATTRIBUTED) + len(DISPUTED) + len(FACTUAL) + len(NOT_CLAIMS) + len(BOILERPLATE) + len(MULTI)
    assert total >= 60


# Between the full stop and the next sentence: after a space or right after the stop; a ZWJ sequence, a
# flag, a dingbat.
@pytest.mark.parametrize("between", [" 🎉 ", "🎉 ", " 👩‍💼 ", " 🇩🇪 ", " ✅ "])
def test_an_emoji_between_sentences_keeps_them_apart_and_out_of_both_claims(nlp, between: str) -> None:
    first = "The mayor said the budget rose 12% in 2024, the city reported."
    second = "Critics disputed that figure."
    text = f"{first}{between}{second}\n\nThe council meets again in May.\n"
    found = [(s.label, text[s.start : s.end]) for s in suggest(text, nlp=nlp)]
    assert (A, first) in found
    assert (D, second) in found


def test_no_emoji_is_below_the_lowest_code_point_the_trimming_checks() -> None:
    """Trimming skips the emoji pattern for characters below ``EMOJI_LOWEST``: none of them may match it."""
    import re

    from annotator.nlp import lexicon as lx
    from annotator.nlp.clauses import trim

    emoji = re.compile(f"[{lx.EMOJI_CLASS}]")
    assert emoji.match(lx.EMOJI_LOWEST)
    assert not any(emoji.match(chr(code)) for code in range(ord(lx.EMOJI_LOWEST)))
    text = "\u200d 🎉 A claim. 👩\u200d💼 "
    assert text[slice(*trim(text, 0, len(text)))] == "A claim."
