"""Typed errors of the core.

Two families, so the UI and the CLI can tell the user what to do:
- InputError: something the user gave us is wrong (a file, a field, a flag). Names the file and field.
- EnvironmentProblem: the machine is not as we need it (model missing, disk full, keyring locked).
Anything else that escapes is a bug and is shown as one (crash log, traceback in the log file).
"""

from __future__ import annotations


class AssistError(Exception):
    """Base of every error the core raises on purpose. `str(err)` is one clear line for the user."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class InputError(AssistError):
    """Bad input: names the file (if any) and the field (if any)."""

    def __init__(self, message: str, *, source: str = "", field: str = "", hint: str = "") -> None:
        where = ": ".join(part for part in (source, field) if part)
        super().__init__(f"{where}: {message}" if where else message, hint=hint)
        self.source = source
        self.field = field


class EnvironmentProblem(AssistError):
    """The workstation is not as Assist needs it; the hint says how to fix it."""


class ModelUnavailable(EnvironmentProblem):
    """The model file is missing, corrupt, too big for this machine, or failed to load."""


class StoreError(EnvironmentProblem):
    """The database cannot be opened or written (read-only, full disk, newer version)."""


class Cancelled(Exception):
    """Raised inside long work when the user cancelled; callers treat it as a normal outcome."""


class SecretsUnavailable(EnvironmentProblem):
    """No usable OS keychain (none installed, locked, or only a plaintext backend): the hint says what to install."""


class ConnectorError(EnvironmentProblem):
    """A helpdesk call failed; names the connector and the endpoint, never the token."""

    def __init__(self, message: str, *, connector: str = "", endpoint: str = "", hint: str = "") -> None:
        where = " ".join(part for part in (connector, endpoint) if part)
        super().__init__(f"{where}: {message}" if where else message, hint=hint)
        self.connector = connector
        self.endpoint = endpoint


class TokenRejected(ConnectorError):
    """401/403: the helpdesk refused the credentials; polling stops until they are replaced."""


class RateLimited(ConnectorError):
    """429 (or our own request budget) after the retries allowed; `retry_after` is in seconds."""

    retry_after: float = 0.0


class HelpdeskUnavailable(ConnectorError):
    """5xx, a timeout or a network drop that outlasted the retries."""


class MalformedResponse(ConnectorError):
    """The helpdesk answered with something that is not the documented shape; `field` names what is wrong."""

    field: str = ""


class ModelServerError(ModelUnavailable):
    """The company's model server (OpenAI-compatible) failed; names the server, never the API key."""


class ServerUnreachable(ModelServerError):
    """Refused, timed out, busy (429/5xx) past the retries, or the stream was cut: the local model can stand in."""


class ServerKeyRejected(ModelServerError):
    """401/403: the server refused the API key; retrying would not help."""
