"""The `annotator` console entry point: straight to the window when that is all the arguments ask for.

Opening the window is what the command does most often, and importing click with every layer that the
subcommands need cost about 60 ms of start-up before anything knew a window was wanted. So this module
imports nothing but the standard library: when the arguments only ask for the window (nothing, a database
path that is not a subcommand name, ``--annotator NAME``, the hidden ``--smoke-test`` and ``--paint-once``)
it calls ``annotator.ui.app.run_app`` itself; anything else (a subcommand, --help, --version, an unknown or
malformed option) goes to ``annotator.cli.main``, which accepts the same window arguments and behaves the
same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# The names of `annotator.cli`'s subcommands (tests/foundation/test_launcher.py checks they match
# `cli.commands`): a first argument with one of these names is a subcommand, not a database path.
SUBCOMMANDS = frozenset({"import", "export", "stats", "suggest", "merge", "agreement", "distribute"})

# What the window imports from the layers below annotator.ui before its first paint: the claim service, the
# store, the core model and annotator.nlp (not the body finder: the body of the article reopened is
# remembered, see DocumentsMixin._article_body).
WINDOW_LOWER_LAYERS = (
    "annotator.nlp",
    "annotator.core.offsets",
    "annotator.core.spans",
    "annotator.services.claims",
    "annotator.services.library",
    "annotator.services.session",
)

NO_DISPLAY = (
    "The window needs a graphical session (no DISPLAY or WAYLAND_DISPLAY is set); "
    "the subcommands (see `annotator --help`) work without one."
)


@dataclass(frozen=True, slots=True)
class WindowArgs:
    database: Path | None
    annotator: str | None
    smoke_test: bool  # paint once and quit
    paint_only: bool = False  # ``--paint-once``: the window half of the smoke test alone (the start-up bench)


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def window_args(args: Sequence[str]) -> WindowArgs | None:
    """The window's arguments, parsed as click parses them, or None when click should see them.

    Only the unambiguous forms are taken here; anything unusual (an option value starting with "-", a
    second positional argument, "--") is left to click so that its messages stay the only ones.
    """
    rest = list(args)
    database: str | None = None
    # As AnnotatorGroup.parse_args: only the first argument may be the database.
    if rest and not rest[0].startswith("-") and rest[0] not in SUBCOMMANDS:
        database = rest.pop(0)
    annotator: str | None = None
    smoke_test = paint_only = False
    while rest:
        arg = rest.pop(0)
        if arg == "--smoke-test":
            smoke_test = True
        elif arg == "--paint-once":
            smoke_test = paint_only = True
        elif arg.startswith("--annotator="):
            annotator = arg.partition("=")[2]
        elif arg == "--annotator" and rest and not rest[0].startswith("-"):
            annotator = rest.pop(0)
        else:
            return None
    return WindowArgs(Path(database) if database else None, annotator, smoke_test, paint_only)


def error_sentence(exc: BaseException) -> str | None:
    """The one-sentence message for an expected error (what the CLI prints after "Error: "), else None."""
    from annotator.core.model import ValidationError
    from annotator.formats.readers import BadInputError
    from annotator.store import StoreError

    if isinstance(exc, StoreError | BadInputError | ValidationError):
        return str(exc)
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{exc.strerror or exc}."
    return None


def import_lower_layers() -> None:
    """Import the modules below the ui layer that the window needs, before PySide6.

    Once imported, PySide6 replaces ``__import__`` and reads the source of every module imported after it,
    once each (looking for ``from __feature__ import``): the store, the core model and the standard library
    modules they use were about 50 of those reads, several ms of the window's start-up.
    Imported here first, only the few of them that the ui modules name are read.
    """
    import importlib

    for name in WINDOW_LOWER_LAYERS:
        importlib.import_module(name)


def run_smoke_pipeline() -> int:
    """The headless half of ``--smoke-test``: every lazily imported path once (annotator.services.smoke)."""
    from annotator.services.smoke import SmokeTestError, run_smoke_test

    try:
        run_smoke_test(lambda line: print(f"smoke test: {line}", flush=True))
    except SmokeTestError as exc:
        print(f"Error: smoke test failed: {exc}", file=sys.stderr)
        return 1
    return 0


def run_window(parsed: WindowArgs) -> int:
    """Open the window as `annotator [DB] [--annotator NAME]` does; errors as click would print them.

    With ``--smoke-test``: import, suggest and export in a scratch folder first, then paint once and quit."""
    if not has_display():
        print(f"Error: {NO_DISPLAY}", file=sys.stderr)
        return 1
    if parsed.smoke_test and not parsed.paint_only and run_smoke_pipeline() != 0:
        return 1
    try:
        import_lower_layers()
        from annotator.ui.app import run_app  # Qt is only imported when a window is wanted

        return run_app(parsed.database, parsed.annotator, smoke_test=parsed.smoke_test)
    except Exception as exc:
        message = error_sentence(exc)
        if message is None:
            raise
        print(f"Error: {message}", file=sys.stderr)
        return 1


def main() -> None:
    """Console entry point (`annotator`, `python -m annotator`, the frozen app)."""
    parsed = window_args(sys.argv[1:])
    if parsed is None:
        from annotator.cli import main as cli_main

        cli_main()
        return
    try:
        code = run_window(parsed)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    sys.exit(code)


if __name__ == "__main__":
    main()
