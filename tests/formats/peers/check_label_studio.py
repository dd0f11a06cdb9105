"""Load our Label Studio export into a running Label Studio and read it back (not a pytest test: it needs
a server). docs/formats.md has the steps to start one on 127.0.0.1; then, from the repository:

    python tests/formats/peers/check_label_studio.py http://127.0.0.1:8089 TOKEN

It creates a project with our labeling config, imports the tasks of the sample database (emoji, ZWJ and
CRLF text included), checks that every region's offsets slice its text in Label Studio's own export,
and imports Label Studio's tasks back, comparing the claims with ours.
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).parents[2]))

from formats.helpers import DATA, populate

from annotator.services.exporting import ExportFilter, export
from annotator.services.importing import import_paths
from annotator.store import Store


def main(base: str, token: str) -> int:
    def api(method: str, path: str, body: bytes | None = None) -> Any:
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read() or b"null")

    def key(c: Any) -> tuple[Any, ...]:
        parts = (c.source and c.source.text, c.cue and c.cue.text)
        return (c.text, c.label, c.status, c.annotator, *parts, c.verdict, c.note)

    folder = Path(tempfile.mkdtemp())
    with Store(folder / "ours.db") as store:
        populate(store)
        import_paths(store, [DATA / "crlf_emoji.jsonl"], annotator="t")
        report = export(
            store, "label-studio", folder / "tasks.json", ExportFilter(status=("accepted", "suggested"))
        )
        want = sorted(map(key, store.claims(status=["accepted", "suggested"])), key=str)
    config = report.extra_files[0].read_text("utf-8")
    project = api("POST", "/api/projects", json.dumps({"title": "claims", "label_config": config}).encode())
    pid = project["id"]
    counts = api("POST", f"/api/projects/{pid}/import?commit_to_project=true", report.path.read_bytes())
    print("imported:", {k: counts.get(k) for k in ("task_count", "annotation_count", "prediction_count")})
    tasks = api("GET", f"/api/tasks?project={pid}&fields=all&page_size=1000")["tasks"]
    mismatches = 0
    for task in tasks:
        text = task["data"]["text"]
        for group in task["annotations"] + task["predictions"]:
            for result in group["result"]:
                value = result.get("value", {})
                if (
                    isinstance(value.get("text"), str)
                    and text[value["start"] : value["end"]] != value["text"]
                ):
                    mismatches += 1
                    print("offset mismatch:", value)
    (folder / "from-label-studio.json").write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    with Store(folder / "back.db") as back:
        import_paths(back, [folder / "from-label-studio.json"], annotator="x")
        same = sorted(map(key, back.claims()), key=str) == want
    print(f"tasks {len(tasks)}, offset mismatches {mismatches}, claims read back the same: {same}")
    return 0 if same and not mismatches else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
