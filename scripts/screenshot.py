"""Render the window on the sample article, with a few labelled and suggested claims, to a PNG.

    xvfb-run -a python scripts/screenshot.py [docs/screenshot.png]
    SCREENSHOT_SIZE=1024x700 xvfb-run -a python scripts/screenshot.py docs/screenshot-1024.png
    SCREENSHOT_DARK=1 xvfb-run -a python scripts/screenshot.py docs/screenshot-dark.png
    convert docs/screenshot.png -colorspace Gray docs/screenshot-grey.png

Uses a throw-away database and throw-away settings, so it never touches your own.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator.services import claims
from annotator.services.library import import_sample
from annotator.store import Store

# (text of the claim, label, status, source, cue)
DEMO_CLAIMS = [
    (
        "DeepSeek, a Chinese startup, has launched a competitive AI model rivaling U.S. tech giants at a "
        "significantly lower cost",
        "factual",
        "accepted",
        None,
        None,
    ),
    (
        "particularly affecting Nvidia, which saw a 17% drop, erasing over $600 billion in market value",
        "factual",
        "accepted",
        None,
        None,
    ),
    (
        "The success of DeepSeek indicates that the U.S. chip sanctions may have backfired",
        None,
        "suggested",
        None,
        None,
    ),
    (
        "As Perplexity CEO Aravind Srinivas noted, the necessity",
        "attributed",
        "accepted",
        "Aravind Srinivas",
        "noted",
    ),
    ("While there remains skepticism regarding DeepSeek", "disputed", "suggested", None, None),
]


def seed(store: Store, annotator: str) -> tuple[str, list[str]]:
    doc_id = import_sample(store, annotator=annotator)
    text = store.get_document(doc_id).text
    ids = []
    for snippet, label, status, source, cue in DEMO_CLAIMS:
        start = text.find(snippet)
        if start < 0:
            continue
        end = start + len(snippet)
        if snippet.endswith("the necessity"):  # extend the attributed claim to its sentence end
            end = text.find("in AI development", end) + len("in AI development")
        span = {}
        for name, part in (("source", source), ("cue", cue)):
            if part:
                at = text.find(part, start)
                span[name] = (at, at + len(part))
        claim = claims.add_claim(
            store,
            doc_id,
            start,
            end,
            annotator=annotator,
            label=label,
            status=status,
            origin="suggester" if status == "suggested" else "manual",
            reason="cue word and a named actor" if status == "suggested" else None,
            **span,
        ).claim
        ids.append(claim.id)
    return doc_id, ids


def use_dark_palette(app: QApplication) -> None:
    """A dark desktop's palette (Fusion), as a user with a dark theme sees the window."""
    from PySide6.QtGui import QColor, QPalette

    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#3a3a3a"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6e6e6e"))
    app.setPalette(palette)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ANNOTATOR_DATA_DIR", tmp)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        if os.environ.get("SCREENSHOT_DARK"):  # check the dark palette too
            use_dark_palette(app)
        from annotator.ui.mainwindow import MainWindow

        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        store = Store(Path(tmp) / "demo.db")
        doc_id, ids = seed(store, "alice")
        window = MainWindow(store, "alice", settings)
        width, height = (int(n) for n in os.environ.get("SCREENSHOT_SIZE", "1500x900").split("x"))
        window.resize(width, height)
        window.show()
        window.open_document(doc_id)
        for _ in range(5):
            app.processEvents()
        if len(ids) > 3:
            window.select_claim(ids[3])
        window.article_view.verticalScrollBar().setValue(0)
        for _ in range(10):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        window.close()
        store.close()
        print(f"wrote {out}" if ok else f"could not write {out}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
