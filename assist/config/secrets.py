"""Helpdesk tokens, kept only in the OS keychain through `keyring` (macOS Keychain, Windows Credential Locker,
Secret Service on Linux): never in the database, a settings file, a log line or an error message.

A machine with no usable keychain (a headless Linux desktop: keyring's `fail` or `null` backend) or with only a
plaintext file backend (keyrings.alt) is refused with SecretsUnavailable naming what to install: there is no
silent plaintext fallback. Tests select a file backend explicitly with `use_backend(..., allow_plaintext=True)`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import Any

from assist.base.errors import SecretsUnavailable

log = logging.getLogger(__name__)

SERVICE = "Assist"
TEST_KEYRING_ENV = "ASSIST_TEST_KEYRING_FILE"
# Backends that store nothing, or store it readable on disk: refused unless a test chose one on purpose.
_UNUSABLE = {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"}
_PLAINTEXT = {"keyrings.alt.file.PlaintextKeyring", "keyrings.alt.file.EncryptedKeyring",
              "keyrings.alt.Gnome.Keyring", "keyrings.alt.pyfs.PlaintextKeyring"}

_chosen: Any = None  # a backend selected explicitly (tests); None = keyring's own choice
_plaintext_allowed = False


def use_backend(backend: Any, *, allow_plaintext: bool = False) -> None:
    """Select a keyring backend explicitly (tests: keyrings.alt's file backend in a temp dir). None resets."""
    global _chosen, _plaintext_allowed
    _chosen, _plaintext_allowed = backend, allow_plaintext


def _install_hint() -> str:
    if sys.platform.startswith("linux"):
        return ("Install and unlock a Secret Service keychain (gnome-keyring or KeePassXC with Secret Service "
                "enabled) and log in to a desktop session; `assist doctor` shows what keyring finds.")
    return "Unlock the system keychain, then retry; `assist doctor` shows what keyring finds."


def _name(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _test_backend() -> Any:
    """ASSIST_TEST_KEYRING_FILE: a test run of the real `assist` command (a child process) selects keyrings.alt's
    file backend at that path explicitly. Logged every time, so it is never a silent fallback."""
    path = os.environ.get(TEST_KEYRING_ENV)
    if not path:
        return None
    try:
        from keyrings.alt.file import PlaintextKeyring  # type: ignore[import-untyped]
    except ImportError:
        raise SecretsUnavailable(f"{TEST_KEYRING_ENV} is set but keyrings.alt is not installed",
                                 hint=f"Unset {TEST_KEYRING_ENV}: it is for Assist's own tests.") from None
    log.warning("using the plaintext test keychain %s (%s is set)", path, TEST_KEYRING_ENV)
    chosen = PlaintextKeyring()
    chosen.file_path = path
    return chosen


def backend() -> Any:
    """The keyring backend Assist will use, or SecretsUnavailable saying why there is none."""
    global _chosen, _plaintext_allowed
    try:
        import keyring
    except ImportError:
        raise SecretsUnavailable("the keyring library is not installed", hint="Reinstall Assist.") from None
    if _chosen is None and (test_backend := _test_backend()) is not None:
        _chosen, _plaintext_allowed = test_backend, True
    chosen = _chosen if _chosen is not None else keyring.get_keyring()
    candidates = list(getattr(chosen, "backends", [])) or [chosen]  # keyring's chainer wraps several
    usable = [b for b in candidates if _name(b) not in _UNUSABLE
              and (_plaintext_allowed or _name(b) not in _PLAINTEXT)]
    if not usable:
        kind = "only a plaintext file keychain" if any(_name(b) in _PLAINTEXT for b in candidates) else \
            "no OS keychain"
        raise SecretsUnavailable(f"{kind} is available to keep helpdesk tokens in ({_name(chosen)})",
                                 hint=_install_hint())
    return chosen if chosen in usable else usable[0]


def describe() -> str:
    """One line for `assist doctor` and the settings page: which keychain, or why none."""
    try:
        return _name(backend())
    except SecretsUnavailable as exc:
        return f"unavailable: {exc}"


def _call(action: str, function: Any, *args: str) -> Any:
    from keyring.errors import KeyringError, KeyringLocked, PasswordDeleteError

    try:
        return function(*args)
    except PasswordDeleteError:
        raise
    except KeyringLocked:
        raise SecretsUnavailable(f"the keychain is locked; cannot {action} the token",
                                 hint="Unlock your keychain (log in to the desktop session), then retry.") from None
    except (KeyringError, OSError, RuntimeError) as exc:
        # The message of a backend error can quote what it was given; only its type is shown.
        log.warning("keychain %s failed: %s", action, type(exc).__name__)
        raise SecretsUnavailable(f"the keychain could not {action} the token ({type(exc).__name__})",
                                 hint=_install_hint()) from None


def set_token(account: str, token: str) -> None:
    if not token.strip():
        from assist.base.errors import InputError

        raise InputError("the token is empty", field="token")
    store = backend()
    _call("save", store.set_password, SERVICE, account, token.strip())


def get_token(account: str) -> str | None:
    store = backend()
    value = _call("read", store.get_password, SERVICE, account)
    return str(value) if value else None


def delete_token(account: str) -> None:
    from keyring.errors import PasswordDeleteError

    store = backend()
    with contextlib.suppress(PasswordDeleteError):  # already gone: removing a connector twice is not an error
        _call("delete", store.delete_password, SERVICE, account)
