"""Send E-utilities requests within NCBI's rate limit, retrying what may succeed later.

The transport owns two policies and nothing else: a rate limiter shared by every
request of a client (retries included), and retries with exponential backoff and
jitter on HTTP 429, 5xx and dropped connections. Any other 4xx is the caller's
mistake (a rejected key or query) and is raised at once, never retried.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import TypeVar

from ..errors import PubMedError
from .request import Request

#: Requests per second NCBI allows without and with an API key.
RATE_NO_KEY = 3.0
RATE_WITH_KEY = 10.0
#: Extra fraction of each interval, so that arrival jitter at NCBI never makes
#: ``rate + 1`` requests land inside one second (Bio.Entrez spaces by 0.37 s; this gives 0.35 s).
RATE_MARGIN = 0.05

#: Status codes worth retrying: throttling and server-side failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Errors meaning the connection failed or dropped mid-answer.
NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, ConnectionError,
                  TimeoutError, OSError)


T = TypeVar("T")


class MalformedResponse(ValueError):
    """An answer cut short or not in the expected format; raised by readers to ask again."""


class PubMedRejectedError(PubMedError):
    """NCBI refused the request (HTTP 4xx other than 429): retrying cannot help."""


class PubMedUnavailableError(PubMedError):
    """NCBI kept failing (throttling, server errors, dropped connections) past every retry."""


class RateLimiter:
    """Space requests evenly so that no second holds more than ``rate`` of them.

    Thread-safe: each caller reserves the next free slot under a lock, then sleeps
    until it. The clock and sleep are injectable so tests need not wait.

    Args:
        rate: Requests per second allowed; None or 0 means no limit.
        margin: Fraction added to every interval (see :data:`RATE_MARGIN`).
        clock: Monotonic time source in seconds.
        sleep: Function that waits a number of seconds.
    """

    def __init__(self, rate: float | None, *, margin: float = RATE_MARGIN,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = (1.0 + margin) / rate if rate else 0.0
        self.clock = clock
        self.sleep = sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until the next request may be sent."""
        with self._lock:
            now = self.clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self.sleep(slot - now)


class Transport:
    """Send requests through one rate limiter, with retries.

    Args:
        limiter: The rate limiter every request (and retry) passes.
        max_tries: Attempts per request before giving up.
        backoff: First retry delay in seconds; doubles each retry.
        backoff_cap: Longest delay between tries.
        timeout: Seconds to wait for NCBI to answer.
        sleep: Function that waits (injectable for tests).
        rng: Random source for jitter.
    """

    def __init__(self, limiter: RateLimiter, *, max_tries: int = 5, backoff: float = 1.0,
                 backoff_cap: float = 30.0, timeout: float = 300.0,
                 sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None) -> None:
        self.limiter = limiter
        self.max_tries = max_tries
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.timeout = timeout
        self.sleep = sleep
        self.rng = rng or random.Random()
        #: Requests sent so far, retries included (read by benchmarks and the CLI).
        self.sent = 0
        self._count = threading.Lock()  # fetch threads send through one transport
        #: Retries made so far, with their cause (for the run's notes).
        self.retries: list[str] = []

    def send(self, request: Request, read: Callable[[bytes], T] | None = None) -> T | bytes:
        """Send a request and return the response body, or what ``read`` makes of it.

        Args:
            request: The request to send.
            read: Turns the body into a result; raising :class:`MalformedResponse`
                (a truncated or garbled answer) makes the transport ask again.

        Raises:
            PubMedRejectedError: NCBI answered with a 4xx other than 429.
            PubMedUnavailableError: Every try failed with 429, 5xx or a network error.
        """
        last = ""
        for attempt in range(self.max_tries):
            if attempt:
                self.retries.append(last)
            self.limiter.wait()
            with self._count:
                self.sent += 1
            retry_after: float | None = None
            try:
                body = self._open(request)
            except urllib.error.HTTPError as exc:
                body = _read_error_body(exc)
                if exc.code not in RETRY_STATUSES:
                    raise _rejection(request, exc.code, body) from None
                last = f"HTTP {exc.code}"
                retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            except NETWORK_ERRORS as exc:
                last = _redact(f"connection failed ({type(exc).__name__}: {exc})", request)
            else:
                problem = _json_error(body)
                if problem is None:
                    if read is None:
                        return body
                    try:
                        return read(body)
                    except MalformedResponse as exc:
                        last = f"malformed answer ({exc})"
                elif "rate limit" not in problem.lower():
                    raise _rejection(request, 200, body)
                else:
                    last = f"rate limit ({problem})"
            if attempt + 1 < self.max_tries:
                self.sleep(self._delay(attempt, retry_after))
        raise PubMedUnavailableError(
            f"NCBI E-utilities ({request.endpoint}) failed {self.max_tries} times; "
            f"last: {last}.",
            "Check the network connection, then run the same command again.")

    def _open(self, request: Request) -> bytes:
        req = urllib.request.Request(request.url, data=request.body, method=request.method)
        if request.body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        with urllib.request.urlopen(req, timeout=self.timeout) as response:
            return response.read()

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        base = min(self.backoff_cap, self.backoff * 2 ** attempt)
        # Jitter spreads the retries of many clients hit by the same outage.
        delay = base / 2 + self.rng.uniform(0, base / 2)
        return max(delay, retry_after or 0.0)


def _read_error_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read() or b""
    except NETWORK_ERRORS:
        return b""


def _redact(text: str, request: Request) -> str:
    """Blank the API key out of a message that may echo the request (URL, body)."""
    for key, value in request.params:
        if key == "api_key" and value:
            text = text.replace(value, "***")
    return text


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value), 120.0)
    return None


def _json_error(body: bytes) -> str | None:
    """Return the ``error`` text of an NCBI JSON error body, or None for anything else."""
    if not body[:64].lstrip().startswith(b"{"):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    error = data.get("error") if isinstance(data, dict) else None
    return str(error) if error else None


def _rejection(request: Request, status: int, body: bytes) -> PubMedRejectedError:
    """Turn a refused request into one user-facing line."""
    problem = _json_error(body) or body.decode("utf-8", "replace").strip()[:200] or "no reason"
    problem = _redact(problem, request)
    if "api key" in problem.lower() or "api-key" in problem.lower():
        return PubMedRejectedError(
            f"NCBI rejected the API key ({problem}).",
            "Check --api-key or NCBI_API_KEY (a newly generated key invalidates the old one), "
            "or leave it out to search at 3 requests a second.")
    return PubMedRejectedError(
        f"NCBI refused the {request.endpoint} request (HTTP {status}: {problem}).",
        "Check the search string and options; this is not a network problem.")
