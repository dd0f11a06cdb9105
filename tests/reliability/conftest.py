"""Fixtures and the figures summary of the reliability suite (helpers live in reliability_helpers.py)."""

from reliability_helpers import pytest_terminal_summary, shared_tmp

__all__ = ["pytest_terminal_summary", "shared_tmp"]
