"""Child process for the crash and concurrency tests: does real work through the services and
acknowledges each finished step on stdout *after* the service call returned.

    python child_worker.py edits DB DOC_ID SEED COUNT PREFIX
    python child_worker.py import DB PATH...
    python child_worker.py export DB FORMAT OUT ROUNDS
    python child_worker.py hold DB SECONDS

The parent kills it with SIGKILL at random moments and then checks that every acknowledged step is in the
database. "ready" is printed once the database is open, so that kill times fall inside the real work.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reliability_script import make_script

from annotator.services import claims as svc
from annotator.services.changes import Changes
from annotator.services.importing import import_paths
from annotator.store import Store


def ack(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_edits(store: Store, doc_id: str, seed: int, count: int, prefix: str) -> None:
    text = store.get_document(doc_id).text
    deleted: dict[str, Changes] = {}
    who = f"worker-{prefix}"
    ack("ready")
    for index, op in enumerate(make_script(seed, count, len(text), prefix)):
        kind, cid = op["op"], op["id"]
        if kind == "add":
            svc.add_claim(
                store, doc_id, op["start"], op["end"], annotator=who, label=op["label"], claim_id=cid
            )
        elif kind == "label":
            svc.set_label(store, cid, op["label"], annotator=who)
        elif kind == "note":
            svc.update_claim(store, cid, annotator=who, note=op["note"])
        elif kind == "reject":
            svc.reject_claim(store, cid, annotator=who)
        elif kind == "accept":
            svc.accept_claim(store, cid, annotator=who)
        elif kind == "move":
            svc.update_claim(store, cid, annotator=who, start=op["start"], end=op["end"])
        elif kind == "delete":
            deleted[cid] = svc.delete_claim(store, cid, annotator=who)
        elif kind == "restore":
            svc.undo(store, deleted.pop(cid), annotator=who)
        ack(f"ok {index}")
    ack("done")


def run_import(store: Store, paths: list[str]) -> None:
    ack("ready")

    class Acks:  # annotator.core.progress.Progress
        def step(self, done: int, total: int, message: str = "") -> None:
            ack(f"file {message}")

        def cancelled(self) -> bool:
            return False

    import_paths(store, paths, annotator="importer", progress=Acks())
    ack("done")


def run_hold(store: Store, seconds: float) -> None:
    """Hold a write transaction open (as a long import would) while the parent tries to write."""
    import time

    doc_id = store.document_ids()[0]
    with store.transaction():
        svc.add_claim(store, doc_id, 1, 4, annotator="holder", note="held", claim_id="held")
        ack("ready")
        time.sleep(seconds)
    ack("done")


def run_export(store: Store, fmt: str, out: str, rounds: int) -> None:
    from annotator.services.exporting import export

    ack("ready")
    for index in range(rounds):
        export(store, fmt, Path(out))
        ack(f"ok {index}")
    ack("done")


def main(argv: list[str]) -> None:
    command, db = argv[0], argv[1]
    with Store(db) as store:
        if command == "edits":
            run_edits(store, argv[2], int(argv[3]), int(argv[4]), argv[5])
        elif command == "import":
            run_import(store, argv[2:])
        elif command == "hold":
            run_hold(store, float(argv[2]))
        elif command == "export":
            run_export(store, argv[2], argv[3], int(argv[4]))
        else:
            raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
