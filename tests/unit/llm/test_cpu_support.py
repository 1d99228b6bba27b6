"""Known-bad combinations of a llama.cpp build and a CPU, as the doctor reports them."""

from __future__ import annotations

from assist.llm import cpu_support

INFO = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 |"


def test_compiled_features_are_read_from_the_system_info_line() -> None:
    assert cpu_support.compiled_features(INFO) == ["SSE3", "AVX", "AVX2", "AVX512", "AMX_INT8"]
    assert cpu_support.compiled_features("CPU : AVX = 0 | AVX2 = 1 |") == ["AVX2"]
    assert cpu_support.compiled_features("") == []


def test_amx_in_the_build_on_an_amx_cpu_is_the_known_crash() -> None:
    sapphire_rapids = ["pni", "avx", "avx2", "avx512f", "amx_int8", "amx_tile"]
    [only] = cpu_support.mismatches(INFO, sapphire_rapids)
    assert only.feature == "AMX_INT8" and "20824" in only.problem


def test_features_the_cpu_lacks_mean_sigill() -> None:
    desktop = ["pni", "avx", "avx2"]
    found = cpu_support.mismatches(INFO, desktop)
    assert [m.feature for m in found] == ["AVX512", "AMX_INT8"]
    assert all("SIGILL" in m.problem for m in found)


def test_a_portable_build_fits_every_avx2_cpu() -> None:
    portable = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | OPENMP = 1 |"
    assert cpu_support.mismatches(portable, ["pni", "ssse3", "avx", "avx2", "f16c", "fma", "bmi2"]) == []


def test_unknown_cpu_flags_give_no_guesses() -> None:
    assert cpu_support.mismatches(INFO, []) == []
