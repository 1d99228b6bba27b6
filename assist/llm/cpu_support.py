"""What the installed llama.cpp build was compiled for, against what this CPU has.

llama.cpp reports its compiled CPU features in `llama_print_system_info()` ("AVX2 = 1 | AVX512 = 1 | ...");
the CPU's are in /proc/cpuinfo. A build that uses a feature the CPU lacks dies with SIGILL; a build with
ggml's AMX path on an AMX CPU segfaults (llama.cpp issue 20824). Both are named here, with the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ggml's feature names -> the Linux cpuinfo flag that the instructions need
_CPUINFO_FLAG = {
    "SSE3": "pni", "SSSE3": "ssse3", "AVX": "avx", "AVX2": "avx2", "F16C": "f16c", "FMA": "fma",
    "BMI2": "bmi2", "AVX_VNNI": "avx_vnni", "AVX512": "avx512f", "AVX512_VBMI": "avx512vbmi",
    "AVX512_VNNI": "avx512_vnni", "AVX512_BF16": "avx512_bf16", "AMX_INT8": "amx_int8",
}
# The CPU flags worth showing in the doctor (the rest of cpuinfo is noise for this purpose).
SHOWN_CPU_FLAGS = ("avx", "avx2", "fma", "f16c", "bmi2", "avx_vnni", "avx512f", "avx512_vnni", "avx512_bf16",
                   "amx_tile", "amx_int8", "amx_bf16")
_FEATURE = re.compile(r"([A-Z][A-Z0-9_]*)\s*=\s*1\b")


def compiled_features(system_info: str) -> list[str]:
    """The CPU features a build was compiled with, from its system-info line, in its own order."""
    seen: list[str] = []
    for name in _FEATURE.findall(system_info):
        if name in _CPUINFO_FLAG and name not in seen:
            seen.append(name)
    return seen


@dataclass(frozen=True)
class Mismatch:
    feature: str
    problem: str


def mismatches(system_info: str, cpu: list[str]) -> list[Mismatch]:
    """Known-bad combinations of this build and this CPU; empty when the CPU flags are unknown."""
    if not cpu:
        return []
    flags = set(cpu)
    found = []
    for feature in compiled_features(system_info):
        needed = _CPUINFO_FLAG[feature]
        if feature == "AMX_INT8" and needed in flags:
            found.append(Mismatch(feature, "built with ggml's AMX path, which segfaults on this CPU "
                                           "(llama.cpp issue 20824)"))
        elif needed not in flags:
            found.append(Mismatch(feature, f"built for {feature}, which this CPU lacks (SIGILL)"))
    return found
