"""An older database: finished paragraphs from before the memory join it on upgrade,
and entries an older sentence aligner cut are cut again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, delete, select, text, update

from tests.memory.test_align import JOINED
from tests.support.app import make_app
from workbench.articles.models import Article, Paragraph
from workbench.extensions import db
from workbench.memory import service
from workbench.memory.align import VERSION as ALIGNER_VERSION
from workbench.memory.models import EntryUnit, MemoryEntry, MemoryState
from workbench.migrate import upgrade

SOURCE = "米朝首脳会談がハノイで開かれた。"
SAVED_AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


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


def test_sentence_entries_of_an_older_aligner_are_cut_again_once_on_upgrade(
    app: Flask,
) -> None:
    # On the database the tests run on: on PostgreSQL the paragraphs are locked.
    with app.app_context():
        article = Article(title="求愛の記事")
        article.paragraphs.append(
            Paragraph(
                position=1,
                source_text=JOINED[0],
                target_text=JOINED[1],
                status="translated",
                updated_at=SAVED_AT,
            )
        )
        db.session.add(article)
        db.session.commit()
        # What the aligner before length alignment left: five Japanese sentences
        # against four English ones gave the paragraph alone.
        db.session.execute(delete(MemoryEntry).where(MemoryEntry.unit == EntryUnit.SENTENCE))
        db.session.execute(update(MemoryState).values(aligner=1))
        db.session.commit()
        upgrade(db.engine)
        live = db.session.scalars(
            select(MemoryEntry.unit).where(MemoryEntry.retired.is_(False))
        ).all()
        assert sorted(live) == ["paragraph"] + ["sentence"] * 4
        # A match shows when the paragraph was translated, not when it was cut again.
        dates = db.session.scalars(
            select(MemoryEntry.updated_at).where(MemoryEntry.unit == EntryUnit.SENTENCE)
        ).all()
        assert {date.replace(tzinfo=None) for date in dates} == {SAVED_AT.replace(tzinfo=None)}
        assert db.session.scalar(select(MemoryState.aligner)) == ALIGNER_VERSION
        (best, *_) = service.lookup(db.session, "外交的な修辞以上の強い意志を示したわけだ。")
        assert best.entry.unit == EntryUnit.SENTENCE
        # Done once: a second upgrade finds nothing to cut again.
        assert service.realign(db.session) == 0
