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
from sqlalchemy import create_engine, inspect, text
from werkzeug.test import TestResponse

import workbench.models  # noqa: F401  (every table on the metadata)
from workbench import create_app
from workbench.database import Base
from workbench.extensions import db
from workbench.migrate import upgrade

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


class Client:
    """A test client that behaves like the workbench's pages: it sends the
    CSRF token, and optionally the HX-Request header."""

    def __init__(self, flask_client: FlaskClient) -> None:
        self.raw = flask_client
        self._token: str | None = None

    @property
    def token(self) -> str:
        if self._token is None:
            page = self.raw.get("/articles/new")
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


@pytest.fixture
def client(app: Flask) -> Client:
    return Client(app.test_client())


@pytest.fixture
def other_client(app: Flask) -> Client:
    """A second editor with a session of their own."""
    return Client(app.test_client())
