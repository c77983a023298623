"""The ``workbench pretranslate`` command, as scripts call it, against the loopback fake."""

from __future__ import annotations

import json

from click.testing import Result
from flask import Flask
from sqlalchemy import select

from tests.support.app import AppFactory
from tests.support.cli import run
from tests.support.fake_mt import FakeMT, echo
from workbench.articles import editing
from workbench.articles.importing import create_article
from workbench.articles.models import Paragraph, Revision
from workbench.extensions import db
from workbench.machine.models import Job

LIBRE = "libretranslate"
SHARED = "米朝首脳会談がハノイで開かれた。"
SHARED_EN = "The US-North Korea summit was held in Hanoi."
TYPED_SOURCE = "トランプ氏は成果を強調した。"
OTHER = "北朝鮮は声明を発表した。"
FUZZY = "米朝首脳会談がハノイで再び開かれた。"


def store(app: Flask, paragraphs: list[str], title: str) -> list[int]:
    with app.app_context():
        article = create_article(db.session, title=title, paragraphs=paragraphs)
        db.session.commit()
        return list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article.id)
                .order_by(Paragraph.position)
            )
        )


def write(app: Flask, pid: int, text: str, mark: str | None = None) -> None:
    """A person's saved English (as the editor page stores it)."""
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        editing.save_translation(
            db.session,
            paragraph,
            text,
            base_version=paragraph.version,
            author="Tom Translator",
            mark=mark,
        )
        db.session.commit()


def article_of(app: Flask, pid: int) -> int:
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.article_id


def setup(app: Flask) -> tuple[int, list[int]]:
    """A finished article, and one to pre-translate: shared, typed, other, fuzzy."""
    [done] = store(app, [SHARED], "米朝会談の記事")
    write(app, done, SHARED_EN, mark="translated")
    pids = store(app, [SHARED, TYPED_SOURCE, OTHER, FUZZY], "続報")
    write(app, pids[1], "Typed by a person.")
    return article_of(app, pids[0]), pids


def english(app: Flask, pid: int) -> tuple[str, str | None, list[str]]:
    with app.app_context():
        p = db.session.get(Paragraph, pid)
        assert p is not None
        origins = list(
            db.session.scalars(
                select(Revision.origin).where(Revision.paragraph_id == pid).order_by(Revision.id)
            )
        )
        return p.target_text, p.filled_from, origins


def counts(result: Result, exit_code: int = 0) -> dict[str, int]:
    """The one JSON object on standard output."""
    assert result.exit_code == exit_code, (result.output, result.exception)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    payload = json.loads(lines[0])
    assert isinstance(payload, dict)
    return payload


def test_memory_only_prints_one_json_object(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    article_id, pids = setup(app)

    result = run(app, "pretranslate", str(article_id), "--json")

    assert counts(result) == {"memory": 1, "machine": 0, "skipped": 3, "failed": 0}
    assert english(app, pids[0]) == (SHARED_EN, "memory", ["memory"])
    assert english(app, pids[1]) == ("Typed by a person.", None, ["edit"])
    assert english(app, pids[2]) == ("", None, [])
    assert fake_mt.requests == 0
    assert "Pre-translating" in result.stderr  # the progress bar
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.article_id == article_id)).one()
        assert (job.kind, job.state, job.started_by) == ("pretranslate", "done", "command line")
        revision = db.session.scalars(select(Revision).where(Revision.origin == "memory")).one()
        assert revision.author == "Pre-translation by command line"


def test_machine_fills_the_rest(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    article_id, pids = setup(app)

    result = run(app, "pretranslate", str(article_id), "--machine", "--provider", LIBRE, "--json")

    assert counts(result) == {"memory": 1, "machine": 2, "skipped": 1, "failed": 0}
    assert english(app, pids[2]) == (echo(OTHER), "machine", ["machine"])
    assert english(app, pids[3]) == (echo(FUZZY), "machine", ["machine"])
    assert fake_mt.requests == 2
    # Again: every paragraph has English now, so nothing is asked or changed.
    again = run(app, "pretranslate", str(article_id), "--machine", "--json")
    assert counts(again) == {"memory": 0, "machine": 0, "skipped": 4, "failed": 0}
    assert fake_mt.requests == 2


def test_a_failing_paragraph_exits_1_with_the_failure_counted(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    article_id, pids = setup(app)
    fake_mt.set_mode("500", fail_when_contains="声明")

    result = run(app, "pretranslate", str(article_id), "--machine", "--json")

    assert counts(result, exit_code=1) == {"memory": 1, "machine": 1, "skipped": 1, "failed": 1}
    assert english(app, pids[2]) == ("", None, [])


def test_the_text_output_says_what_happened(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    article_id, _ = setup(app)
    result = run(app, "pretranslate", str(article_id))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("From memory 1, from machine drafts 0, skipped 3, failed 0.")


def test_an_unknown_article_exits_1_with_a_sentence(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    result = run(app, "pretranslate", "987654", "--json")
    assert result.exit_code == 1
    assert "There is no article 987654." in result.output
    assert result.stdout == ""


def test_an_unknown_provider_exits_1_with_a_sentence(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    article_id, pids = setup(app)
    result = run(app, "pretranslate", str(article_id), "--machine", "--provider", "babelfish")
    assert result.exit_code == 1
    assert "There is no machine-translation provider called 'babelfish'" in result.output
    assert result.stdout == ""
    assert english(app, pids[0]) == ("", None, [])
    with app.app_context():
        assert db.session.scalars(select(Job)).all() == []
