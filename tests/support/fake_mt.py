"""A loopback imitation of the machine-translation services, for tests.

One stdlib ThreadingHTTPServer on 127.0.0.1 answers like

- LibreTranslate: ``POST /translate`` (parameters in the query string, a form
  or JSON) -> ``{"translatedText": ...}``
- Google: ``GET /m`` -> an HTML page with ``<div class="result-container">``
- MyMemory: ``GET /get`` -> ``{"responseData": {"translatedText": ...}, ...}``
- DeepL: ``POST /v2/translate`` (JSON, ``Authorization: DeepL-Auth-Key ...``)
  -> ``{"translations": [{"detected_source_language", "text", "billed_characters"}]}``,
  plus ``GET /v2/usage``
- Microsoft: ``POST /microsoft/translate`` (JSON ``[{"text": ...}]``) ->
  ``[{"translations": [{"text": ..., "to": ...}]}]``

Every translation is ``EN[<the text received, stripped>]``, so a test can see
which pieces arrived and in what order they were joined.

Pointing the real client libraries at it (``point_providers_at`` does all of
this and returns the settings to pass):

- deep-translator reads ``deep_translator.constants.BASE_URLS`` in each
  translator's constructor (every module imports the dict itself, not a copy of
  a value), so ``monkeypatch.setitem(BASE_URLS, "GOOGLE_TRANSLATE", url)``
  before the call is enough; likewise ``MYMEMORY`` and ``MICROSOFT_TRANSLATE``.
- LibreTranslate and DeepL take their address from the settings
  (``libretranslate_url``, ``deepl_server_url``).

The ``fake_mt`` fixture (tests/conftest.py) gives each test a running fake,
closed after it.
"""

from __future__ import annotations

import errno
import html
import json
import os
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import deep_translator.constants
import pytest

from workbench.machine.providers import ProviderSettings

# Longest a "hang" or "latency" answer may wait, so a forgotten close() cannot
# keep the test run alive for ever.
MAX_WAIT = 60.0

# Modes that answer with an error; a numeric mode ("401", "503", ...) answers
# with that status.
FAILING_MODES = frozenset({"429", "500", "invalid_json", "hang", "quota", "drop", "drip", "huge"})
# "drip" sends the headers, then one byte of the body every this many seconds.
DRIP_INTERVAL = 1.0
# What "huge" sends unless told otherwise: a 10 MB translation.
HUGE_BYTES = 10 * 1024 * 1024

DEEPL_KEY = "test-deepl-key"
LIBRE_KEY = "test-libre-key"
MICROSOFT_KEY = "test-microsoft-key"


class FakeMT:
    """The server plus its switches. Thread-safe: handlers run in threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._release = threading.Event()
        self.reset()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.refused_url = f"http://127.0.0.1:{_closed_port()}"
        # A short poll interval: shutdown() waits for the next poll, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # -- switches ----------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self.mode = "ok"
            self.latency = 0.0
            self.retry_after: str | None = None
            self.fail_times: int | None = None  # fail this many times, then answer
            self.fail_when_contains: str | None = None  # fail only texts holding this
            self.failures = 0
            self.requests = 0
            self.huge_bytes = HUGE_BYTES
            self.huge_declared = False  # send a Content-Length with the "huge" answer
            # Answers the client stopped reading before the fake was done sending.
            self.abandoned = 0
            self.texts: list[str] = []  # every text received, in order
            self.received: list[dict[str, Any]] = []  # path, params, headers per request

    def set_mode(
        self,
        mode: str,
        *,
        latency: float | None = None,
        retry_after: float | str | None = None,
        fail_times: int | None = None,
        fail_when_contains: str | None = None,
        size: int | None = None,
        declared: bool = False,
    ) -> None:
        """Switch the answers: "ok", "latency", "429", "500", "invalid_json", "hang",
        "quota" (DeepL 456, MyMemory's in-body warning), "drop" (close without an
        answer), "drip" (the headers, then one byte a second until the fake is
        closed or the client gives up), "huge" (a well-formed answer whose
        translation is ``size`` bytes, 10 MB by default, with a Content-Length
        only when ``declared``), or any HTTP status as a string ("401", "403").

        There is no "refused" mode: a refused connection needs a port nobody
        listens on, so point the providers at ``refused_url`` instead (and see
        ``no_route`` and ``no_dns`` for the other ways a connection fails).
        """
        if mode not in FAILING_MODES | {"ok", "latency"} and not mode.isdigit():
            raise ValueError(f"unknown fake mode {mode!r}")
        with self._lock:
            self.mode = mode
            if latency is not None:
                self.latency = latency
            self.retry_after = None if retry_after is None else str(retry_after)
            self.fail_times = fail_times
            self.fail_when_contains = fail_when_contains
            self.failures = 0
            self.huge_bytes = HUGE_BYTES if size is None else size
            self.huge_declared = declared

    def close(self) -> None:
        self._release.set()  # let hanging handlers go
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeMT:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- used by the handler -------------------------------------------------

    def _record(self, path: str, params: dict[str, Any], headers: dict[str, str], text: str) -> str:
        """Count the request and decide what to do: "ok" or the failing mode."""
        with self._lock:
            self.requests += 1
            self.texts.append(text)
            self.received.append({"path": path, "params": params, "headers": headers})
            mode = self.mode
            if mode == "latency" or mode == "ok":
                return mode
            if self.fail_when_contains is not None and self.fail_when_contains not in text:
                return "ok"
            if self.fail_times is not None and self.failures >= self.fail_times:
                return "ok"
            self.failures += 1
            return mode

    def _wait(self, seconds: float) -> bool:
        """Wait; True when the fake is closing (so a handler should stop)."""
        return self._release.wait(min(seconds, MAX_WAIT))

    def _gave_up(self) -> None:
        with self._lock:
            self.abandoned += 1


def _closed_port() -> int:
    # Bind, learn the port, close: nothing listens there, so connecting is refused.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def echo(text: str) -> str:
    """What the fake answers for ``text``."""
    return f"EN[{text.strip()}]"


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeMT/1.0"

    def log_message(self, *args: Any) -> None:
        pass  # keep test output clean

    @property
    def fake(self) -> FakeMT:
        return self.server.fake  # type: ignore[attr-defined]

    # -- parsing -------------------------------------------------------------

    def _params(self) -> tuple[str, dict[str, Any], Any]:
        """Path, flat query+form parameters, and the JSON body if there is one."""
        parts = urlsplit(self.path)
        params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        body: Any = None
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            raw = self.rfile.read(length)
            kind = self.headers.get("Content-Type", "")
            if "json" in kind:
                body = json.loads(raw.decode("utf-8"))
                if isinstance(body, dict):
                    params.update(body)
            elif "form" in kind:
                params.update({k: v[-1] for k, v in parse_qs(raw.decode("utf-8")).items()})
        return parts.path, params, body

    # -- answering -----------------------------------------------------------

    def _send(self, status: int, body: str | bytes, content_type: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if status in (429, 503) and self.fake.retry_after is not None:
            self.send_header("Retry-After", self.fake.retry_after)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False), "application/json")

    def do_GET(self) -> None:  # noqa: N802
        path, params, _ = self._params()
        if path == "/m":
            self._answer("google", path, params, str(params.get("q", "")))
        elif path == "/get":
            self._answer("mymemory", path, params, str(params.get("q", "")))
        elif path == "/v2/usage":
            self._json(200, {"character_count": 0, "character_limit": 500000})
        else:
            self._json(404, {"error": "Not Found"})

    def do_POST(self) -> None:  # noqa: N802
        path, params, body = self._params()
        if path == "/translate":
            self._answer("libre", path, params, str(params.get("q", "")))
        elif path == "/v2/translate":
            texts = params.get("text") or []
            self._answer("deepl", path, params, "\n".join(texts))
        elif path == "/microsoft/translate":
            text = body[0]["text"] if isinstance(body, list) and body else ""
            self._answer("microsoft", path, params, text)
        else:
            self._json(404, {"error": "Not Found"})

    def _answer(self, service: str, path: str, params: dict[str, Any], text: str) -> None:
        fake = self.fake
        headers = dict(self.headers.items())
        action = fake._record(path, params, headers, text)
        if action == "latency":
            fake._wait(fake.latency)
        elif action == "hang":
            fake._wait(MAX_WAIT)
            self.close_connection = True
            return
        elif action == "drop":
            self.close_connection = True
            return
        elif action == "drip":
            self._drip(service)
            return
        elif action == "huge":
            self._huge(service, params)
            return
        elif action != "ok":
            self._fail(service, action)
            return
        refusal = self._refuse_key(service, params, headers)
        if refusal:
            self._fail(service, refusal)
            return
        self._succeed(service, params, text)

    def _refuse_key(self, service: str, params: dict[str, Any], headers: dict[str, str]) -> str:
        """The status for a wrong key, or "" when the key is right (or not needed)."""
        if service == "deepl" and headers.get("Authorization") != f"DeepL-Auth-Key {DEEPL_KEY}":
            return "403"
        if service == "libre" and params.get("api_key") not in (None, LIBRE_KEY):
            return "403"
        if service == "microsoft" and headers.get("Ocp-Apim-Subscription-Key") != MICROSOFT_KEY:
            return "401"
        return ""

    def _succeed(self, service: str, params: dict[str, Any], text: str) -> None:
        status, body, content_type = _answer(service, params, text, echo)
        self._send(status, body, content_type)

    def _drip(self, service: str) -> None:
        """Headers that promise an answer, then one byte a second, for ever.

        Stops when the client goes away (counted as abandoned), or when the
        fake closes or MAX_WAIT passes, so no test leaves it running.
        """
        self.send_response(200)
        self.send_header("Content-Type", _content_type(service))
        self.send_header("Content-Length", str(1024 * 1024))
        self.end_headers()
        self.close_connection = True
        for _ in range(int(MAX_WAIT / DRIP_INTERVAL)):
            try:
                self.wfile.write(b" ")
                self.wfile.flush()
            except OSError:
                self.fake._gave_up()
                return
            if self.fake._wait(DRIP_INTERVAL):
                return

    def _huge(self, service: str, params: dict[str, Any]) -> None:
        """A well-formed answer with an enormous translation, sent in pieces."""
        size = self.fake.huge_bytes
        _, body, content_type = _answer(service, params, "", lambda _: "x" * size)
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if self.fake.huge_declared:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()  # without a length, the end of the answer is the end of the connection
        self.close_connection = True
        piece = 64 * 1024
        try:
            for start in range(0, len(data), piece):
                self.wfile.write(data[start : start + piece])
            self.wfile.flush()
        except OSError:
            self.fake._gave_up()

    def _fail(self, service: str, action: str) -> None:
        if action == "invalid_json":
            self._send(200, '{"translatedText": "EN[', "application/json")
            return
        if action == "quota":
            if service == "mymemory":
                warning = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."
                self._json(
                    200,
                    {
                        "responseData": {"translatedText": warning},
                        "responseDetails": warning,
                        "responseStatus": 429,
                        "quotaFinished": True,
                    },
                )
                return
            action = "456"
        status = int(action)
        message = f"fake failure {status}"
        if service == "google":
            self._send(status, f"<html><body>{message}</body></html>", "text/html")
        elif service == "microsoft":
            self._json(status, {"error": {"code": status * 1000, "message": message}})
        elif service == "deepl":
            self._json(status, {"message": message})
        else:
            self._json(status, {"error": message})


def _content_type(service: str) -> str:
    return "text/html; charset=utf-8" if service == "google" else "application/json"


def _answer(
    service: str, params: dict[str, Any], text: str, translate: Callable[[str], str]
) -> tuple[int, str, str]:
    """Status, body and content type of a successful answer in the service's shape."""
    translated = translate(text)
    if service == "google":
        page = (
            "<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
            f'<div class="result-container">{html.escape(translated)}</div></body></html>'
        )
        return 200, page, _content_type(service)
    if service == "mymemory":
        value: Any = {
            "responseData": {"translatedText": translated, "match": 0.85},
            "quotaFinished": False,
            "responseDetails": "",
            "responseStatus": 200,
            "matches": [{"id": "0", "segment": text, "translation": translated}],
        }
    elif service == "libre":
        value = {"translatedText": translated}
    elif service == "deepl":
        value = {
            "translations": [
                {
                    "detected_source_language": "JA",
                    "text": translate(item),
                    # The deepl client calls int() on this: it must be present.
                    "billed_characters": len(item),
                }
                for item in params.get("text") or []
            ]
        }
    else:  # microsoft
        value = [{"translations": [{"text": translated, "to": params.get("to")}]}]
    return 200, json.dumps(value, ensure_ascii=False), _content_type(service)


def point_providers_at(
    monkeypatch: pytest.MonkeyPatch,
    fake: FakeMT,
    *,
    base_url: str | None = None,
    timeout: float = 1.0,
) -> ProviderSettings:
    """Point every provider at ``fake`` (or at ``base_url``, e.g. ``fake.refused_url``)
    and return settings with the fake's keys and a short timeout."""
    url = base_url or fake.url
    urls = deep_translator.constants.BASE_URLS
    monkeypatch.setitem(urls, "GOOGLE_TRANSLATE", f"{url}/m")
    monkeypatch.setitem(urls, "MYMEMORY", f"{url}/get")
    monkeypatch.setitem(urls, "MICROSOFT_TRANSLATE", f"{url}/microsoft/translate?api-version=3.0")
    # Not used by the providers (custom_url wins), but a stray call stays local.
    monkeypatch.setitem(urls, "LIBRE", f"{url}/")
    monkeypatch.setitem(urls, "LIBRE_FREE", f"{url}/")
    return ProviderSettings(
        timeout=timeout,
        libretranslate_url=f"{url}/",
        libretranslate_key=LIBRE_KEY,
        deepl_key=DEEPL_KEY,
        deepl_server_url=url,
        microsoft_key=MICROSOFT_KEY,
        microsoft_region="westeurope",
        mymemory_email="tests@example.invalid",
    )


# -- connections that fail before any server is reached ------------------------
#
# Both helpers change what the operating system answers, in this process only,
# so that no packet leaves the machine: the real clients still run their own
# code for the failure (urllib3 wraps the OSError exactly as it would).

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def no_route(monkeypatch: pytest.MonkeyPatch) -> str:
    """An address on the loopback whose connection fails with ENETUNREACH, as when
    the machine has no network route at all; returns its base URL."""
    port = _closed_port()
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[:2] == ("127.0.0.1", port):
            raise OSError(errno.ENETUNREACH, os.strerror(errno.ENETUNREACH))
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return f"http://127.0.0.1:{port}"


def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name resolution fails for every name but the loopback's, as on a machine
    with no network: nothing is ever sent to a DNS server."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in LOOPBACK_NAMES:
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def libretranslate_config(fake: FakeMT, **overrides: Any) -> dict[str, Any]:
    """App settings that send LibreTranslate drafts to the fake, failing fast."""
    return {
        "LIBRETRANSLATE_URL": fake.url + "/",
        "LIBRETRANSLATE_KEY": None,
        "MT_PROVIDER": "libretranslate",
        "MT_TIMEOUT": 1,
        "MT_RETRIES": 0,
        **overrides,
    }
