"""The `assist` command in a shell pipeline: `-` reads standard input wherever a file is read, a closed pipe
is not a bug, and a bad flag value is bad input (exit 2), never an internal error (exit 70)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assist", *args], input=stdin, capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300, check=False)


def test_import_from_stdin(tmp_path: Path, conversation_file: Path) -> None:
    done = run("--data-dir", str(tmp_path / "ws"), "--json", "import", "-",
               stdin=conversation_file.read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["conversations"] == 1


def test_a_bad_conversation_on_stdin_is_named_stdin(tmp_path: Path) -> None:
    done = run("--data-dir", str(tmp_path / "ws"), "import", "-", stdin="{not json")
    assert done.returncode == 2
    assert done.stderr.startswith("assist: error: stdin")


def test_handoff_reads_the_conversation_from_stdin(conversation_file: Path) -> None:
    done = run("--json", "handoff", "--no-model", "--conversation", "-",
               stdin=conversation_file.read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert "4412" in json.dumps(json.loads(done.stdout))


def test_kb_import_from_stdin_sniffs_markdown_and_json(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "ws"), "--json"]
    markdown = run(*data, "kb", "import", "-", stdin="# Returns\n\nYou have 30 days to return an item.\n")
    assert markdown.returncode == 0, markdown.stderr
    assert json.loads(markdown.stdout)["imported"] == 1
    as_json = run(*data, "kb", "import", "-",
                  stdin=json.dumps([{"id": "kb-ship", "title": "Shipping", "body": "We ship in 2 days."}]))
    assert as_json.returncode == 0, as_json.stderr
    found = run(*data, "kb", "search", "return an item")
    assert "kb-returns" in found.stdout


def test_eval_sentiment_reads_csv_from_stdin() -> None:
    done = run("--json", "eval", "sentiment", "--data", "-",
               stdin="text,label\nThis is awful and I want my money back,0\nThank you so much!,2\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["n"] == 2


def test_check_reads_the_playbook_from_stdin() -> None:
    playbook = Path(__file__).parents[2] / "assist" / "workspace" / "demo_data" / "playbook.toml"
    done = run("--json", "check", "--text", "Please send me your CVV.", "--playbook", "-",
               stdin=playbook.read_text(encoding="utf-8"))
    assert done.returncode == 1, done.stderr  # a block finding
    assert json.loads(done.stdout)["findings"]


@pytest.mark.parametrize("rows", ["abc", "5", "1:x", "::"])
def test_a_bad_rows_value_is_bad_input(rows: str, tmp_path: Path) -> None:
    data = tmp_path / "labelled.csv"
    data.write_text("text,label\nhello,1\n", encoding="utf-8")
    done = run("eval", "sentiment", "--data", str(data), "--rows", rows)
    assert done.returncode == 2, done.stderr
    assert "--rows" in done.stderr and "START:END" in done.stderr


def test_export_into_a_closed_pipe_is_not_a_bug(tmp_path: Path, conversation_file: Path) -> None:
    workspace = str(tmp_path / "ws")
    assert run("--data-dir", workspace, "demo").returncode == 0
    shell = f"{sys.executable} -m assist --data-dir {workspace} export | head -1; echo \"exit=${{PIPESTATUS[0]}}\""
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=300, check=False)
    first, status = done.stdout.splitlines()
    # 141 when the write met the closed pipe, 0 when all of it fit in the pipe's buffer first; never 70
    assert first == "[" and status in ("exit=141", "exit=0"), done.stdout
    assert "error" not in done.stderr and "Traceback" not in done.stderr


def test_a_pipe_closed_before_the_first_write_exits_141(tmp_path: Path) -> None:
    workspace = str(tmp_path / "ws")
    assert run("--data-dir", workspace, "demo").returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before we write: deterministic EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "assist", "--data-dir", workspace, "export"],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=300, check=False)
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert done.stderr == ""
