"""`annotator --smoke-test` runs every lazily imported path of an install before it paints."""

from __future__ import annotations

import pytest

from annotator.services import smoke


def test_smoke_test_runs_every_step() -> None:
    said: list[str] = []
    smoke.run_smoke_test(said.append)
    assert said[0].startswith("imported an HTML and a text article")
    assert said[1].startswith("suggested ") and said[1] != "suggested 0 claims"
    assert all(spec.name in said[2] for spec in smoke.export_formats())
    assert said[3] == "imported the JSONL export back"


def test_a_broken_dependency_names_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ImportError("No module named 'lxml_html_clean'")

    monkeypatch.setattr(smoke, "suggest_documents", broken)
    with pytest.raises(smoke.SmokeTestError, match=r"^suggest claims: ImportError: No module named"):
        smoke.run_smoke_test()
