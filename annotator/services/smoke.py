"""The install smoke test: every lazily imported path once, in a scratch folder.

The window imports trafilatura, spaCy and the format writers only when they are first needed, so an
install that lacks one of their dependencies (lxml_html_clean after lxml 5.2 was the case) starts and
paints fine and fails later in the user's hands. ``annotator --smoke-test`` runs this first: it imports an
HTML and a text article, suggests claims, exports every format and imports the JSONL export back.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path

from annotator.formats.registry import export_formats
from annotator.services.claims import update_claim
from annotator.services.exporting import ExportFilter, export
from annotator.services.importing import import_paths
from annotator.services.library import open_database, sample_article_text
from annotator.services.suggest import suggest_documents

SMOKE_ANNOTATOR = "smoke-test"


class SmokeTestError(Exception):
    """One step of the smoke test failed; the message names the step and the cause."""


def _sample_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    title, body = paragraphs[0], paragraphs[1:]
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body><article>"
        f"<h1>{html.escape(title)}</h1>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in body)
        + "</article></body></html>"
    )


def run_smoke_test(say: Callable[[str], None] = lambda line: None) -> None:
    """Raise SmokeTestError naming the failed step; ``say`` gets one line per step that passed."""
    with tempfile.TemporaryDirectory(prefix="annotator-smoke-") as scratch:
        folder = Path(scratch)
        text = sample_article_text()
        (folder / "in").mkdir()
        (folder / "in" / "sample.html").write_text(_sample_html(text), encoding="utf-8")
        (folder / "in" / "sample.txt").write_text(text, encoding="utf-8")
        step = "open a new database"
        try:
            with open_database(folder / "smoke.db", annotator=SMOKE_ANNOTATOR) as store:
                step = "import an HTML and a text article"
                imported = import_paths(store, [folder / "in"], annotator=SMOKE_ANNOTATOR)
                if len(imported.articles) != 2 or imported.errors:
                    raise SmokeTestError(f"{step}: {len(imported.articles)} file(s) imported, expected 2.")
                documents = len(store.document_ids())
                say(f"imported an HTML and a text article ({documents} stored: the same text is stored once)")
                step = "suggest claims"
                suggested = sum(d.added for d in suggest_documents(store).documents)
                if suggested == 0:
                    raise SmokeTestError(f"{step}: the suggester proposed nothing on the sample article.")
                say(f"suggested {suggested} claims")
                step = "decide a suggestion"
                first = store.claims()[0]
                update_claim(store, first.id, annotator=SMOKE_ANNOTATOR, status="accepted", verdict="true")
                (folder / "out").mkdir()
                names = [spec.name for spec in export_formats()]
                for name in names:  # every claim of every status, so that each writer has work to do
                    step = f"export {name}"
                    export(store, name, folder / "out" / name, ExportFilter.everything())
                say(f"exported {', '.join(names)}")
            step = "import the JSONL export back"
            with open_database(folder / "back.db", annotator=SMOKE_ANNOTATOR) as back:
                again = import_paths(back, [folder / "out" / "jsonl.jsonl"], annotator=SMOKE_ANNOTATOR)
                if len(back.document_ids()) != documents:
                    raise SmokeTestError(
                        f"{step}: {len(again.articles)} article(s) came back, not {documents}."
                    )
            say("imported the JSONL export back")
        except SmokeTestError:
            raise
        except Exception as exc:  # any failure of an installed dependency, named with its step
            raise SmokeTestError(f"{step}: {exc.__class__.__name__}: {exc}") from exc
