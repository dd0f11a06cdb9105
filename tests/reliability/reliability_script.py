"""Deterministic edit scripts shared by the crash and concurrency tests and their child processes.

A script is generated from a seed while simulating its effect, so every operation is valid when it runs,
and ``model_after(script, k)`` says exactly what the claims must look like after the first ``k`` edits.
"""

from __future__ import annotations

import random
from typing import Any

from annotator.core.model import LABELS

Op = dict[str, Any]
ClaimState = tuple[int, int, str | None, str, str | None]  # start, end, label, status, note


def _apply(live: dict[str, ClaimState], deleted: dict[str, ClaimState], op: Op) -> None:
    cid, kind = op["id"], op["op"]
    if kind == "add":
        live[cid] = (op["start"], op["end"], op["label"], "accepted", None)
        return
    if kind == "delete":
        deleted[cid] = live.pop(cid)
        return
    if kind == "restore":
        live[cid] = deleted.pop(cid)
        return
    start, end, label, status, note = live[cid]
    if kind == "label":
        label = op["label"]
    elif kind == "note":
        note = op["note"]
    elif kind == "reject":
        status = "rejected"
    elif kind == "accept":
        status = "accepted"
    elif kind == "move":
        start, end = op["start"], op["end"]
    live[cid] = (start, end, label, status, note)


def make_script(seed: int, count: int, text_length: int, prefix: str = "c") -> list[Op]:
    """``count`` valid edits on one article: add, label, note, reject, accept, move, delete, restore."""
    rng = random.Random(seed)
    live: dict[str, ClaimState] = {}
    deleted: dict[str, ClaimState] = {}
    script: list[Op] = []
    serial = 0

    def span() -> tuple[int, int]:
        start = rng.randrange(0, text_length - 1)
        return start, rng.randrange(start + 1, min(text_length, start + 300) + 1)

    while len(script) < count:
        choices = ["add"] * 3
        if live:
            choices += ["label", "label", "note", "reject", "accept", "move", "delete"]
        if deleted:
            choices.append("restore")
        kind = rng.choice(choices)
        if kind == "add":
            serial += 1
            start, end = span()
            op: Op = {
                "op": "add",
                "id": f"{prefix}{seed}-{serial}",
                "start": start,
                "end": end,
                "label": rng.choice((*LABELS, None)),
            }
        elif kind == "restore":
            op = {"op": "restore", "id": rng.choice(sorted(deleted))}
        else:
            op = {"op": kind, "id": rng.choice(sorted(live))}
            if kind == "label":
                op["label"] = rng.choice(LABELS)
            elif kind == "note":
                op["note"] = f"note {len(script)} ✓ 🧪"
            elif kind == "move":
                op["start"], op["end"] = span()
        _apply(live, deleted, op)
        script.append(op)
    return script


def model_after(script: list[Op], count: int) -> dict[str, ClaimState]:
    live: dict[str, ClaimState] = {}
    deleted: dict[str, ClaimState] = {}
    for op in script[:count]:
        _apply(live, deleted, op)
    return live
