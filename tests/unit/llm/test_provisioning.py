"""A model IT provides on a share (policy model_path + model_sha256): verified while copied to local disk,
loaded from the copy, reused without the share; a mismatch refuses naming both hashes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from test_gguf_models import CHATML, write_gguf

from assist.base.errors import ModelUnavailable
from assist.llm import catalog, provisioning
from assist.llm.loader import load_engine


def _share(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "share").mkdir()
    share = write_gguf(tmp_path / "share" / "Company-Model.gguf", CHATML, context=8192, name="Company model")
    return share, hashlib.sha256(share.read_bytes()).hexdigest()


def _policy(tmp_path: Path, path: Path, sha256: str) -> None:
    (tmp_path / "no-policy.json").write_text(json.dumps(
        {"model_path": str(path), "model_sha256": sha256, "locked": ["model_path", "model_sha256"]}))


def test_the_share_s_model_is_copied_verified_and_reused_without_the_share(tmp_path: Path) -> None:
    share, sha = _share(tmp_path)
    _policy(tmp_path, share, sha)
    entry = provisioning.policy_model()
    assert entry is not None
    local = catalog.locate(entry)
    assert local.parent == provisioning.local_dir() and local.read_bytes() == share.read_bytes()
    assert (entry.chat_format, entry.context, entry.sha256) == ("chatml", 8192, sha)
    assert catalog.verify(entry) == local
    share.unlink()  # the share is gone (laptop off the network): the verified copy still serves
    again = provisioning.policy_model()
    assert again is not None and catalog.locate(again) == local


def test_a_mismatch_refuses_and_names_both_hashes(tmp_path: Path) -> None:
    share, sha = _share(tmp_path)
    wrong = "0" * 64
    _policy(tmp_path, share, wrong)
    with pytest.raises(ModelUnavailable) as caught:
        load_engine()  # the loader's one line: nothing reaches llama.cpp
    assert sha in str(caught.value) and wrong in str(caught.value) and str(share) in str(caught.value)
    assert list(provisioning.local_dir().iterdir()) == []  # no copy, no partial file kept


def test_a_changed_local_copy_is_hashed_again_and_replaced(tmp_path: Path) -> None:
    share, sha = _share(tmp_path)
    _policy(tmp_path, share, sha)
    entry = provisioning.policy_model()
    assert entry is not None
    local = catalog.locate(entry)
    local.write_bytes(b"GGUF tampered")
    assert catalog.locate(provisioning.policy_model() or entry).read_bytes() == share.read_bytes()


def test_an_unreachable_share_or_a_missing_hash_is_named(tmp_path: Path) -> None:
    _policy(tmp_path, tmp_path / "offline" / "model.gguf", "a" * 64)
    with pytest.raises(ModelUnavailable, match="not reachable"):
        provisioning.policy_model()
    (tmp_path / "no-policy.json").write_text(json.dumps({"model_path": str(tmp_path / "m.gguf")}))
    with pytest.raises(ModelUnavailable, match="without model_sha256"):
        provisioning.policy_model()
    (tmp_path / "no-policy.json").write_text("{}")
    assert provisioning.policy_model() is None
