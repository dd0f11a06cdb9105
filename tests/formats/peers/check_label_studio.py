"""Load our Label Studio export into a real Label Studio 1.23.2 on 127.0.0.1 and read it back."""
import json, sys, tempfile, urllib.request
from pathlib import Path
sys.path.append("tests")
from annotator.store import Store
from annotator.services.exporting import export, ExportFilter
from annotator.services.importing import import_paths
from formats.helpers import populate, DATA

BASE, TOKEN = "http://127.0.0.1:8089", "0123456789abcdef0123456789abcdef01234567"
def api(method, path, body=None, raw=False):
    data = body if raw else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(BASE + path, data=data, method=method,
        headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        print("HTTP", e.code, e.read()[:2000].decode()); raise

d = Path(tempfile.mkdtemp())
with Store(d / "a.db") as s:
    populate(s)
    import_paths(s, [DATA / "crlf_emoji.jsonl"], annotator="t")
    report = export(s, "label-studio", d / "tasks.json", ExportFilter(status=("accepted", "suggested")))
print(report.articles, report.claims, report.warnings)
config = report.extra_files[0].read_text()
project = api("POST", "/api/projects", {"title": "claims check", "label_config": config})
pid = project["id"]
print("project", pid)
res = api("POST", f"/api/projects/{pid}/import?commit_to_project=true", report.path.read_bytes(), raw=True)
print("import", {k: res.get(k) for k in ("task_count", "annotation_count", "prediction_count")})
exported = api("GET", f"/api/projects/{pid}/export?exportType=JSON")
ours = json.loads(report.path.read_text())
print(json.dumps(exported[0], ensure_ascii=False)[:1200])
bad = 0
for task in exported:
    text = task["data"]["text"]
    for group in task["annotations"] + [p for p in task["predictions"] if isinstance(p, dict)]:
        for r in group["result"]:
            v = r.get("value", {})
            if "start" in v and isinstance(v.get("text"), str):
                if text[v["start"]:v["end"]] != v["text"]:
                    bad += 1; print("MISMATCH", v)
emoji = next(t for t in exported if "👩" in t["data"]["text"])
print("emoji task:", [(r["value"]["text"], r["value"]["start"], r["value"]["end"]) for a in emoji["annotations"] for r in a["result"] if r["type"] == "labels"])
print("tasks", len(exported), "annotations", sum(len(t["annotations"]) for t in exported), "predictions", sum(len(t["predictions"]) for t in exported), "mismatches", bad)
(d / "ls-export.json").write_text(json.dumps(exported, ensure_ascii=False))
with Store(d / "back.db") as b:
    rep = import_paths(b, [d / "ls-export.json"], annotator="x")
    key = lambda c: (c.text, c.label, c.status, c.annotator, c.source and c.source.text, c.cue and c.cue.text, c.verdict, c.note)
    with Store(d / "a.db") as s:
        want = sorted(map(key, s.claims(status=["accepted", "suggested"])), key=str)
    got = sorted(map(key, b.claims()), key=str)
    print("read back from Label Studio's own export:", rep.claims_added, "claims; same:", want == got)
    for w, g in zip(want, got):
        if w != g: print(" ours", w, "\n back", g)
print("completed_by in LS export:", sorted({a.get("completed_by") if not isinstance(a.get("completed_by"), dict) else "dict" for t in exported for a in t["annotations"]}, key=str))

full = api("GET", f"/api/tasks?project={pid}&fields=all&page_size=100")
(d / "ls-tasks.json").write_text(json.dumps(full, ensure_ascii=False))
with Store(d / "back2.db") as b:
    rep = import_paths(b, [d / "ls-tasks.json"], annotator="x")
    got = sorted(map(key, b.claims()), key=str)
    print("read back from /api/tasks?fields=all:", rep.claims_added, "claims; same as ours:", want == got, rep.warnings)
