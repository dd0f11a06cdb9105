"""Full-text search across all articles (the FTS5 indexes of article texts and claim notes).

Hits carry code-point offsets into the article text, so the window can open the article at the hit.
No user input is FTS5 syntax: every word is searched as a quoted prefix, so quotes, operators (AND, OR,
NOT, NEAR), stars, brackets and emoji are plain text, and a query with no words gives no hits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import NamedTuple

from annotator.store.transactions import StoreBase

SNIPPET_CONTEXT = 40  # characters of article text shown on each side of a hit
# Marks highlight() puts around each match. A text that holds either itself is searched in Python instead
# of trusting the marks (see _marked_ranges).
_OPEN, _CLOSE = "\x01", "\x02"


class SearchHit(NamedTuple):
    doc_id: str
    title: str
    start: int  # code points into the article text; end exclusive
    end: int
    snippet: str  # the hit with some context on each side, on one line
    kind: str = "text"  # "text": a word of the article; "note": a word of the note of the claim at start-end


def fts_query(query: str) -> str | None:
    """Each word as a quoted FTS5 prefix (``"word"*``), all required; None when there is no word."""
    words = [word for word in query.split() if any(ch.isalnum() for ch in word)]
    if not words:
        return None
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def snippet(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> str:
    """``text[start:end]`` with up to ``context`` characters each side, cut at a space, on one line."""
    left = max(0, start - context)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left, start) + 1
    right = min(len(text), end + context)
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    body = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")


def _marked_ranges(marked: str, text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each match highlight() marked, as offsets into the unmarked text."""
    if _OPEN in text or _CLOSE in text:
        return  # the marks would be ambiguous: such an article gives no text hits
    position = 0  # in the marked string
    removed = 0  # marks seen so far
    while (opening := marked.find(_OPEN, position)) >= 0:
        closing = marked.find(_CLOSE, opening)
        if closing < 0:
            return
        yield opening - removed, closing - removed - 1
        removed += 2
        position = closing + 1


class SearchMixin(StoreBase):
    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Up to ``limit`` hits for the words of ``query`` (all of them, each as a word prefix, ignoring
        case and accents): in the articles' texts first, best-matching articles first and each in text
        order, then in claims' notes."""
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        hits: list[SearchHit] = []
        cursor = self.conn.execute(
            f"SELECT d.id, d.title, d.text, highlight(documents_fts, 1, '{_OPEN}', '{_CLOSE}')"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank",
            (f"text : ({match})",),
        )
        try:
            for doc_id, title, text, marked in cursor:
                for start, end in _marked_ranges(marked, text):
                    hits.append(SearchHit(doc_id, title, start, end, snippet(text, start, end)))
                    if len(hits) >= limit:
                        return hits
            notes = self._rows(
                'SELECT c.doc_id, d.title, c.start, c."end", c.note FROM claims_fts'
                " JOIN claims c ON c.rowid = claims_fts.rowid JOIN documents d ON d.id = c.doc_id"
                " WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?",
                (f"note : ({match})", limit - len(hits)),
            )
        except sqlite3.ProgrammingError:
            raise
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc
        finally:
            cursor.close()
        hits += [
            SearchHit(doc_id, title, start, end, " ".join(str(note).split()), "note")
            for doc_id, title, start, end, note in notes
        ]
        return hits
