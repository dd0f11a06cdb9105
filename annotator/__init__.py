"""Claim Annotator: label the claims in news articles as attributed, disputed or factual."""

__version__ = "0.1.0"
