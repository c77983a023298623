"""The app under test, on the run's database, and the tables emptied between tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

import workbench.models  # noqa: F401  (every table on the metadata)
from workbench import create_app
from workbench.database import Base
from workbench.extensions import db


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
