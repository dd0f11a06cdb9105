"""Shared by the rule tests: one rule pipeline per module, and the claims of a body written for a test."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.nlp.suggester import load_pipeline, suggest

# A neutral first paragraph: the body finder then treats the test's sentences as the article body.
INTRO = "The council met on Monday to discuss the plans for the harbour district.\n\n"


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_pipeline()


def claims_after_intro(nlp: Any, body: str) -> list[tuple[str, str, str | None, str | None]]:
    """(label, claim text, source text, cue text) of each suggestion in ``body``, after ``INTRO``."""
    text = INTRO + body
    out = []
    for s in suggest(text, nlp):
        if s.start < len(INTRO):
            continue
        source = text[s.source[0] : s.source[1]] if s.source else None
        cue = text[s.cue[0] : s.cue[1]] if s.cue else None
        out.append((s.label, text[s.start : s.end], source, cue))
    return out
