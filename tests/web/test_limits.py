"""A request body larger than the limit is refused with 413 and a sentence, also
when it comes chunked (Transfer-Encoding: chunked, no Content-Length): such a
body must never be cut at the limit and then read as if it were whole."""

from __future__ import annotations

import http.client
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from tests.support.accounts import TEST_PASSWORD, ensure_user
from tests.support.app import make_app
from tests.support.client import Client, signed_in
from tests.support.pages import soup
from tests.support.samples import sample_text
from workbench.articles.models import Article, Paragraph
from workbench.extensions import db

FORM = "application/x-www-form-urlencoded"


def counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            int(db.session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Article, Paragraph)
        )


@pytest.fixture
def small_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """Requests of about 1 MB at most, on the same database as ``app``."""
    small = make_app(database_url, tmp_path, MAX_UPLOAD_MB=1)
    yield small
    with small.app_context():
        db.engine.dispose()


def over_the_limit(app: Flask, fields: dict[str, str]) -> bytes:
    """A form whose own fields come first and whose padding takes it past the limit.

    Cut at the limit, it would still hold every field the view reads.
    """
    head = urlencode(fields).encode()
    padding = app.config["MAX_CONTENT_LENGTH"] - len(head) + 64 * 1024
    return head + b"&padding=" + b"x" * padding


def chunks(body: bytes, size: int = 16 * 1024) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def post_chunked(client: Client, url: str, body: bytes) -> TestResponse:
    """What a WSGI server hands the app for a chunked body: no CONTENT_LENGTH, and
    ``wsgi.input_terminated`` because the server ends the stream at the last chunk."""
    return client.raw.post(
        url,
        input_stream=io.BytesIO(body),
        content_type=FORM,
        headers={"Transfer-Encoding": "chunked", "X-CSRFToken": client.token},
        environ_overrides={"wsgi.input_terminated": True},
    )


def assert_too_large(response: TestResponse, app: Flask) -> None:
    assert response.status_code == 413, response.get_data(as_text=True)[:500]
    sentence = soup(response).select_one(".error-box p").get_text()
    assert "larger than 1 MB" in sentence and "Nothing was stored" in sentence
    assert counts(app) == (0, 0)


def test_chunked_preview_over_the_limit_is_refused(app: Flask, small_app: Flask) -> None:
    client = signed_in(small_app, "ada")
    body = over_the_limit(small_app, {"text": sample_text()})
    assert_too_large(post_chunked(client, "/articles/preview", body), app)


def test_chunked_create_over_the_limit_stores_nothing(app: Flask, small_app: Flask) -> None:
    client = signed_in(small_app, "ada")
    preview = soup(client.post("/articles/preview", {"text": sample_text()}))
    form = preview.select_one("form.preview-form")
    fields = {
        field["name"]: field.get("value", "")
        for field in form.select("input[type=hidden]")
        if field["name"] != "csrf_token"
    }
    fields |= {"title": "切られた記事", "keep": "0"}
    assert_too_large(post_chunked(client, "/articles", over_the_limit(small_app, fields)), app)


def test_chunked_body_under_the_limit_is_read_whole(app: Flask, small_app: Flask) -> None:
    client = signed_in(small_app, "ada")
    body = urlencode({"text": sample_text()}).encode()
    response = post_chunked(client, "/articles/preview", body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert len(soup(response).select("li.preview-line")) == 15


# ---------------------------------------------------------------- through a real server


class Browserless:
    """Talks HTTP/1.1 to a running server, with the session cookie of a signed-in user."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(
        self, method: str, path: str, body: bytes | Iterator[bytes] | None = None, **headers: str
    ) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            if self.cookie:
                headers["Cookie"] = self.cookie
            chunked = body is not None and not isinstance(body, bytes)
            connection.request(method, path, body=body, headers=headers, encode_chunked=chunked)
            answer = connection.getresponse()
            cookie = answer.getheader("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            return answer.status, answer.read().decode()
        finally:
            connection.close()

    def sign_in(self, name: str) -> str:
        """Sign in through the login form; the CSRF token of the session."""
        _status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        form = urlencode({"name": name, "password": TEST_PASSWORD, "csrf_token": token})
        status, _page = self.request("POST", "/login", form.encode(), **{"Content-Type": FORM})
        assert status == 303
        return token


def test_chunked_body_over_the_limit_through_a_real_server(app: Flask, small_app: Flask) -> None:
    ensure_user(small_app, "ada")
    server = make_server("127.0.0.1", 0, small_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = Browserless(server.server_port)
        token = client.sign_in("ada")
        body = over_the_limit(small_app, {"csrf_token": token, "text": sample_text()})
        status, page = client.request(
            "POST", "/articles/preview", chunks(body), **{"Content-Type": FORM}
        )
        assert status == 413, page[:500]
        sentence = BeautifulSoup(page, "html.parser").select_one(".error-box p").get_text()
        assert "larger than 1 MB" in sentence
        # The same text, whole and under the limit, is previewed over the same server.
        small = f"csrf_token={quote(token)}&text={quote(sample_text())}".encode()
        status, page = client.request(
            "POST", "/articles/preview", chunks(small), **{"Content-Type": FORM}
        )
        assert status == 200, page[:500]
        assert "Check the import" in page
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert counts(app) == (0, 0)
