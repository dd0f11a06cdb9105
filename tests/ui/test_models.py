"""Every item model passes Qt's model tester, which stays connected through the edits the window makes."""

from __future__ import annotations

import pytest

from annotator.services import claims as claim_service
from annotator.store import Store
from annotator.ui.models import ClaimsFilterProxy, ClaimsTableModel, DocumentsModel


@pytest.mark.parametrize("through_proxy", [False, True], ids=["table-model", "filter-proxy"])
def test_claims_model_through_edits(
    qtmodeltester, store: Store, sample_doc_id: str, through_proxy: bool
) -> None:
    text = store.get_document(sample_doc_id).text
    made = []
    for word in ("DeepSeek", "Nvidia", "Perplexity", "skepticism"):
        start = text.index(word)
        made.append(
            claim_service.add_claim(store, sample_doc_id, start, start + len(word), annotator="t").claim
        )
    model = ClaimsTableModel()
    model.set_text(text)
    model.set_claims(made[:3])
    proxy = ClaimsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(1)
    qtmodeltester.check(proxy if through_proxy else model, force_py=True)

    model.put(made[3])  # insert
    model.put(claim_service.set_label(store, made[0].id, "factual", annotator="t").claim)  # one row changes
    moved = claim_service.update_claim(
        store, made[1].id, annotator="t", start=0, end=3
    ).claim  # moves to the top
    model.put(moved)
    assert model.claim(0).id == made[1].id
    # "#" is the paragraph the claim starts in (the title is paragraph 1)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["1", "1", "4", "6"]
    proxy.set_label_filter("factual")
    assert proxy.rowCount() == 1
    proxy.set_label_filter("-")
    assert proxy.rowCount() == 3
    model.remove(made[2].id)
    assert model.rowCount() == 3 and model.row_of(made[2].id) is None
    model.set_claims(made[:2])


def test_documents_model(qtmodeltester, store: Store, sample_doc_id: str) -> None:
    model = DocumentsModel()
    model.set_documents(store.list_documents())
    qtmodeltester.check(model, force_py=True)
    model.set_progress(sample_doc_id, 2, 5, 1)
    assert model.summary(sample_doc_id).labelled == 2
    model.set_documents([])
