"""The Qt-free session and compare-and-swap undo: an undo never overwrites what someone else changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.services import claims as claim_service
from annotator.services.changes import Changes, ClaimChange, ObsoleteChange
from annotator.services.session import Session
from annotator.store import Store


def _doc(path: Path) -> tuple[str, str]:
    with Store(path) as store:
        doc_id = store.document_ids()[0]
        return doc_id, store.get_document(doc_id).text


def test_the_session_counts_selects_and_applies_changes(db_path: Path) -> None:
    with Store(db_path) as store:
        doc_id = store.document_ids()[0]
        doc = store.get_document(doc_id)

        def add(start: int, end: int, **fields):
            return claim_service.add_claim(store, doc_id, start, end, annotator="t", **fields).claim

        a = add(0, 5, status="suggested", origin="suggester")
        b = add(10, 20, label="factual")
        c = add(30, 40, status="rejected")
        session = Session()
        session.open(doc, claim_service.claims_for(store, doc_id, "t"))
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
        applied = session.apply(labelled)
        assert [x.after for x in applied] == [labelled.claim]
        assert session.counts().labelled == 2 and session.counts().suggested == 0
        assert (
            session.apply(Changes("another article", (ClaimChange(a, None),), (ClaimChange(a, None),))) == []
        )
        session.apply(claim_service.delete_claim(store, b.id, annotator="t"))
        assert session.selected() is None and session.get(b.id) is None
        back = add(10, 20, label="factual")
        assert session.diff(claim_service.claims_for(store, doc_id, "t")) == Changes(
            doc_id, (ClaimChange(None, back),), (ClaimChange(None, back),)
        )


def test_a_decision_on_a_suggestion_replaces_it_in_the_session(db_path: Path) -> None:
    doc_id, _text = _doc(db_path)
    with Store(db_path) as store:
        suggestion = claim_service.add_claim(
            store, doc_id, 0, 5, annotator="suggester", status="suggested", origin="suggester"
        ).claim
        session = Session()
        session.open(store.get_document(doc_id), claim_service.claims_for(store, doc_id, "me"))
        session.select(suggestion.id)
        decision = claim_service.set_label(store, suggestion.id, "factual", annotator="me")
        session.apply(decision)
        assert [c.id for c in session.claims()] == [decision.claim.id]
        assert decision.claim.basis == suggestion.id


def test_undo_does_not_overwrite_a_change_made_meanwhile_by_another_connection(db_path: Path) -> None:
    doc_id, _text = _doc(db_path)
    with Store(db_path) as mine, Store(db_path) as theirs:
        claim = claim_service.add_claim(mine, doc_id, 0, 5, annotator="me", label="factual").claim
        command = claim_service.set_label(mine, claim.id, "disputed", annotator="me")
        theirs_now = claim_service.update_claim(theirs, claim.id, annotator="me", note="checked").claim
        with pytest.raises(ObsoleteChange, match="changed this claim since"):
            claim_service.undo(mine, command, annotator="me")
        assert mine.get_claim(claim.id) == theirs_now  # the other connection's note is still there


def test_window_undo_after_another_window_changed_the_claim(qtbot, db_path: Path, make_window) -> None:
    doc_id, text = _doc(db_path)
    with Store(db_path) as store:
        start = text.index("Nvidia")
        claim = claim_service.add_claim(store, doc_id, start, start + 6, annotator="tester").claim
    window = make_window(db_path)
    window.select_claim(claim.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_3)  # factual
    with Store(db_path) as other:  # the same person in another window, or another process
        theirs = claim_service.set_label(other, claim.id, "attributed", annotator="tester").claim
    qtbot.keyClick(window.article_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Store(db_path) as store:
        assert store.get_claim(claim.id) == theirs  # the later label is kept
    assert "changed this claim since; nothing was undone." in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0  # the obsolete command is gone
    assert window.claims_model.get(claim.id) == theirs  # and the window shows what is stored
    assert window.saved
