"""Shared fixtures: a real database (SQLite file, or PostgreSQL from
WORKBENCH_DATABASE_URL), migrated once per run and emptied after each test,
a test client that sends the CSRF token like the pages do, and the loopback
fake of the machine-translation services. The helpers they are built from are
in tests/support/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect, text

from tests.support.app import AppFactory, app_builder, empty_tables, make_app
from tests.support.client import Client, signed_in
from tests.support.fake_mt import FakeMT, libretranslate_config
from workbench.database import Base
from workbench.migrate import upgrade


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


@pytest.fixture(scope="session")
def session_app(database_url: str, instance_dir: Path) -> Flask:
    return make_app(database_url, instance_dir)


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    yield session_app
    empty_tables(session_app)


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


@pytest.fixture
def fake_mt() -> Iterator[FakeMT]:
    """A running fake, closed after the test (which also ends any "hang")."""
    fake = FakeMT()
    try:
        yield fake
    finally:
        fake.close()


@pytest.fixture
def mt_app(app: Flask, database_url: str, tmp_path: Path, fake_mt: FakeMT) -> Iterator[AppFactory]:
    """Apps on the test database whose LibreTranslate is the fake."""
    with app_builder(app, database_url, tmp_path, **libretranslate_config(fake_mt)) as build:
        yield build
