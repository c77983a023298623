"""Deadlines, size caps and response capture for client libraries that set none.

deep-translator calls requests.get/post with no timeout, so a server that
accepts the connection and never answers blocks the caller forever; and even a
read timeout does not end an answer that trickles in one byte a second. Rather
than edit the library, requests.Session.send is wrapped once, process-wide:
every requests.get/post goes through a throwaway Session and ends in send(),
and deepl calls send() on its own Session. The wrapper does nothing unless a
provider call is in progress in the current thread (a ContextVar, so
concurrent threads each see only their own call). Then it

- fills in a timeout where the caller gave none (deepl passes its own, kept);
- reads the answer itself, in pieces, and gives up past MAX_ANSWER_BYTES;
- records the last response or network exception. That record is how the
  HTTP status and Retry-After header are recovered when deep-translator hides
  them behind a bare TooManyRequests or RequestError, or swallows the
  exception altogether (MicrosoftTranslator logs it and goes on).

The total deadline and the stop switch are kept by a watchdog thread per call.
A thread blocked in recv() cannot be interrupted, but shutting its socket down
wakes it at once, whatever it was waiting for (the connection, the headers or
the next byte); urllib3's connect is wrapped as well so the watchdog knows the
call's sockets.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3.connection

# How often the watchdog looks at the stop switch; the deadline itself is exact.
WATCH_INTERVAL = 0.2
# The largest answer read from a service. Real answers are a few kilobytes (an
# HTML page for Google); a bigger one is a broken or hostile server.
MAX_ANSWER_BYTES = 1024 * 1024
_READ_PIECE = 64 * 1024


class Abandoned(Exception):
    """Raised inside a provider call once its request was given up on."""


@dataclass
class Call:
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


def _watch(call: Call) -> None:
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


_CURRENT_CALL: ContextVar[Call | None] = ContextVar("workbench_machine_call", default=None)
_INSTALL_LOCK = threading.Lock()


def current_call() -> Call | None:
    """The provider call in progress in this thread, if any."""
    return _CURRENT_CALL.get()


def _read_answer(response: requests.Response, call: Call) -> None:
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
                    raise Abandoned(call.abandoned) from exc
                raise
            if call.abandoned:
                # Whatever was read is cut short (a shut socket reads as the end).
                response.close()
                raise Abandoned(call.abandoned)
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
def provider_call(
    connect_timeout: float, timeout: float, stop: threading.Event | None
) -> Iterator[Call]:
    """One request's worth of watching: the deadline, the stop switch, the record."""
    call = Call(
        timeout=(connect_timeout, timeout),
        deadline=time.monotonic() + timeout,
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
