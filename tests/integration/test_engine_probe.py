"""The engine check: a child process proves the llama.cpp build decodes before the app loads it in-process.

Crashes are real: the child imports a deliberately broken `llama_cpp` that dies by SIGSEGV or SIGILL, through
the same entry point (`assist _probe-engine`) the app and a frozen build use.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assist.base.errors import ModelUnavailable
from assist.llm import catalog, loader, probe
from assist.workspace import doctor


@pytest.fixture
def model() -> tuple[Path, str]:
    entry = catalog.find()
    return catalog.verify(entry), entry.sha256


def test_the_installed_build_decodes_on_this_cpu(model: tuple[Path, str]) -> None:
    result = probe.run_probe(*model, use_cache=False)
    assert result.ok, result.reason
    assert result.stage == "done"
    assert "AVX" in result.system_info or "NEON" in result.system_info  # llama.cpp's own feature line
    assert probe.run_probe(*model).cached  # the verdict is remembered per build, model and CPU


@pytest.mark.parametrize(("kind", "signal_name", "words"), [
    ("segv", "SIGSEGV", "crashes on this CPU"),
    ("ill", "SIGILL", "uses CPU instructions this processor lacks"),
])
@pytest.mark.allow_log('engine probe died')
def test_a_child_that_dies_is_reported_with_the_signal(broken_engine, model: tuple[Path, str], kind: str,
                                                       signal_name: str, words: str) -> None:
    broken_engine(kind)
    result = probe.run_probe(*model, use_cache=False)
    assert not result.ok
    assert result.exit_code == -getattr(signal, signal_name)
    assert words in result.reason and signal_name in result.reason
    assert "loading the engine library" in result.reason  # it died on import: the stage is named


@pytest.mark.allow_log('engine probe died')
def test_a_crash_while_generating_names_the_stage_and_is_cached(broken_engine, model: tuple[Path, str]) -> None:
    broken_engine("segv-on-generate")
    first = probe.run_probe(*model)
    assert not first.ok and "SIGSEGV while generating" in first.reason
    assert first.system_info == "CPU : AVX2 = 1 | AMX_INT8 = 1 |"
    again = probe.run_probe(*model)
    assert again.cached and again.reason == first.reason  # a crashing build is not retried at every start


def test_a_python_error_in_the_child_is_not_called_a_crash(broken_engine, model: tuple[Path, str]) -> None:
    broken_engine("python-error")
    result = probe.run_probe(*model, use_cache=False)
    assert not result.ok and result.exit_code == 1
    assert result.reason == "the model engine failed: ImportError: libggml-cpu.so: cannot open shared object file"


def test_a_timeout_is_not_cached(model: tuple[Path, str]) -> None:
    result = probe.run_probe(*model, use_cache=False, timeout=0.01)
    assert not result.ok and result.stage == "timeout"
    assert not probe.run_probe(*model).cached


@pytest.mark.allow_log('engine probe died')
def test_the_loader_refuses_a_crashing_build_with_the_fix(broken_engine) -> None:
    broken_engine("segv")
    with pytest.raises(ModelUnavailable) as caught:
        loader.load_engine()
    assert "crashes on this CPU" in str(caught.value)
    assert "tools/install.py" in caught.value.hint


@pytest.mark.allow_log('engine probe died')
def test_doctor_names_the_crash_the_cpu_and_the_build(broken_engine) -> None:
    broken_engine("segv-on-generate")
    check = doctor.check_engine()
    assert check.status == "fail"
    assert "SIGSEGV while generating" in check.detail
    assert "llama.cpp was built for AVX2 AMX_INT8" in check.detail
    assert "tools/install.py" in check.fix


def test_doctor_shows_the_real_build_and_cpu() -> None:
    check = doctor.check_engine()
    assert check.status == "ok", check.detail
    assert re.search(r"llama\.cpp was built for .*AVX2", check.detail)


def test_the_cli_reports_a_crashing_build_instead_of_dying(broken_engine, conversation_file: Path, cli) -> None:
    broken_engine("segv")
    done = cli("suggest", "--conversation", str(conversation_file))
    assert done.returncode == 3, done.stderr  # the environment, not -11
    assert "crashes on this CPU" in done.stderr and "hint:" in done.stderr


def test_the_probe_works_from_a_frozen_build(tmp_path: Path, model: tuple[Path, str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A PyInstaller build has no `python -m`: the probe calls `<app> _probe-engine MODEL`. A launcher that is
    only the app's entry point (packaging/entry.py) stands in for the frozen executable."""
    launcher = tmp_path / "assist-frozen"
    entry = Path(__file__).parents[2] / "packaging" / "entry.py"
    launcher.write_text(f"#!{sys.executable}\n" + entry.read_text(encoding="utf-8"), encoding="utf-8")
    launcher.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(launcher))
    assert probe.child_command(model[0])[:2] == [str(launcher), probe.CHILD_COMMAND]
    result = probe.run_probe(*model, use_cache=False)
    assert result.ok and result.stage == "done", result.reason


_AMX = re.compile(r"\s(ldtilecfg|sttilecfg|tileloadd\w*|tilestored|tdpb\w+|tilezero|tilerelease)\b")


def _amx_instructions(objdump: str, binary: Path) -> list[str]:
    done = subprocess.run([objdump, "-d", "--no-show-raw-insn", str(binary)], capture_output=True, text=True,
                          timeout=300, check=True)
    return sorted(set(_AMX.findall(done.stdout)))


def test_the_installed_cpu_library_holds_no_amx_instructions(tmp_path: Path) -> None:
    """ggml's AMX kernels segfault on AMX CPUs; the build must not contain them, whatever CPU runs this test."""
    objdump, cc = shutil.which("objdump"), shutil.which("cc") or shutil.which("gcc")
    assert objdump and cc, "objdump and a C compiler are needed; the llama.cpp build needs them anyway"
    # First prove the check can fail: an object that really holds AMX instructions is caught.
    source = tmp_path / "amx.c"
    source.write_text("#include <immintrin.h>\nvoid f(const void *c, void *b) { _tile_loadconfig(c); "
                      "_tile_loadd(0, b, 64); _tile_dpbssd(2, 0, 1); _tile_release(); }\n", encoding="utf-8")
    subprocess.run([cc, "-O2", "-mamx-tile", "-mamx-int8", "-c", str(source), "-o", str(tmp_path / "amx.o")],
                   check=True, capture_output=True, timeout=120)
    assert _amx_instructions(objdump, tmp_path / "amx.o") == ["ldtilecfg", "tdpbssd", "tileloadd", "tilerelease"]
    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.submodule_search_locations
    package = Path(next(iter(spec.submodule_search_locations)))
    libraries = [p for p in package.rglob("libggml-cpu*") if p.is_file() and not p.is_symlink()]
    assert libraries, f"no libggml-cpu library under {package}"
    for library in libraries:
        assert _amx_instructions(objdump, library) == [], f"{library.name} holds AMX instructions"
