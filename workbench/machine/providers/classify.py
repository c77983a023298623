"""The sentences for a failed request: given up on, lost on the wire, or refused by status.

The most specific evidence comes first (see :meth:`Provider._classify`); each
library's own exceptions are mapped by its provider module, and only what no
evidence explains reaches the library's exception at all.
"""

from __future__ import annotations

import errno
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
import urllib3

from workbench.machine.errors import MachineError
from workbench.machine.providers.wire import MAX_ANSWER_BYTES, Call

if TYPE_CHECKING:
    from workbench.machine.providers.base import Provider, ProviderSettings


# --------------------------------------------------------------------------
# Small helpers for messages


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def seconds(value: float) -> str:
    return f"{value:g}" if value < 1 else str(math.ceil(value))


def _host(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


def without_query(url: str | None) -> str | None:
    # Query strings carry the text and, for some services, the API key.
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _dropped(failure: requests.exceptions.ConnectionError) -> bool:
    """True when a connection was made and then closed without an answer."""
    reason = failure.args[0] if failure.args else None
    return isinstance(reason, urllib3.exceptions.ProtocolError)


def _connect_failure(
    failure: requests.exceptions.ConnectionError,
) -> urllib3.exceptions.NewConnectionError | None:
    """urllib3's record of a connection that could not be made (refused, no route,
    no name), with the operating system's error as its cause; None otherwise."""
    reason = failure.args[0] if failure.args else None
    reason = getattr(reason, "reason", reason)  # a MaxRetryError wraps the real one
    return reason if isinstance(reason, urllib3.exceptions.NewConnectionError) else None


def _read_timed_out(failure: requests.exceptions.ConnectionError) -> bool:
    """True when the answer stopped coming in the middle (requests calls it a ConnectionError)."""
    reason = failure.args[0] if failure.args else None
    return isinstance(reason, urllib3.exceptions.ReadTimeoutError)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"


def service_detail(response: requests.Response) -> str:
    """The service's own explanation of an error, if its body carries one."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    for key in ("error", "message", "detail", "responseDetails"):
        value = body.get(key)
        if isinstance(value, dict):  # Microsoft: {"error": {"code": ..., "message": ...}}
            value = value.get("message")
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return ""


def requests_cause(exc: BaseException) -> requests.RequestException | None:
    """A network-level requests exception somewhere in ``exc``'s chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        # requests' JSONDecodeError is a RequestException too, but it means a
        # garbled answer, not a network failure.
        if isinstance(current, requests.RequestException) and not isinstance(
            current, requests.exceptions.InvalidJSONError
        ):
            return current
        current = current.__cause__ or current.__context__
    return None


# --------------------------------------------------------------------------
# The sentences


def abandoned_error(provider: Provider, call: Call, settings: ProviderSettings) -> MachineError:
    label = provider.label
    if call.abandoned == "cancelled":
        return provider.cancelled()
    if call.abandoned == "too_large":
        # The size is known only when announced: reading stops at the cap.
        cap = f"over {_megabytes(MAX_ANSWER_BYTES)}"
        size = _megabytes(call.answer_size) if call.answer_size else cap
        return provider.error(
            f"The answer from {label} was too large ({size}); nothing was stored.",
            kind="bad_answer",
            retryable=False,
        )
    if call.answered:
        return provider.error(
            f"{label} was still sending its answer after "
            f"{seconds(settings.timeout)} s; it was abandoned and nothing was stored.",
            kind="timeout",
        )
    return provider.error(
        f"{label} did not answer within {seconds(settings.timeout)} s.",
        kind="timeout",
    )


def network_error(
    provider: Provider, failure: requests.RequestException, settings: ProviderSettings
) -> MachineError:
    label = provider.label
    request = getattr(failure, "request", None)
    url = getattr(request, "url", None)
    where = f" at {_host(url)}" if _host(url) else ""
    exc = requests.exceptions
    if isinstance(failure, exc.ConnectionError) and not isinstance(failure, exc.ConnectTimeout):
        refused = _connection_error(provider, failure, url)
        if refused is not None:
            return refused
    # ConnectTimeout is both a ConnectionError and a Timeout: nothing was
    # sent, so it counts as unreachable.
    if isinstance(failure, exc.ConnectTimeout):
        return provider.error(
            f"Could not connect to {label}{where} within "
            f"{seconds(settings.connect_timeout)} s: the network may be down, or a "
            "firewall drops the connection.",
            kind="unreachable",
        )
    if isinstance(failure, exc.SSLError):
        return provider.error(
            f"The secure connection to {label}{where} failed; check the address "
            "and the system's certificates.",
            kind="unreachable",
            retryable=False,
        )
    if isinstance(failure, exc.ProxyError):
        return provider.error(
            f"The proxy refused the connection to {label}; check the proxy settings.",
            kind="unreachable",
        )
    if isinstance(failure, exc.Timeout):
        return provider.error(
            f"{label} did not answer within {seconds(settings.timeout)} s.",
            kind="timeout",
        )
    if isinstance(failure, exc.ConnectionError) and _dropped(failure):
        return provider.error(
            f"{label}{where} closed the connection without answering; retry in a moment.",
            kind="unreachable",
        )
    if isinstance(failure, exc.ConnectionError) and _read_timed_out(failure):
        return provider.error(
            f"{label} stopped answering for {seconds(settings.timeout)} s in the "
            "middle of its answer; nothing was stored.",
            kind="timeout",
        )
    if isinstance(failure, exc.ConnectionError):
        # Not the exception's text: it repeats the URL, query string and all.
        return provider.error(
            f"The connection to {label}{where} failed; check the address and the network.",
            kind="unreachable",
        )
    if isinstance(failure, exc.ChunkedEncodingError | exc.ContentDecodingError):
        return provider.error(
            f"The connection to {label} broke off before the answer was complete.",
            kind="unreachable",
        )
    if isinstance(failure, exc.InvalidURL | exc.MissingSchema | exc.InvalidSchema):
        return provider.error(
            f"The address of {label} is not a valid URL ({url or failure}); check the settings.",
            kind="unknown",
            retryable=False,
        )
    return provider.error(f"The request to {label} failed: {failure}.", kind="unknown")


def _connection_error(
    provider: Provider, failure: requests.exceptions.ConnectionError, url: str | None
) -> MachineError | None:
    """The sentence for a connection that could not be made, by its OS-level cause."""
    reason = _connect_failure(failure)
    if reason is None:
        return None
    label = provider.label
    parts = urlsplit(url or "")
    host = parts.hostname or "the service"
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return provider.error(
            f"Cannot resolve {host}: no network or no DNS, so {label} cannot be reached.",
            kind="unreachable",
        )
    cause = reason.__cause__
    code = cause.errno if isinstance(cause, OSError) else None
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "its address"
    if code == errno.ECONNREFUSED:
        return provider.error(
            f"{label} at {origin} refused the connection: is the server running?",
            kind="unreachable",
        )
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return provider.error(
            f"The network is unreachable: there is no route to {label} at {parts.netloc}.",
            kind="unreachable",
        )
    said = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(reason)
    return provider.error(
        f"Could not connect to {label} at {parts.netloc or host}: {said}.",
        kind="unreachable",
    )


def status_error(
    provider: Provider,
    status: int,
    *,
    retry_after: float | None = None,
    detail: str = "",
    url: str | None = None,
) -> MachineError:
    label = provider.label
    said = f' The service said: "{detail.rstrip(".")}".' if detail else ""
    if status in (401, 403):
        if provider.key_setting:
            message = f"{label} refused the API key (HTTP {status}). Check {provider.key_setting}."
        else:
            message = f"{label} refused the request (HTTP {status}).{said}"
        return provider.error(message, kind="auth", retryable=False, status=status)
    if status == 456:
        return provider.error(
            f"The {label} quota for this billing period is used up (HTTP 456).",
            kind="quota",
            retryable=False,
            status=status,
        )
    if status == 429:
        wait = (
            f"retry in {seconds(retry_after)} s"
            if retry_after is not None
            else "wait a minute before retrying"
        )
        return provider.error(
            f"{label} is rate-limiting requests (HTTP 429); {wait}.",
            kind="rate_limited",
            retry_after=retry_after,
            status=status,
        )
    if status >= 500:
        wait = (
            f"retry in {seconds(retry_after)} s" if retry_after is not None else "retry in a moment"
        )
        return provider.error(
            f"{label} had a server error (HTTP {status}); {wait}.",
            kind="server_error",
            retry_after=retry_after,
            status=status,
        )
    if status == 408:
        return provider.error(
            f"{label} gave up waiting for the request (HTTP 408).",
            kind="timeout",
            status=status,
        )
    if status in (413, 414):
        return provider.error(
            f"{label} refused the text as too long (HTTP {status}); send shorter pieces.",
            kind="invalid_input",
            status=status,
        )
    if status in (400, 422):
        return provider.error(
            f"{label} refused the request (HTTP {status}).{said}",
            kind="invalid_input",
            status=status,
        )
    if status == 404:
        where = f" at {url}" if url else ""
        return provider.error(
            f"{label} has no translation service{where} (HTTP 404); check the address.",
            kind="unknown",
            retryable=False,
            status=status,
        )
    return provider.error(
        f"{label} answered with HTTP {status}.{said}",
        kind="unknown",
        retryable=False,
        status=status,
    )
