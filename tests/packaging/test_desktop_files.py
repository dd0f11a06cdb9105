"""The desktop entry, the AppStream metainfo and the icon set: fast checks, run with every `pytest`."""

from __future__ import annotations

import shutil
import struct
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
DESKTOP = PACKAGING / "annotator.desktop"
METAINFO = PACKAGING / "io.github.claimannotator.ClaimAnnotator.metainfo.xml"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256])
def test_icon_png_exists_at_each_size(size: int) -> None:
    assert png_size(ICONS / f"annotator-{size}.png") == (size, size)


def test_icon_svg_source_is_square() -> None:
    svg = (ICONS / "annotator.svg").read_text("utf-8")
    assert 'viewBox="0 0 256 256"' in svg


def test_desktop_entry_names_the_command_icon_and_file_types() -> None:
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"].split()[0] == "annotator"
    assert section["Icon"] == "annotator"
    mime_types = set(section["MimeType"].strip(";").split(";"))
    assert {"application/jsonl", "text/plain"} <= mime_types


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils is not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli is not installed")
def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
