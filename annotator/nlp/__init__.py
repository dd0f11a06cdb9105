"""Claim suggester (spaCy). Import-cheap: spaCy is only imported when a pipeline is loaded.

Public API: :mod:`annotator.nlp.suggester` (``Suggestion``, ``load_pipeline``, ``suggest``, ``suggest_many``)
and :func:`annotator.nlp.body.find_body`.
"""
