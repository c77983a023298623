"""Shared fixtures: a real database (SQLite file, or PostgreSQL from
WORKBENCH_DATABASE_URL), migrated once per run and emptied after each test,
and a test client that sends the CSRF token like the pages do."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, inspect, select, text
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

import workbench.models  # noqa: F401  (every table on the metadata)
from workbench import create_app
from workbench.accounts import sessions
from workbench.accounts.models import User
from workbench.database import Base
from workbench.extensions import db
from workbench.migrate import upgrade

TEST_PASSWORD = "a long test password"
# Hashed once: scrypt is slow on purpose, and the tables are emptied after each test.
_PASSWORD_HASH = generate_password_hash(TEST_PASSWORD, method="scrypt")

# The accounts every test can use: sign-in name -> (role, display name).
ACCOUNTS = {
    "ada": ("admin", "Ada Admin"),
    "rita": ("reviewer", "Rita Reviewer"),
    "tom": ("translator", "Tom Translator"),
}

_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("WORKBENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    engine = create_engine(url)
    # Start from nothing, then build the schema through the migrations
    # themselves, so they are tested on every backend.
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        if inspect(connection).has_table("alembic_version"):
            connection.execute(text("DROP TABLE alembic_version"))
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instance")


def make_app(database_url: str, instance_dir: Path, **overrides: Any) -> Flask:
    config: dict[str, Any] = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE": str(instance_dir),
        "SECRET_KEY": "test-secret",
        "JOBS_IMMEDIATE": True,
    }
    config.update(overrides)
    return create_app(config)


def empty_tables(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(scope="session")
def session_app(database_url: str, instance_dir: Path) -> Flask:
    return make_app(database_url, instance_dir)


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    yield session_app
    empty_tables(session_app)


def add_user(
    app: Flask,
    name: str,
    role: str,
    display_name: str | None = None,
    *,
    must_change_password: bool = False,
) -> User:
    """Store a user whose password is TEST_PASSWORD."""
    with app.app_context():
        user = User(
            name=name,
            display_name=display_name or name,
            role=role,
            password_hash=_PASSWORD_HASH,
            must_change_password=must_change_password,
        )
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def ensure_user(app: Flask, name: str) -> User:
    with app.app_context():
        user = db.session.scalars(select(User).where(User.name == name)).first()
        if user is not None:
            db.session.expunge(user)
            return user
    role, display_name = ACCOUNTS[name]
    return add_user(app, name, role, display_name)


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


@pytest.fixture
def client(app: Flask) -> Client:
    """Signed in as Ada, an administrator (who may do everything)."""
    return signed_in(app, "ada")


@pytest.fixture
def other_client(app: Flask) -> Client:
    """A second editor with a session of their own: Rita, a reviewer."""
    return signed_in(app, "rita")


@pytest.fixture
def translator_client(app: Flask) -> Client:
    """Tom, a translator."""
    return signed_in(app, "tom")


@pytest.fixture
def anonymous_client(app: Flask) -> Client:
    return Client(app.test_client(), app)
