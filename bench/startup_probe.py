"""Runs the app's smoke test (open the window on the sample article, paint once, quit) and reports whether
spaCy had been imported by then; the start-up benchmark runs it once besides the timed runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    from annotator.ui.app import run_app

    database = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    status = run_app(database, None, smoke_test=True)
    print(json.dumps({"status": status, "spacy_imported": "spacy" in sys.modules}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
