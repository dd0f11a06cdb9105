"""Build ``suggester_gold.jsonl`` (native JSONL, one article a line) from the articles and hand labels below.

Each label names its claim by a unique piece of text, and its source and cue by text inside the claim, so the
offsets are computed rather than typed. Run ``python tests/data/build_gold.py`` after editing.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
STAMP = "2026-11-28T17:00:00Z"
A, D, F = "attributed", "disputed", "factual"

# (claim text, label, source text or None, cue text or None)
GOLD: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "deepseek-disruption": [
        (
            "DeepSeek, a Chinese startup, has launched a competitive AI model rivaling U.S. tech giants at a "
            "significantly lower cost, causing turmoil in U.S. markets.",
            F,
            None,
            None,
        ),
        (
            "In a surprising turn of events, Chinese startup DeepSeek has unveiled a cutting-edge AI "
            "model that "
            "rivals top competitors like OpenAI and Google, doing so at a fraction of the usual "
            "costs and with none "
            "of the restricted U.S. tech.",
            F,
            None,
            None,
        ),
        (
            "This groundbreaking achievement led to a dramatic sell-off in American AI stocks, particularly "
            "affecting Nvidia, which saw a 17% drop, erasing over $600 billion in market value.",
            F,
            None,
            None,
        ),
        (
            "As Perplexity CEO Aravind Srinivas noted, the necessity to overcome these obstacles "
            "spurred creativity "
            "and led to superior outcomes in some respects, challenging the notion that the U.S. is "
            "unassailable in "
            "AI development.",
            A,
            "Perplexity CEO Aravind Srinivas",
            "noted",
        ),
        (
            "While there remains skepticism regarding DeepSeek’s technology and development process",
            D,
            None,
            "skepticism",
        ),
        (
            "DeepSeek claims to have developed a model comparable to high-profile projects like GPT-4o at a "
            "significantly lower cost, showing that newer entrants can leverage existing technology "
            "creatively.",
            A,
            "DeepSeek",
            "claims",
        ),
        (
            "Even notable figures, such as Andrej Karpathy from OpenAI, have acknowledged the "
            "impressive nature of "
            "DeepSeek’s achievements under constraints.",
            A,
            "Andrej Karpathy from OpenAI",
            "acknowledged",
        ),
        (
            "Lawmakers such as Ro Khanna are advocating for strategic planning regarding funding "
            "distribution, "
            "suggesting that support should also extend to emerging startups, thereby avoiding "
            "outpacing by foreign "
            "competitors.",
            A,
            "Lawmakers such as Ro Khanna",
            "suggesting",
        ),
        (
            "By making their AI model available under the MIT license, DeepSeek promises to foster a global "
            "innovation ecosystem, allowing developers to adapt and enhance the technology.",
            F,
            None,
            None,
        ),
    ],
    "riverton-transit-levy": [
        (
            "The Riverton city council voted 7-4 on Tuesday to approve a $1.2 billion transit levy, "
            "the largest tax "
            "measure in the city's history.",
            F,
            None,
            None,
        ),
        (
            "The levy will add 0.3 percent to the local sales tax for 20 years and fund two new "
            "light-rail lines, "
            "according to the council's budget office.",
            A,
            "the council's budget office",
            "according to",
        ),
        (
            'Mayor Elena Ruiz called the vote "a turning point for a city that has waited too long."',
            A,
            "Mayor Elena Ruiz",
            "called",
        ),
        (
            '"We have spent a decade talking about congestion. Now we can finally do something about it," '
            "Ruiz told reporters after the meeting.",
            A,
            "Ruiz",
            "told",
        ),
        (
            "Councilman Greg Hollis, who voted against the measure, disputed the ridership "
            "projections behind the "
            "plan, saying they assumed a return to pre-pandemic commuting that has not happened.",
            D,
            "Councilman Greg Hollis",
            "disputed",
        ),
        ('"These numbers are a fantasy," Hollis said.', A, "Hollis", "said"),
        (
            "The Riverton Taxpayers Association has claimed, without evidence, that the levy will "
            "cost the average "
            "household $900 a year.",
            D,
            "The Riverton Taxpayers Association",
            "without evidence",
        ),
        ("The budget office puts the figure at roughly $210.", A, "The budget office", "puts the figure at"),
        (
            "Ridership on the city's existing bus network fell 18% between 2019 and 2024, according "
            "to transit "
            "agency data.",
            A,
            "transit agency data",
            "according to",
        ),
        ("The agency has since restored 40 of the 52 routes it cut during the pandemic.", F, None, None),
        (
            "Supporters argue that the new lines will ease traffic on Highway 9 and cut commuting "
            "times by up to a "
            "third.",
            A,
            "Supporters",
            "argue",
        ),
        (
            "the city's own 2021 audit found that its last rail extension cost 35% more than planned.",
            A,
            "the city's own 2021 audit",
            "found",
        ),
        ("Construction on the first line is scheduled to begin in 2026.", F, None, None),
    ],
    "halvorsen-arthritis-trial": [
        (
            "Halvorsen Pharma said on Monday that its experimental arthritis drug, HP-217, reduced "
            "joint pain by "
            "34% compared with a placebo in a late-stage trial of 1,400 patients.",
            A,
            "Halvorsen Pharma",
            "said",
        ),
        (
            "The company plans to seek approval from the Food and Drug Administration by the end of "
            "the year, "
            "chief executive Mark Lindqvist told investors on a conference call.",
            A,
            "chief executive Mark Lindqvist",
            "told",
        ),
        (
            '"This is the most significant advance in arthritis care in a generation," Lindqvist said.',
            A,
            "Lindqvist",
            "said",
        ),
        (
            "Halvorsen shares rose 11% in early trading, adding about $4 billion to the company's "
            "market value.",
            F,
            None,
            None,
        ),
        (
            "Dr. Priya Natarajan, a rheumatologist at St. Mary's Hospital who was not involved in the study, "
            "questioned the trial's design, noting that patients were followed for only 12 weeks.",
            D,
            "Dr. Priya Natarajan",
            "questioned",
        ),
        ('"Twelve weeks is not long enough to know whether the benefit lasts," she said.', A, "she", "said"),
        (
            "A 2023 study by researchers in Copenhagen found no lasting benefit from a similar "
            "compound after six "
            "months.",
            D,
            "A 2023 study by researchers in Copenhagen",
            "found no",
        ),
        (
            "The company has denied that the trial was too short, pointing out that regulators accepted the "
            "12-week design in advance.",
            D,
            "The company",
            "denied",
        ),
        (
            "analysts at Morgan Keller estimate that a year's supply could cost more than $30,000.",
            A,
            "analysts at Morgan Keller",
            "estimate",
        ),
        (
            "Arthritis affects roughly 58 million adults in the United States, according to the Centers for "
            "Disease Control and Prevention.",
            A,
            "the Centers for Disease Control and Prevention",
            "according to",
        ),
        ("Halvorsen, founded in Oslo in 1987, employs about 9,000 people worldwide.", F, None, None),
    ],
    "calder-port-strike": [
        (
            "The strike at the Port of Calder entered its third week on Monday, with more than 2,300 "
            "dockworkers "
            "off the job and at least 40 container ships waiting offshore.",
            F,
            None,
            None,
        ),
        (
            "The port authority said the dispute had cost the regional economy $85 million so far.",
            A,
            "The port authority",
            "said",
        ),
        (
            "Union leaders called that figure inflated, arguing that most cargo had simply been diverted to "
            "neighbouring ports.",
            D,
            "Union leaders",
            "called that figure inflated",
        ),
        (
            "The authority's own economic study, published in January, estimated that a one-month "
            "shutdown would "
            "cost $60 million, a number it has not revised.",
            A,
            "The authority's own economic study",
            "estimated",
        ),
        (
            "“Every day this goes on, families in this region lose income,” said Port Director Helen Marsh.",
            A,
            "Port Director Helen Marsh",
            "said",
        ),
        ("Marsh has accused the union of refusing to negotiate", A, "Marsh", "accused"),
        (
            "a charge the union's president, Tomás Ferreira, denied on Sunday.",
            D,
            "the union's president, Tomás Ferreira",
            "denied",
        ),
        (
            "“We have been at the table every single day. The authority walked away, not us,” "
            "Ferreira told the "
            "Calder Gazette.",
            A,
            "Ferreira",
            "told",
        ),
        (
            "The state labour board rejected the authority's request for an injunction last Thursday.",
            F,
            None,
            None,
        ),
        (
            "Shipping analysts say the backlog could take a month to clear even after the strike ends.",
            A,
            "Shipping analysts",
            "say",
        ),
        (
            "Some economists doubt the strike will have any lasting effect on the region's growth.",
            D,
            "Some economists",
            "doubt",
        ),
        (
            "The port handled 1.9 million containers last year, making it the fourth-busiest on the "
            "West Coast.",
            F,
            None,
            None,
        ),
        ("Negotiators met again on Tuesday", F, None, None),
        (
            "the governor's office said it was prepared to appoint a mediator if talks stall.",
            A,
            "the governor's office",
            "said",
        ),
        (
            "The authority wants to introduce automated cranes at two of its six terminals, a plan "
            "it says will "
            "keep the port competitive.",
            A,
            "it",
            "says",
        ),
    ],
    # Written and labelled after the rules were frozen: the held-out article of the evaluation.
    "valleygrid-heatwave": [
        (
            "More than 410,000 homes across the Northern Valley lost power on Sunday as temperatures reached "
            "43C, the highest reading since records began in 1921.",
            F,
            None,
            None,
        ),
        (
            "ValleyGrid, the region's main electricity operator, said the outages were caused by "
            '"unprecedented demand" that peaked at 9.8 gigawatts shortly after 6 p.m.',
            A,
            "ValleyGrid, the region's main electricity operator",
            "said",
        ),
        (
            "But engineers who worked on the network told the Herald that the failures began at two "
            "substations that had been scheduled for repairs in 2023.",
            A,
            "engineers who worked on the network",
            "told",
        ),
        (
            '"Those transformers were on the replacement list for years," said Marco Bellini, a former '
            "ValleyGrid maintenance supervisor.",
            A,
            "Marco Bellini, a former ValleyGrid maintenance supervisor",
            "said",
        ),
        ('"Everyone knew they would not survive a summer like this."', A, None, None),
        (
            "The company denied that maintenance had been neglected, saying it had invested €1.3 billion in "
            "the network since 2020.",
            D,
            "The company",
            "denied",
        ),
        (
            "ValleyGrid's maintenance budget fell by 22% between 2019 and 2024, while its dividend payments "
            "rose by a third.",
            F,
            None,
            None,
        ),
        (
            "Energy minister Sofia Rinaldi announced an inquiry on Monday and said the operator would have "
            'to explain "every decision that led to this."',
            A,
            "Energy minister Sofia Rinaldi",
            "announced",
        ),
        (
            "Consumer groups have questioned whether the regulator has enough staff to investigate.",
            D,
            "Consumer groups",
            "questioned",
        ),
        (
            "The agency employs 38 inspectors for a network serving 2.1 million customers, according to its "
            "annual report.",
            A,
            "its annual report",
            "according to",
        ),
        (
            "Power had been restored to all but 12,000 homes by Tuesday evening, the operator said.",
            A,
            "the operator",
            "said",
        ),
        (
            "Meteorologists expect another heatwave next week, and some warn that the grid may not cope.",
            A,
            "Meteorologists",
            "expect",
        ),
    ],
    # Written and labelled by the guidelines before the suggester saw them (held out): a wire story, an
    # interview and a quote-heavy sports report, in styles the rules were not written on.
    "nordline-ferry-fire": [
        (
            "Nordline Ferries suspended all crossings between Malmby and Karsholm on Thursday after a fire "
            "broke out in the engine room of one of its vessels, the company said.",
            A,
            "the company",
            "said",
        ),
        (
            "None of the 212 passengers on board was injured, according to the coast guard.",
            A,
            "the coast guard",
            "according to",
        ),
        (
            '"The crew followed every procedure and the fire was out within 20 minutes," Nordline chief '
            "executive Petra Aalund told reporters in Malmby.",
            A,
            "Nordline chief executive Petra Aalund",
            "told",
        ),
        (
            "Aalund, who took over the company in 2023, said the vessel would be inspected before it returns "
            "to service.",
            A,
            "Aalund",
            "said",
        ),
        (
            "The ferry, the Karsholm Star, was built in 1998 and carried about 400,000 passengers last year.",
            F,
            None,
            None,
        ),
        (
            "Maritime inspectors have twice ordered repairs to its engines since 2021, records show.",
            A,
            "records",
            "show",
        ),
        (
            "A union representing the ferry's crew disputed the company's account, saying the alarm system "
            "had failed for several minutes.",
            D,
            "A union representing the ferry's crew",
            "disputed",
        ),
        ("Nordline denied that the alarms had failed.", D, "Nordline", "denied"),
        ("Crossings are expected to resume on Saturday.", F, None, None),
    ],
    "voss-housing-interview": [
        ("Housing minister Clara Voss has been in the job for eight months.", F, None, None),
        ("Rents in the capital rose 14% last year, the fastest increase since 1991.", F, None, None),
        ("Some economists say most of those homes are luxury flats.", A, "Some economists", "say"),
        (
            "We approved 6,200 new homes in the first half of the year, more than in the whole of 2022.",
            A,
            None,
            None,
        ),
        ("That is simply not true.", D, None, "not true"),
        ("Two thirds of them are social housing.", A, None, None),
        ("Voss said the government would cap rent increases at 5% from January.", A, "Voss", "said"),
        (
            "Landlords' associations rejected that claim and warned that investment would fall.",
            D,
            "Landlords' associations",
            "rejected",
        ),
        (
            "According to the national statistics office, 38% of households in the capital now rent.",
            A,
            "the national statistics office",
            "According to",
        ),
        (
            "The minister acknowledged that waiting lists have grown, to about 41,000 families.",
            A,
            "The minister",
            "acknowledged",
        ),
    ],
    "rovers-cup-semifinal": [
        (
            "Two goals from Mia Keller sent Rovers into their first cup final since 2009 on Saturday, as "
            "Athletic ended the match with ten players.",
            F,
            None,
            None,
        ),
        (
            "Keller opened the scoring in the 12th minute with a low shot from the edge of the box.",
            F,
            None,
            None,
        ),
        ("Athletic equalised through Sam Idowu just before half-time.", F, None, None),
        ('"I just wanted to get on the end of something," Keller said afterwards.', A, "Keller", "said"),
        ('"The second goal was for my dad, who was in the stand."', A, None, None),
        (
            "Athletic defender Joe Brandt was sent off in the 67th minute for a second yellow card, and "
            "Keller headed in the winner four minutes later.",
            F,
            None,
            None,
        ),
        ("Substitute Luis Mora added a third in stoppage time.", F, None, None),
        (
            "Athletic manager Ines Carvalho said the red card had decided the game.",
            A,
            "Athletic manager Ines Carvalho",
            "said",
        ),
        ('"We were the better team for an hour," she told the BBC.', A, "she", "told"),
        ('"The referee got it wrong, and everyone in the ground could see it."', A, None, None),
        (
            "Rovers coach Paul Dunne insisted his side had deserved to win.",
            A,
            "Rovers coach Paul Dunne",
            "insisted",
        ),
        ('"We created more chances and we kept going," he said.', A, "he", "said"),
        ("Rovers will face Dunmore City in the final at the national stadium on May 24.", F, None, None),
    ],
    "brenner-fraud-trial": [
        (
            "A former treasurer of Ostwick council stole more than £340,000 from its pension fund over six "
            "years, a jury at Lanchester Crown Court heard on Monday.",
            A,
            "a jury at Lanchester Crown Court",
            "heard",
        ),
        (
            "Martin Brenner, 58, of Hollin Lane, Ostwick, denies four counts of fraud by abuse of position.",
            D,
            "Martin Brenner",
            "denies",
        ),
        (
            "Opening the case for the prosecution, Claire Oduya KC told jurors that Brenner had moved the "
            "money into accounts controlled by his brother.",
            A,
            "Claire Oduya KC",
            "told",
        ),
        (
            '"This was not a mistake or a muddle. It was a plan, carried out patiently and in secret," Ms '
            "Oduya said.",
            A,
            "Ms Oduya",
            "said",
        ),
        (
            "The court heard that the payments were recorded as consultancy fees in the council's books.",
            A,
            "The court",
            "heard",
        ),
        (
            "Brenner's barrister, Owen Pask, argued that his client had been authorised to make the "
            "transfers "
            "by the council's former chief executive.",
            A,
            "Brenner's barrister, Owen Pask",
            "argued",
        ),
        (
            "An audit commissioned by the council in 2024 found that 61 payments had no invoice, the "
            "jury was "
            "told.",
            A,
            "An audit commissioned by the council in 2024",
            "found",
        ),
        ("Brenner, who joined the council in 2009, was suspended in March 2024.", F, None, None),
    ],
    "kestrel-quarterly-results": [
        (
            "Kestrel Foods reported a 23 per cent drop in first-half profit on Wednesday, blaming the record "
            "price of cocoa for squeezing margins on its chocolate brands.",
            A,
            "Kestrel Foods",
            "reported",
        ),
        (
            "Pre-tax profit fell to 412 million euros in the six months to June, from 535 million a year "
            "earlier, the company said in a statement.",
            A,
            "the company",
            "said",
        ),
        ("Sales rose 4 per cent to 6.1 billion euros.", F, None, None),
        (
            "Analysts polled by the company had expected profit of 450 million euros.",
            A,
            "Analysts polled by the company",
            "expected",
        ),
        (
            '"We have chosen to protect our customers from the worst of the cost increases, and that has a '
            'price," chief executive Marit Solberg told analysts on a call.',
            A,
            "chief executive Marit Solberg",
            "told",
        ),
        (
            "Chief financial officer Daniel Frey said the company would raise prices by a further 6 per cent "
            "in the autumn.",
            A,
            "Chief financial officer Daniel Frey",
            "said",
        ),
        (
            "Cocoa futures have roughly tripled since the start of 2024, according to exchange data.",
            A,
            "exchange data",
            "according to",
        ),
        (
            "Shares in Kestrel closed down 7 per cent in Amsterdam, their biggest one-day fall since 2020.",
            F,
            None,
            None,
        ),
        (
            "Some investors questioned whether the price rises would hold, with one fund manager, Ruth Alden "
            "of Bramwell Capital, saying that shoppers were already switching to cheaper own-label brands.",
            D,
            "Some investors",
            "questioned",
        ),
        ("Kestrel denied that it was losing market share.", D, "Kestrel", "denied"),
        ("The company employs about 19,000 people in 30 countries.", F, None, None),
    ],
    "pellow-dog-attack-sentencing": [
        (
            "A man whose dog mauled a postal worker in Eastbury has been jailed for 14 months.",
            F,
            None,
            None,
        ),
        (
            "Kieran Pellow, 34, admitted being the owner of a dog that caused injury while dangerously out "
            "of control when he appeared at Wexham Magistrates' Court in May.",
            A,
            "Kieran Pellow",
            "admitted",
        ),
        (
            "The court heard that the dog, a cross-breed called Tyson, bit the worker on both arms as she "
            "delivered letters to a neighbouring house.",
            A,
            "The court",
            "heard",
        ),
        (
            "Prosecutor Nadia Farrant said the victim had needed surgery and had not been able to return to "
            "work.",
            A,
            "Prosecutor Nadia Farrant",
            "said",
        ),
        (
            '"I still cannot walk down a street without shaking," the woman said in a statement read to the '
            "court.",
            A,
            "the woman",
            "said",
        ),
        (
            'Pellow\'s solicitor, Graham Ince, told the court that his client was "deeply ashamed" and had '
            "since had the dog put down.",
            A,
            "Pellow's solicitor, Graham Ince",
            "told",
        ),
        (
            "Passing sentence on Friday, Recorder Hugh Banbury said Pellow had ignored two earlier warnings "
            "from the council about the animal.",
            A,
            "Recorder Hugh Banbury",
            "said",
        ),
        ("Pellow was also banned from keeping dogs for ten years.", F, None, None),
    ],
    "tarn-glacier-study": [
        (
            "Glaciers in the Alps lost about 10 per cent of their remaining volume in 2022 and 2023, the "
            "fastest loss since measurements began, according to a study published on Thursday.",
            A,
            "a study published on Thursday",
            "according to",
        ),
        (
            "The research, led by glaciologists at the University of Tarnbach, combined satellite images "
            "with measurements taken on 42 glaciers.",
            F,
            None,
            None,
        ),
        (
            "The team found that glaciers below 3,000 metres were shrinking twice as fast as those at higher "
            "altitudes.",
            A,
            "The team",
            "found",
        ),
        (
            '"What we are seeing now would have been unthinkable twenty years ago," said lead author Dr Lena '
            "Moritz.",
            A,
            "lead author Dr Lena Moritz",
            "said",
        ),
        (
            "Low winter snowfall and two summer heatwaves drove the losses, the researchers wrote in the "
            "journal Cryosphere Letters.",
            A,
            "the researchers",
            "wrote",
        ),
        (
            "Some scientists have questioned whether the satellite method overstates the loss on small "
            "glaciers.",
            D,
            "Some scientists",
            "questioned",
        ),
        (
            "Dr Pavel Ruzic, a glaciologist who was not involved in the study, said the findings were "
            "consistent with field data from Austria.",
            A,
            "Dr Pavel Ruzic",
            "said",
        ),
        ("The Alps have about 4,000 glaciers.", F, None, None),
    ],
}


def _find(text: str, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    pos = text.find(needle, start, end)
    if pos < 0:
        raise ValueError(f"{needle!r} not found")
    if end is None and text.find(needle, pos + 1) >= 0:
        raise ValueError(f"{needle!r} is not unique")
    return pos, pos + len(needle)


def _part(text: str, needle: str | None, start: int, end: int) -> dict | None:
    if needle is None:
        return None
    # Whole-word match inside the claim ("it" must not hit "its").
    pos = start
    while True:
        a, b = _find(text, needle, pos, end)
        if (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum()):
            return {"start": a, "end": b, "text": needle}
        pos = a + 1


def build() -> list[dict]:
    records = []
    for doc_id, claims in GOLD.items():
        text = (HERE / "articles" / f"{doc_id}.txt").read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].strip()
        out = []
        for n, (claim, label, source, cue) in enumerate(claims, 1):
            start, end = _find(text, claim)
            out.append(
                {
                    "id": f"{doc_id}-{n:02d}",
                    "start": start,
                    "end": end,
                    "text": claim,
                    "label": label,
                    "status": "accepted",
                    "source": _part(text, source, start, end),
                    "cue": _part(text, cue, start, end),
                    "verdict": None,
                    "note": None,
                    "evidence": [],
                    "annotator": "gold",
                    "origin": "manual",
                    "confidence": None,
                    "created_at": STAMP,
                    "updated_at": STAMP,
                }
            )
        records.append(
            {
                "id": doc_id,
                "title": title,
                "text": text,
                "meta": {
                    "url": None,
                    "author": None,
                    "published": None,
                    "source_path": f"tests/data/articles/{doc_id}.txt",
                },
                "claims": out,
            }
        )
    return records


if __name__ == "__main__":
    with open(HERE / "suggester_gold.jsonl", "w", encoding="utf-8") as fh:
        for rec in build():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {sum(len(v) for v in GOLD.values())} claims in {len(GOLD)} articles")
