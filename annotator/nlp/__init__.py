"""Claim suggester (spaCy). Import-cheap: spaCy is only imported when a pipeline is loaded.

Public API: :mod:`annotator.nlp.suggester` (``Suggestion``, ``load_pipeline``, ``suggest``, ``suggest_many``)
and :func:`annotator.nlp.body.find_body`.
"""


def body_rules_digest() -> str | None:
    """A digest of the body finder's rules (the source of ``annotator/nlp/body.py``), read without importing
    it (importing it compiles its regular expressions, ~5 ms): a body found by the same rules in the same
    text may be reused. None when the source file is not at hand (a frozen app)."""
    import zlib
    from pathlib import Path

    try:
        return f"{zlib.crc32(Path(__file__).with_name('body.py').read_bytes()):08x}"
    except OSError:
        return None
