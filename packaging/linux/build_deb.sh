#!/usr/bin/env bash
# Turn the PyInstaller one-folder build into a Debian package.
#
#   packaging/linux/build_deb.sh [PAYLOAD_DIR [OUT_DIR]]    # defaults: dist/assist, dist
#   -> OUT_DIR/assist_<version>_<arch>.deb
#
# Layout: the build under /opt/assist (one self-contained folder, as IT expects of a vendor app), the console
# launcher on PATH as /usr/bin/assist, a menu entry with its icon, a man page, the copyright file and the
# lintian overrides that explain what a bundled runtime cannot avoid. No maintainer scripts: the menu and icon
# caches are refreshed by Debian's own triggers. Needs dpkg-deb and gzip; no root (--root-owner-group).
# gzip, not xz: the model and the libraries barely compress (xz saved little and took 6 minutes here).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PAYLOAD="${1:-$ROOT/dist/assist}"
OUT_DIR="${2:-$ROOT/dist}"
HERE="$ROOT/packaging/linux"

[[ -x "$PAYLOAD/assist" && -x "$PAYLOAD/assist-gui" && -d "$PAYLOAD/_internal" ]] || {
    echo "build_deb.sh: $PAYLOAD is not a PyInstaller build of Assist (run packaging/build.sh first)" >&2
    exit 2
}
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/assist/__init__.py")"
ARCH="$(dpkg --print-architecture)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

# --- Files ---------------------------------------------------------------------------------------------
mkdir -p "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
         "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/assist" \
         "$STAGE/usr/share/man/man1" "$STAGE/usr/share/lintian/overrides" "$STAGE/DEBIAN"
cp -a "$PAYLOAD" "$STAGE/opt/assist"
# Debian policy: a link into another top-level directory is absolute.
ln -s /opt/assist/assist "$STAGE/usr/bin/assist"
install -m 644 "$HERE/assist.desktop" "$STAGE/usr/share/applications/assist.desktop"
install -m 644 "$ROOT/packaging/icons/assist.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/assist.svg"
install -m 644 "$HERE/copyright" "$STAGE/usr/share/doc/assist/copyright"
install -m 644 "$HERE/lintian-overrides" "$STAGE/usr/share/lintian/overrides/assist"
gzip -9n < "$HERE/assist.1" > "$STAGE/usr/share/man/man1/assist.1.gz"
# A native package's changelog (lintian wants one, compressed, reproducible: no name or time stamp in gzip).
{
    echo "assist ($VERSION) stable; urgency=medium"
    echo
    echo "  * Release $VERSION of Assist (see the project's own history for changes)."
    echo
    echo " -- Assist maintainers <it@example.com>  $(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$STAGE/usr/share/doc/assist/changelog.gz"

# Modes as Debian expects them: directories and programs 755, everything else 644. PyInstaller copies some
# libraries executable and some data files with odd modes from wheels.
find "$STAGE" -type d -exec chmod 755 {} +
find "$STAGE/opt/assist" "$STAGE/usr/share" -type f -exec chmod 644 {} +
chmod 755 "$STAGE/opt/assist/assist" "$STAGE/opt/assist/assist-gui"

# --- Control file --------------------------------------------------------------------------------------
# Depends: what the bundle does not carry. PyInstaller bundles Python, Qt and llama.cpp, but links against
# the system's C library and the display stack (X11/xcb, EGL/GL, fontconfig, D-Bus), like any desktop app.
INSTALLED_KB="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
DEPENDS="libc6 (>= 2.36), libstdc++6, libgcc-s1, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0, libgl1,\
 libegl1, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1,\
 libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0"
cat > "$STAGE/DEBIAN/control" <<EOF
Package: assist
Version: $VERSION
Architecture: $ARCH
Maintainer: Assist maintainers <it@example.com>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Recommends: gnome-keyring | kwalletmanager
Section: utils
Priority: optional
Homepage: https://example.com/assist
Description: agent-assist companion for helpdesk agents, with a local LLM
 Assist sits beside a support agent's helpdesk. It suggests replies in the
 company's voice, grounded in the company's own articles and checked against
 its hard rules; shows the bot conversation and a brief when a bot hands a
 customer over; tags tickets; and gives coaching feedback after each chat.
 .
 The language model runs on this computer (llama.cpp, SmolLM2 included), so
 customer text stays here unless IT points Assist at the company's own model
 server. Helpdesk credentials are kept in the desktop's keychain.
EOF

mkdir -p "$OUT_DIR"
DEB="$OUT_DIR/assist_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
