"""The action table: one place for menus, toolbar, shortcuts and F1, and no shortcut is ambiguous."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from annotator.ui.mainwindow.actions import ACTIONS, ANNOTATION, TOOLBAR, ActionKey, duplicate_shortcuts


def test_no_shortcut_is_given_to_two_actions() -> None:
    assert duplicate_shortcuts({key: spec.shortcuts for key, spec in ACTIONS.items()}) == {}
    # the check notices a clash, across scopes too (a window key also fires in the article)
    clash = {key: spec.shortcuts for key, spec in ACTIONS.items()} | {ActionKey.QUIT: ("J",)}
    assert set(duplicate_shortcuts(clash)["J"]) == {ActionKey.NEXT_CLAIM, ActionKey.QUIT}


def test_every_action_is_in_a_menu_and_in_f1(db_path: Path, make_window) -> None:
    window = make_window(db_path)
    in_menus = set()
    menus = [window.menu(name) for name in ("file", "edit", "claim", "view", "help")]
    while menus:
        menu = menus.pop()
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            in_menus.add(action)
    listed = {text for _group, _keys, text in window.shortcut_rows()}
    for key, spec in ACTIONS.items():
        assert window.action(key) in in_menus, key
        assert spec.description in listed, key


def test_every_annotation_key_fires_without_an_ambiguity(qtbot, qtlog, db_path: Path, make_window) -> None:
    """Qt logs "Ambiguous shortcut overload" and fires nothing when two shortcuts match a key press."""
    window = make_window(db_path)
    view = window.article_view
    for key, spec in ACTIONS.items():
        if spec.scope != ANNOTATION:
            continue
        for shortcut in spec.shortcuts:
            sequence = QKeySequence(shortcut)
            combined = sequence[0]
            fired = []
            window.action(key).triggered.connect(lambda _=False, f=fired: f.append(1))
            QTest.keyClick(view, combined.key(), combined.keyboardModifiers())
            assert fired, (key, shortcut)
            window.action(key).triggered.disconnect()
            window.action(key).triggered.connect(lambda _=False, run=spec.run: run(window))
    assert not [m for m in qtlog.records if "Ambiguous" in m.message]


def test_shift_tab_goes_to_the_previous_claim(qtbot, qtlog, db_path: Path, make_window) -> None:
    from annotator.services import claims as claim_service
    from annotator.store import Store

    with Store(db_path) as store:
        doc_id = store.document_ids()[0]
        first = claim_service.add_claim(store, doc_id, 0, 5, annotator="tester", label="factual").claim
        second = claim_service.add_claim(store, doc_id, 10, 20, annotator="tester", label="factual").claim
    window = make_window(db_path)
    window.select_claim(second.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.current_claim_id == first.id
    qtbot.keyClick(window.article_view, Qt.Key.Key_Tab)
    assert window.current_claim_id == second.id
    assert not [m for m in qtlog.records if "Ambiguous" in m.message]


def test_the_toolbar_never_reflows(qtbot, db_path: Path, make_window) -> None:
    from annotator.services import claims as claim_service
    from annotator.store import Store

    with Store(db_path) as store:
        doc_id = store.document_ids()[0]
        claim = claim_service.add_claim(store, doc_id, 0, 5, annotator="tester").claim
    window = make_window(db_path)
    toolbar = window.toolbar
    before = [toolbar.widgetForAction(window.action(k)).geometry() for k in TOOLBAR if k is not None]
    window.select_claim(claim.id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_2)  # "Undo Label disputed" is now the undo command
    assert window.action(ActionKey.UNDO).isEnabled()
    assert "Label disputed" in window.action(ActionKey.UNDO).toolTip()
    after = [toolbar.widgetForAction(window.action(k)).geometry() for k in TOOLBAR if k is not None]
    assert after == before
    assert toolbar.widgetForAction(window.action(ActionKey.UNDO)).text() == "Undo"
