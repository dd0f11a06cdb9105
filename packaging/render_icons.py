"""Render resources/icons/annotator.svg to the PNG sizes desktops and the window ask for.

Run with the project's Python (`python packaging/render_icons.py`) after editing the SVG, and commit the
PNGs: the bundle and `pip install .` ship them, so nobody needs an SVG renderer at run time. QtSvg comes
with PySide6-Essentials, so no extra tool is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path, out_dir: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QImage text/fonts need one
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG.")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"annotator-{size}.png"
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"{target}: could not be written.")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in render(ICONS / "annotator.svg", ICONS):
        print(path.relative_to(ICONS.parent.parent))
