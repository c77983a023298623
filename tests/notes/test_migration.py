"""The migration that gives notes their lasting numbers: notes written before it are
numbered in the order the editor showed them, and the numbers are unique per
paragraph afterwards. Run against an empty database of the run's backend (a file
for SQLite, a schema of its own on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from workbench.migrate import alembic_config, upgrade

REVISION = "0008"
SCHEMA = "note_numbers_migration"


@pytest.fixture
def empty_engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    if not database_url.startswith("postgresql"):
        engine = create_engine(f"sqlite:///{tmp_path / 'before.db'}")
        yield engine
        engine.dispose()
        return
    server = create_engine(database_url)
    with server.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine = create_engine(database_url, connect_args={"options": f"-csearch_path={SCHEMA}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with server.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))
        server.dispose()


def _before(engine: Engine) -> str:
    revision = ScriptDirectory.from_config(alembic_config(engine)).get_revision(REVISION)
    assert revision is not None and isinstance(revision.down_revision, str)
    return revision.down_revision


T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _note(paragraph_id: int, body: str, minute: int, **anchor: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "paragraph_id": paragraph_id,
        "article_id": 1,
        "kind": "explanation",
        "body": body,
        "status": "open",
        "exact": "",
        "prefix": "",
        "suffix": "",
        "start": 0,
        "end": 0,
        "detached": False,
        "author": "Aki",
        "created_at": T0 + timedelta(minutes=minute),
    }
    values.update(anchor)
    return values


def test_notes_written_before_keep_the_numbers_the_editor_showed(empty_engine: Engine) -> None:
    upgrade(empty_engine, _before(empty_engine))
    tables = MetaData()
    tables.reflect(empty_engine)
    article, paragraph, note = (
        tables.tables["article"],
        tables.tables["paragraph"],
        tables.tables["note"],
    )
    with empty_engine.begin() as connection:
        connection.execute(
            insert(article).values(
                id=1,
                title="Before",
                source_lang="ja",
                target_lang="en",
                imported_at=T0,
                updated_at=T0,
            )
        )
        for pid in (1, 2):
            connection.execute(
                insert(paragraph).values(
                    id=pid,
                    article_id=1,
                    position=pid,
                    source_text="北朝鮮の外務省が応じた。",
                    target_text="",
                    status="new",
                    version=0,
                    updated_at=T0,
                )
            )
        # Written in this order; the editor listed them placed (by position), whole, detached.
        for values in (
            _note(1, "detached", 0, exact="会見", start=9, end=11, detached=True),
            _note(1, "later words", 1, exact="応じ", start=8, end=10),
            _note(1, "whole", 2),
            _note(1, "first words", 3, exact="北朝鮮", start=0, end=3),
            _note(2, "other row", 4),
        ):
            connection.execute(insert(note).values(**values))

    upgrade(empty_engine, REVISION)

    with empty_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT paragraph_id, body, number FROM note ORDER BY paragraph_id, number")
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "first words", 1),
        (1, "later words", 2),
        (1, "whole", 3),
        (1, "detached", 4),
        (2, "other row", 1),
    ]
    # A number is given once per paragraph.
    after = MetaData()
    after.reflect(empty_engine)
    with pytest.raises(IntegrityError), empty_engine.begin() as connection:
        connection.execute(insert(after.tables["note"]).values(number=2, **_note(1, "twin", 5)))
    with empty_engine.connect() as connection:
        assert (
            connection.scalar(
                select(after.tables["note"].c.number).where(after.tables["note"].c.body == "twin")
            )
            is None
        )

    # And the step back works.
    command.downgrade(alembic_config(empty_engine), _before(empty_engine))
    columns = MetaData()
    columns.reflect(empty_engine)
    assert "number" not in columns.tables["note"].c
    assert "request_key" not in columns.tables["note_reply"].c
