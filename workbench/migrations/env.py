"""Alembic environment: the models' metadata, and the app's engine when given."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import workbench.models  # noqa: F401 - registers every table on Base.metadata
from workbench.database import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("Run the migrations with an engine or a sqlalchemy.url.")
    return url


def run() -> None:
    engine = config.attributes.get("engine") or create_engine(_url())
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run()
