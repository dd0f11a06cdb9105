"""HTML import keeps the article's paragraphs, puts the headline in the title and the byline and date in meta,
and is safe against entity payloads (XXE, billion laughs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.html import read_html
from annotator.nlp.body import paragraphs
from annotator.nlp.suggester import suggest

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Port strike ends after nine days | The Calder Times</title>
<meta property="og:title" content="Port strike ends after nine days">
<meta name="author" content="Amina Hassan">
<meta property="article:published_time" content="2026-03-04T10:00:00Z">
<link rel="canonical" href="https://calder-times.example/port-strike-ends">
<script>var tracking = "said the script";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article>
  <h1>Port strike ends after nine days</h1>
  <p class="byline">By Amina Hassan</p>
  <p>The dockworkers' union voted on Tuesday to end the strike, its president said.</p>
  <p>The port authority said 40 ships had waited offshore. "We lost $12 million a day," a spokesman said.</p>
  <h2>What comes next</h2>
  <p>Talks on automation will resume in May, the union said.</p>
  <ul><li>Cranes at two terminals</li><li>A pay rise of 4%</li></ul>
</article>
<footer>Copyright 2026 The Calder Times</footer>
</body></html>
"""


def _read(tmp_path: Path, html: str, name: str = "article.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    (article,) = read_html(path).articles
    return article


def test_paragraphs_survive_and_each_claim_lands_in_its_own(tmp_path: Path) -> None:
    article = _read(tmp_path, ARTICLE)
    paras = [article.text[a:b] for a, b in paragraphs(article.text)]
    assert paras[0] == "Port strike ends after nine days"  # the headline is a paragraph of its own
    assert "The dockworkers' union voted on Tuesday to end the strike, its president said." in paras
    assert "What comes next" in paras
    assert "- Cranes at two terminals\n- A pay rise of 4%" in paras
    assert "tracking" not in article.text and "Home" not in article.text and "Copyright" not in article.text
    # The headline is not merged into the first claim, and claims fall into different paragraphs.
    found = suggest(article.text)
    assert found and not any(article.text[s.start : s.end].startswith("Port strike ends") for s in found)
    para_of = {
        next(i for i, (a, b) in enumerate(paragraphs(article.text)) if a <= s.start < b) for s in found
    }
    assert len(para_of) >= 3


def test_title_byline_date_and_url_go_to_their_fields(tmp_path: Path) -> None:
    article = _read(tmp_path, ARTICLE)
    assert article.title == "Port strike ends after nine days"
    assert article.meta["author"] == "Amina Hassan"
    assert article.meta["published"] == "2026-03-04"
    assert article.meta["url"] == "https://calder-times.example/port-strike-ends"


def test_title_from_h1_when_there_is_no_meta(tmp_path: Path) -> None:
    html = (
        "<html><body><h1>Council approves the harbour plan</h1>"
        "<p>The council approved the harbour plan on Monday by 7 votes to 2, the mayor said.</p>"
        "<p>Work on the first pier will start in June and cost $14 million, officials said.</p></body></html>"
    )
    article = _read(tmp_path, html)
    assert article.title == "Council approves the harbour plan"
    assert "\n\nWork on the first pier" in article.text


XXE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>
<html><body><p>The council met on Monday and approved the plan by 7 votes to 2.</p><p>&xxe;</p>
<p>Work on the first pier will start in June and cost $14 million, officials said.</p></body></html>
"""

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]><html><body><p>The council met on Monday and approved the plan by 7 votes to 2.</p>"
    "<p>&lol9;</p><p>Work on the first pier will start in June and cost $14 million, officials said.</p>"
    "</body></html>"
)


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    article = _read(tmp_path, XXE.format(secret=secret))
    assert "TOP-SECRET-CONTENT" not in article.text
    assert "approved the plan by 7 votes to 2" in article.text


@pytest.mark.timeout(60)
def test_billion_laughs_does_not_expand(tmp_path: Path) -> None:
    article = _read(tmp_path, LAUGHS)
    assert "lollollol" not in article.text and len(article.text) < 2_000
    assert "approved the plan by 7 votes to 2" in article.text
