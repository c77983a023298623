"""A test client that sends the CSRF token like the pages do, signed in as one of
the test accounts."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.accounts import TEST_PASSWORD, ensure_user
from workbench.accounts import sessions
from workbench.accounts.models import User
from workbench.extensions import db

_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Client:
    """A test client that behaves like the workbench's pages: it sends the
    CSRF token, and optionally the HX-Request header."""

    def __init__(self, flask_client: FlaskClient, app: Flask | None = None) -> None:
        self.raw = flask_client
        self.app = app
        self._token: str | None = None

    def sign_in_as(self, user: User) -> Client:
        """Start a session for ``user`` as a successful sign-in would: a session
        kept on the server, whose key the cookie carries."""
        app = self.app or self.raw.application
        with app.app_context():
            key = sessions.start(db.session, user.id, user_agent="test client", address="127.0.0.1")
            db.session.commit()
        with self.raw.session_transaction() as session:
            session["_user_id"] = key
            session["_fresh"] = True
        self._token = None
        return self

    def login(self, name: str, password: str = TEST_PASSWORD) -> TestResponse:
        """Sign in through the login form."""
        return self.post("/login", {"name": name, "password": password})

    @property
    def token(self) -> str:
        if self._token is None:
            page = self.raw.get("/login", follow_redirects=True)
            match = _CSRF.search(page.get_data(as_text=True))
            assert match, "the page carries no CSRF token"
            self._token = match.group(1)
        return self._token

    def get(self, url: str, *, hx: bool = False, **kwargs: Any) -> TestResponse:
        headers = kwargs.pop("headers", {})
        if hx:
            headers["HX-Request"] = "true"
        return self.raw.get(url, headers=headers, **kwargs)

    def post(
        self, url: str, data: Any = None, *, hx: bool = False, csrf: bool = True, **kwargs: Any
    ) -> TestResponse:
        headers = kwargs.pop("headers", {})
        if hx:
            headers["HX-Request"] = "true"
        if csrf:
            headers["X-CSRFToken"] = self.token
        return self.raw.post(url, data=data, headers=headers, **kwargs)


def signed_in(app: Flask, name: str) -> Client:
    return Client(app.test_client(), app).sign_in_as(ensure_user(app, name))
