"""annotator.core.urls.is_url: the claim editor's gentle warning on evidence that is not a web address."""

from __future__ import annotations

import pytest

from annotator.core.urls import is_url


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org",
        "http://example.org/a/b?c=d#e",
        "  https://www.reuters.com/technology/deepseek-2025-01-27/  ",
        "HTTPS://EXAMPLE.ORG",
        "https://example.org:8443/x",
        "http://localhost:8080/",
        "http://[::1]/",
        "https://例え.jp/パス",
    ],
)
def test_web_addresses(text: str) -> None:
    assert is_url(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "not a url",
        "example.org",
        "www.example.org/page",
        "https://",
        "https:///path",
        "http://exa mple.org",
        "https://example.org/a b",
        "ftp://example.org/file",
        "javascript:alert(1)",
        "mailto:someone@example.org",
        "https://example.org:port/",
        "https://.example.org",
        "https://nodot",
        "https://example.org\n/x",
    ],
)
def test_not_web_addresses(text: str) -> None:
    assert not is_url(text)
