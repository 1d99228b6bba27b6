"""tools/install.py: the llama.cpp build flags, and a wheel key that changes whenever the build would differ."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def install() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_script", ROOT / "tools" / "install.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_pinned_version_is_the_one_built(install: ModuleType) -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pin = next(d for d in deps if d.startswith("llama-cpp-python"))
    assert pin == f"llama-cpp-python=={install.LLAMA_VERSION}"


def test_native_builds_never_enable_amx(install: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install, "is_x86", lambda: True)
    args = install.cmake_args("native")
    assert "-DGGML_NATIVE=ON" in args and "-DLLAVA_BUILD=OFF" in args
    for flag in ("CMAKE_C_FLAGS", "CMAKE_CXX_FLAGS"):
        value = next(a for a in args if a.startswith(f"-D{flag}="))
        assert set(re.findall(r"-mno-amx-\w+", value)) == {"-mno-amx-tile", "-mno-amx-int8", "-mno-amx-bf16"}


def test_portable_builds_are_the_avx2_baseline(install: ModuleType) -> None:
    args = install.cmake_args("portable")
    assert "-DGGML_NATIVE=OFF" in args
    expected = {"-DGGML_AVX2=ON", "-DGGML_FMA=ON", "-DGGML_F16C=ON", "-DGGML_AVX512=OFF", "-DGGML_AMX_INT8=OFF"}
    assert expected <= set(args)


def test_the_wheel_key_follows_flags_and_cpu(install: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install, "cpu_flags", lambda: ["avx2", "fma"])
    native, portable = install.build_key("native"), install.build_key("portable")
    assert native != portable and native.startswith("native-") and portable.startswith("portable-")
    monkeypatch.setattr(install, "cpu_flags", lambda: ["avx2", "fma", "amx_int8", "amx_tile"])
    assert install.build_key("native") != native  # another CPU never reuses a native wheel
    assert install.build_key("portable") == portable  # a portable wheel fits any CPU
    monkeypatch.setattr(install, "LLAMA_VERSION", "9.9.9")
    assert install.build_key("portable") != portable
