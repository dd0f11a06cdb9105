"""Every action of the window, declared once as data (as Picard's ``ui/mainwindow/actions.py`` and
napari's ``Action`` declarations do).

One table, ``ACTIONS``, keyed by ``ActionKey``, gives each action its text, shortcuts, help group, what it
calls and where it shows. The menus (``MENUS``), the toolbar (``TOOLBAR``), the shortcuts, the F1 list and
the hotkey settings are all built from it, so an action added here appears everywhere at once, and a test
can scan the table for a shortcut given twice.

Scope ``ANNOTATION``: single keys that fire only while the article or the claims table has focus, so
typing a note or a verdict never labels a claim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum, auto
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.core.model import LABELS

if TYPE_CHECKING:
    from annotator.ui.mainwindow.window import MainWindow


class ActionKey(Enum):
    NEW_DATABASE = auto()
    OPEN_DATABASE = auto()
    IMPORT = auto()
    EXPORT = auto()
    MERGE_DATABASES = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    FIND = auto()
    SEARCH_ALL = auto()
    TO_ARTICLE = auto()
    SHORTCUT_SETTINGS = auto()
    SUGGEST_AUTOMATICALLY = auto()
    LABEL_ATTRIBUTED = auto()
    LABEL_DISPUTED = auto()
    LABEL_FACTUAL = auto()
    ACCEPT = auto()
    REJECT = auto()
    NEW_CLAIM = auto()
    NEXT_CLAIM = auto()
    PREVIOUS_CLAIM = auto()
    SET_SOURCE = auto()
    SET_CUE = auto()
    CLEAR_SOURCE = auto()
    CLEAR_CUE = auto()
    GO_VERDICT = auto()
    GO_NOTE = auto()
    GO_EVIDENCE = auto()
    SPAN_END_MORE = auto()
    SPAN_END_LESS = auto()
    SPAN_START_MORE = auto()
    SPAN_START_LESS = auto()
    SPAN_END_MORE_CHAR = auto()
    SPAN_END_LESS_CHAR = auto()
    SPAN_START_MORE_CHAR = auto()
    SPAN_START_LESS_CHAR = auto()
    SUGGEST = auto()
    SUGGEST_ALL = auto()
    SUGGESTER_MODEL = auto()
    CANCEL_TASK = auto()
    REVIEW_MODE = auto()
    CURATE = auto()
    STATISTICS = auto()
    ZOOM_IN = auto()
    ZOOM_OUT = auto()
    ZOOM_RESET = auto()
    GUIDELINES = auto()
    SHORTCUTS = auto()

    @property
    def setting(self) -> str:
        """Where a changed shortcut is stored in QSettings."""
        return f"shortcuts/{self.name}"


WINDOW, ANNOTATION = "window", "annotation"
GROUPS = ("Claims", "Fields", "Spans", "Edit", "Files", "View", "Help")  # the F1 list's order


class ActionSpec(NamedTuple):
    key: ActionKey
    text: str  # in menus, with its & mnemonic
    run: Callable[[MainWindow], Any]
    shortcuts: tuple[str, ...] = ()
    group: str = "Edit"
    tip: str = ""  # what it does, in tooltips and F1 (default: the text)
    scope: str = WINDOW
    editing: bool = False  # disabled on a read-only database
    tool_text: str = ""  # a short, fixed toolbar text: the toolbar never reflows
    checkable: bool = False

    @property
    def description(self) -> str:
        return self.tip or self.text.replace("&", "").rstrip("…")


def _label(label: str, key: str, letter: str) -> ActionSpec:
    return ActionSpec(
        ActionKey[f"LABEL_{label.upper()}"],
        f"Label {label}",
        lambda w: w.set_label(label),
        (key, letter),
        "Claims",
        f"Label the claim (or the selected text) {label}",
        ANNOTATION,
        editing=True,
        tool_text=f"{letter} {label}",
    )


def _span(key: ActionKey, edge: str, direction: int, by_char: bool, keys: str, tip: str) -> ActionSpec:
    return ActionSpec(
        key,
        tip,
        lambda w: w.adjust_claim_span(edge, direction, by_char),
        (keys,),
        "Spans",
        scope=ANNOTATION,
        editing=True,
    )


K = ActionKey
ACTIONS: dict[ActionKey, ActionSpec] = {
    spec.key: spec
    for spec in (
        # files
        ActionSpec(K.NEW_DATABASE, "&New database…", lambda w: w.new_database(), ("Ctrl+N",), "Files"),
        ActionSpec(
            K.OPEN_DATABASE, "&Open database…", lambda w: w.open_database_dialog(), ("Ctrl+Shift+O",), "Files"
        ),
        ActionSpec(
            K.IMPORT,
            "&Import articles…",
            lambda w: w.import_dialog(),
            ("Ctrl+O",),
            "Files",
            "Import articles or folders (or drop them on the window)",
            editing=True,
            tool_text="Import",
        ),
        ActionSpec(
            K.EXPORT,
            "&Export…",
            lambda w: w.export_dialog(),
            ("Ctrl+E",),
            "Files",
            "Export annotations",
            tool_text="Export",
        ),
        ActionSpec(
            K.MERGE_DATABASES,
            "&Merge databases…",
            lambda w: w.merge_dialog(),
            (),
            "Files",
            "Merge other annotators' databases into this one",
            editing=True,
        ),
        ActionSpec(K.QUIT, "&Quit", lambda w: w.close(), ("Ctrl+Q",), "Files"),
        # edit
        ActionSpec(
            K.UNDO,
            "&Undo",
            lambda w: w.undo_stack.undo(),
            ("Ctrl+Z",),
            "Edit",
            tool_text="Undo",
        ),
        ActionSpec(
            K.REDO,
            "&Redo",
            lambda w: w.undo_stack.redo(),
            ("Ctrl+Shift+Z", "Ctrl+Y"),
            "Edit",
            tool_text="Redo",
        ),
        ActionSpec(
            K.FIND,
            "&Find in article…",
            lambda w: w.show_find(),
            ("Ctrl+F",),
            "Edit",
            tool_text="Find",
        ),
        ActionSpec(
            K.SEARCH_ALL,
            "&Search all articles…",
            lambda w: w.show_search(),
            ("Ctrl+Shift+F",),
            "Edit",
            "Search the text of every article; a result opens the article at the hit",
        ),
        ActionSpec(
            K.TO_ARTICLE,
            "Back to the &article",
            lambda w: w.focus_article(),
            ("Esc",),
            "Edit",
            "Leave any field (it is saved) and return to the article",
        ),
        ActionSpec(
            K.SHORTCUT_SETTINGS,
            "&Keyboard shortcuts…",
            lambda w: w.edit_shortcuts(),
            (),
            "Edit",
            "Change the keyboard shortcuts",
        ),
        ActionSpec(
            K.SUGGEST_AUTOMATICALLY,
            "Suggest claims &automatically",
            lambda w: w.toggle_auto_suggest(),
            (),
            "Edit",
            "Suggest claims in the background on first run and after every import",
            checkable=True,
        ),
        # claims
        *(_label(label, str(i + 1), label[0].upper()) for i, label in enumerate(LABELS)),
        ActionSpec(
            K.ACCEPT,
            "&Accept suggestion",
            lambda w: w.accept_claim(),
            ("Return", "Enter", "Space"),
            "Claims",
            scope=ANNOTATION,
            editing=True,
            tool_text="Accept",
        ),
        ActionSpec(
            K.REJECT,
            "&Reject or delete",
            lambda w: w.reject_or_delete(),
            ("X", "Del"),
            "Claims",
            "Reject a suggestion, or delete a claim",
            ANNOTATION,
            editing=True,
            tool_text="Reject",
        ),
        ActionSpec(
            K.NEW_CLAIM,
            "New &claim from selection",
            lambda w: w.new_claim_from_selection(),
            ("N",),
            "Claims",
            "New claim from the selected text",
            ANNOTATION,
            editing=True,
            tool_text="New claim",
        ),
        ActionSpec(
            K.NEXT_CLAIM, "&Next claim", lambda w: w.step_claim(1), ("J", "Tab"), "Claims", scope=ANNOTATION
        ),
        # Only "Shift+Tab": a Shift+Tab press (the key Backtab) matched "Backtab" as well, and with both bound
        # Qt found the press ambiguous and did nothing.
        ActionSpec(
            K.PREVIOUS_CLAIM,
            "&Previous claim",
            lambda w: w.step_claim(-1),
            ("K", "Shift+Tab"),
            "Claims",
            scope=ANNOTATION,
        ),
        # fields of the selected claim
        ActionSpec(
            K.SET_SOURCE,
            "Set &source from selection",
            lambda w: w.set_span_part("source", True),
            ("S",),
            "Fields",
            "Make the selected text the claim's source",
            ANNOTATION,
            editing=True,
        ),
        ActionSpec(
            K.SET_CUE,
            "Set c&ue from selection",
            lambda w: w.set_span_part("cue", True),
            ("C",),
            "Fields",
            "Make the selected text the claim's cue",
            ANNOTATION,
            editing=True,
        ),
        ActionSpec(
            K.CLEAR_SOURCE,
            "Clear source",
            lambda w: w.set_span_part("source", False),
            ("Shift+S",),
            "Fields",
            scope=ANNOTATION,
            editing=True,
        ),
        ActionSpec(
            K.CLEAR_CUE,
            "Clear cue",
            lambda w: w.set_span_part("cue", False),
            ("Shift+C",),
            "Fields",
            scope=ANNOTATION,
            editing=True,
        ),
        ActionSpec(
            K.GO_VERDICT,
            "Go to &verdict",
            lambda w: w.focus_field("verdict"),
            ("V",),
            "Fields",
            "Type the verdict (Esc: back to the article)",
            ANNOTATION,
            editing=True,
        ),
        ActionSpec(
            K.GO_NOTE,
            "Go to n&ote",
            lambda w: w.focus_field("note"),
            ("O",),
            "Fields",
            "Type a note (Esc: back to the article)",
            ANNOTATION,
            editing=True,
        ),
        ActionSpec(
            K.GO_EVIDENCE,
            "Go to &evidence",
            lambda w: w.focus_field("evidence"),
            ("E",),
            "Fields",
            "Type evidence URLs (Esc: back to the article)",
            ANNOTATION,
            editing=True,
        ),
        # spans
        _span(K.SPAN_END_MORE, "end", 1, False, "Shift+Right", "Extend the claim's end by a word"),
        _span(K.SPAN_END_LESS, "end", -1, False, "Shift+Left", "Shrink the claim's end by a word"),
        _span(K.SPAN_START_MORE, "start", -1, False, "Shift+Up", "Extend the claim's start by a word"),
        _span(K.SPAN_START_LESS, "start", 1, False, "Shift+Down", "Shrink the claim's start by a word"),
        _span(
            K.SPAN_END_MORE_CHAR, "end", 1, True, "Alt+Shift+Right", "Extend the claim's end by a character"
        ),
        _span(
            K.SPAN_END_LESS_CHAR, "end", -1, True, "Alt+Shift+Left", "Shrink the claim's end by a character"
        ),
        _span(
            K.SPAN_START_MORE_CHAR,
            "start",
            -1,
            True,
            "Alt+Shift+Up",
            "Extend the claim's start by a character",
        ),
        _span(
            K.SPAN_START_LESS_CHAR,
            "start",
            1,
            True,
            "Alt+Shift+Down",
            "Shrink the claim's start by a character",
        ),
        # suggestions and background work
        ActionSpec(
            K.SUGGEST,
            "&Suggest claims",
            lambda w: w.suggest_claims(),
            ("Ctrl+Shift+S",),
            "Claims",
            "Let the suggester propose claims for this article",
            editing=True,
            tool_text="Suggest",
        ),
        ActionSpec(
            K.SUGGEST_ALL,
            "Suggest claims in &all articles",
            lambda w: w.suggest_all(),
            ("Ctrl+Alt+S",),
            "Claims",
            "Let the suggester propose claims for every article (with progress and Cancel)",
            editing=True,
        ),
        ActionSpec(
            K.SUGGESTER_MODEL,
            "Suggester &model…",
            lambda w: w.choose_suggester_model(),
            (),
            "Claims",
            "Choose a trained spaCy pipeline for the suggester (empty: built-in rules)",
        ),
        ActionSpec(K.CANCEL_TASK, "Cancel background task", lambda w: w.cancel_task(), (), "Claims"),
        # view
        ActionSpec(
            K.REVIEW_MODE,
            "&Review mode",
            lambda w: w.show_review(),
            (),
            "View",
            "Compare the annotators' labels and pick the final (gold) label",
        ),
        ActionSpec(
            K.CURATE,
            "C&urate",
            lambda w: w.toggle_curation(),
            ("Ctrl+Shift+C",),
            "View",
            "Curation: every annotator's decisions on the article, and the gold decision",
        ),
        ActionSpec(
            K.STATISTICS,
            "&Statistics",
            lambda w: w.show_statistics(),
            (),
            "View",
            "Claims per label and annotator, progress, agreement",
        ),
        ActionSpec(
            K.ZOOM_IN,
            "Zoom &in",
            lambda w: w.change_font_size(1),
            ("Ctrl++", "Ctrl+="),
            "View",
            "Larger article text",
        ),
        ActionSpec(
            K.ZOOM_OUT,
            "Zoom &out",
            lambda w: w.change_font_size(-1),
            ("Ctrl+-",),
            "View",
            "Smaller article text",
        ),
        ActionSpec(K.ZOOM_RESET, "&Reset zoom", lambda w: w.change_font_size(0), ("Ctrl+0",), "View"),
        ActionSpec(
            K.GUIDELINES,
            "&Guidelines",
            lambda w: w.show_help("guidelines"),
            ("F1",),
            "Help",
            "Guidelines and shortcuts",
            tool_text="Help",
        ),
        ActionSpec(K.SHORTCUTS, "&Keyboard shortcuts", lambda w: w.show_help("shortcuts"), (), "Help"),
    )
}

# Menus: None is a separator, a string names a submenu the window fills ("recent", "spans").
MenuItem = ActionKey | str | None
MENUS: dict[str, tuple[MenuItem, ...]] = {
    "&File": (
        K.NEW_DATABASE,
        K.OPEN_DATABASE,
        "recent",
        None,
        K.IMPORT,
        K.EXPORT,
        K.MERGE_DATABASES,
        None,
        K.QUIT,
    ),
    "&Edit": (
        K.UNDO,
        K.REDO,
        None,
        K.FIND,
        K.SEARCH_ALL,
        K.TO_ARTICLE,
        None,
        K.SHORTCUT_SETTINGS,
        K.SUGGEST_AUTOMATICALLY,
    ),
    "&Claim": (
        K.LABEL_ATTRIBUTED,
        K.LABEL_DISPUTED,
        K.LABEL_FACTUAL,
        K.ACCEPT,
        K.REJECT,
        None,
        K.NEW_CLAIM,
        K.NEXT_CLAIM,
        K.PREVIOUS_CLAIM,
        None,
        K.SET_SOURCE,
        K.SET_CUE,
        K.CLEAR_SOURCE,
        K.CLEAR_CUE,
        K.GO_VERDICT,
        K.GO_NOTE,
        K.GO_EVIDENCE,
        None,
        K.SUGGEST,
        K.SUGGEST_ALL,
        K.SUGGESTER_MODEL,
        K.CANCEL_TASK,
        "spans",
    ),
    "&View": (K.ZOOM_IN, K.ZOOM_OUT, K.ZOOM_RESET, None, K.REVIEW_MODE, K.STATISTICS, K.CURATE),
    "&Help": (K.GUIDELINES, K.SHORTCUTS),
}
SPAN_ACTIONS = tuple(key for key, spec in ACTIONS.items() if spec.group == "Spans")
TOOLBAR: tuple[ActionKey | None, ...] = (
    K.IMPORT,
    K.EXPORT,
    None,
    K.UNDO,
    K.REDO,
    None,
    K.NEW_CLAIM,
    K.LABEL_ATTRIBUTED,
    K.LABEL_DISPUTED,
    K.LABEL_FACTUAL,
    K.ACCEPT,
    K.REJECT,
    None,
    K.SUGGEST,
    K.FIND,
    K.GUIDELINES,
)
# Not a key of its own, listed in F1 all the same.
EXTRA_HELP_ROWS = (("Spans", "Alt + mouse selection", "Select characters instead of words"),)


def shown_keys(shortcuts: Iterable[str]) -> str:
    """How F1 and tooltips write an action's keys."""
    return " or ".join(shortcuts)


def help_rows(current: dict[ActionKey, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """(group, keys, what it does) for every action, in F1's order; actions without keys are listed too,
    so F1 names everything the window can do."""
    rows = [
        (spec.group, shown_keys(current.get(key, spec.shortcuts)) or "(menu)", spec.description)
        for key, spec in ACTIONS.items()
    ]
    rows += EXTRA_HELP_ROWS
    return sorted(rows, key=lambda row: GROUPS.index(row[0]))


def duplicate_shortcuts(current: dict[ActionKey, tuple[str, ...]]) -> dict[str, list[ActionKey]]:
    """Shortcuts bound to more than one action in the same scope (Qt would call them ambiguous)."""
    from PySide6.QtGui import QKeySequence

    seen: dict[tuple[str, str], list[ActionKey]] = {}
    for key, spec in ACTIONS.items():
        for shortcut in current.get(key, spec.shortcuts):
            portable = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.PortableText)
            seen.setdefault((spec.scope, portable), []).append(key)
    # A window shortcut also fires while the article has focus: it clashes with an annotation key too.
    out: dict[str, list[ActionKey]] = {}
    for (scope, portable), keys in seen.items():
        others = seen.get((WINDOW, portable), []) if scope == ANNOTATION else []
        if len(keys) + len(others) > 1:
            out[portable] = keys + others
    return out
