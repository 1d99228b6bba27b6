"""Tokens live in a real keyring backend: keyrings.alt's file backend selected explicitly here (the app refuses it
on its own), keyring's own `fail` backend standing in for a headless desktop with no keychain."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked
from keyrings.alt.file import PlaintextKeyring

from assist.base.errors import InputError, SecretsUnavailable
from assist.config import secrets


def test_a_token_round_trips_through_the_selected_keychain(keychain: PlaintextKeyring, tmp_path: Path) -> None:
    secrets.set_token("zendesk:sam@example.com@https://acme.zendesk.com", "  tok-123  ")
    assert secrets.get_token("zendesk:sam@example.com@https://acme.zendesk.com") == "tok-123"
    assert "[Assist]" in Path(keychain.file_path).read_text(encoding="utf-8")  # it really went to the backend
    secrets.delete_token("zendesk:sam@example.com@https://acme.zendesk.com")
    secrets.delete_token("zendesk:sam@example.com@https://acme.zendesk.com")  # twice is fine
    assert secrets.get_token("zendesk:sam@example.com@https://acme.zendesk.com") is None


def test_an_empty_token_is_refused(keychain: PlaintextKeyring) -> None:
    with pytest.raises(InputError, match="token is empty"):
        secrets.set_token("x", "   ")


def test_no_keychain_says_what_to_install() -> None:
    secrets.use_backend(fail.Keyring())
    try:
        with pytest.raises(SecretsUnavailable, match="no OS keychain") as caught:
            secrets.set_token("x", "tok")
        assert "gnome-keyring" in caught.value.hint or "Unlock" in caught.value.hint
        assert secrets.describe().startswith("unavailable: no OS keychain")
    finally:
        secrets.use_backend(None)


def test_a_plaintext_backend_is_refused_unless_chosen_explicitly(tmp_path: Path) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "plain.cfg")  # type: ignore[misc]
    secrets.use_backend(backend)  # selected, but plaintext not allowed: as the app would find it
    try:
        with pytest.raises(SecretsUnavailable, match="only a plaintext file keychain"):
            secrets.set_token("x", "tok")
        assert not Path(backend.file_path).exists()
    finally:
        secrets.use_backend(None)


class _LockedKeyring(PlaintextKeyring):
    """The file backend, locked: what Secret Service answers before the user unlocks the login keychain."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("collection is locked")


def test_a_locked_keychain_is_told_apart(tmp_path: Path) -> None:
    backend = _LockedKeyring()
    backend.file_path = str(tmp_path / "locked.cfg")  # type: ignore[misc]
    secrets.use_backend(backend, allow_plaintext=True)
    try:
        with pytest.raises(SecretsUnavailable, match="keychain is locked") as caught:
            secrets.get_token("x")
        assert "Unlock" in caught.value.hint
    finally:
        secrets.use_backend(None)


@pytest.mark.allow_log(r"using the plaintext test keychain")
def test_a_test_run_of_the_command_selects_the_file_keychain_explicitly(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(secrets.TEST_KEYRING_ENV, str(tmp_path / "child.cfg"))
    try:
        secrets.set_token("x", "tok")
        assert secrets.get_token("x") == "tok" and (tmp_path / "child.cfg").exists()
    finally:
        secrets.use_backend(None)
