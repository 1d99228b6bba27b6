#!/usr/bin/env bash
# Turn dist/Assist.app into an installer package for managed deployment (Jamf, Intune, Kandji, Munki).
#
#   packaging/macos/build_pkg.sh [APP [OUT_DIR]]      # defaults: dist/Assist.app, dist
#   -> OUT_DIR/Assist-<version>-<arch>.pkg            install: sudo installer -pkg Assist-….pkg -target /
#
# Runs on macOS only (pkgbuild, productbuild, codesign and notarytool are Apple's). Each step below runs only
# when its variables are set, so an unsigned pkg for testing needs none; CI maps them from its secrets:
#
#   ASSIST_MACOS_APP_IDENTITY        "Developer ID Application: Your Org (TEAMID)": signs every Mach-O in the
#                                    app, then the app, with the hardened runtime (entitlements.plist)
#   ASSIST_MACOS_INSTALLER_IDENTITY  "Developer ID Installer: Your Org (TEAMID)": signs the pkg
#   ASSIST_MACOS_KEYCHAIN            the keychain holding both identities (default: the search list)
#   ASSIST_NOTARY_APPLE_ID, ASSIST_NOTARY_TEAM_ID, ASSIST_NOTARY_PASSWORD (an app-specific password):
#                                    notarise the signed pkg with notarytool, then staple the ticket to it
#
# Notarising needs both signatures; asking for it without them is an error, not a silent unsigned pkg.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/packaging/macos"
APP="${1:-$ROOT/dist/Assist.app}"
OUT_DIR="${2:-$ROOT/dist}"
APP_IDENTITY="${ASSIST_MACOS_APP_IDENTITY:-}"
INSTALLER_IDENTITY="${ASSIST_MACOS_INSTALLER_IDENTITY:-}"
KEYCHAIN="${ASSIST_MACOS_KEYCHAIN:-}"
NOTARY_APPLE_ID="${ASSIST_NOTARY_APPLE_ID:-}"
NOTARY_TEAM_ID="${ASSIST_NOTARY_TEAM_ID:-}"
NOTARY_PASSWORD="${ASSIST_NOTARY_PASSWORD:-}"

fail() { echo "build_pkg.sh: $*" >&2; exit 2; }
step() { printf '\n==> %s\n' "$*"; }

[[ "$(uname -s)" == "Darwin" ]] || fail "runs on macOS only (pkgbuild and productbuild are Apple's tools)"
for tool in pkgbuild productbuild codesign ditto lipo /usr/libexec/PlistBuddy; do
    command -v "$tool" >/dev/null || fail "$tool not found (install the Xcode command line tools)"
done
[[ -f "$APP/Contents/Info.plist" && -d "$APP/Contents/MacOS" ]] ||
    fail "$APP is not an app bundle (run packaging/build.sh on macOS first)"
notarise=0
if [[ -n "$NOTARY_APPLE_ID$NOTARY_TEAM_ID$NOTARY_PASSWORD" ]]; then
    [[ -n "$NOTARY_APPLE_ID" && -n "$NOTARY_TEAM_ID" && -n "$NOTARY_PASSWORD" ]] ||
        fail "notarising needs all of ASSIST_NOTARY_APPLE_ID, ASSIST_NOTARY_TEAM_ID and ASSIST_NOTARY_PASSWORD"
    [[ -n "$APP_IDENTITY" && -n "$INSTALLER_IDENTITY" ]] ||
        fail "notarising needs ASSIST_MACOS_APP_IDENTITY and ASSIST_MACOS_INSTALLER_IDENTITY (Apple refuses unsigned code)"
    notarise=1
fi

plist() { /usr/libexec/PlistBuddy -c "Print :$1" "$APP/Contents/Info.plist"; }
VERSION="$(plist CFBundleShortVersionString)"
BUNDLE_ID="$(plist CFBundleIdentifier)"
EXECUTABLE="$(plist CFBundleExecutable)"
# The CPU(s) the app was built for, as productbuild's hostArchitectures wants them: "arm64", "x86_64,arm64".
ARCHS="$(lipo -archs "$APP/Contents/MacOS/$EXECUTABLE" | tr ' ' ',')"
PKG_ID="$BUNDLE_ID.pkg"
PKG="$OUT_DIR/Assist-$VERSION-${ARCHS//,/-}.pkg"
keychain_args=()
[[ -n "$KEYCHAIN" ]] && keychain_args=(--keychain "$KEYCHAIN")
# macOS's own bash is 3.2, where "${empty[@]}" under set -u is an error: hence ${a[@]+"${a[@]}"} below.

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/root" "$STAGE/packages" "$OUT_DIR"
# ditto keeps the bundle's symlinks, modes and extended attributes; the original is never signed in place.
ditto "$APP" "$STAGE/root/Assist.app"
STAGED_APP="$STAGE/root/Assist.app"

# --- 1. Sign the app ---------------------------------------------------------------------------------------
if [[ -n "$APP_IDENTITY" ]]; then
    step "Sign Assist.app as $APP_IDENTITY"
    sign=(codesign --force --timestamp --options runtime --sign "$APP_IDENTITY" ${keychain_args[@]+"${keychain_args[@]}"})
    # Innermost first: a bundle's signature covers the code inside it, so that code must be signed before.
    # Libraries and Python extension modules need no entitlements; the launchers get the hardened-runtime
    # exceptions of entitlements.plist.
    while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then
            "${sign[@]}" "$file"
        fi
    done < <(find "$STAGED_APP/Contents" -type f ! -path '*/Contents/MacOS/*' -print0)
    # Qt's .framework bundles are sealed as bundles (their Info.plist and resources), deepest first.
    while IFS= read -r framework; do
        "${sign[@]}" "$framework"
    done < <(find "$STAGED_APP/Contents" -type d -name '*.framework' | awk '{ print gsub("/", "/"), $0 }' |
             sort -rn | cut -d' ' -f2-)
    for launcher in "$STAGED_APP/Contents/MacOS/"*; do
        [[ -f "$launcher" && ! -L "$launcher" ]] || continue
        "${sign[@]}" --entitlements "$HERE/entitlements.plist" "$launcher"
    done
    "${sign[@]}" --entitlements "$HERE/entitlements.plist" "$STAGED_APP"
    codesign --verify --deep --strict --verbose=2 "$STAGED_APP"
else
    step "ASSIST_MACOS_APP_IDENTITY not set: the app stays unsigned (Gatekeeper blocks it; for testing only)"
fi

# --- 2. Component package and product archive ------------------------------------------------------------
step "pkgbuild $PKG_ID $VERSION ($ARCHS)"
pkgbuild --root "$STAGE/root" --component-plist "$HERE/component.plist" --install-location /Applications \
         --identifier "$PKG_ID" --version "$VERSION" "$STAGE/packages/Assist-component.pkg"
sed -e "s/@PKG_ID@/$PKG_ID/g" -e "s/@VERSION@/$VERSION/g" -e "s/@ARCHS@/$ARCHS/g" \
    "$HERE/distribution.xml" > "$STAGE/distribution.xml"
product=(productbuild --distribution "$STAGE/distribution.xml" --package-path "$STAGE/packages")
if [[ -n "$INSTALLER_IDENTITY" ]]; then
    product+=(--sign "$INSTALLER_IDENTITY" --timestamp ${keychain_args[@]+"${keychain_args[@]}"})
else
    step "ASSIST_MACOS_INSTALLER_IDENTITY not set: the pkg stays unsigned (for testing only)"
fi
step "productbuild $PKG"
"${product[@]}" "$PKG"

# --- 3. Notarise and staple --------------------------------------------------------------------------------
if [[ "$notarise" == 1 ]]; then
    step "Notarise (notarytool waits for Apple's verdict, usually a few minutes)"
    xcrun notarytool submit "$PKG" --apple-id "$NOTARY_APPLE_ID" --team-id "$NOTARY_TEAM_ID" \
          --password "$NOTARY_PASSWORD" --wait --timeout 30m
    # The ticket stapled to the pkg lets Gatekeeper accept it on machines that are offline.
    xcrun stapler staple "$PKG"
    xcrun stapler validate "$PKG"
    spctl --assess --type install --verbose=2 "$PKG"
else
    step "ASSIST_NOTARY_* not set: not notarised (Gatekeeper warns on machines that did not get it by MDM)"
fi
if [[ -n "$INSTALLER_IDENTITY" ]]; then
    pkgutil --check-signature "$PKG"
fi
echo "$PKG"
