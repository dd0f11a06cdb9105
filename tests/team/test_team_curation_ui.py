"""Curation mode, driven by keyboard: G takes agreed spans into gold, J/K walk the open disagreements,
1/2/3/X decide, Ctrl+Z undoes a gold decision, Ctrl+Return marks the article finished."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from annotator.core.model import GOLD
from annotator.services.claims import add_claim, update_claim
from annotator.services.curation import curation_of, curation_progress
from annotator.services.merge import merge_databases
from annotator.store import Store
from annotator.ui.curation import CurationPanel, toggle_curation
from annotator.ui.curation_items import CurationArticlesModel
from annotator.ui.curation_view import unit_tooltip

from .conftest import sentence_span


@pytest.fixture
def team_db(make_db, tmp_path):
    # 0: all agree factual · 1: factual vs attributed · 2: alice disputed, bob rejected · 3: only bob marked
    alice = make_db("alice", [(0, "factual"), (1, "factual"), (2, "disputed")])
    bob = make_db("bob", [(0, "factual"), (1, "attributed"), (3, "factual")])
    with Store(bob) as store:
        doc_id = store.document_ids()[0]
        start, end = sentence_span(2)
        add_claim(store, doc_id, start, end, annotator="bob", status="rejected")
    out = tmp_path / "team.db"
    merge_databases(out, [alice, bob])
    store = Store(out)
    yield store
    store.close()


def open_panel(qtbot, store) -> CurationPanel:
    panel = CurationPanel(store, "rita")
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.open_document(store.document_ids()[0])
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
    panel.view.setFocus()
    return panel


def gold(store) -> dict[tuple[int, int], tuple[str | None, str]]:
    return {(c.start, c.end): (c.label, c.status) for c in store.claims(annotator=[GOLD])}


def key(qtbot, panel, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(panel.view, k, modifier)


def test_agree_all_then_walk_and_decide_by_keyboard(qtbot, team_db):
    panel = open_panel(qtbot, team_db)
    assert panel.curation is not None
    assert [u.open for u in panel.curation.units] == [False, True, True, True]
    key(qtbot, panel, Qt.Key.Key_G)  # the one span both agree on goes into gold
    assert gold(team_db) == {sentence_span(0): ("factual", "accepted")}

    # J walks the open disagreements in text order, K goes back
    panel.select_unit(None)
    key(qtbot, panel, Qt.Key.Key_J)
    assert panel.view.current == sentence_span(1)
    key(qtbot, panel, Qt.Key.Key_J)
    assert panel.view.current == sentence_span(2)
    key(qtbot, panel, Qt.Key.Key_K)
    assert panel.view.current == sentence_span(1)

    key(qtbot, panel, Qt.Key.Key_1)  # gold: attributed; moves on to the next open one
    assert gold(team_db)[sentence_span(1)] == ("attributed", "accepted")
    assert panel.view.current == sentence_span(2)
    key(qtbot, panel, Qt.Key.Key_X)  # gold: not a claim
    assert gold(team_db)[sentence_span(2)] == (None, "rejected")
    assert panel.view.current == sentence_span(3)
    key(qtbot, panel, Qt.Key.Key_3)
    assert gold(team_db)[sentence_span(3)] == ("factual", "accepted")
    assert panel.curation.open_units == []
    assert "0 open disagreement(s)" in panel.summary.text()


def test_ctrl_z_undoes_a_gold_decision_in_the_window(qtbot, team_db, tmp_path):
    from annotator.ui.mainwindow import MainWindow

    window = MainWindow(team_db, "rita", QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    panel = toggle_curation(window)
    assert window.centralWidget() is panel
    # the window's claim actions would edit the hidden article: off while curating
    assert not window.actions_by_name["label_factual"].isEnabled()
    assert window.actions_by_name["undo"] is not None
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
    panel.view.setFocus()
    panel.select_unit(sentence_span(1))
    key(qtbot, panel, Qt.Key.Key_2)
    assert gold(team_db) == {sentence_span(1): ("disputed", "accepted")}
    assert panel.view.current == sentence_span(2)  # moved on to the next open disagreement
    panel.select_unit(sentence_span(1))
    key(qtbot, panel, Qt.Key.Key_1)  # the same span decided again: an update of the gold claim
    assert gold(team_db) == {sentence_span(1): ("attributed", "accepted")}

    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(team_db) == {sentence_span(1): ("disputed", "accepted")}
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(team_db) == {}
    assert panel.curation.unit_at(*sentence_span(1)).open
    qtbot.keyClick(
        panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert gold(team_db) == {sentence_span(1): ("disputed", "accepted")}

    # someone else changed the gold claim since: undo leaves it alone and says so
    claim = team_db.claims(annotator=[GOLD])[0]
    update_claim(team_db, claim.id, annotator="lead", label="factual")
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(team_db) == {sentence_span(1): ("factual", "accepted")}
    assert panel.message.text() == "lead changed this claim since; nothing was undone."

    toggle_curation(window)  # back to annotating
    assert window.centralWidget() is window.splitter
    assert window.actions_by_name["label_factual"].isEnabled()


def test_finished_mark_is_stored_and_listed(qtbot, team_db, qtmodeltester):
    panel = open_panel(qtbot, team_db)
    key(qtbot, panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    doc_id = team_db.document_ids()[0]
    assert curation_of(team_db, doc_id).finished
    assert "✓ finished" in panel.summary.text()
    assert "3 disagreement(s) still open" in panel.message.text()
    row = panel.articles_model.row_of(doc_id)
    assert "✓ finished" in panel.articles_model.data(panel.articles_model.index(row, 0))
    qtmodeltester.check(panel.articles_model, force_py=True)
    key(qtbot, panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # reopen
    assert not [p for p in curation_progress(team_db) if p.finished]


def test_rejected_and_not_marked_look_different(qtbot, team_db):
    panel = open_panel(qtbot, team_db)
    unit = panel.curation.unit_at(*sentence_span(2))
    panel.select_unit(unit.key)
    detail = panel.detail.text()
    assert "<b>bob</b>: <s>rejected</s>" in detail  # struck through
    unit3 = panel.curation.unit_at(*sentence_span(3))
    panel.select_unit(unit3.key)
    assert "<b>alice</b>: not marked" in panel.detail.text()
    # in the lanes, a rejection is a mark and "not marked" is none
    marks = {(m.unit, m.lane): m for m in panel.view.marks.marks}
    lanes = panel.view.lanes
    assert marks[(sentence_span(2), lanes.index("bob"))].rejected
    assert (sentence_span(3), lanes.index("alice")) not in marks
    assert "bob: rejected" in unit_tooltip(unit) and "alice: not marked" in unit_tooltip(unit3)
    # the article context is shown around the span
    assert "Sentence number 02" in panel.detail.text() and "Sentence number 01" not in unit3.text


def test_source_and_cue_differences_are_shown(qtbot, tmp_path, make_db):
    text = "The minister Smith said taxes will fall."
    paths = []
    for name, source in (("alice", "The minister"), ("bob", "Smith")):
        path = tmp_path / f"{name}.db"
        from annotator.formats.readers import ArticleIn
        from annotator.services.importing import import_article

        with Store(path) as store:
            doc_id = import_article(store, ArticleIn(text, "Taxes"), annotator=name).doc_id
            at = text.index(source)
            cue = text.index("said")
            add_claim(
                store,
                doc_id,
                0,
                len(text) - 1,
                annotator=name,
                label="attributed",
                source=(at, at + len(source)),
                cue=(cue, cue + 4),
            )
        paths.append(path)
    merge_databases(tmp_path / "team.db", paths)
    with Store(tmp_path / "team.db") as store:
        panel = open_panel(qtbot, store)
        unit = panel.curation.units[0]
        assert unit.open  # same label, different sources: not agreed
        panel.select_unit(unit.key)
        assert "source: alice 'The minister' · bob 'Smith'" in panel.detail.text().replace("&#x27;", "'")
        assert "cue" not in " ".join(unit.differences())
        panel.view.setFocus()
        key(qtbot, panel, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # gold takes lane 2: bob's claim
        (gold_claim,) = store.claims(annotator=[GOLD])
        assert (gold_claim.label, gold_claim.source.text, gold_claim.cue.text) == (
            "attributed",
            "Smith",
            "said",
        )
        panel.undo_stack.undo()  # (the window binds Ctrl+Z to this stack; this panel has no window)
        assert store.claims(annotator=[GOLD]) == []


def test_articles_model_passes_the_model_tester(qtmodeltester, team_db):
    model = CurationArticlesModel()
    model.set_rows(curation_progress(team_db))
    qtmodeltester.check(model, force_py=True)
    assert "3 open" in model.data(model.index(0, 0)) or "4 open" in model.data(model.index(0, 0))


def test_another_reviewers_gold_decision_shows_up(qtbot, team_db):
    """A write by another connection (another window, a merge) is noticed by the open curation."""
    from annotator.services.agreement import adjudicate

    panel = open_panel(qtbot, team_db)
    panel.select_unit(sentence_span(3))
    assert panel.curation.unit_at(*sentence_span(3)).open
    with Store(team_db.path) as other:
        adjudicate(other, team_db.document_ids()[0], *sentence_span(1), "factual", reviewer="sam")
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        pass
    assert panel.curation.unit_at(*sentence_span(1)).gold.label == "factual"
    assert panel.view.current == sentence_span(3)  # still where the reviewer was
    assert "2 open disagreement(s)" in panel.summary.text()


def test_switching_databases_in_curation(qtbot, team_db, make_db, tmp_path):
    from annotator.ui.mainwindow import MainWindow

    window = MainWindow(team_db, "rita", QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    panel = toggle_curation(window)
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
    other = make_db("zoe", [(0, "factual")])
    assert window.switch_database(other)
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
    assert panel.store is window.store
    assert panel.curation is not None and panel.curation.annotators == ("zoe",)


def test_clicking_a_span_selects_it(qtbot, team_db):
    panel = open_panel(qtbot, team_db)
    view = panel.view
    cursor = view.textCursor()
    cursor.setPosition(view.converter.to_qt(sentence_span(3)[0] + 5))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.current == sentence_span(3)
    assert "Sentence number 03" in panel.detail.text()


def test_blocks_below_the_screen_are_formatted_while_idle(qtbot, tmp_path):
    """Only what is near the screen is ever formatted: the next blocks while the reviewer reads, not the
    whole article."""
    from annotator.formats.readers import ArticleIn
    from annotator.services.importing import import_article

    paragraphs = [f"Paragraph {i} says the minister cut taxes by {i}%." for i in range(400)]
    text = "\n\n".join(paragraphs)
    with Store(tmp_path / "long.db") as store:
        doc_id = import_article(store, ArticleIn(text, "Long"), annotator="alice").doc_id
        for name in ("alice", "bob"):
            for i in range(0, 400, 3):
                start = text.index(paragraphs[i])
                add_claim(store, doc_id, start, start + len(paragraphs[i]), annotator=name, label="factual")
        panel = open_panel(qtbot, store)
        formatted = panel.view.curation_highlighter.done
        qtbot.waitUntil(lambda: panel.view.format_ahead() == 0, timeout=5000)
        last_on_screen = max(formatted)
        assert 0 < len(formatted) < 200  # the screen and a few blocks after it, of 799
        assert last_on_screen < 200


def test_one_ctrl_z_undoes_everything_g_took(qtbot, make_db, tmp_path):
    from PySide6.QtGui import QUndoStack

    alice = make_db("alice", [(0, "factual"), (1, "disputed"), (2, "attributed")])
    bob = make_db("bob", [(0, "factual"), (1, "disputed"), (2, "factual")])
    merge_databases(tmp_path / "team.db", [alice, bob])
    with Store(tmp_path / "team.db") as store:
        stack = QUndoStack()
        panel = CurationPanel(store, "rita", stack)
        qtbot.addWidget(panel)
        panel.show()
        panel.open_document(store.document_ids()[0])
        qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
        panel.view.setFocus()
        key(qtbot, panel, Qt.Key.Key_G)
        assert gold(store) == {
            sentence_span(0): ("factual", "accepted"),
            sentence_span(1): ("disputed", "accepted"),
        }
        assert stack.count() == 1 and stack.undoText().startswith("Take 2 agreed span(s)")
        stack.undo()
        assert gold(store) == {}
        assert len(panel.curation.agreed_without_gold) == 2  # shown as agreed, not in gold, again
        stack.redo()
        assert len(gold(store)) == 2
