"""Import one file in a fresh process and print its peak resident memory in KiB.

VmHWM from /proc is used, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a big pytest
process would report the parent's peak.

python child_import_memory.py DB FILE
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from annotator.services.importing import import_paths
from annotator.store import Store


def peak_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    baseline = peak_kib()
    with Store(sys.argv[1]) as store:
        report = import_paths(store, [sys.argv[2]], annotator="importer")
    peak = peak_kib()
    print(json.dumps({"baseline_kib": baseline, "peak_kib": peak, "doc_id": report.articles[0].doc_id}))
