"""`assist models add` reads the chat template and trained context from the GGUF file itself: tiny GGUF files
written here with the `gguf` package (metadata and one small tensor) stand in for each model family."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.base.errors import InputError, ModelUnavailable
from assist.llm import catalog, gguf_info

gguf = pytest.importorskip("gguf")
np = pytest.importorskip("numpy")

DATA = Path(__file__).resolve().parents[2] / "data" / "chat_templates"


def _rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in (DATA / "tune.jsonl").read_text(encoding="utf-8").splitlines() if line]


def write_gguf(path: Path, template: str | None, *, context: int = 2048, arch: str = "llama",
               name: str = "Tiny test model", licence: str = "") -> Path:
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_name(name)
    if context:
        writer.add_context_length(context)
    if template is not None:
        writer.add_chat_template(template)
    if licence:
        writer.add_license(licence)
    writer.add_tokenizer_model("none")  # llama.cpp's "no vocabulary": enough for a vocab-only read
    writer.add_tensor("tiny", np.zeros((4,), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


FAMILIES = {row["model"]: row for row in _rows()}
CHATML = ("{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}"
          "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")


@pytest.mark.parametrize("model", sorted(m for m, r in FAMILIES.items() if r["expect"] != "refuse"))
def test_add_reads_each_family_s_template_and_context(tmp_path: Path, model: str) -> None:
    row = FAMILIES[model]
    path = write_gguf(tmp_path / "model.gguf", row["template"], context=32768, licence="apache-2.0")
    entry = catalog.add(path)
    assert (entry.chat_format, entry.context, entry.licence, entry.name) == (
        row["expect"], 32768, "apache-2.0", "Tiny test model")
    assert catalog.find(entry.id).chat_format == row["expect"]  # remembered in the user catalogue


@pytest.mark.parametrize("model", sorted(m for m, r in FAMILIES.items() if r["expect"] == "refuse" and r["template"]))
def test_a_template_assist_cannot_render_is_refused_naming_its_markers(tmp_path: Path, model: str) -> None:
    path = write_gguf(tmp_path / "model.gguf", FAMILIES[model]["template"])
    with pytest.raises(InputError, match=r"tokenizer.chat_template: the chat template \(.+\) is not one") as info:
        catalog.add(path)
    assert "--chat-format" in info.value.hint
    assert not (catalog.paths.config_dir() / "models.json").exists()  # nothing half registered


def test_mistral_s_markers_are_named(tmp_path: Path) -> None:
    row = next(r for r in _rows() + [json.loads(x) for x in (DATA / "report.jsonl").read_text().splitlines()]
               if r["model"].startswith("Mistral-7B"))
    with pytest.raises(InputError, match=r"\[INST\], \[/INST\]"):
        catalog.add(write_gguf(tmp_path / "mistral.gguf", row["template"]))


def test_chat_format_and_context_flags_override_the_file(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "odd.gguf", "{{ 'USER: ' + messages[0]['content'] }}", context=2048)
    entry = catalog.add(path, chat_format_name="llama3", context=1024)
    assert (entry.chat_format, entry.context) == ("llama3", 1024)


def test_a_file_without_template_or_context(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "bare.gguf", None, context=0)
    with pytest.raises(InputError, match="no chat template"):
        catalog.add(path)
    assert catalog.add(path, chat_format_name="chatml").context == 4096  # the file does not say: the usual default


def test_not_a_gguf_file_and_a_truncated_one(tmp_path: Path) -> None:
    text = tmp_path / "notes.gguf"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="bad magic bytes"):
        catalog.add(text)
    good = write_gguf(tmp_path / "good.gguf", CHATML)
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(good.read_bytes()[:40])
    with pytest.raises(InputError, match="cannot read this GGUF"):
        gguf_info.read(cut)


def test_unknown_chat_format_flag(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", CHATML)
    with pytest.raises(InputError, match="unknown chat format 'alpaca'"):
        catalog.add(path, chat_format_name="alpaca")


def test_recommended_upgrades_carry_no_checksum_and_the_first_verified_load_records_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = [e for e in catalog.load_catalog() if e.tier]
    assert {e.tier for e in entries} >= {"4 GB", "8 GB", "16 GB"}
    assert all(not e.sha256 and not e.size and e.approx_size_mb and e.licence and e.homepage for e in entries)
    models = tmp_path / "models"
    monkeypatch.setenv("ASSIST_MODELS_DIR", str(models))
    entry = next(e for e in entries if e.id.startswith("qwen2.5-1.5b"))
    with pytest.raises(ModelUnavailable, match="not found"):
        catalog.verify(entry)
    models.mkdir()
    file = write_gguf(models / entry.file, CHATML)
    assert catalog.verify(entry) == file
    assert len(catalog.checksum(entry)) == 64
    with file.open("ab") as handle:  # replaced by another file afterwards
        handle.write(b"\0" * 32)
    with pytest.raises(ModelUnavailable, match="fails its checksum"):
        catalog.verify(entry)


def test_models_verify_skips_upgrades_nobody_installed(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from assist.cli import main

    monkeypatch.setenv("ASSIST_MODELS_DIR", str(tmp_path / "none"))
    assert main(["models", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["models"]
    upgrade = next(r for r in rows if r["tier"])
    assert upgrade["state"] == "missing" and upgrade["fits"] in (True, False) and upgrade["ram_needed_mb"] > 1000
