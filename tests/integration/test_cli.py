"""The `assist` command as a user runs it: real subprocesses, a real SQLite file, the real model."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from assist.llm import catalog
from assist.store import Store


def test_version_and_json_errors(cli) -> None:
    assert cli("--version").stdout.startswith("assist ")
    done = cli("--json", "import", "/nowhere/file.json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"] == "/nowhere/file.json: no such file"
    assert done.stderr.splitlines()[0] == "assist: error: /nowhere/file.json: no such file"
    assert "Traceback" not in done.stderr


def test_import_export_round_trip_is_idempotent(cli, tmp_path: Path, conversation_file: Path) -> None:
    data = str(tmp_path / "ws")
    first = cli("--data-dir", data, "--json", "import", str(conversation_file))
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 1
    second = json.loads(cli("--data-dir", data, "--json", "import", str(conversation_file)).stdout)
    assert (second["added"], second["unchanged"]) == (0, 1)
    exported = tmp_path / "out.json"
    assert cli("--data-dir", data, "export", "--out", str(exported)).returncode == 0
    original = json.loads(conversation_file.read_text())
    assert json.loads(exported.read_text()) == [original]


def test_one_bad_file_imports_nothing(cli, tmp_path: Path, conversation_file: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "c-9", "channel": "chat", "messages": [{"role": "robot", "text": "hi"}]}')
    done = cli("--data-dir", str(tmp_path / "ws"), "import", str(conversation_file), str(bad))
    assert done.returncode == 2
    assert "bad.json: messages[0].role: 'robot' is not one of" in done.stderr
    store = Store(tmp_path / "ws")
    assert store.count("conversations") == 0
    store.close()


def test_sigkill_mid_import_leaves_a_sound_file_and_no_half_import(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for i in range(4000):
            messages = [{"role": "customer" if j % 2 == 0 else "agent", "text": f"message {j} " + "lorem " * 60}
                        for j in range(12)]
            out.write(json.dumps({"id": f"k-{i}", "channel": "email", "messages": messages}) + "\n")
    data = tmp_path / "ws"
    Store(data).close()  # schema in place, so the -wal file grows only from the import itself
    wal = data / "assist.sqlite3-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "assist", "--data-dir", str(data), "import", str(big)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:  # mid-transaction, pages written
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the import finished before it could be killed; make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(data / "assist.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
    conn.close()


def _catalog_with(copy: Path, config_dir: Path) -> None:
    entry = catalog.find().as_dict() | {"id": "copy", "default": False, "source": f"path:{copy}"}
    (config_dir / "models.json").parent.mkdir(parents=True, exist_ok=True)
    (config_dir / "models.json").write_text(json.dumps([entry]))


def test_truncated_model_is_refused_with_a_clear_message(cli, model_copy: Path, isolated_dirs: Path) -> None:
    _catalog_with(model_copy, isolated_dirs / "config")
    with model_copy.open("r+b") as handle:
        handle.truncate(1_000_000)
    done = cli("models", "verify", "copy")
    assert done.returncode == 1
    assert "is 1,000,000 bytes, expected 98,362,432 (truncated or replaced)" in done.stdout


def test_altered_model_fails_its_checksum(cli, model_copy: Path, isolated_dirs: Path, conversation_file: Path) -> None:
    _catalog_with(model_copy, isolated_dirs / "config")
    with model_copy.open("r+b") as handle:
        handle.seek(50_000_000)
        handle.write(b"\x00\xff" * 8)
    done = cli("--json", "suggest", "--conversation", str(conversation_file), "--model", "copy")
    assert done.returncode == 3
    assert "fails its checksum" in json.loads(done.stdout)["error"]
    assert "Traceback" not in done.stderr


def test_suggest_with_the_real_model_prints_the_documented_json(cli, conversation_file: Path) -> None:
    done = cli("--demo", "--json", "suggest", "--conversation", str(conversation_file))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"suggestions", "model", "ttft_s", "tokens_per_s"}
    suggestion = result["suggestions"][0]
    assert set(suggestion) == {"text", "citations", "findings"}
    assert suggestion["text"].strip()
    assert "kb-order-tracking" in suggestion["citations"]
    assert result["model"].startswith("SmolLM2")
    assert result["ttft_s"] > 0 and result["tokens_per_s"] > 0


def test_models_add_registers_a_gguf_and_rejects_other_files(cli, model_copy: Path, tmp_path: Path) -> None:
    added = cli("--json", "models", "add", str(model_copy), "--chat-format", "chatml")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["added"]["id"] == "copy"
    listed = json.loads(cli("--json", "models", "list").stdout)["models"]
    assert [m["state"] for m in listed if m["id"] == "copy"] == ["present"]
    text = tmp_path / "notes.txt"
    text.write_text("not a model")
    refused = cli("models", "add", str(text))
    assert refused.returncode == 2 and "not a GGUF model file" in refused.stderr


def test_doctor_reports_each_check(cli) -> None:
    done = cli("--json", "doctor", env={"ASSIST_DOCTOR_SKIP_QT": "1"})
    report = json.loads(done.stdout)
    names = {c["name"]: c["status"] for c in report["checks"]}
    assert names["model"] == "ok" and names["python"] == "ok" and names["database"] == "ok"
    assert set(names) >= {"python", "model", "ram", "database", "keyring"}


def test_the_app_without_a_display_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "assist", "--demo"], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 3
    assert done.stderr.splitlines()[0] == "assist: error: no display to open the window on"
