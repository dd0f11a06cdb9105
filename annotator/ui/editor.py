"""The editor below the claims table: label buttons, source and cue, verdict, note, evidence URLs.

It only emits what the annotator asked for; the window turns each request into one undoable, saved edit.
Text fields are committed when they lose focus (or on Enter), not on every keystroke.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import LABELS, Claim
from annotator.ui.style import LABEL_STYLES

VERDICTS = ("", "true", "mostly true", "mixed", "mostly false", "false", "unverifiable")


class _CommitOnFocusOut(QPlainTextEdit):
    committed = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()


class ClaimEditor(QWidget):
    label_requested = Signal(str)
    accept_requested = Signal()
    reject_requested = Signal()
    span_part_requested = Signal(str, bool)  # "source"/"cue", True = set from selection, False = clear
    field_edited = Signal(str, object)  # "verdict" | "note" | "evidence", new value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._claim: Claim | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)

        self.heading = QLabel("No claim selected")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.heading)

        buttons = QHBoxLayout()
        self.label_group = QButtonGroup(self)
        self.label_group.setExclusive(True)
        self.label_buttons: dict[str, QPushButton] = {}
        for label in LABELS:
            style = LABEL_STYLES[label]
            button = QPushButton(f"{style.key} {label}")
            button.setCheckable(True)
            # the chosen label shows in its own colour (the checked state alone is easy to miss)
            button.setStyleSheet(
                f"QPushButton:checked {{ background: {style.light}; color: black; font-weight: bold; }}"
            )
            button.setToolTip(f"Label {label} (key {style.key} or {style.letter})")
            button.clicked.connect(lambda _=False, name=label: self.label_requested.emit(name))
            self.label_group.addButton(button)
            self.label_buttons[label] = button
            buttons.addWidget(button)
        outer.addLayout(buttons)

        actions = QHBoxLayout()
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Accept the suggestion (Enter or Space)")
        self.accept_button.clicked.connect(self.accept_requested)
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip("Reject a suggestion or delete a claim (X or Delete)")
        self.reject_button.clicked.connect(self.reject_requested)
        actions.addWidget(self.accept_button)
        actions.addWidget(self.reject_button)
        actions.addStretch(1)
        outer.addLayout(actions)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.source_label, source_row = self._span_row("source")
        self.cue_label, cue_row = self._span_row("cue")
        form.addRow("Source:", source_row)
        form.addRow("Cue:", cue_row)

        self.verdict = QComboBox()
        self.verdict.setEditable(True)
        self.verdict.addItems(VERDICTS)
        self.verdict.setToolTip("Fact-check verdict (pick one or type your own)")
        verdict_edit = self.verdict.lineEdit()
        assert verdict_edit is not None  # an editable combo box has one
        self.verdict_edit: QLineEdit = verdict_edit
        self.verdict_edit.editingFinished.connect(self._verdict_done)
        self.verdict.activated.connect(lambda _i: self._verdict_done())
        form.addRow("Verdict:", self.verdict)

        self.note = _CommitOnFocusOut()
        self.note.setPlaceholderText("Note for this claim")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        self.note.committed.connect(self._note_done)
        form.addRow("Note:", self.note)

        self.evidence = _CommitOnFocusOut()
        self.evidence.setPlaceholderText("Evidence URLs, one a line")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setMaximumHeight(60)
        self.evidence.committed.connect(self._evidence_done)
        form.addRow("Evidence:", self.evidence)
        self.links = QLabel()
        self.links.setOpenExternalLinks(True)
        self.links.setWordWrap(True)
        self.links.setTextFormat(Qt.TextFormat.RichText)
        form.addRow("", self.links)
        outer.addLayout(form)
        # Gentle validation: what is missing or odd is said here, and nothing is ever refused.
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a15c00;")
        self.warning.hide()
        outer.addWidget(self.warning)
        # The direct children: their own children follow their state. Every descendant (43, with the
        # combo box's and the text fields' inner widgets) took PySide ~2 ms to wrap before the first paint.
        self._inputs = [
            w
            for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w not in (self.heading, self.warning)
        ]
        self._inputs_enabled = True
        self.set_claim(None)

    def _span_row(self, part: str) -> tuple[QLabel, QWidget]:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("–")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_button = QToolButton()
        set_button.setText("Set from selection")
        set_button.setToolTip(f"Mark the text selected in the article as the {part} of this claim")
        set_button.clicked.connect(lambda: self.span_part_requested.emit(part, True))
        clear_button = QToolButton()
        clear_button.setText("Clear")
        clear_button.clicked.connect(lambda: self.span_part_requested.emit(part, False))
        layout.addWidget(label, 1)
        layout.addWidget(set_button)
        layout.addWidget(clear_button)
        setattr(self, f"{part}_set_button", set_button)
        setattr(self, f"{part}_clear_button", clear_button)
        return label, row

    # -- showing ------------------------------------------------------------------------------------

    def claim(self) -> Claim | None:
        return self._claim

    def set_claim(self, claim: Claim | None) -> None:
        """Show ``claim`` (None: nothing selected). Fields being typed in keep their text when it is
        the same claim, so a refresh caused by another edit never eats what the user is typing."""
        same = claim is not None and self._claim is not None and claim.id == self._claim.id
        self._claim = claim
        if self._inputs_enabled != (claim is not None):
            self._inputs_enabled = claim is not None
            for child in self._inputs:
                child.setEnabled(claim is not None)
        if claim is None:
            self.heading.setText("No claim selected. Select text in the article and press N to add one.")
            # An exclusive group keeps one button checked: unchecking the lit one needs it non-exclusive.
            self.label_group.setExclusive(False)
            for button in self.label_buttons.values():
                button.setChecked(False)
            self.label_group.setExclusive(True)
            self.source_label.setText("–")
            self.cue_label.setText("–")
            # Only fields that hold text are cleared: clearing an empty one still repaints it, in the
            # same frame as the article that was just opened.
            if self.verdict.currentText():
                self.verdict.setEditText("")
            for field in (self.note, self.evidence):
                if not field.document().isEmpty():
                    field.setPlainText("")
            self.links.setText("")
            self._warn([])
            return
        import html  # here: with html.entities, ~1.5 ms of start-up, and the window opens with no claim shown

        origin = {"suggester": "suggested by the suggester", "manual": "added by hand", "import": "imported"}
        state = f"{claim.status}, {origin.get(claim.origin, claim.origin)}, by {claim.annotator}"
        if claim.reason:
            state += f" — {claim.reason}"
        self.heading.setText(
            f"<b>{html.escape(_short(claim.text))}</b><br><small>{html.escape(state)}</small>"
        )
        self.label_group.setExclusive(False)
        for label, button in self.label_buttons.items():
            button.setChecked(claim.label == label)
        self.label_group.setExclusive(True)
        self.accept_button.setEnabled(claim.status != "accepted")
        self.reject_button.setText("Reject" if claim.status == "suggested" else "Delete")
        self.source_label.setText(claim.source.text if claim.source else "–")
        self.cue_label.setText(claim.cue.text if claim.cue else "–")
        if not (same and self.verdict_edit.hasFocus()):
            self.verdict.setEditText(claim.verdict or "")
        if not (same and self.note.hasFocus()):
            self.note.setPlainText(claim.note or "")
        if not (same and self.evidence.hasFocus()):
            self.evidence.setPlainText("\n".join(claim.evidence))
        self.links.setText(
            "<br>".join(
                f'<a href="{html.escape(u, quote=True)}">{html.escape(u)}</a>'
                if is_link(u)
                else html.escape(u)
                for u in claim.evidence
            )
        )
        self._warn(warnings(claim))

    def _warn(self, lines: list[str]) -> None:
        self.warning.setText("\n".join(f"⚠ {line}" for line in lines))
        self.warning.setVisible(bool(lines))

    def focus_field(self, name: str) -> None:
        """Put the keyboard in the verdict, note or evidence field (Esc returns to the article)."""
        field = {"verdict": self.verdict, "note": self.note, "evidence": self.evidence}[name]
        field.setFocus()
        if name == "verdict":
            self.verdict_edit.selectAll()

    # -- committing ---------------------------------------------------------------------------------

    def _verdict_done(self) -> None:
        if self._claim is None:
            return
        value = self.verdict.currentText().strip() or None
        if value != self._claim.verdict:
            self.field_edited.emit("verdict", value)

    def _note_done(self) -> None:
        if self._claim is None:
            return
        value = self.note.toPlainText().strip() or None
        if value != self._claim.note:
            self.field_edited.emit("note", value)

    def _evidence_done(self) -> None:
        if self._claim is None:
            return
        urls = tuple(line.strip() for line in self.evidence.toPlainText().splitlines() if line.strip())
        if urls != self._claim.evidence:
            self.field_edited.emit("evidence", urls)


def is_link(text: str) -> bool:
    """An evidence line that can be opened: an http(s) URL with a host."""
    from urllib.parse import urlparse

    parsed = urlparse(text)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in text


def warnings(claim: Claim) -> list[str]:
    """What looks unfinished about a claim (shown, never enforced)."""
    found = []
    if claim.label == "attributed" and (claim.source is None or claim.cue is None):
        missing = " and ".join(p for p in ("source", "cue") if getattr(claim, p) is None)
        found.append(f"An attributed claim names its {missing}: select it in the article and press S or C.")
    found += [f"“{u}” is not a link (http:// or https://)." for u in claim.evidence if not is_link(u)]
    return found


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
