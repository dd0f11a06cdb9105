#!/usr/bin/env bash
# Add Claim Annotator to your desktop's application menu, for your user only (no root needed).
# Run it from the unpacked app folder; it points the menu entry at the folder where it lies, so move the
# folder first if you want it elsewhere. `install-desktop.sh --uninstall` removes what it added.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
icons=$here/_internal/annotator/resources/icons
sizes=(16 24 32 48 64 128 256)

installed=(
    "$bin/annotator"
    "$data/applications/annotator.desktop"
    "$data/metainfo/io.github.claimannotator.ClaimAnnotator.metainfo.xml"
    "$data/mime/packages/annotator-mime.xml"
    "$data/icons/hicolor/scalable/apps/annotator.svg"
)
for size in "${sizes[@]}"; do installed+=("$data/icons/hicolor/${size}x${size}/apps/annotator.png"); done

refresh() {
    # Menus, file associations and icon caches pick the changes up without a new login.
    if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime" || true; fi
    if command -v update-desktop-database >/dev/null; then update-desktop-database "$data/applications" || true; fi
    if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -q -t "$data/icons/hicolor" || true; fi
}

if [[ ${1:-} == --uninstall ]]; then
    rm -f "${installed[@]}"
    refresh
    echo "Removed Claim Annotator from the application menu (the app folder $here is left as it is)."
    exit 0
fi

[[ -x $here/annotator ]] || { echo "Run this script from the unpacked annotator folder." >&2; exit 1; }
mkdir -p "$bin" "$data/applications" "$data/metainfo" "$data/mime/packages" "$data/icons/hicolor/scalable/apps"
ln -sfn "$here/annotator" "$bin/annotator"
# Exec gets the absolute path, quoted (the spec allows spaces inside quotes), so ~/.local/bin need not be
# on the PATH of the desktop session.
sed -e "s|^Exec=annotator|Exec=\"$here/annotator\"|" -e "s|^TryExec=annotator|TryExec=$here/annotator|" \
    "$here/desktop/annotator.desktop" >"$data/applications/annotator.desktop"
cp "$here/desktop/io.github.claimannotator.ClaimAnnotator.metainfo.xml" "$data/metainfo/"
cp "$here/desktop/annotator-mime.xml" "$data/mime/packages/"
cp "$icons/annotator.svg" "$data/icons/hicolor/scalable/apps/annotator.svg"
for size in "${sizes[@]}"; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$icons/annotator-$size.png" "$data/icons/hicolor/${size}x${size}/apps/annotator.png"
done
refresh
echo "Claim Annotator is in your application menu; \`annotator\` is in $bin."
