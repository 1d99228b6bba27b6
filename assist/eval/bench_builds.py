"""`assist bench --builds A.whl B.whl`: decode and prompt speed of llama.cpp builds, same model, prompt, threads.

Each llama-cpp-python wheel is unpacked into a temp folder and measured in its own child process (a process
can load only one build). Rounds alternate between the builds (A B A B ...) so that a machine that gets busier
during the run slows both alike; each figure is the median over the rounds, and `ratio` is build 2 over
build 1 on the same medians.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.machine import inference_threads
from assist.llm import catalog

PROMPT = ("<|im_start|>system\nYou are a friendly support agent for an online shop.<|im_end|>\n<|im_start|>user\n"
          "Hi, my order 4412 never arrived and the tracking page has said 'label created' for a week. "
          "Can you tell me where it is, and whether I can get a refund if it is lost?<|im_end|>\n"
          "<|im_start|>assistant\n")
DECODE_TOKENS = 96


def _child(model: str, threads: int) -> dict[str, Any]:
    """Runs inside the child: one load, one prompt evaluation, one greedy decode of DECODE_TOKENS tokens."""
    import llama_cpp

    llm = llama_cpp.Llama(model_path=model, n_ctx=1024, n_batch=256, n_threads=threads,
                          n_threads_batch=threads, verbose=False)
    tokens = llm.tokenize(PROMPT.encode(), add_bos=False, special=True)
    started = time.perf_counter()
    llm.eval(tokens)
    prompt_s = time.perf_counter() - started
    sampled = 0
    started = time.perf_counter()
    for _ in range(DECODE_TOKENS):
        token = llm.sample(temp=0.0)
        llm.eval([token])
        sampled += 1
    decode_s = time.perf_counter() - started
    return {"prompt_tok_s": len(tokens) / prompt_s, "decode_tok_s": sampled / decode_s,
            "system_info": llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()}


def _unpack(wheel: Path, into: Path, number: int) -> Path:
    if not wheel.is_file() or wheel.suffix != ".whl":
        raise InputError("not a wheel file", source=str(wheel))
    target = into / str(number)
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _measure(site: Path, model: Path, threads: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    code = (f"import json, sys; from assist.bench_builds import _child; "
            f"print(json.dumps(_child({str(model)!r}, {threads})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600,
                          check=False)
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def compare(wheels: list[Path], *, rounds: int = 5, model_id: str | None = None,
            progress: bool = True) -> dict[str, Any]:
    entry = catalog.find(model_id)
    model = catalog.verify(entry)
    threads = inference_threads()[0]
    runs: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="assist-bench-builds-") as tmp:
        sites = {str(w): _unpack(w, Path(tmp), i) for i, w in enumerate(wheels)}
        for number in range(rounds):
            for name, site in sites.items():
                if progress:
                    print(f"bench: round {number + 1}/{rounds}: {name}", file=sys.stderr, flush=True)
                runs.setdefault(name, []).append(_measure(site, model, threads))
    builds = []
    for name, results in runs.items():
        good = [r for r in results if "error" not in r]
        if not good:
            builds.append({"wheel": name, "error": results[0]["error"]})
            continue
        builds.append({"wheel": name, "system_info": good[0]["system_info"],
                       "decode_tok_s": round(statistics.median(r["decode_tok_s"] for r in good), 1),
                       "prompt_tok_s": round(statistics.median(r["prompt_tok_s"] for r in good), 1),
                       "rounds": len(good)})
    report: dict[str, Any] = {"model": entry.id, "threads": threads, "decode_tokens": DECODE_TOKENS,
                              "builds": builds}
    if len(builds) == 2 and all("decode_tok_s" in b for b in builds):
        report["decode_ratio_2_over_1"] = round(builds[1]["decode_tok_s"] / builds[0]["decode_tok_s"], 3)
        report["prompt_ratio_2_over_1"] = round(builds[1]["prompt_tok_s"] / builds[0]["prompt_tok_s"], 3)
    return report
