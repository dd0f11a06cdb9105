"""Review mode in the window: the model, keyboard adjudication, the gold claim it records."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import GOLD
from annotator.services.claims import list_claims
from annotator.services.merge import merge_databases
from annotator.store import Store
from annotator.ui.review import ReviewDialog, ReviewModel, ReviewWidget

from .conftest import sentence_span


@pytest.fixture
def team_db(make_db, tmp_path):
    alice = make_db("alice", [(0, "factual"), (1, "factual"), (2, "disputed")])
    bob = make_db("bob", [(0, "factual"), (1, "attributed"), (2, "disputed"), (3, "factual")])
    out = tmp_path / "team.db"
    merge_databases(out, [alice, bob])
    store = Store(out)
    yield store
    store.close()


def test_review_model_passes_the_model_tester(qtmodeltester, team_db):
    model = ReviewModel(team_db)
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "",
        "Article",
        "Span",
        "alice",
        "bob",
        "Gold",
    ]
    # Disagreements first: span 1 (factual vs attributed), span 3 (alice did not mark it).
    assert [model.data(model.index(row, 0)) for row in range(4)] == ["≠", "≠", "=", "="]
    assert model.data(model.index(0, 3)) == "F factual" and model.data(model.index(0, 4)) == "A attributed"
    assert model.data(model.index(1, 3)) == "—"  # alice annotated the article but not this span
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is None


def loaded(qtbot, widget: ReviewWidget) -> ReviewWidget:
    """The rows are read on a worker thread: wait until they are shown."""
    qtbot.waitUntil(lambda: not widget.loading, timeout=10000)
    return widget


def test_keyboard_picks_the_final_label(qtbot, team_db):
    widget = ReviewWidget(team_db, "rita")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    loaded(qtbot, widget)
    assert widget.selected_row() == 0
    first = widget.selected_item()
    assert first.start == sentence_span(1)[0]

    with qtbot.waitSignal(widget.adjudicated) as signal:
        qtbot.keyClick(widget.view, Qt.Key.Key_1)  # attributed
    claim = signal.args[0]
    assert (claim.annotator, claim.label, claim.status, claim.origin) == (
        GOLD,
        "attributed",
        "accepted",
        "manual",
    )
    assert (claim.start, claim.end) == (first.start, first.end)
    assert team_db.events(claim.id)[0]["annotator"] == "rita"
    assert widget.model.data(widget.model.index(0, widget.model.columnCount() - 1)) == "A attributed"
    assert widget.model.data(widget.model.index(0, 0)) == "✓"
    assert widget.selected_row() == 1  # moved on to the next span

    qtbot.keyClick(widget.view, Qt.Key.Key_3)  # factual, for span 3
    qtbot.keyClick(widget.view, Qt.Key.Key_X)  # row 2: not a claim after all
    gold = {(c.start, c.label, c.status) for c in list_claims(team_db, annotator=[GOLD])}
    assert gold == {
        (sentence_span(1)[0], "attributed", "accepted"),
        (sentence_span(3)[0], "factual", "accepted"),
        (sentence_span(0)[0], None, "rejected"),
    }
    # Changing one's mind updates the same gold claim.
    widget.select_row(0)
    qtbot.keyClick(widget.view, Qt.Key.Key_D)
    assert len(list_claims(team_db, annotator=[GOLD])) == 3
    assert team_db.get_claim(claim.id).label == "disputed"
    assert "3 adjudicated" in widget.summary.text()


def test_filters_and_refresh(qtbot, team_db):
    dialog = ReviewDialog(team_db, "rita")
    qtbot.addWidget(dialog)
    widget = loaded(qtbot, dialog.widget)
    assert widget.model.rowCount() == 4
    widget.only_disagreements.setChecked(True)
    assert loaded(qtbot, widget).model.rowCount() == 2
    widget.select_row(1)
    widget.adjudicate_selected("factual")
    widget.refresh()
    assert "Loading" in widget.summary.text()
    assert loaded(qtbot, widget).model.item(1).gold is not None
    assert widget.selected_row() == 1  # the selected span stays selected after a reload
    widget.match.setCurrentIndex(1)  # overlap matching groups the same spans here
    assert loaded(qtbot, widget).model.rowCount() == 2


def test_review_screenshot(qtbot, team_db, tmp_path):
    dialog = ReviewDialog(team_db, "rita")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    loaded(qtbot, dialog.widget).adjudicate_selected("attributed")
    assert dialog.grab().save(str(tmp_path / "review.png"))


def test_switching_databases(qtbot, team_db, make_db):
    widget = ReviewWidget(team_db, "rita")
    qtbot.addWidget(widget)
    with Store(make_db("zoe", [(0, "factual")])) as other:
        widget.set_store(other)
        loaded(qtbot, widget)
        assert widget.model.rowCount() == 1 and widget.model.annotators() == ["zoe"]


@pytest.fixture
def rejecting_db(make_db, tmp_path):
    """alice labels 0 and 1; bob labels 0, rejects 1 and never marks 2, which alice labelled."""
    from annotator.services.claims import add_claim

    alice = make_db("alice", [(0, "factual"), (1, "factual"), (2, "disputed")])
    bob = make_db("bob", [(0, "factual")])
    with Store(bob) as store:
        add_claim(store, store.document_ids()[0], *sentence_span(1), annotator="bob", status="rejected")
    out = tmp_path / "team.db"
    merge_databases(out, [alice, bob])
    store = Store(out)
    yield store
    store.close()


def row_of(widget: ReviewWidget, index: int) -> int:
    return next(
        r for r in range(widget.model.rowCount()) if widget.model.item(r).start == sentence_span(index)[0]
    )


def test_rejected_and_not_marked_read_differently(qtbot, rejecting_db):
    widget = loaded(qtbot, ReviewWidget(rejecting_db, "rita"))
    qtbot.addWidget(widget)
    bob = widget.model.annotators().index("bob") + len(ReviewModel.FIXED)
    assert widget.model.data(widget.model.index(row_of(widget, 1), bob)) == "✗ rejected"
    assert widget.model.data(widget.model.index(row_of(widget, 2), bob)) == "—"
    tip = widget.model.data(widget.model.index(row_of(widget, 2), bob), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("not marked")
    widget.select_row(row_of(widget, 1))
    assert "bob: ✗ rejected" in widget.detail.text()
    widget.select_row(row_of(widget, 2))
    assert "bob: not marked" in widget.detail.text()
    # the article context: the span in bold with the sentences around it
    assert "<b>Sentence number 02 says something checkable.</b>" in widget.detail.text()
    assert "Sentence number 01" in widget.detail.text() and "Sentence number 03" in widget.detail.text()


def test_source_differences_are_shown(qtbot, tmp_path):
    from annotator.formats.readers import ArticleIn
    from annotator.services.claims import add_claim
    from annotator.services.importing import import_article

    text = "The minister Smith said taxes will fall."
    paths = []
    for name, source in (("alice", "The minister"), ("bob", "Smith")):
        with Store(tmp_path / f"{name}.db") as store:
            doc_id = import_article(store, ArticleIn(text, "Taxes"), annotator=name).doc_id
            at = text.index(source)
            add_claim(
                store,
                doc_id,
                0,
                len(text) - 1,
                annotator=name,
                label="attributed",
                source=(at, at + len(source)),
            )
        paths.append(tmp_path / f"{name}.db")
    merge_databases(tmp_path / "team.db", paths)
    with Store(tmp_path / "team.db") as store:
        widget = loaded(qtbot, ReviewWidget(store, "rita"))
        qtbot.addWidget(widget)
        assert "≠ source: alice &#x27;The minister&#x27; · bob &#x27;Smith&#x27;" in widget.detail.text()


def test_ctrl_z_undoes_a_gold_decision_and_the_message_keeps_whole_words(qtbot, team_db):
    from PySide6.QtGui import QUndoStack

    stack = QUndoStack()
    dialog = ReviewDialog(team_db, "rita", undo_stack=stack)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    widget = loaded(qtbot, dialog.widget)
    widget.view.setFocus()
    first = widget.selected_item()
    qtbot.keyClick(widget.view, Qt.Key.Key_1)
    assert [(c.start, c.label) for c in list_claims(team_db, annotator=[GOLD])] == [
        (first.start, "attributed")
    ]
    message = widget.message.text()
    assert message.startswith("Saved. Gold: attributed for “Sentence number 01 says something checkable.”")
    assert stack.count() == 1
    qtbot.keyClick(widget.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert list_claims(team_db, annotator=[GOLD]) == []
    assert widget.message.text() == "Undone."
    qtbot.keyClick(
        widget.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [c.label for c in list_claims(team_db, annotator=[GOLD])] == ["attributed"]


def test_shorten_never_cuts_a_word():
    from annotator.ui.curation_items import shorten

    text = "Nvidia saw a 17% drop, erasing over $600 billion in market value in a single day of trading"
    short = shorten(text, 60)
    assert short.endswith("…") and len(short) <= 61
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "
    assert shorten("a  short\ntext", 60) == "a short text"
