"""The app under test, on the run's database, and the tables emptied between tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask

import workbench.models  # noqa: F401  (every table on the metadata)
from workbench import create_app
from workbench.database import Base
from workbench.extensions import db
from workbench.machine import jobs

AppFactory = Callable[..., Flask]


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


@contextmanager
def app_builder(
    shared: Flask, database_url: str, instance_dir: Path, **defaults: Any
) -> Iterator[AppFactory]:
    """Build extra apps on the test database, each with `defaults` and its own overrides.

    The job queue runs tasks with the last app created, so a test builds its
    apps in the order it uses them; afterwards the queue goes back to the
    shared app and the extra engines are closed.
    """
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        built.append(make_app(database_url, instance_dir, **{**defaults, **overrides}))
        return built[-1]

    try:
        yield build
    finally:
        for made in built:
            with made.app_context():
                db.engine.dispose()
        jobs.init_app(shared)


def empty_tables(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
