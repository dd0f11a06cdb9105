"""Calibrated confidence: the rules' additive score mapped to how often suggestions with that label and score
were right on the development data (the labelled articles in ``tests/data`` and GUM news, where only
``attributed`` is judged), so that 0.8 means "right about 8 times in 10".

The table is made by ``python scripts/evaluate_suggester.py --calibrate``: raw scores are binned, each bin's
rate of right suggestions is smoothed (one right and one wrong added) and adjacent bins that would make the
map decrease are pooled. Rerun it after changing the rules and paste its output here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager

# label -> (raw score lower bounds, calibrated confidence from that bound on)
TABLE: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "attributed": ((0.0, 0.9), (0.80, 0.98)),
    "disputed": ((0.0, 0.8), (0.50, 0.93)),
    "factual": ((0.0, 0.7, 0.8, 0.9), (0.40, 0.80, 0.86, 0.90)),
}
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)  # raw score bins of the table above

_enabled = True


def calibrate(label: str, raw: float) -> float:
    """The calibrated confidence of a suggestion with ``label`` and raw rule score ``raw``."""
    if not _enabled or label not in TABLE:
        return raw
    bounds, values = TABLE[label]
    return values[max(0, bisect_right(bounds, raw) - 1)]


@contextmanager
def raw_scores() -> Iterator[None]:
    """Within the block, suggestions carry the rules' raw scores (to rebuild the table)."""
    global _enabled
    _enabled = False
    try:
        yield
    finally:
        _enabled = True
