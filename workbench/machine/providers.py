"""Machine-translation providers: one class per service behind one interface.

Each provider sends exactly ONE request per ``translate()`` call and turns every
way that request can fail into a :class:`MachineError`. Splitting long text,
retrying and backing off live in :mod:`workbench.machine.drafting_text`.

Four services go through deep-translator; DeepL goes through the official
``deepl`` package because deep-translator still sends the DeepL key as a query
parameter, which DeepL no longer accepts.
"""

from __future__ import annotations

import errno
import json
import math
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import deepl
import deepl.http_client
import requests
import urllib3
import urllib3.connection
from deep_translator import (
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
)
from deep_translator import exceptions as dt_errors

from workbench.machine.errors import MachineError

# requests' own advice: a connect timeout slightly above a multiple of 3 s, the
# TCP retransmission window. Connecting is quick when it works at all.
CONNECT_TIMEOUT_CAP = 3.05


# --------------------------------------------------------------------------
# Settings


@dataclass
class ProviderSettings:
    """What the providers need to reach their services; no Flask, no database."""

    # Seconds one request may take in all, from connecting to the last byte of
    # the answer (connecting alone gets at most CONNECT_TIMEOUT_CAP).
    timeout: float = 10.0
    libretranslate_url: str | None = None
    libretranslate_key: str | None = None
    deepl_key: str | None = None
    deepl_server_url: str | None = None  # None: free or pro endpoint by the key's ":fx" suffix
    microsoft_key: str | None = None
    microsoft_region: str | None = None
    mymemory_email: str | None = None

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError(f"WORKBENCH_MT_TIMEOUT must be a positive number, not {self.timeout}")

    @property
    def connect_timeout(self) -> float:
        return min(self.timeout, CONNECT_TIMEOUT_CAP)

    @classmethod
    def from_mapping(cls, config: Mapping[str, object]) -> ProviderSettings:
        """Build settings from a Flask-config-style mapping (keys without WORKBENCH_)."""

        def text(key: str) -> str | None:
            value = config.get(key)
            if value is None:
                return None
            value = str(value).strip()
            return value or None  # an empty environment variable means "not set"

        raw_timeout = text("MT_TIMEOUT")
        try:
            timeout = float(raw_timeout) if raw_timeout is not None else 10.0
        except ValueError:
            raise ValueError(
                f"WORKBENCH_MT_TIMEOUT must be a number of seconds, not {raw_timeout!r}"
            ) from None
        return cls(
            timeout=timeout,
            libretranslate_url=text("LIBRETRANSLATE_URL"),
            libretranslate_key=text("LIBRETRANSLATE_KEY"),
            deepl_key=text("DEEPL_KEY"),
            deepl_server_url=text("DEEPL_SERVER_URL"),
            microsoft_key=text("MICROSOFT_KEY"),
            microsoft_region=text("MICROSOFT_REGION"),
            mymemory_email=text("MYMEMORY_EMAIL"),
        )


# --------------------------------------------------------------------------
# Deadlines, size caps and response capture for libraries that set none
#
# deep-translator calls requests.get/post with no timeout, so a server that
# accepts the connection and never answers blocks the caller forever; and even a
# read timeout does not end an answer that trickles in one byte a second. Rather
# than edit the library, requests.Session.send is wrapped once, process-wide:
# every requests.get/post goes through a throwaway Session and ends in send(),
# and deepl calls send() on its own Session. The wrapper does nothing unless a
# provider call is in progress in the current thread (a ContextVar, so
# concurrent threads each see only their own call). Then it
#
# - fills in a timeout where the caller gave none (deepl passes its own, kept);
# - reads the answer itself, in pieces, and gives up past MAX_ANSWER_BYTES;
# - records the last response or network exception. That record is how the
#   HTTP status and Retry-After header are recovered when deep-translator hides
#   them behind a bare TooManyRequests or RequestError, or swallows the
#   exception altogether (MicrosoftTranslator logs it and goes on).
#
# The total deadline and the stop switch are kept by a watchdog thread per call.
# A thread blocked in recv() cannot be interrupted, but shutting its socket down
# wakes it at once, whatever it was waiting for (the connection, the headers or
# the next byte); urllib3's connect is wrapped as well so the watchdog knows the
# call's sockets.

# How often the watchdog looks at the stop switch; the deadline itself is exact.
WATCH_INTERVAL = 0.2
# The largest answer read from a service. Real answers are a few kilobytes (an
# HTML page for Google); a bigger one is a broken or hostile server.
MAX_ANSWER_BYTES = 1024 * 1024
_READ_PIECE = 64 * 1024
# A translation longer than this many times its text, plus a margin, is not one.
MAX_GROWTH = 20
GROWTH_MARGIN = 200


class _Abandoned(Exception):
    """Raised inside a provider call once its request was given up on."""


@dataclass
class _Call:
    timeout: tuple[float, float]  # (connect, read)
    deadline: float  # time.monotonic() by which the whole call must be over
    stop: threading.Event | None = None
    response: requests.Response | None = None
    error: requests.RequestException | None = None
    # Why the request was given up on: "deadline", "cancelled" or "too_large".
    abandoned: str | None = None
    answered: bool = False  # the headers of an answer had arrived
    answer_size: int | None = None  # the announced size of a too-large answer
    finished: threading.Event = field(default_factory=threading.Event)
    _sockets: list[socket.socket] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def stopped(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def abandon(self, reason: str) -> None:
        """Give up on the request: wake whatever is waiting on its sockets."""
        with self._lock:
            if self.abandoned is None:
                self.abandoned = reason
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            late = self.abandoned is not None
        if late:  # given up on while this connection was being made
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for a TLS socket: SSLSocket's own would
    # drop its TLS state under the thread that is reading. OSError: already closed.
    with suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watch(call: _Call) -> None:
    while True:
        remaining = call.deadline - time.monotonic()
        if remaining <= 0:
            call.abandon("deadline")
            return
        if call.finished.wait(min(WATCH_INTERVAL, remaining)):
            return
        if call.stopped():
            call.abandon("cancelled")
            return


_CURRENT_CALL: ContextVar[_Call | None] = ContextVar("workbench_machine_call", default=None)
_INSTALL_LOCK = threading.Lock()


def _read_answer(response: requests.Response, call: _Call) -> None:
    """Read the body into the response, as requests would, but at most the cap."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
        call.answer_size = int(declared)
        call.abandon("too_large")
    else:
        body = bytearray()
        for piece in response.iter_content(_READ_PIECE):
            body += piece
            if len(body) > MAX_ANSWER_BYTES:
                call.abandon("too_large")
                break
        else:
            response._content = bytes(body)
            return
    response.close()


def _install_send_hook() -> None:
    with _INSTALL_LOCK:
        original = requests.Session.send
        if getattr(original, "_workbench_machine_hook", False):
            return

        def send(self: requests.Session, request: Any, **kwargs: Any) -> requests.Response:
            call = _CURRENT_CALL.get()
            if call is None:
                return original(self, request, **kwargs)
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = call.timeout
            # A caller that streams reads the body itself; for the others the
            # body is read here, under the cap, instead of inside requests.
            read_here = not kwargs.get("stream")
            kwargs["stream"] = True
            call.answered = False
            try:
                response = original(self, request, **kwargs)
                call.answered = True
                if read_here and call.abandoned is None:
                    _read_answer(response, call)
            except Exception as exc:
                if isinstance(exc, requests.RequestException):
                    call.error, call.response = exc, None
                if call.abandoned:
                    raise _Abandoned(call.abandoned) from exc
                raise
            if call.abandoned:
                # Whatever was read is cut short (a shut socket reads as the end).
                response.close()
                raise _Abandoned(call.abandoned)
            # Only the last exchange explains a failure: forget earlier ones.
            call.error, call.response = None, response
            return response

        send._workbench_machine_hook = True  # type: ignore[attr-defined]
        send.__wrapped__ = original  # type: ignore[attr-defined]
        requests.Session.send = send  # type: ignore[method-assign]


def _install_connect_hook() -> None:
    """Tell the current call about every socket urllib3 opens for it."""
    with _INSTALL_LOCK:
        plain = urllib3.connection.HTTPConnection
        secure = urllib3.connection.HTTPSConnection
        new_conn = plain._new_conn
        if getattr(new_conn, "_workbench_machine_hook", False):
            return
        secure_connect = secure.connect

        def _new_conn(self: Any) -> socket.socket:
            sock = new_conn(self)
            call = _CURRENT_CALL.get()
            if call is not None:
                call.register(sock)  # covers the TLS handshake too
            return sock

        def connect(self: Any) -> None:
            secure_connect(self)
            call = _CURRENT_CALL.get()
            if call is not None and self.sock is not None:
                call.register(self.sock)  # the TLS socket replaces the plain one

        _new_conn._workbench_machine_hook = True  # type: ignore[attr-defined]
        plain._new_conn = _new_conn  # type: ignore[method-assign]
        secure.connect = connect  # type: ignore[method-assign]


_install_send_hook()
_install_connect_hook()


@contextmanager
def _provider_call(settings: ProviderSettings, stop: threading.Event | None) -> Iterator[_Call]:
    call = _Call(
        timeout=(settings.connect_timeout, settings.timeout),
        deadline=time.monotonic() + settings.timeout,
        stop=stop,
    )
    token = _CURRENT_CALL.set(call)
    watchdog = threading.Thread(target=_watch, args=(call,), name="mt-watchdog", daemon=True)
    watchdog.start()
    try:
        yield call
    finally:
        call.finished.set()
        _CURRENT_CALL.reset(token)


# deepl has its own module-level knobs (documented in its README). Its retries
# are switched off because retrying belongs to drafting_text, which honours
# Retry-After and stops at WORKBENCH_MT_RETRIES; deepl would otherwise make up to
# six requests per call. The knobs are process-wide, so they are written under a
# lock; every call in one app uses the same timeout, so the values never fight.
_DEEPL_LOCK = threading.Lock()


def _configure_deepl(timeout: float) -> None:
    with _DEEPL_LOCK:
        deepl.http_client.max_network_retries = 0
        # deepl waits max(time left in its first backoff slot (about 1 s),
        # min_connection_timeout) for connect and read alike.
        deepl.http_client.min_connection_timeout = timeout


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


def _seconds(value: float) -> str:
    return f"{value:g}" if value < 1 else str(math.ceil(value))


def _host(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


def _without_query(url: str | None) -> str | None:
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


def _service_detail(response: requests.Response) -> str:
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


def _requests_cause(exc: BaseException) -> requests.RequestException | None:
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


# deep-translator's ServerException keeps only a code name such as
# "ERR_TOO_MANY_REQUESTS"; this turns it back into the status it came from.
_SERVER_EXCEPTION_STATUS: dict[str, int] = {
    v: k for k, v in dt_errors.ServerException.errors.items()
}


# --------------------------------------------------------------------------
# Providers


class Provider(ABC):
    """One machine-translation service. Instances are stateless and shared."""

    name: ClassVar[str]  # registry key, as in WORKBENCH_MT_PROVIDER
    label: ClassVar[str]  # how an editor knows the service
    max_chars: ClassVar[int]  # longest text one request may carry (with a margin)
    key_setting: ClassVar[str | None] = None  # the setting naming the API key, if any
    source_codes: ClassVar[dict[str, str]] = {}
    target_codes: ClassVar[dict[str, str]] = {}

    def source_code(self, lang: str) -> str:
        return self.source_codes.get(lang, lang)

    def target_code(self, lang: str) -> str:
        return self.target_codes.get(lang, lang)

    def missing(self, settings: ProviderSettings) -> str | None:
        """A sentence naming the setting this provider still needs, or None."""
        return None

    def configured(self, settings: ProviderSettings) -> bool:
        return self.missing(settings) is None

    def translate(
        self,
        text: str,
        settings: ProviderSettings,
        source: str = "ja",
        target: str = "en",
        *,
        stop: threading.Event | None = None,
    ) -> str:
        """Translate ``text`` with one request; raise MachineError on any failure.

        The request ends within ``settings.timeout`` seconds, and within a moment
        of ``stop`` being set (then with a MachineError of kind "cancelled").
        """
        if stop is not None and stop.is_set():
            raise self.cancelled()
        missing = self.missing(settings)
        if missing:
            raise self._error(missing, kind="auth", retryable=False)
        if not text.strip():
            return text
        if len(text) > self.max_chars:
            raise self._error(
                f"The text is too long for {self.label} in one request "
                f"({len(text)} characters, at most {self.max_chars}); split it first.",
                kind="invalid_input",
            )
        with _provider_call(settings, stop) as call:
            try:
                result: Any = self._request(
                    text, settings, self.source_code(source), self.target_code(target)
                )
            except MachineError:
                raise
            except Exception as exc:
                raise self._classify(exc, call, settings, source, target) from exc
            if call.stopped():
                raise self.cancelled()  # stopped while the answer was being read
        return self._checked(result, text)

    def cancelled(self) -> MachineError:
        return self._error(f"The request to {self.label} was cancelled.", kind="cancelled")

    @abstractmethod
    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        """Send the request through the client library and return its result."""

    # -- turning failures into MachineError ---------------------------------

    def _error(self, message: str, **kwargs: Any) -> MachineError:
        return MachineError(message, provider=self.name, **kwargs)

    def _checked(self, result: Any, text: str) -> str:
        if result is None:
            # GoogleTranslator returns None, without an exception, when the
            # answer equals the input and holds no letters or digits.
            raise self._error(
                f"{self.label} returned nothing for this text; it holds no words to "
                "translate, so copy it as it is.",
                kind="invalid_input",
            )
        if not isinstance(result, str) or not result.strip():
            raise self._error(f"{self.label} returned an empty translation.", kind="bad_answer")
        if len(result) > MAX_GROWTH * len(text) + GROWTH_MARGIN:
            raise self._error(
                f"The answer from {self.label} is far longer than its text "
                f"({len(result):,} characters for {len(text):,}); nothing was stored.",
                kind="bad_answer",
            )
        return result

    def _classify(
        self,
        exc: Exception,
        call: _Call,
        settings: ProviderSettings,
        source: str,
        target: str,
    ) -> MachineError:
        # Most specific evidence first: a request given up on, what happened on
        # the wire, then the HTTP status, and only then the library's exception.
        if call.abandoned:
            return self._abandoned_error(call, settings)
        failure = call.error or _requests_cause(exc)
        if failure is not None:
            return self._network_error(failure, settings)
        response = call.response
        if response is not None and not 200 <= response.status_code < 300:
            return self._status_error(
                response.status_code,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                detail=_service_detail(response),
                url=_without_query(response.url),
            )
        return self._library_error(exc, source, target)

    def _abandoned_error(self, call: _Call, settings: ProviderSettings) -> MachineError:
        if call.abandoned == "cancelled":
            return self.cancelled()
        if call.abandoned == "too_large":
            # The size is known only when announced: reading stops at the cap.
            cap = f"over {_megabytes(MAX_ANSWER_BYTES)}"
            size = _megabytes(call.answer_size) if call.answer_size else cap
            return self._error(
                f"The answer from {self.label} was too large ({size}); nothing was stored.",
                kind="bad_answer",
                retryable=False,
            )
        if call.answered:
            return self._error(
                f"{self.label} was still sending its answer after "
                f"{_seconds(settings.timeout)} s; it was abandoned and nothing was stored.",
                kind="timeout",
            )
        return self._error(
            f"{self.label} did not answer within {_seconds(settings.timeout)} s.",
            kind="timeout",
        )

    def _network_error(
        self, failure: requests.RequestException, settings: ProviderSettings
    ) -> MachineError:
        request = getattr(failure, "request", None)
        url = getattr(request, "url", None)
        where = f" at {_host(url)}" if _host(url) else ""
        exc = requests.exceptions
        if isinstance(failure, exc.ConnectionError) and not isinstance(failure, exc.ConnectTimeout):
            refused = self._connection_error(failure, url)
            if refused is not None:
                return refused
        # ConnectTimeout is both a ConnectionError and a Timeout: nothing was
        # sent, so it counts as unreachable.
        if isinstance(failure, exc.ConnectTimeout):
            return self._error(
                f"Could not connect to {self.label}{where} within "
                f"{_seconds(settings.connect_timeout)} s: the network may be down, or a "
                "firewall drops the connection.",
                kind="unreachable",
            )
        if isinstance(failure, exc.SSLError):
            return self._error(
                f"The secure connection to {self.label}{where} failed; check the address "
                "and the system's certificates.",
                kind="unreachable",
                retryable=False,
            )
        if isinstance(failure, exc.ProxyError):
            return self._error(
                f"The proxy refused the connection to {self.label}; check the proxy settings.",
                kind="unreachable",
            )
        if isinstance(failure, exc.Timeout):
            return self._error(
                f"{self.label} did not answer within {_seconds(settings.timeout)} s.",
                kind="timeout",
            )
        if isinstance(failure, exc.ConnectionError) and _dropped(failure):
            return self._error(
                f"{self.label}{where} closed the connection without answering; retry in a moment.",
                kind="unreachable",
            )
        if isinstance(failure, exc.ConnectionError) and _read_timed_out(failure):
            return self._error(
                f"{self.label} stopped answering for {_seconds(settings.timeout)} s in the "
                "middle of its answer; nothing was stored.",
                kind="timeout",
            )
        if isinstance(failure, exc.ConnectionError):
            # Not the exception's text: it repeats the URL, query string and all.
            return self._error(
                f"The connection to {self.label}{where} failed; check the address and the network.",
                kind="unreachable",
            )
        if isinstance(failure, exc.ChunkedEncodingError | exc.ContentDecodingError):
            return self._error(
                f"The connection to {self.label} broke off before the answer was complete.",
                kind="unreachable",
            )
        if isinstance(failure, exc.InvalidURL | exc.MissingSchema | exc.InvalidSchema):
            return self._error(
                f"The address of {self.label} is not a valid URL ({url or failure}); "
                "check the settings.",
                kind="unknown",
                retryable=False,
            )
        return self._error(f"The request to {self.label} failed: {failure}.", kind="unknown")

    def _connection_error(
        self, failure: requests.exceptions.ConnectionError, url: str | None
    ) -> MachineError | None:
        """The sentence for a connection that could not be made, by its OS-level cause."""
        reason = _connect_failure(failure)
        if reason is None:
            return None
        parts = urlsplit(url or "")
        host = parts.hostname or "the service"
        if isinstance(reason, urllib3.exceptions.NameResolutionError):
            return self._error(
                f"Cannot resolve {host}: no network or no DNS, so {self.label} cannot be reached.",
                kind="unreachable",
            )
        cause = reason.__cause__
        code = cause.errno if isinstance(cause, OSError) else None
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "its address"
        if code == errno.ECONNREFUSED:
            return self._error(
                f"{self.label} at {origin} refused the connection: is the server running?",
                kind="unreachable",
            )
        if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return self._error(
                f"The network is unreachable: there is no route to {self.label} at {parts.netloc}.",
                kind="unreachable",
            )
        said = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(reason)
        return self._error(
            f"Could not connect to {self.label} at {parts.netloc or host}: {said}.",
            kind="unreachable",
        )

    def _status_error(
        self,
        status: int,
        *,
        retry_after: float | None = None,
        detail: str = "",
        url: str | None = None,
    ) -> MachineError:
        said = f' The service said: "{detail.rstrip(".")}".' if detail else ""
        if status in (401, 403):
            if self.key_setting:
                message = (
                    f"{self.label} refused the API key (HTTP {status}). Check {self.key_setting}."
                )
            else:
                message = f"{self.label} refused the request (HTTP {status}).{said}"
            return self._error(message, kind="auth", retryable=False, status=status)
        if status == 456:
            return self._error(
                f"The {self.label} quota for this billing period is used up (HTTP 456).",
                kind="quota",
                retryable=False,
                status=status,
            )
        if status == 429:
            wait = (
                f"retry in {_seconds(retry_after)} s"
                if retry_after is not None
                else "wait a minute before retrying"
            )
            return self._error(
                f"{self.label} is rate-limiting requests (HTTP 429); {wait}.",
                kind="rate_limited",
                retry_after=retry_after,
                status=status,
            )
        if status >= 500:
            wait = (
                f"retry in {_seconds(retry_after)} s"
                if retry_after is not None
                else "retry in a moment"
            )
            return self._error(
                f"{self.label} had a server error (HTTP {status}); {wait}.",
                kind="server_error",
                retry_after=retry_after,
                status=status,
            )
        if status == 408:
            return self._error(
                f"{self.label} gave up waiting for the request (HTTP 408).",
                kind="timeout",
                status=status,
            )
        if status in (413, 414):
            return self._error(
                f"{self.label} refused the text as too long (HTTP {status}); send shorter pieces.",
                kind="invalid_input",
                status=status,
            )
        if status in (400, 422):
            return self._error(
                f"{self.label} refused the request (HTTP {status}).{said}",
                kind="invalid_input",
                status=status,
            )
        if status == 404:
            where = f" at {url}" if url else ""
            return self._error(
                f"{self.label} has no translation service{where} (HTTP 404); check the address.",
                kind="unknown",
                retryable=False,
                status=status,
            )
        return self._error(
            f"{self.label} answered with HTTP {status}.{said}",
            kind="unknown",
            retryable=False,
            status=status,
        )

    def _library_error(self, exc: Exception, source: str, target: str) -> MachineError:
        label = self.label
        if isinstance(exc, dt_errors.NotValidLength):
            return self._error(
                f"The text is too long for {label} in one request; split it first.",
                kind="invalid_input",
            )
        if isinstance(exc, dt_errors.NotValidPayload):
            return self._error(
                f"{label} cannot translate this text: it holds no words, only digits, "
                "punctuation or symbols.",
                kind="invalid_input",
            )
        if isinstance(
            exc, dt_errors.LanguageNotSupportedException | dt_errors.InvalidSourceOrTargetLanguage
        ):
            return self._error(
                f"{label} does not offer translation from {source!r} to {target!r}.",
                kind="unsupported",
            )
        if isinstance(exc, dt_errors.ApiKeyException):
            return self._error(
                self.missing(ProviderSettings()) or f"{label} needs an API key.",
                kind="auth",
            )
        if isinstance(exc, dt_errors.AuthorizationException):
            return self._status_error(403)
        if isinstance(exc, dt_errors.TooManyRequests):
            return self._status_error(429)
        if isinstance(exc, dt_errors.ServerException):
            code = str(exc.args[0]) if exc.args else ""
            return self._status_error(_SERVER_EXCEPTION_STATUS.get(code, 500))
        if isinstance(exc, dt_errors.RequestError):
            return self._status_error(500)
        if isinstance(exc, dt_errors.TranslationNotFound | dt_errors.ElementNotFoundInGetRequest):
            return self._error(
                f"{label} answered, but the answer held no translation; "
                "the service may have changed its page.",
                kind="bad_answer",
            )
        if isinstance(exc, deepl.QuotaExceededException):
            return self._status_error(456)
        if isinstance(exc, deepl.AuthorizationException):
            return self._status_error(403)
        if isinstance(exc, deepl.TooManyRequestsException):
            return self._status_error(429)
        if isinstance(exc, deepl.ConnectionException):
            # Reached only when no network exception was recorded, so the cause is unknown.
            return self._error(
                f"The connection to {label} failed; check the address and the network.",
                kind="unreachable",
                retryable=exc.should_retry,
            )
        if isinstance(exc, deepl.DeepLException):
            if exc.http_status_code is not None:
                return self._status_error(exc.http_status_code)
            return self._error(f"{label} refused the request: {exc}", kind="unknown")
        if isinstance(exc, json.JSONDecodeError | ValueError):
            # requests' JSONDecodeError is a ValueError as well.
            return self._error(
                f"{label} sent an answer that could not be read (not valid JSON).",
                kind="bad_answer",
            )
        if isinstance(exc, KeyError | IndexError | TypeError | AttributeError | StopIteration):
            return self._error(
                f"{label} sent an answer in an unexpected shape; the service may have changed.",
                kind="bad_answer",
            )
        if isinstance(exc, dt_errors.MicrosoftAPIerror):
            return self._error(f"{label} refused the request: {exc.api_message}", kind="unknown")
        return self._error(
            f"{label} failed unexpectedly ({type(exc).__name__}: {exc}).", kind="unknown"
        )


class GoogleProvider(Provider):
    name = "google"
    label = "Google Translate"
    # deep-translator refuses 5,000 characters or more; keep a margin.
    max_chars = 4500

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        # A fresh instance per call: translate() writes the text into the
        # instance's URL parameters, so a shared one is not thread-safe.
        return GoogleTranslator(source=source, target=target).translate(text)


class MyMemoryProvider(Provider):
    name = "mymemory"
    label = "MyMemory"
    # MyMemory documents "max 500 bytes" for q (deep-translator checks 500
    # characters). Japanese is 3 bytes a character in UTF-8, so 160 characters
    # stay under the byte limit; MyMemory's daily allowance counts characters,
    # not requests, so smaller pieces cost nothing extra.
    max_chars = 160
    # MyMemory wants RFC 3066 codes; plain "en" maps to en-GB in deep-translator.
    source_codes = {"ja": "ja-JP", "en": "en-US"}
    target_codes = {"ja": "ja-JP", "en": "en-US"}

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        kwargs = {"email": settings.mymemory_email} if settings.mymemory_email else {}
        result = MyMemoryTranslator(source=source, target=target, **kwargs).translate(text)
        self._check_body()
        return result

    def _check_body(self) -> None:
        # MyMemory reports many errors with HTTP 200 and the error text in place
        # of the translation; deep-translator returns that text as if translated.
        call = _CURRENT_CALL.get()
        response = call.response if call else None
        if response is None:
            return
        try:
            body = response.json()
            status = int(body.get("responseStatus", 200))
        except (ValueError, TypeError, AttributeError):
            return
        if status == 200:
            return
        details = str(body.get("responseDetails") or "")
        translated = str((body.get("responseData") or {}).get("translatedText") or "")
        if status == 429 and "MYMEMORY WARNING" in (details + translated).upper():
            raise self._error(
                "MyMemory's free daily allowance is used up; set WORKBENCH_MYMEMORY_EMAIL "
                "for a larger one, or try again tomorrow.",
                kind="quota",
                status=status,
            )
        if status >= 500:
            raise self._status_error(status)
        # Other in-body codes (403 and 400 above all) mean the query itself was
        # refused: a bad language pair or a text over the length limit.
        said = details.rstrip(".")[:200] or f"status {status}"
        raise self._error(
            f"MyMemory refused the request: {said}.", kind="invalid_input", status=status
        )


class LibreProvider(Provider):
    name = "libretranslate"
    label = "LibreTranslate"
    # deep-translator sends the text in the query string of a POST; percent-
    # encoded Japanese is about 9 bytes a character and many servers refuse
    # URLs over 8 KB with 414.
    max_chars = 800
    key_setting = "WORKBENCH_LIBRETRANSLATE_KEY"

    def missing(self, settings: ProviderSettings) -> str | None:
        if not settings.libretranslate_url:
            return "Set WORKBENCH_LIBRETRANSLATE_URL to use LibreTranslate."
        return None

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        url = str(settings.libretranslate_url)
        if not url.endswith("/"):
            url += "/"  # deep-translator appends "translate" to it
        # deep-translator insists on a key, but a self-hosted server usually
        # runs without keys: hand it a placeholder, then drop it so that no
        # bogus api_key parameter is sent.
        translator = LibreTranslator(
            source=source,
            target=target,
            api_key=settings.libretranslate_key or "none",
            custom_url=url,
        )
        if not settings.libretranslate_key:
            translator.api_key = None
        return translator.translate(text)


class _MicrosoftTranslator(MicrosoftTranslator):
    """MicrosoftTranslator without the language-list request in its constructor.

    The stock constructor fetches the language list from a hard-coded URL (not
    from BASE_URLS, so it cannot be pointed elsewhere), with no key and no error
    handling, doubling the requests per call. The service itself rejects an
    unsupported pair with a clear error, so the codes given are accepted as is.
    """

    def __init__(self, *, source: str, target: str, **kwargs: Any) -> None:
        self._codes = (source, target)
        super().__init__(source=source, target=target, **kwargs)

    def _get_supported_languages(self) -> dict[str, str]:
        return {code: code for code in self._codes}


class MicrosoftProvider(Provider):
    name = "microsoft"
    label = "Microsoft Translator"
    max_chars = 5000  # the service takes 10,000 per request (50,000 per body)
    key_setting = "WORKBENCH_MICROSOFT_KEY"

    def missing(self, settings: ProviderSettings) -> str | None:
        if not settings.microsoft_key:
            return (
                "Set WORKBENCH_MICROSOFT_KEY (and WORKBENCH_MICROSOFT_REGION for a regional "
                "resource) to use Microsoft Translator."
            )
        return None

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        translator = _MicrosoftTranslator(
            source=source,
            target=target,
            api_key=settings.microsoft_key,
            region=settings.microsoft_region,
        )
        return translator.translate(text)


class DeeplProvider(Provider):
    name = "deepl"
    label = "DeepL"
    max_chars = 5000  # DeepL accepts far more (128 KiB a body); smaller pieces fail less
    key_setting = "WORKBENCH_DEEPL_KEY"
    source_codes = {"ja": "JA", "en": "EN"}
    # The deepl client refuses plain "EN" as a target (it is ambiguous).
    target_codes = {"ja": "JA", "en": "EN-US"}

    def missing(self, settings: ProviderSettings) -> str | None:
        if not settings.deepl_key:
            return "Set WORKBENCH_DEEPL_KEY to use DeepL."
        return None

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        _configure_deepl(settings.timeout)
        translator = deepl.Translator(
            str(settings.deepl_key),
            server_url=settings.deepl_server_url,
            send_platform_info=False,
        )
        try:
            result = translator.translate_text(text, source_lang=source, target_lang=target)
        finally:
            translator.close()
        return result.text


PROVIDERS: dict[str, Provider] = {
    provider.name: provider
    for provider in (
        GoogleProvider(),
        MyMemoryProvider(),
        LibreProvider(),
        DeeplProvider(),
        MicrosoftProvider(),
    )
}


def get_provider(name: str) -> Provider:
    """The provider registered under ``name``; KeyError with a sentence if none."""
    try:
        return PROVIDERS[name]
    except KeyError:
        known = ", ".join(PROVIDERS)
        raise KeyError(
            f"There is no machine-translation provider called {name!r}; choose one of: {known}."
        ) from None
