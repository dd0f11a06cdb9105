#!/usr/bin/env bash
# Build the one-folder desktop app into dist/annotator/ with PyInstaller, then smoke-test the result.
#
#   bash packaging/build.sh            # builds in packaging/build/venv, installed from requirements-lock.txt
#   PYTHON=python bash packaging/build.sh  # builds with that Python's environment instead (as it is)
#   SKIP_BUILD=1 bash packaging/build.sh   # only re-run the smoke tests on an existing dist/annotator/
#
# Exits non-zero, naming the failed check, if the build or any smoke test fails.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIST=dist
APP_DIR=$DIST/annotator
APP=$APP_DIR/annotator

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'build.sh: FAILED: %s\n' "$*" >&2; exit 1; }

if [[ -z ${PYTHON:-} ]]; then
    # The app is built from the locked versions, the ones CI tests: a build is reproducible, and a dependency
    # of a dependency that moved on PyPI cannot break it (lxml 5.2 moving lxml.html.clean out did).
    PYTHON=packaging/build/venv/bin/python
    if [[ -z ${SKIP_BUILD:-} ]]; then
        step "Build environment packaging/build/venv from requirements-lock.txt"
        python3 -m venv packaging/build/venv
        "$PYTHON" -m pip install -q --require-hashes -r requirements-lock.txt
        "$PYTHON" -m pip install -q --no-deps --no-build-isolation .
    fi
fi

if [[ -z ${SKIP_BUILD:-} ]]; then
    if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
        step "Installing PyInstaller (not part of the test extra: it is only needed here)"
        "$PYTHON" -m pip install "pyinstaller>=6.10" "pyinstaller-hooks-contrib>=2024.8"
    fi
    step "Building $APP_DIR"
    "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$DIST" --workpath packaging/build packaging/annotator.spec
    # What a desktop needs to list the app, with the script that installs it for the current user.
    mkdir -p "$APP_DIR/desktop"
    cp packaging/annotator.desktop packaging/annotator-mime.xml \
        packaging/io.github.claimannotator.ClaimAnnotator.metainfo.xml "$APP_DIR/desktop/"
    cp packaging/install-desktop.sh "$APP_DIR/"
fi
[[ -x $APP ]] || fail "$APP was not built."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The smoke tests must never touch the user's real data folder or settings.
export ANNOTATOR_DATA_DIR=$work/data ANNOTATOR_USER=smoke-test XDG_CONFIG_HOME=$work/config

step "--version"
version_expected=$("$PYTHON" -c \
    'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
version=$("$APP" --version)
echo "$version"
[[ $version == *"$version_expected"* ]] || fail "--version printed '$version', expected version $version_expected."

# Runs the window smoke test on one Qt platform: it opens the default database (seeded with the sample
# article on first start), paints once and quits. Any Python traceback on stderr fails it too.
window_smoke_test() {
    local platform=$1 status=0
    shift
    rm -rf "$ANNOTATOR_DATA_DIR" "$XDG_CONFIG_HOME"
    QT_QPA_PLATFORM=$platform timeout 120 "$@" "$APP" --smoke-test 2>"$work/window.err" || status=$?
    cat "$work/window.err" >&2
    ((status == 0)) || fail "the window smoke test ($platform) exited with status $status."
    if grep -q -e Traceback -e "Could not load the Qt platform plugin" "$work/window.err"; then
        fail "the window smoke test ($platform) printed an error."
    fi
    [[ -f $ANNOTATOR_DATA_DIR/annotations.db ]] || fail "the window ($platform) created no default database."
    "$APP" stats "$ANNOTATOR_DATA_DIR/annotations.db" --json >"$work/window-stats.json"
    "$PYTHON" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["documents"] < 1)' \
        "$work/window-stats.json" || fail "the window ($platform) did not open the sample article."
    echo "window on $platform: opened the sample article, painted and quit with status 0"
}

step "Window smoke test (offscreen)"
window_smoke_test offscreen
if command -v xvfb-run >/dev/null; then
    step "Window smoke test (xcb under Xvfb: the plugin a Linux desktop uses)"
    window_smoke_test xcb xvfb-run -a
fi

step "Import, suggest and stats from the bundle"
# Runs the annotator of the source tree (the active environment), to compare the bundle's results with.
source_annotator() { "$PYTHON" -c 'from annotator.cli import main; main()' "$@"; }
# Suggestions are the suggester's, not a person's claims: stats counts them under by_status.
claims() { "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["by_status"]["suggested"])' "$1"; }
sample=$(find "$APP_DIR" -path '*/annotator/resources/samples/*.txt' -print -quit)
[[ -n $sample ]] || fail "the sample article is not in the bundle."
"$APP" import "$work/built.db" "$sample"
source_annotator import "$work/source.db" "$sample" >/dev/null
if "$APP" --help | grep -qE '^\s+suggest\b'; then
    "$APP" suggest "$work/built.db"
    source_annotator suggest "$work/source.db" >/dev/null
    "$APP" stats "$work/built.db" --json >"$work/built.json"
    source_annotator stats "$work/source.db" --json >"$work/source.json"
    built=$(claims "$work/built.json") expected=$(claims "$work/source.json")
    ((built > 0)) || fail "suggest stored no suggestions (spaCy's blank English pipeline in the bundle)."
    ((built == expected)) || fail "suggest: the bundle suggested $built claims, the source tree $expected."
    echo "suggest: $built claim(s) suggested on the sample article, as from the source tree"
else
    echo "WARNING: this version has no 'suggest' command; checked import + stats only." >&2
    "$APP" stats "$work/built.db" --json >"$work/built.json"
    "$PYTHON" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["documents"] != 1)' \
        "$work/built.json" || fail "import + stats: the sample article was not stored."
fi

step "HTML import (trafilatura and its data files)"
cat >"$work/story.html" <<'HTML'
<html><head><title>Ministry confirms budget</title></head><body><article>
<h1>Ministry confirms budget</h1>
<p>The ministry said on Monday that the 2026 budget grows by 4 percent, according to a statement.</p>
<p>Critics disputed the figure, arguing that inflation will erase most of the increase next year.</p>
</article></body></html>
HTML
# The built app must import what the source tree imports: run both and compare the outcome.
source_status=0 built_status=0
source_annotator import "$work/source-html.db" "$work/story.html" >/dev/null 2>&1 || source_status=$?
"$APP" import "$work/built-html.db" "$work/story.html" || built_status=$?
((source_status == built_status)) \
    || fail "HTML import: the built app exited $built_status where the source tree exits $source_status."
if ((source_status != 0)); then
    echo "WARNING: the source tree itself cannot import HTML here (status $source_status)." >&2
fi
echo "HTML import: same outcome as the source tree (status $built_status)"

step "Desktop integration (install-desktop.sh into a temporary home)"
HOME=$work/home XDG_DATA_HOME=$work/home/share "$APP_DIR/install-desktop.sh"
entry=$work/home/share/applications/annotator.desktop
[[ -f $entry && -f $work/home/share/icons/hicolor/48x48/apps/annotator.png ]] \
    || fail "install-desktop.sh did not install the menu entry and icons."
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$entry" || fail "the installed desktop entry does not validate."
fi
HOME=$work/home XDG_DATA_HOME=$work/home/share "$APP_DIR/install-desktop.sh" --uninstall
[[ ! -e $entry ]] || fail "install-desktop.sh --uninstall left the menu entry."

step "Result"
# The archive users download and unpack; made only from a build that passed every check above.
archive=$DIST/claim-annotator-$version_expected-linux-$(uname -m).tar.gz
tar -czf "$archive" -C "$DIST" annotator
du -sh "$APP_DIR" "$archive"
echo "Built and smoke-tested: $APP (archive: $archive)"
