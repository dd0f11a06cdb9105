"""The Qt-free session and compare-and-swap undo: an undo never overwrites what someone else changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.services import claims as claim_service
from annotator.services import session as session_service
from annotator.services.session import OBSOLETE, Changes, ClaimChange, ObsoleteChange, Session
from annotator.store import Store


def _doc_and_claims(path: Path) -> tuple[str, str]:
    with Store(path) as store:
        doc_id = store.document_ids()[0]
        text = store.get_document(doc_id).text
    return doc_id, text


def test_the_session_counts_selects_and_applies_changes(db_path: Path) -> None:
    with Store(db_path) as store:
        doc_id = store.document_ids()[0]
        doc = store.get_document(doc_id)
        a = claim_service.add_claim(
            store, doc_id, 0, 5, annotator="t", status="suggested", origin="suggester"
        )
        b = claim_service.add_claim(store, doc_id, 10, 20, annotator="t", label="factual")
        c = claim_service.add_claim(store, doc_id, 30, 40, annotator="t", status="rejected")
        session = Session()
        session.open(doc, store.claims(doc_id))
        assert (
            session.counts().text() == "1 of 2 claims labelled · 1 suggestions open"
        )  # rejected: not a claim
        # J/K skip what the article does not draw, and stop at the ends
        order = [a.id, c.id, b.id]
        assert session.step(order, 1) == a.id
        session.select(a.id)
        assert session.step(order, 1) == b.id
        session.select(b.id)
        assert session.step(order, 1) == b.id
        labelled = claim_service.set_label(store, a.id, "disputed", annotator="t")
        applied = session.apply(Changes(doc_id, (ClaimChange(a, labelled),)))
        assert [x.after for x in applied] == [labelled]
        assert session.counts().labelled == 2 and session.counts().suggested == 0
        assert session.apply(Changes("another article", (ClaimChange(a, None),))) == []
        session.apply(Changes(doc_id, (ClaimChange(b, None),)))
        assert session.selected() is None and session.get(b.id) is None
        assert session.diff(store.claims(doc_id)) == Changes(doc_id, (ClaimChange(None, b),))


def test_undo_does_not_overwrite_a_change_made_meanwhile_by_another_connection(db_path: Path) -> None:
    doc_id, _text = _doc_and_claims(db_path)
    with Store(db_path) as mine, Store(db_path) as theirs:
        claim = claim_service.add_claim(mine, doc_id, 0, 5, annotator="me", label="factual")
        after = claim_service.set_label(mine, claim.id, "disputed", annotator="me")
        command = Changes(doc_id, (ClaimChange(claim, after),))
        theirs_now = claim_service.update_claim(theirs, claim.id, annotator="them", note="checked")
        with pytest.raises(ObsoleteChange, match="Someone changed this claim since"):
            session_service.undo(mine, command, annotator="me")
        assert mine.get_claim(claim.id) == theirs_now  # their note is still there
        # without the other edit, undo and redo move the claim exactly
        again = Changes(
            doc_id, (ClaimChange(theirs_now, claim_service.set_label(mine, claim.id, None, annotator="me")),)
        )
        session_service.undo(mine, again, annotator="me")
        assert mine.get_claim(claim.id) == theirs_now
        session_service.redo(mine, again, annotator="me")
        assert mine.get_claim(claim.id).label is None


def test_window_undo_after_another_window_changed_the_claim(qtbot, db_path: Path, make_window) -> None:
    doc_id, text = _doc_and_claims(db_path)
    with Store(db_path) as store:
        start = text.index("Nvidia")
        claim = claim_service.add_claim(store, doc_id, start, start + 6, annotator="tester")
    window = make_window(db_path)
    window.select_claim(claim.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_3)  # factual
    with Store(db_path) as other:  # another window, another process
        theirs = claim_service.set_label(other, claim.id, "attributed", annotator="zoe")
    qtbot.keyClick(window.article_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Store(db_path) as store:
        assert store.get_claim(claim.id) == theirs  # zoe's label is kept
    assert window.statusBar().currentMessage() == OBSOLETE
    assert window.undo_stack.count() == 0  # the obsolete command is gone
    assert window.claims_model.get(claim.id) == theirs  # and the window shows what is stored
