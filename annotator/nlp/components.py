"""The spaCy components of the claim suggester, registered on import (this imports spaCy).

Where each concern lives:

* :mod:`~annotator.nlp.sentences`: ``claim_sentencizer`` (sentence boundaries) and the tokenizer wrapper;
* :mod:`~annotator.nlp.cues`: ``claim_cues`` (the PhraseMatcher) and the checks of a cue in its context;
* :mod:`~annotator.nlp.body`: the article body, and its paragraphs that are never claims;
* :mod:`~annotator.nlp.clauses`: clause splitting and trimming a claim's edges;
* :mod:`~annotator.nlp.classify`: the label of a clause;
* :mod:`~annotator.nlp.sources`: the source of a cue;
* :mod:`~annotator.nlp.finder`: ``claim_finder``, which runs the above per sentence;
* :mod:`~annotator.nlp.view`: the Doc-like token view the rules read;
* :mod:`~annotator.nlp.lexicon`: every word list.
"""

from __future__ import annotations

from annotator.nlp import cues, finder, sentences
from annotator.nlp.sentences import TextKeepingTokenizer

__all__ = ["TextKeepingTokenizer", "cues", "finder", "sentences"]
