"""Open a database as whoever runs this script (the tests run it as an unprivileged user) and report.

python probe_open.py DB      -> one JSON object on stdout
"""

from __future__ import annotations

import json
import sys

from annotator.services import claims as svc
from annotator.store import Store, StoreError


def main(path: str) -> dict[str, object]:
    try:
        store = Store(path)
    except StoreError as exc:
        return {"open_error": str(exc)}
    with store:
        result: dict[str, object] = {"readonly": store.readonly, "documents": len(store.document_ids())}
        doc_id = store.document_ids()[0] if store.document_ids() else None
        result["claims"] = len(store.claims())
        if doc_id is not None:
            try:
                svc.add_claim(store, doc_id, 0, 3, annotator="probe")
                result["edit"] = "saved"
            except StoreError as exc:
                result["edit_error"] = str(exc)
        return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
