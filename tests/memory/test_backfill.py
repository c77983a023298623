"""A database from before the memory: its finished paragraphs join it on upgrade."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from tests.support.app import make_app
from workbench.extensions import db
from workbench.memory import service
from workbench.migrate import upgrade

SOURCE = "米朝首脳会談がハノイで開かれた。"


def test_paragraphs_finished_before_the_memory_are_offered_after_the_upgrade(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    upgrade(engine, "0009")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO article (id, title, source_lang, target_lang, imported_at,"
                " updated_at) VALUES (1, '古い記事', 'ja', 'en', '2026-01-01 00:00:00',"
                " '2026-01-01 00:00:00')"
            )
        )
        for pid, status in ((1, "translated"), (2, "new")):
            connection.execute(
                text(
                    "INSERT INTO paragraph (id, article_id, position, source_text, target_text,"
                    " status, version, updated_at, source_version) VALUES (:id, 1, :id, :s,"
                    " :t, :status, 1, '2026-01-01 00:00:00', 0)"
                ),
                {
                    "id": pid,
                    "s": f"{SOURCE}{'' if pid == 1 else '二'}",
                    "t": "Held.",
                    "status": status,
                },
            )
    upgrade(engine)
    upgrade(engine)  # a second upgrade adds nothing twice
    engine.dispose()
    app = make_app(url, tmp_path / "instance")
    with app.app_context():
        matches = service.lookup(db.session, SOURCE)
        assert [(m.score, m.entry.target, m.entry.origin) for m in matches] == [
            (100, "Held.", "古い記事")
        ]
        assert service.backfill(db.session) == 0
