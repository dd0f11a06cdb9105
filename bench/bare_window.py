"""Baseline of the start-up benchmark: a bare PySide6 window that quits after its first paint."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class QuitOnPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if os.environ.get("ANNOTATOR_REPORT_FIRST_PAINT"):
                print(f"first-paint {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1200, 800)
    quitter = QuitOnPaint()
    window.installEventFilter(quitter)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
