"""The suggest service and `annotator suggest`: storing suggestions without ever overriding a person."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import SUGGESTER
from annotator.services.claims import add_claim, list_claims, reject_claim, set_label
from annotator.services.suggest import suggest_all_documents, suggest_documents
from annotator.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"


def _snapshot(store: Store, doc_id: str) -> list[tuple]:
    return [
        (c.id, c.start, c.end, c.label, c.status, c.origin, c.updated_at) for c in list_claims(store, doc_id)
    ]


def test_suggestions_are_stored_as_suggested_with_origin_reason_and_spans(
    store: Store, sample_doc_id: str
) -> None:
    report = suggest_documents(store, [sample_doc_id])
    claims = list_claims(store, sample_doc_id)
    assert report.added == len(claims) >= 8
    assert {c.status for c in claims} == {"suggested"} and {c.origin for c in claims} == {"suggester"}
    assert all(c.reason and 0.0 <= (c.confidence or 0) <= 1.0 and c.label for c in claims)
    noted = next(c for c in claims if c.cue and c.cue.text == "noted")
    assert noted.source is not None and (noted.label, noted.source.text) == (
        "attributed",
        "Perplexity CEO Aravind Srinivas",
    )
    assert noted.reason == "cue 'noted' with source 'Perplexity CEO Aravind Srinivas'"


def test_running_twice_changes_nothing(store: Store, sample_doc_id: str) -> None:
    suggest_documents(store)
    before = _snapshot(store, sample_doc_id)
    report = suggest_documents(store)
    assert report.added == 0 and report.replaced == 0
    assert _snapshot(store, sample_doc_id) == before


def test_a_rejected_suggestion_never_comes_back(store: Store, sample_doc_id: str) -> None:
    suggest_documents(store)
    victim = list_claims(store, sample_doc_id)[0]
    reject_claim(store, victim.id, annotator="alice")
    suggest_documents(store)
    same_span = [
        c for c in list_claims(store, sample_doc_id) if (c.start, c.end) == (victim.start, victim.end)
    ]
    # The suggestion stays the suggester's; alice's rejection is her own claim on it.
    assert sorted((c.annotator, c.status, c.basis) for c in same_span) == [
        ("alice", "rejected", victim.id),
        (SUGGESTER, "suggested", None),
    ]


def test_a_labelled_suggestion_keeps_the_annotators_label(store: Store, sample_doc_id: str) -> None:
    suggest_documents(store)
    claim = list_claims(store, sample_doc_id)[0]
    decision = set_label(store, claim.id, "disputed", annotator="alice").claim
    assert decision is not None
    suggest_documents(store)
    after = store.get_claim(decision.id)
    assert (after.label, after.status, after.basis) == ("disputed", "accepted", claim.id)
    assert store.get_claim(claim.id) == claim  # the suggestion itself is untouched
    assert (
        sum(1 for c in list_claims(store, sample_doc_id) if c.start < claim.end and claim.start < c.end) == 2
    )


def test_a_manual_claim_overlapping_a_suggestion_wins(store: Store, sample_doc_id: str) -> None:
    text = store.get_document(sample_doc_id).text
    start = text.index("Nvidia, which saw a 17% drop")
    manual = add_claim(store, sample_doc_id, start, start + 28, annotator="alice", label="factual").claim
    assert manual is not None
    report = suggest_documents(store)
    overlapping = [
        c for c in list_claims(store, sample_doc_id) if c.start < manual.end and manual.start < c.end
    ]
    assert [c.id for c in overlapping] == [manual.id]
    assert report.skipped == 1


def test_an_untouched_older_suggestion_is_replaced_not_duplicated(store: Store, sample_doc_id: str) -> None:
    text = store.get_document(sample_doc_id).text
    start = text.index("DeepSeek claims to have developed")
    old = add_claim(
        store,
        sample_doc_id,
        start,
        start + 40,
        annotator="suggester",
        label="factual",
        status="suggested",
        origin="suggester",
        confidence=0.4,
        reason="older rules",
    ).claim
    assert old is not None
    report = suggest_documents(store)
    assert report.replaced == 1
    overlapping = [c for c in list_claims(store, sample_doc_id) if c.start < old.end and old.start < c.end]
    assert len(overlapping) == 1 and overlapping[0].id != old.id
    assert overlapping[0].cue is not None
    assert (overlapping[0].label, overlapping[0].cue.text) == ("attributed", "claims")


class _Recorder:
    """A Progress that records each step and asks to stop after ``stop_after`` articles."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.steps: list[tuple[int, int, str]] = []
        self.stop_after = stop_after

    def step(self, done: int, total: int, message: str = "") -> None:
        self.steps.append((done, total, message))

    def cancelled(self) -> bool:
        return self.stop_after is not None and len(self.steps) >= self.stop_after


def _three_articles(store: Store) -> list[str]:
    from annotator.services.importing import import_paths

    folder = store.path.parent / "articles"
    folder.mkdir()
    for name in ("calder-port-strike", "riverton-transit-levy", "valleygrid-heatwave"):
        (folder / f"{name}.txt").write_text(
            (DATA / "articles" / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8"
        )
    import_paths(store, [folder], annotator="tester")
    return list(store.document_ids())


def test_suggest_all_reports_progress_per_article(store: Store) -> None:
    ids = _three_articles(store)
    progress = _Recorder()
    report = suggest_all_documents(store, progress=progress)
    assert [(d, t) for d, t, _ in progress.steps] == [(i, len(ids)) for i in range(1, len(ids) + 1)]
    assert all(message for *_, message in progress.steps)  # the article's title
    assert [d.doc_id for d in report.documents] == ids and not report.cancelled


def test_cancel_stops_at_an_article_boundary(store: Store) -> None:
    ids = _three_articles(store)
    report = suggest_all_documents(store, progress=_Recorder(stop_after=1))
    assert report.cancelled and len(report.documents) == 1
    with_claims = {c.doc_id for c in list_claims(store)}
    assert with_claims == {report.documents[0].doc_id} and report.documents[0].added > 0
    # Cancelled before the first article: nothing is written.
    assert set(ids) - with_claims
    again = suggest_documents(store, progress=_Recorder(stop_after=0))
    assert again.cancelled and again.documents == []


def test_cli_suggest_reports_counts_and_is_idempotent(store: Store, sample_doc_id: str) -> None:
    path = str(store.path)
    store.close()
    runner = CliRunner()
    first = runner.invoke(cli, ["suggest", path, "--doc", sample_doc_id])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Suggested ") and "in 1 article(s)" in first.output
    second = runner.invoke(cli, ["suggest", path])
    assert second.exit_code == 0 and second.output.startswith("Suggested 0 claim(s)")
    with Store(path) as reopened:
        claims = list_claims(reopened, sample_doc_id)
    assert claims and {(c.annotator, c.origin) for c in claims} == {(SUGGESTER, "suggester")}


def test_cli_suggest_errors_are_one_sentence(store: Store, sample_doc_id: str) -> None:
    path = str(store.path)
    store.close()
    runner = CliRunner()
    missing = runner.invoke(cli, ["suggest", path, "--model", "en_core_web_nonexistent"])
    assert missing.exit_code != 0
    assert "is not installed" in missing.output and "Traceback" not in missing.output
    bad_doc = runner.invoke(cli, ["suggest", path, "--doc", "nope"])
    assert bad_doc.exit_code != 0 and "no article with id 'nope'" in bad_doc.output


def test_cli_suggest_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["suggest", "--help"])
    assert result.exit_code == 0 and "annotator suggest alice.db" in result.output
