"""The console entry point opens the window without click, and hands everything else to the CLI unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import launcher
from annotator.cli import cli
from annotator.launcher import SUBCOMMANDS, WindowArgs, window_args
from annotator.store import StoreError
from tests.conftest import child_env


def test_the_subcommand_names_are_the_clis() -> None:
    assert set(SUBCOMMANDS) == set(cli.commands)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], WindowArgs(None, None, False)),
        (["team/alice.db"], WindowArgs(Path("team/alice.db"), None, False)),
        ([""], WindowArgs(None, None, False)),  # as click: an empty path is the default database
        (["a.db", "--annotator", "bob"], WindowArgs(Path("a.db"), "bob", False)),
        (["--annotator=bob", "--smoke-test"], WindowArgs(None, "bob", True)),
        (["--annotator", "stats"], WindowArgs(None, "stats", False)),  # click takes it as the value too
        (["--smoke-test", "a.db"], None),  # click: "No such command 'a.db'"
        (["stats", "a.db"], None),
        (["import"], None),
        (["--help"], None),
        (["-h"], None),
        (["--version"], None),
        (["--bogus"], None),
        (["a.db", "b.db"], None),
        (["--annotator"], None),
        (["--annotator", "--smoke-test"], None),
        (["--", "a.db"], None),
    ],
)
def test_only_window_arguments_skip_click(args: list[str], expected: WindowArgs | None) -> None:
    assert window_args(args) == expected


def run_python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )


def test_the_window_is_opened_without_importing_click() -> None:
    code = (
        "import sys\n"
        "import annotator.ui.app as app\n"
        "app.run_app = lambda db, name, smoke_test=False: print(db, name, smoke_test) or 3\n"
        "from annotator.launcher import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, 'click' in sys.modules, 'annotator.cli' in sys.modules)\n"
    )
    done = run_python(code, "x.db", "--annotator", "bob")
    assert done.stdout.splitlines() == ["x.db bob False", "3 False False"], done.stderr


def test_the_lower_layers_are_imported_before_qt_and_are_what_the_window_uses() -> None:
    # PySide6 reads the source of each module imported after it: the launcher imports these first.
    code = (
        "import sys\n"
        "from annotator import launcher\n"
        "launcher.import_lower_layers()\n"
        "before = set(sys.modules)\n"
        "print(any(name.startswith('PySide6') for name in before))\n"
        "import annotator.ui.mainwindow, annotator.ui.app, annotator.nlp\n"
        "print(sorted(n for n in set(sys.modules) - before if n.startswith('annotator.')\n"
        "             and not n.startswith('annotator.ui')))\n"
    )
    done = run_python(code)
    assert done.stdout.splitlines() == ["False", "[]"], done.stderr


def test_the_first_paint_builds_no_dialog(tmp_path: Path) -> None:
    """The window painted once on the sample (``--paint-once``) has imported none of the dialogs' modules:
    PySide builds a module's widget classes and enums when it is imported, before the first paint."""
    code = (
        "import sys\n"
        "from annotator.launcher import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, sorted(n for n in sys.modules if n.endswith('_dialog')))\n"
    )
    done = run_python(code, "--paint-once", env=child_env(tmp_path, ANNOTATOR_USER="tester"))
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr


def test_without_a_display_both_paths_print_the_same_sentence() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check only applies on Linux")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    fast = run_module(env=env)
    slow = run_python("from annotator.cli import main; main()", env=env)
    assert fast.returncode == slow.returncode == 1
    assert fast.stderr == slow.stderr
    assert fast.stderr.startswith("Error: The window needs a graphical session")
    assert len(fast.stderr.strip().splitlines()) == 1


def test_an_error_opening_the_window_reads_as_from_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import annotator.ui.app as app

    def fail(*_args: object, **_kwargs: object) -> int:
        raise StoreError("x.db is not a Claim Annotator database.")

    monkeypatch.setattr(app, "run_app", fail)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(sys, "argv", ["annotator", "x.db"])
    with pytest.raises(SystemExit) as raised:
        launcher.main()
    assert raised.value.code == 1
    fast = capsys.readouterr().err
    result = CliRunner().invoke(cli, ["x.db"])
    assert result.exit_code == 1
    assert fast == result.output == "Error: x.db is not a Claim Annotator database.\n"


def run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_subcommands_and_options_go_to_the_cli(tmp_path: Path) -> None:
    version = run_module("--version")
    assert version.returncode == 0 and "annotator, version" in version.stdout
    bogus = run_module("--bogus")
    assert bogus.returncode == 2 and "No such option '--bogus'" in bogus.stderr
    stats = run_module("stats", str(tmp_path / "missing.db"))
    assert stats.returncode == 1 and stats.stderr.startswith("Error: ")


def test_the_window_quits_with_everything_saved(tmp_path: Path) -> None:
    """Through the launcher's window path, the database and the settings are complete after quitting."""
    env = child_env(tmp_path)
    done = run_module("--smoke-test", env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    stats = run_module("stats", str(tmp_path / "data" / "annotations.db"), "--json", env=env)
    assert '"documents": 1' in stats.stdout
    written = [
        path.read_text(encoding="utf-8") for path in (tmp_path / "config").rglob("*") if path.is_file()
    ]
    assert any("recent_databases" in text and "window" in text for text in written)
