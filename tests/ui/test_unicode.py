"""An article with emoji, ZWJ sequences and CJK: highlights and selections cover the exact characters."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.services import claims as claim_service
from annotator.services.importing import import_paths
from annotator.store import Store

TEXT = (
    "Family 👨‍👩‍👧‍👦 photo 😀 said: 中文字符很好 and 𠀋 rare.\n\n"
    "Second 🇫🇷 line with café\u0301 and NBSP\u00a0here.\n"
)


def utf16_slice(text: str, start: int, length: int) -> str:
    data = text.encode("utf-16-le")
    return data[2 * start : 2 * (start + length)].decode("utf-16-le")


def test_highlight_covers_exactly_the_claimed_characters(qtbot, tmp_path: Path, make_window) -> None:
    source = tmp_path / "unicode.txt"
    source.write_text(TEXT, encoding="utf-8")
    path = tmp_path / "u.db"
    with Store(path) as store:
        doc_id = import_paths(store, [source], annotator="t").articles[0].doc_id
        text = store.get_document(doc_id).text
        wanted = ["中文字符", "😀", "𠀋 rare", "🇫🇷 line", "café\u0301"]
        made = {}
        for snippet in wanted:
            start = text.index(snippet)
            made[snippet] = claim_service.add_claim(
                store, doc_id, start, start + len(snippet), annotator="tester", label="factual"
            ).claim
    window = make_window(path)
    # toPlainText() would turn NBSP into a space; the raw text is what the document really holds
    assert window.article_view.document().toRawText().replace("\u2029", "\n") == text
    window.article_view.viewport().repaint()  # blocks are formatted when they are painted
    for snippet, claim in made.items():
        qt = window.index.claims[claim.id]
        block = window.article_view.document().findBlock(qt.start)
        ranges = [
            r for r in block.layout().formats() if r.format.background().color().alpha() > 0 and r.length > 0
        ]
        relative, relative_end = qt.start - block.position(), qt.end - block.position()
        # the claim's ranges (its last grapheme has a range of its own: the gap for its mark)
        hit = [r for r in ranges if relative <= r.start < relative_end]
        assert hit and hit[0].start == relative, snippet
        covered = max(r.start + r.length for r in hit)
        assert utf16_slice(block.text(), relative, covered - relative) == snippet
    # selecting by mouse-equivalent Qt positions gives back code points
    claim = made["😀"]
    window.article_view.select_cp(claim.start, claim.end)
    assert window.article_view.textCursor().selectedText() == "😀"
    assert window.article_view.selection_cp() == (claim.start, claim.end)


def test_new_claim_after_an_emoji_has_code_point_offsets(qtbot, tmp_path: Path, make_window) -> None:
    source = tmp_path / "unicode.txt"
    source.write_text(TEXT, encoding="utf-8")
    path = tmp_path / "u.db"
    with Store(path) as store:
        import_paths(store, [source], annotator="t")
    window = make_window(path)
    start = TEXT.index("中文")
    window.article_view.select_cp(start, start + 2)
    window.article_view.snap_selection()
    qtbot.keyClick(window.article_view, Qt.Key.Key_N)
    with Store(path) as store:
        (claim,) = store.claims()
    assert claim.text == "中文" and claim.start == start


def test_claims_with_one_label_that_follow_each_other_alternate_tints(
    qtbot, tmp_path: Path, make_window
) -> None:
    """Two sentences labelled factual one after the other must not read as one claim: the second gets
    the alternate tint, a third the first tint again; a claim after a gap, or of another label, does not."""
    source = tmp_path / "sentences.txt"
    source.write_text("One is 😀 true. Two is true. Three is true. Four is said.\n\nFive is true.\n", "utf-8")
    path = tmp_path / "s.db"
    with Store(path) as store:
        doc_id = import_paths(store, [source], annotator="t").articles[0].doc_id
        text = store.get_document(doc_id).text
        made = {}
        for sentence, label in (("One", "factual"), ("Two", "factual"), ("Three", "factual"),
                                ("Four", "attributed"), ("Five", "factual")):  # fmt: skip
            start = text.index(sentence)
            made[sentence] = claim_service.add_claim(
                store, doc_id, start, text.index(".", start) + 1, annotator="tester", label=label
            ).claim
    window = make_window(path)
    window.article_view.viewport().repaint()

    def background(sentence: str) -> str:
        qt = window.index.claims[made[sentence].id]
        block = window.article_view.document().findBlock(qt.start)
        (hit,) = [r for r in block.layout().formats() if r.start == qt.start - block.position()]
        return hit.format.background().color().name()

    first, second = background("One"), background("Two")
    assert first != second
    assert background("Three") == first
    assert background("Five") == first  # another paragraph
    assert background("Four") not in (first, second)  # another label
