"""Word lists behind the rule pipeline: pure data, no spaCy (cheap to import, easy to review)."""

from __future__ import annotations

import re


def _w(words: str) -> list[str]:
    """Split a space-separated word list (keeps long lexicons readable)."""
    return words.split()


# Reporting cues: the verb or phrase that presents content as someone else's. The value is how sure a cue is
# on its own (announced/added/wrote also describe events, so they count for less).
REPORT_CUES: dict[str, float] = {
    **dict.fromkeys(
        _w(
            "said says say saying told tells telling noted notes noting claimed claims claiming claim "
            "acknowledged acknowledges acknowledging argued argues arguing insisted insists insisting "
            "warned warns warning stated explained explains contended contends maintained maintains "
            "asserted asserts asserting observed stressed stresses emphasized emphasised emphasizes "
            "testified conceded concedes admitted admits cautioned cautions predicted predicts believes "
            "believe thinks argue warn insist contend note maintain predict stating stressing stress "
            "emphasizing emphasising acknowledge explaining replied replies declared declares declaring "
            "tweeted tweets tweeting commented comments reasoned concluded concludes continued "
            "recommends recommended ruled states reads theorized theorised speculated"
        ),
        0.9,
    ),
    **dict.fromkeys(
        _w(
            "announced announces added adds wrote writes suggested suggests suggesting estimated "
            "estimates estimate confirmed confirms reported recalled found finds called calls described "
            "accused accuses suggest writing adding show shows showed revealed reveals reveal indicate "
            "indicates indicated"
        ),
        0.75,
    ),
    "according to": 0.95,
    "in a statement": 0.9,
    "in an interview": 0.85,
    "pointed out": 0.9,
    # An estimate idiom: "The budget office puts the figure at roughly $210."
    **dict.fromkeys(
        [
            f"{verb} the {noun} at"
            for verb in ("puts", "put")
            for noun in ("figure", "cost", "total", "number")
        ],
        0.85,
    ),
    "points out": 0.9,
    # Courts and inquiries report evidence by what they heard: "the jury heard that", "the court was told".
    **dict.fromkeys(_w("heard hears"), 0.85),
    # Forecasts by a forecaster ("Analysts had expected a profit of …"); checked in cues.report_ok.
    **dict.fromkeys(_w("expected forecast forecasts"), 0.8),
    "thought": 0.8,  # "a guard thought the parcel held a bomb"; checked in cues.report_ok (noun, passive)
    "reports": 0.75,  # a figure reported ("The agency reports 312 cases"); a noun otherwise
}

# Evidential verbs that report with any subject ("experts suggested"); the others need a document subject.
REPORT_STRONG = frozenset(_w("found finds suggested suggests"))
# Cues that only count when followed by "that" (otherwise they mostly describe events or are nouns).
THAT_ONLY = frozenset(
    _w(
        "reported estimated estimates estimate confirmed confirms recalled believe found finds recommends "
        "recommended ruled states revealed reveals theorized theorised speculated"
    )
)
# Cues that report before "that", a colon or a quotation, and describe events or acts otherwise:
# "tweeted that", "declared: '…'" but "declared a state of emergency", "continued to rise".
THAT_OR_QUOTE = frozenset(
    _w(
        "tweeted tweets tweeting declared declares declaring commented comments reasoned concluded "
        "concludes continued replied replies wrote writes writing announced announces observed reads adding"
    )
)
WH_WORDS = frozenset(_w("where how why whether what when who which"))
# Evidential verbs: a report when their subject is a document or a study ("the figures show", "a recent
# poll found") or when "that" follows; otherwise "the results show" is read like any verb.
EVIDENTIAL = frozenset(
    _w(
        "show shows showed revealed reveals reveal indicate indicates indicated found finds "
        "suggest suggests suggested concluded concludes states"
    )
)
DOCUMENT_NOUNS = frozenset(
    _w(
        "report reports study studies survey surveys poll polls figures data statistics results findings "
        "research analysis estimates estimate review audit document documents paper records census "
        "investigation inquiry tests evidence letter statement filing filings memo ruling scientists "
        "researchers experts investigators analysts economists authors inspectors auditors trials"
    )
)
# An indefinite object makes these events, not reports: "conceded a penalty", "admitted a mistake".
EVENT_BEFORE_INDEFINITE = frozenset(_w("conceded concedes admitted admits acknowledged declared added adds"))
# Prepositions before an -ing cue that make it a gerund, not a report: "banned from claiming asylum".
GERUND_PREPOSITIONS = frozenset(_w("from of for about"))
# Verbs of telling that give an order before "to": "was told to disconnect".
TELL_FORMS = frozenset(_w("told tell tells telling"))
# Passive forms that report nothing by themselves: "are accused of".
PASSIVE_NOT_REPORT = frozenset(_w("accused told"))
# Verbs that give an order before an object and "to": "warned jurors not to discuss the case".
DIRECTIVE_FORMS = frozenset(_w("warned warns cautioned cautions urged"))
# Hearing bodies: what they "heard" or "were told" is evidence reported to them.
HEARING_NOUNS = frozenset(
    _w("court jury jurors tribunal inquiry inquest hearing committee magistrates panel")
)
HEARING_VERBS = frozenset(_w("heard hears"))
# Forecast verbs report only with a forecaster as subject and not in the passive ("is expected to").
FORECAST_VERBS = frozenset(_w("expected forecast forecasts"))
FORECASTERS = frozenset(
    _w("analysts economists forecasters strategists traders investors markets experts observers consensus")
)
# After "thought" these make it a noun, a phrasal verb or an infinitive: "thought of", "thought it through".
THOUGHT_NOT_NEXT = frozenset(_w("of about to out through up over process processes experiment , . ; :"))
THOUGHT_PARTICLES = frozenset(_w("over through up out"))
# A company or agency "reported" a figure: a number in the few words after the cue.
FIGURE_REPORTS = frozenset(_w("reported reports"))
# Cues that only count before a quotation: Mayor Ruiz called the vote "a turning point".
QUOTE_ONLY = frozenset(_w("called calls described"))
# Subject pronouns: never the first word of a source found right of the cue ("…, says they are looking").
SUBJECT_PRONOUNS = frozenset(_w("he she they it we i you there this"))
# Auxiliaries inside a would-be inverted source mean it is the content: "said 500 institutions have …".
CLAUSE_AUX = frozenset(
    _w("is are was were has have had will would can could should may might must do does did")
)
# A time phrase between the subject and the cue: "Trump this week also said".
TIME_TAILS = frozenset(
    _w(
        "week month year weekend morning afternoon evening night monday tuesday wednesday thursday friday "
        "saturday sunday"
    )
)
TIME_HEADS = frozenset(_w("this last next on earlier late"))
TIME_WORDS = frozenset(_w("today yesterday tonight"))
# Phrase cues that only frame a verb cue: "In a statement, the governor said …" takes the verb's source.
FRAME_CUES = frozenset({"in a statement", "in an interview"})
# Noun/verb ambiguous cues: verbs only when not after a determiner/possessive.
NOUN_AMBIGUOUS = frozenset(
    {"claims", "claim", "notes", "estimates", "warning", "claiming", "comments", "states", "reads"}
)
PARTICIPLES = frozenset(
    {
        "saying",
        "noting",
        "claiming",
        "acknowledging",
        "arguing",
        "insisting",
        "warning",
        "suggesting",
        "asserting",
        "telling",
    }
)

# Contest cues whose force depends on where they sit (before a reporting cue, or alone).
DISPUTE_CUES: frozenset[str] = frozenset(
    _w(
        "skepticism scepticism skeptical sceptical skeptics sceptics doubt doubts doubted doubting "
        "disputed disputes disputing denied denies deny denying denial rejected rejects reject rejecting "
        "questioned questioning challenged refuted refutes refute rebutted contested alleged allegedly "
        "alleges allegations critics contradicted contradicts contradicting disagreed disagrees dismissed "
        "dismisses disproved debunked"
    )
) | frozenset(
    {
        "pushed back",
        "push back",
        "took issue",
        "at odds with",
        "cast doubt",
        "casts doubt",
        "called into question",
        "calls into question",
        "in dispute",
        "not true",
        "simply untrue",
    }
)

# Contest cues that win wherever they are: the writer says the claim is unsupported or contradicted.
STRONG_DISPUTE: frozenset[str] = frozenset(
    {
        "without evidence",
        "without providing evidence",
        "without offering evidence",
        "without citing evidence",
        "no evidence",
        "found no",
        "falsely",
        "unverified",
        "unsubstantiated",
        "could not be independently verified",
        "could not be verified",
        "found no evidence",
        "found no link",
        "found the opposite",
        "baseless",
        "contrary to",
        "debunked",
    }
)

# Verbs whose object decides: "rejected the claims" contests, "rejected the bill" is an event.
OBJECT_DEPENDENT = frozenset(
    {"rejected", "rejects", "reject", "rejecting", "dismissed", "dismisses", "challenged"}
)
CLAIM_NOUNS = frozenset(
    _w(
        "claim claims allegation allegations accusation accusations report reports figure figures finding "
        "findings estimate estimates assertion assertions idea notion suggestion characterization "
        "characterisation account narrative conclusion conclusions result results study analysis numbers "
        "statistics data charges criticism premise story version that evidence methodology count tally "
        "projections forecast"
    )
)
# Dispute verbs whose grammatical subject is the one contesting (and so the source of the contest).
DISPUTE_VERBS = frozenset(
    _w(
        "doubt doubted disputed disputes denied denies rejected rejects questioned challenged "
        "refuted refutes "
        "rebutted contested contradicted contradicts disagreed disagrees dismissed dismisses debunked"
    )
)
CRITIC_SOURCES = frozenset({"critics", "skeptics", "sceptics", "opponents", "detractors"})

# "called the figures inflated", "dismissed the report as false".
CALLED_FALSE = re.compile(
    r"\b(?:called|calling|calls|described|describing|branded|labell?ed|dismiss(?:ed|es|ing))\b"
    r"(?:\W+[\w'’-]+){0,8}?\W+(?:inflated|false|misleading|exaggerated|baseless|untrue|wrong|inaccurate|flawed|"
    r"bogus|fabricated|nonsense|unfounded|overstated|a\s+lie|lies|fake|fiction|incorrect|unreliable)\b",
    re.IGNORECASE,
)

# Author-voice events that a checker can date: "launched", "voted", "fell", "rose", "released"…
EVENT_VERBS: frozenset[str] = frozenset(
    _w(
        "launched launches unveiled unveils released releases introduced voted votes fell falls rose "
        "rises dropped drops jumped surged plunged slumped soared climbed declined tumbled gained grew "
        "shrank increased decreased doubled tripled halved acquired bought sold merged signed passed "
        "approved banned blocked fined sued filed arrested charged convicted sentenced elected appointed "
        "resigned hired died killed injured won lost opened closed founded raised invested spent paid "
        "imposed lifted published ruled overturned enacted expanded built completed reached recorded "
        "posted topped erased wiped shed slashed eliminated cancelled canceled postponed delayed "
        "sanctioned began started ended held visited became open-sourced debuted shipped deployed totaled "
        "totalled reported earned attacked struck evacuated seized ordered rejected met scored "
        "equalised equalized beat defeated drew added"
    )
) | frozenset({"laid off", "took office", "struck down", "made available"})

RELEASE = re.compile(
    r"\b(?:mak(?:e|es|ing)|made)\b(?:\W+[\w'’-]+){0,6}?\W+available\b|\bopen[- ]sourced\b|"
    r"\bunder\s+(?:the|an?)\s+[\w.-]+\s+licen[cs]e\b",
    re.IGNORECASE,
)

# Capitalised words that start sentences without naming anyone.
COMMON_STARTERS = frozenset(
    _w(
        "the this that these those it its in on at a an as but and however moreover while when if for "
        "with by from even still yet so such there their his her our we they he she i instead rather "
        "historically meanwhile after before since although though because despite what why how who which "
        "where one many some most all both each every no not only also then now today here thus indeed "
        "overall further furthermore besides finally first second third last next other another any more "
        "less much few several nor or to of"
    )
)
DETERMINERS = frozenset(
    _w(
        "the a an these those this that his her its their our your my such any some no false similar "
        "earlier many these 's ’s"
    )
)
# Tokens skipped between a cue and its source: "X has also repeatedly said".
# -ly words that end a noun phrase rather than modify the verb: "the family said", "the assembly noted".
LY_NOT_ADVERBS = frozenset(_w("family assembly ally supply monopoly anomaly rally bully jelly belly"))
AUX_ADVERBS = frozenset(
    _w(
        "has have had is are was were been be also previously repeatedly recently reportedly once "
        "publicly privately later earlier again already then just long often did does do not never "
        "initially subsequently separately"
    )
)
# Tokens that end a source when walking left from the cue.
SOURCE_STOPS = frozenset(
    _w(
        "that which who whom whose when while because if but after before since as than where whereas "
        "although though is are was were has have had will would can could do does did be been said says "
        "told noted claims claimed"
    )
)
LEAD_STRIP = frozenset(
    _w(
        "even also moreover however but and so yet meanwhile now still instead separately notably indeed "
        "then and or thus"
    )
)

# Subjects that make a "reporting" verb analysis: "the event highlights", "its success suggests".
ABSTRACT_SUBJECTS = frozenset(
    _w(
        "emergence success event shift situation rise achievement achievements implications practice "
        "competition breakthrough evolution trend development developments move decision results this "
        "that it"
    )
)
# Cues that still mark an attribution when no source is found ("It was claimed that …").
# Verbs of speaking: with these, "it" is an organisation or a document speaking ("it said", "It says the …").
SPEECH_VERBS = frozenset(
    _w(
        "said says told tells added adds stated states warned warns insisted insists argued argues "
        "claimed claims"
    )
)
SOURCELESS_OK = frozenset(
    {"said", "says", "claimed", "claims", "told", "according to", "in a statement", "alleged", "reported"}
)

# Token lists matched by the PhraseMatcher (one hash lookup per token instead of a regex scan per sentence).
NUMBER_WORDS = frozenset(
    _w(
        "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
        "sixty hundred hundreds thousand thousands million millions billion billions trillion trillions "
        "dozen dozens percent"
    )
)
DATE_WORDS = frozenset(
    _w(
        "january february march april june july august september october november december jan. feb. "
        "mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. monday tuesday wednesday thursday friday "
        "saturday sunday yesterday"
    )
) | frozenset(
    {
        "last week",
        "last month",
        "last year",
        "last quarter",
        "this week",
        "earlier this year",
        "earlier this month",
        "a year ago",
    }
)
HEDGE_WORDS = frozenset(
    _w(
        "may might could would should must perhaps possibly probably likely unlikely potentially seem seems "
        "seemed will if whether arguably ought"
    )
) | frozenset(
    {"appears to", "appear to", "i think", "i believe", "we believe", "in my view", "in my opinion"}
)
# Hedges that leave a claim checkable: a scheduled event ("will face City on May 24") and first-person
# framing of a number ("I think it's important to point out that about 3 percent …").
SCHEDULE_HEDGES = frozenset({"will"})
OPINION_FRAMES = frozenset({"i think", "i believe", "we believe", "in my view", "in my opinion"})
# Subject pronouns that name a person whose act can be checked ("She voted for the war").
ACTOR_PRONOUNS = frozenset(_w("he she they we"))
# A superlative or comparative with a scope is checkable: "the highest taxes in the world", "the largest
# deficit on record", "more jobs than any other state". The words are matched first (COMPARE), then this.
COMPARE_WORDS = frozenset(
    _w("highest lowest largest biggest smallest fastest slowest worst most least fewest than")
)
COMPARISON = re.compile(
    r"\b(?:highest|lowest|largest|biggest|smallest|fastest|slowest|worst|most|least|fewest)\b"
    r"[^.;:!?]{0,60}?\b(?:in (?:our |the )?(?:history|world|country|nation)|on record|since \d{4})\b"
    r"|\bthan (?:any other|ever before)\b",
    re.IGNORECASE,
)
RELEASE_HINTS = frozenset({"available", "open-sourced", "open sourced", "license", "licence"})
CALLED_WORDS = frozenset(
    _w("called calling calls described describing branded labelled labeled dismissed dismisses dismissing")
)

# ------------------------------------------------------------------ sentence splitting (sentences.py)
# Abbreviations that never end a sentence ("Mr.", "Gen.", "Jan.").
TITLES = frozenset(
    _w(
        "mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st jr sr vs v no fig rev hon pres "
        "supt det insp jan feb mar apr jun jul aug sep sept oct nov dec mt ft"
    )
)
# Abbreviations that often end a sentence too: split after them only before a typical sentence starter.
AMBIGUOUS_ABBR = frozenset(_w("u.s u.k u.n e.u inc corp co ltd a.m p.m etc d.c l.a n.y"))

# ------------------------------------------------------------------ clause splitting (clauses.py)
# ", a charge …": an appositive noun that opens a claim about the clause before it.
CLAUSE_NOUNS = _w("charge claim allegation accusation assertion figure number account")
# Conjunctions that open a contrasting clause (", but the company said …").
CONTRAST_CONJ = _w("but while whereas although though yet")
# Subordinators that open a leading clause ("While critics doubt it, the firm said …").
LEADING_SUBORDINATORS = _w("While Although Though Whereas Even\\s+though")
# A coordinator opening the next clause belongs to neither claim.
CLAUSE_COORDINATORS = _w("but yet and")

# ------------------------------------------------------------------ cues in context (cues.py)
# Words just before a cue that negate it ("has not yet said", "declined to say").
NEGATORS = _w("not never no declined refused")
# "claim", "say", "believe" after these are infinitives or first-person opinions, not reports.
MODAL_BEFORE_CUE = frozenset(_w("to would could can will might may not cannot let i we you"))
AMBIGUOUS_INFINITIVE_CUES = frozenset(_w("claim say believe suggest acknowledge stress show reveal indicate"))
# "added" reports only at a clause edge: "…, he added." / "added that".
ADDED_NEXT = frozenset({"that", ".", ",", "", "”", '"', ":", ";", "“"})
ADDED_PREV = frozenset({",", "”", '"', "he", "she", "they"})
# Nouns after a determiner: "a warning", "the claiming of".
NOUN_AFTER_DET = frozenset(_w("warning claiming suggesting"))
NOUN_FOLLOWERS = frozenset(_w("of were are was is"))
# Contest cues that are not contests after these words.
NO_DOUBT_PREV = frozenset(_w("no without little beyond"))
PASSIVE_AUX = frozenset(_w("was were been being be"))
COPULA_AUX = PASSIVE_AUX | frozenset(_w("is are"))
DISPUTE_NOUN_FORMS = frozenset(_w("disputes dispute"))
PASSIVE_DISPUTE_FORMS = frozenset(_w("denied questioned"))
DOUBT_FORMS = frozenset(_w("doubt doubts"))

# ------------------------------------------------------------------ classification (classify.py)
# Determiners before a number word that make it a reference, not a count ("the two countries").
NP_STARTERS = frozenset(_w("the a an this these those some many several"))
# spaCy entity labels that name an actor, and those that hold a checkable number.
ENTITY_ACTORS = frozenset(_w("PERSON ORG GPE NORP PRODUCT FAC EVENT LAW"))
ENTITY_NUMBERS = frozenset(_w("DATE MONEY PERCENT CARDINAL QUANTITY TIME"))

# ------------------------------------------------------------------ source finding (sources.py)
# Words that open a fronted clause, not a noun phrase ("When asked, …").
SUBORDINATORS = frozenset(_w("when while after before since if although though as because once"))
PREPOSITIONS = frozenset(_w("of from at for with in by to on such as like"))
# Tokens that end a noun phrase.
PUNCT_STOP = frozenset(",;:()[]“”\"—–-‘’'!?.")
# Tokens that end a source found right of the cue ("…, said Ms Ruiz, who …").
RIGHT_SOURCE_STOPS = frozenset(
    _w("who which on in at during told when after before adding that while because as last this earlier")
)
# First words of an appositive between a source and its cue ("Maria Lopez, an economist at X, said").
APPOSITIVE_OPENERS = frozenset(
    _w("who which whose such including a an the like one from himself herself itself its his her their")
)
# Emoji and pictographs, as the inside of a regex character class: the pictograph planes, miscellaneous
# symbols and dingbats, arrows and stars, the emoji variation selector and the zero-width joiner. Between
# two sentences ("… the city reported. 🎉 Critics …") they neither hide the boundary nor belong to a claim.
EMOJI_CLASS = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d"
EMOJI_LOWEST = "\u200d"  # the lowest code point of EMOJI_CLASS
