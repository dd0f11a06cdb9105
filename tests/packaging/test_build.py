"""The desktop build: packaging/build.sh builds dist/annotator/ with PyInstaller and smoke-tests it.

Slow (a build takes one to three minutes) and needs PyInstaller, which is not in the test extra:
`pip install pyinstaller && pytest -m slow tests/packaging`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import __version__

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "dist" / "annotator"
SIZE_BUDGET_MB = 300  # 242 MB at the first release; a jump means something unwanted got bundled

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def build() -> subprocess.CompletedProcess[str]:
    pytest.importorskip("PyInstaller")
    result = subprocess.run(
        ["nice", "-n", "10", "bash", str(ROOT / "packaging" / "build.sh")],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, f"build.sh failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.timeout(1800)
def test_build_passes_its_smoke_tests(build: subprocess.CompletedProcess[str]) -> None:
    out = build.stdout
    assert f"annotator, version {__version__}" in out
    assert "window on offscreen: opened the sample article, painted and quit with status 0" in out
    assert "suggested on the sample article, as from the source tree" in out
    assert "HTML import: same outcome as the source tree" in out


@pytest.mark.timeout(1800)
def test_bundle_holds_what_the_app_needs_and_little_else(build: subprocess.CompletedProcess[str]) -> None:
    internal = APP_DIR / "_internal"
    resources = internal / "annotator" / "resources"
    assert (resources / "__init__.py").is_file()
    assert (resources / "samples" / "deepseek-disruption.txt").is_file()
    icons = {path.name for path in (resources / "icons").iterdir()}
    assert {"annotator.svg", "annotator-16.png", "annotator-256.png"} <= icons

    # Pure-Python modules live in the archive, whose table of contents the build leaves in packaging/build.
    archived = (ROOT / "packaging" / "build" / "annotator" / "PYZ-00.toc").read_text("utf-8")
    assert "'spacy.lang.en'" in archived and "'annotator.ui.app'" in archived
    assert "'spacy.lang.de'" not in archived, "only English language data is bundled"
    assert "'spacy.tests" not in archived and "'tkinter'" not in archived
    assert (internal / "justext" / "stoplists").is_dir()
    assert (internal / "trafilatura" / "settings.cfg").is_file()

    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert {p.name for p in (plugins / "platforms").iterdir()} >= {"libqxcb.so", "libqoffscreen.so"}
    assert {p.name for p in (plugins / "imageformats").iterdir()} == {"libqsvg.so"}
    assert not (plugins / "sqldrivers").exists() and not (plugins / "qmltooling").exists()
    assert not list(internal.rglob("libQt6Quick*")) and not list(internal.rglob("libQt6Pdf*"))
    assert not [link for link in internal.iterdir() if link.is_symlink() and not link.exists()]

    size_mb = sum(p.stat().st_size for p in APP_DIR.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
    assert size_mb < SIZE_BUDGET_MB, f"dist/annotator is {size_mb:.0f} MB"
