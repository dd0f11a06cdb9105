"""Render curation mode on a merged team database (alice, bob, carol on the sample article) to PNGs.

    xvfb-run -a python scripts/screenshot_curation.py [docs]

Builds each annotator's database with the services, merges them into a throw-away team database, opens the
window, enters curation (the window's Curate action) and saves docs/curation.png (the first open
disagreement) and docs/curation-gold.png (after G took the agreed spans into gold and one decision).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from annotator.services.claims import add_claim
from annotator.services.library import import_sample
from annotator.services.merge import merge_databases
from annotator.store import Store

# (snippet, {annotator: (label or "rejected", source, cue)}); someone missing from the dict did not mark it.
DECISIONS = [
    (
        "DeepSeek, a Chinese startup, has launched a competitive AI model rivaling U.S. tech giants at a "
        "significantly lower cost",
        {"alice": ("factual", None, None), "bob": ("factual", None, None), "carol": ("factual", None, None)},
    ),
    (
        "This event questions the effectiveness of U.S. sanctions and large funding programs",
        {"alice": ("disputed", None, None), "bob": ("rejected", None, None)},
    ),
    (
        "Chinese startup DeepSeek has unveiled a cutting-edge AI model that rivals top competitors like "
        "OpenAI and Google",
        {"alice": ("factual", None, None), "bob": ("factual", None, None), "carol": ("factual", None, None)},
    ),
    (
        "particularly affecting Nvidia, which saw a 17% drop, erasing over $600 billion in market value",
        {"alice": ("factual", None, None), "bob": ("factual", None, None), "carol": ("disputed", None, None)},
    ),
    (
        "The success of DeepSeek indicates that the U.S. chip sanctions may have backfired",
        {
            "alice": ("rejected", None, None),
            "bob": ("disputed", None, None),
            "carol": ("rejected", None, None),
        },
    ),
    (
        "As Perplexity CEO Aravind Srinivas noted, the necessity to overcome these obstacles spurred "
        "creativity",
        {
            "alice": ("attributed", "Aravind Srinivas", "noted"),
            "bob": ("attributed", "Perplexity CEO Aravind Srinivas", "noted"),
            "carol": ("attributed", "Aravind Srinivas", "noted"),
        },
    ),
    (
        "While there remains skepticism regarding DeepSeek’s technology and development process",
        {
            "alice": ("disputed", None, None),
            "bob": ("disputed", None, None),
            "carol": ("disputed", None, None),
        },
    ),
    (
        "DeepSeek claims to have developed a model comparable to high-profile projects like GPT-4o",
        {"alice": ("attributed", "DeepSeek", "claims"), "bob": ("factual", None, None)},
    ),
]
ANNOTATORS = ("alice", "bob", "carol")


def build_team_db(folder: Path) -> Path:
    """Each annotator's own database on the sample article, merged into folder/team.db."""
    sources = []
    for name in ANNOTATORS:
        path = folder / f"{name}.db"
        with Store(path) as store:
            doc_id = import_sample(store, annotator="lead")
            text = store.get_document(doc_id).text
            for snippet, decisions in DECISIONS:
                if name not in decisions:
                    continue
                start = text.find(snippet)
                assert start >= 0, snippet
                label, source, cue = decisions[name]
                spans = {}
                for part, words in (("source", source), ("cue", cue)):
                    if words:
                        at = text.find(words, start)
                        spans[part] = (at, at + len(words))
                add_claim(
                    store,
                    doc_id,
                    start,
                    start + len(snippet),
                    annotator=name,
                    label=None if label == "rejected" else label,
                    status="rejected" if label == "rejected" else "accepted",
                    **spans,
                )
        sources.append(path)
    team = folder / "team.db"
    merge_databases(team, sources)
    return team


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ANNOTATOR_DATA_DIR", tmp)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        if os.environ.get("SCREENSHOT_DARK"):  # check the dark palette too
            from screenshot import use_dark_palette  # scripts/ is on sys.path when a script there runs

            use_dark_palette(app)
        from PySide6.QtTest import QTest

        from annotator.ui.mainwindow import MainWindow

        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        store = Store(build_team_db(Path(tmp)))
        window = MainWindow(store, "rita", settings)
        window.resize(1500, 950)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.toggle_curation()
        panel = window.curation_mode.panel
        for _ in range(1000):
            if not panel.loading:
                break
            QTest.qWait(10)
        for _ in range(10):
            app.processEvents()
        out.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out / "curation.png"))
        QTest.keyClick(panel.view, Qt.Key.Key_G)
        QTest.keyClick(panel.view, Qt.Key.Key_J)
        QTest.keyClick(panel.view, Qt.Key.Key_2)
        for _ in range(10):
            app.processEvents()
        ok = window.grab().save(str(out / "curation-gold.png")) and ok
        window.close()
        store.close()
        print(
            f"wrote {out}/curation.png, {out}/curation-gold.png" if ok else "could not write the screenshots"
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
