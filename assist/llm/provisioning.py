"""A model IT provisions through the policy: `model_path` (a GGUF on a share) and its `model_sha256`.

The file is hashed while it is copied to local disk (the per-user cache, named by its checksum), and only a
copy whose hash matches is kept and loaded: llama.cpp mmaps the model, and a page fault on a network file
that went away would take the app down. A mismatch refuses with both hashes named. Later starts reuse the
local copy without touching the share (its size and time are checked; a changed copy is hashed again).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from assist.base import paths
from assist.base.errors import InputError, ModelUnavailable
from assist.config import settings
from assist.llm import chat_format, gguf_info
from assist.llm.catalog import ModelEntry

log = logging.getLogger(__name__)

_BLOCK = 4 << 20


def local_dir() -> Path:
    return paths.cache_dir() / "models"


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _marker(local: Path) -> Path:
    return local.with_name(local.name + ".verified")


def _still_verified(local: Path, sha256: str) -> bool:
    try:
        mark = json.loads(_marker(local).read_text(encoding="utf-8"))
        stat = local.stat()
    except (OSError, ValueError):
        return False
    if mark == {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}:
        return True
    return _sha256_of(local) == sha256  # touched since: a copy is only trusted after hashing it again


def fetch(share: Path, sha256: str) -> Path:
    """The verified local copy of `share` (copied now if needed); ModelUnavailable naming what is wrong."""
    expected = sha256.strip().lower()
    local = local_dir() / f"{expected[:16]}-{share.name}"
    if local.exists() and _still_verified(local, expected):
        return local
    if not share.is_file():
        raise ModelUnavailable(f"the model IT provides is not reachable: {share}",
                               hint="Check the network share is connected, or ask IT; the model is copied once, "
                                    "then used from this computer.")
    local.parent.mkdir(parents=True, exist_ok=True)
    part = local.with_name(local.name + ".part")
    digest = hashlib.sha256()
    try:
        with share.open("rb") as source, part.open("wb") as target:
            for block in iter(lambda: source.read(_BLOCK), b""):
                digest.update(block)
                target.write(block)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ModelUnavailable(f"could not copy the model from {share} to {local.parent}: {exc.strerror or exc}",
                               hint="Check the share and the free disk space; nothing was loaded.") from None
    actual = digest.hexdigest()
    if actual != expected:
        part.unlink(missing_ok=True)
        raise ModelUnavailable(f"the model on the share {share} has sha256 {actual}, but the policy expects "
                               f"{expected}: not loaded",
                               hint="IT: copy the right file to the share, or correct model_sha256 in the policy.")
    part.replace(local)
    stat = local.stat()
    _marker(local).write_text(json.dumps({"sha256": expected, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}),
                              encoding="utf-8")
    log.info("copied the policy model %s to %s (sha256 verified)", share, local)
    return local


def policy_model() -> ModelEntry | None:
    """The catalogue entry of the policy's model_path (copied and verified), or None when none is set."""
    chosen = settings.load()
    if not chosen.model_path:
        return None
    if not chosen.model_sha256:
        raise ModelUnavailable("the policy sets model_path without model_sha256: the model is not loaded",
                               hint="IT: add the file's sha256 (sha256sum / Get-FileHash) as model_sha256.")
    local = fetch(Path(chosen.model_path).expanduser(), chosen.model_sha256)
    try:
        info = gguf_info.read(local)
        fmt = chat_format.detect(info.chat_template, source=chosen.model_path)
    except InputError as exc:
        raise ModelUnavailable(f"the model IT provides cannot be used: {exc}", hint=exc.hint) from None
    size = local.stat().st_size
    return ModelEntry(id=f"policy-{Path(chosen.model_path).stem.lower()}", name=info.name or local.stem,
                      file=local.name, sha256=chosen.model_sha256.lower(), size=size,
                      ram_mb=int(size * 1.3 / 2**20) + 64, context=info.context_length or 4096,
                      licence=info.licence or "unknown", chat_format=fmt, source=f"path:{local}")
