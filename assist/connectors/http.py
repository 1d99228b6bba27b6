"""The one HTTP road to a helpdesk: httpx through the system proxy and the OS certificate store (truststore, so a
corporate TLS-inspecting proxy's root is trusted as the browser trusts it), a request budget per account, and
status codes turned into typed errors.

- 429 waits for Retry-After (seconds or an HTTP date) and tries again; a wait longer than `max_wait` is
  raised as RateLimited so a poller can come back later instead of holding a thread.
- 5xx, timeouts and network drops retry with exponential backoff and full jitter, then HelpdeskUnavailable.
- 401/403 raise TokenRejected at once (retrying a rejected token only locks the account).
- A body that is not JSON raises MalformedResponse naming the endpoint.
Errors name the connector and endpoint, never the token (it only ever travels in a header).
"""

from __future__ import annotations

import email.utils
import logging
import random
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from assist.base.errors import ConnectorError, HelpdeskUnavailable, MalformedResponse, RateLimited, TokenRejected

log = logging.getLogger(__name__)

USER_AGENT = "Assist (agent-assist desktop app)"


class RequestBudget:
    """At most `per_minute` requests a minute for one helpdesk account, shared by every connector of this process
    that talks to it (Zendesk's incremental export allows 10 a minute per account)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._sent: list[float] = []
        self._lock = threading.Lock()

    def wait_time(self) -> float:
        """Seconds until a request may go; 0 books one now."""
        with self._lock:
            now = self._clock()
            self._sent = [t for t in self._sent if now - t < 60.0]
            if len(self._sent) < self.per_minute:
                self._sent.append(now)
                return 0.0
            return 60.0 - (now - self._sent[0])


_budgets: dict[str, RequestBudget] = {}
_budgets_lock = threading.Lock()


def budget_for(account: str, per_minute: int) -> RequestBudget:
    with _budgets_lock:
        if account not in _budgets or _budgets[account].per_minute != per_minute:
            _budgets[account] = RequestBudget(per_minute)
        return _budgets[account]


def retry_after_seconds(value: str | None, default: float) -> float:
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value.strip() else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else default


def ssl_context() -> ssl.SSLContext:
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except (ImportError, OSError) as exc:  # an OS without a usable store: Python's own defaults (certifi)
        log.info("truststore unavailable (%s); using the default certificate store", exc)
        return ssl.create_default_context()


class Http:
    def __init__(self, connector: str, base_url: str, *, headers: dict[str, str] | None = None,
                 auth: tuple[str, str] | None = None, timeout: float = 15.0, retries: int = 3,
                 backoff: float = 1.0, max_wait: float = 120.0, budget: RequestBudget | None = None,
                 stop: threading.Event | None = None) -> None:
        self.connector = connector
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.budget = budget
        self.stop = stop or threading.Event()
        self.requests = 0  # sent, retries included (the soak figures and the budget tests read it)
        self._client = httpx.Client(base_url=base_url.rstrip("/"),
                                    headers={"User-Agent": USER_AGENT, **(headers or {})}, auth=auth,
                                    timeout=timeout, verify=ssl_context(), trust_env=True, follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def _sleep(self, seconds: float) -> None:
        if self.stop.wait(seconds):
            raise HelpdeskUnavailable("stopped", connector=self.connector)

    def _wait_for_budget(self, endpoint: str) -> None:
        while self.budget is not None and (wait := self.budget.wait_time()) > 0:
            if wait > self.max_wait:
                err = RateLimited(f"request budget of {self.budget.per_minute}/min spent", connector=self.connector,
                                  endpoint=endpoint)
                err.retry_after = wait
                raise err
            self._sleep(wait)

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                json: Any = None) -> httpx.Response:
        endpoint = f"{method} {path.split('?')[0]}"
        for attempt in range(self.retries + 1):
            self._wait_for_budget(endpoint)
            self.requests += 1
            try:
                response = self._client.request(method, path, params=params, json=json)
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.TransportError as exc:  # refused, reset, DNS, TLS: the network, not us
                problem = f"network error ({type(exc).__name__})"
            else:
                status = response.status_code
                if status < 400:
                    return response
                if status in (401, 403):
                    raise TokenRejected(f"token rejected (HTTP {status})", connector=self.connector, endpoint=endpoint,
                                        hint="Replace the token: `assist connectors add` again, or Settings.")
                if status == 429:
                    wait = retry_after_seconds(response.headers.get("Retry-After"), 60.0)
                    if wait > self.max_wait or attempt == self.retries:
                        err = RateLimited(f"rate limited (retry after {wait:.0f} s)", connector=self.connector,
                                          endpoint=endpoint)
                        err.retry_after = wait
                        raise err
                    log.info("%s %s: 429, waiting %.1f s as Retry-After asks", self.connector, endpoint, wait)
                    self._sleep(wait)
                    continue
                if status < 500:
                    raise ConnectorError(f"HTTP {status}", connector=self.connector, endpoint=endpoint)
                problem = f"HTTP {status}"
            if attempt == self.retries:
                raise HelpdeskUnavailable(f"{problem} after {self.retries + 1} attempts", connector=self.connector,
                                          endpoint=endpoint, hint="Assist retries on the next poll.")
            delay = random.uniform(0, self.backoff * 2**attempt)  # full jitter: many workstations, no herd
            log.info("%s %s: %s, retrying in %.2f s", self.connector, endpoint, problem, delay)
            self._sleep(delay)
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, *, params: dict[str, Any] | None = None,
             json: Any = None) -> tuple[Any, httpx.Response]:
        response = self.request(method, path, params=params, json=json)
        if response.status_code == 204 or not response.content:
            return None, response
        try:
            return response.json(), response
        except ValueError:
            err = MalformedResponse("the answer is not JSON", connector=self.connector,
                                    endpoint=f"{method} {path.split('?')[0]}")
            err.field = "(body)"
            raise err from None

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[Any, httpx.Response]:
        return self.json("GET", path, params=params)
