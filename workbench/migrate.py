"""Alembic, run from code: ``workbench init-db`` and the tests use the same path."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)
    if revision == "head":
        # Paragraphs finished before the memory existed (or while it was not kept)
        # join it now; a query that finds nothing when every one is there.
        from workbench.memory import service  # noqa: PLC0415  (models import this package)

        with Session(engine) as session:
            service.backfill(session)
            # Entries cut into sentences by an older aligner are cut again, once.
            service.realign(session)
            session.commit()
