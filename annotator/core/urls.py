"""Is a piece of evidence a web address? For the claim editor's gentle warning (#18): it never blocks."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_url(text: str) -> bool:
    """True for an http or https URL with a host (``https://example.org/a?b``), surrounding spaces allowed.

    ``not a url``, ``example.org`` (no scheme), ``https://`` (no host), ``ftp://…``, ``javascript:…`` and
    addresses with spaces or control characters inside are not: the editor shows a link only for a URL.
    """
    text = text.strip()
    if not text or any(c.isspace() or ord(c) < 32 for c in text):
        return False
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        return False
    del port
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = parts.hostname or ""
    # A host is a name with a dot (example.org), localhost, or an IP literal; "https://a b" failed above.
    return bool(host) and ("." in host or host == "localhost" or ":" in host) and not host.startswith(".")
