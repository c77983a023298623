"""The ``workbench draft`` command, as scripts call it, against the loopback fake."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import select

from tests.support.app import AppFactory
from tests.support.cli import run
from tests.support.fake_mt import FakeMT, echo
from tests.support.samples import SAMPLE_PATH, sample_body_lines
from workbench.articles.importing import create_article, prepare_upload
from workbench.articles.models import Paragraph
from workbench.cli import main
from workbench.extensions import db
from workbench.machine import jobs
from workbench.machine.models import Draft, Job

SAMPLE_PARAGRAPHS = sample_body_lines()[:-1]
TRANSLATION = "Trump keeps courting Kim in public."


def import_sample(app: Flask) -> tuple[int, list[int]]:
    prepared = prepare_upload(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())
    with app.app_context():
        article = create_article(db.session, title=prepared.title, paragraphs=prepared.kept)
        db.session.commit()
        ids = list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article.id)
                .order_by(Paragraph.position)
            )
        )
        return article.id, ids


def translate_by_hand(app: Flask, pid: int, text: str = TRANSLATION) -> None:
    """An editor's saved translation (as the editor page stores it)."""
    from workbench.articles import editing

    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        editing.save_translation(
            db.session, paragraph, text, base_version=0, author="Tom Translator", mark="translated"
        )
        db.session.commit()


def paragraph(app: Flask, pid: int) -> tuple[str, str, int]:
    with app.app_context():
        p = db.session.get(Paragraph, pid)
        assert p is not None
        return p.target_text, p.status, p.version


def drafts_of(app: Flask, pid: int) -> list[tuple[str, str | None, bool]]:
    with app.app_context():
        return [
            (d.text, d.error, d.cached)
            for d in db.session.scalars(
                select(Draft).where(Draft.paragraph_id == pid).order_by(Draft.id)
            )
        ]


def counts(result: Result, exit_code: int = 0) -> dict[str, int]:
    """The one JSON object on standard output."""
    assert result.exit_code == exit_code, (result.output, result.exception)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    payload = json.loads(lines[0])
    assert isinstance(payload, dict)
    return payload


def draft(app: Flask, article_id: int, *extra: str, exit_code: int = 0) -> dict[str, int]:
    return counts(
        run(app, "draft", str(article_id), "--provider", "libretranslate", "--json", *extra),
        exit_code,
    )


def test_draft_prints_one_json_object_and_stores_the_drafts(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    article_id, pids = import_sample(app)

    assert draft(app, article_id) == {"drafted": 14, "cached": 0, "skipped": 0, "failed": 0}

    assert fake_mt.requests == 14
    for pid, source in zip(pids, SAMPLE_PARAGRAPHS, strict=True):
        assert drafts_of(app, pid) == [(echo(source), None, False)]
        assert paragraph(app, pid) == ("", "drafted", 0)
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.article_id == article_id)).one()
        assert (job.state, job.total, job.done, job.started_by) == ("done", 14, 14, "command line")


def test_drafting_again_comes_from_the_cache(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    article_id, pids = import_sample(app)
    draft(app, article_id)

    assert draft(app, article_id) == {"drafted": 0, "cached": 14, "skipped": 0, "failed": 0}

    assert fake_mt.requests == 14  # no new request
    assert all(drafts_of(app, pid)[-1][2] for pid in pids)


def test_a_translated_paragraph_is_skipped_unless_all_are_asked_for(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    article_id, pids = import_sample(app)
    translate_by_hand(app, pids[4])
    before = paragraph(app, pids[4])
    assert before[0] == TRANSLATION

    assert draft(app, article_id) == {"drafted": 13, "cached": 0, "skipped": 1, "failed": 0}
    assert drafts_of(app, pids[4]) == []
    assert SAMPLE_PARAGRAPHS[4] not in fake_mt.texts

    assert draft(app, article_id, "--all") == {
        "drafted": 1,
        "cached": 13,
        "skipped": 0,
        "failed": 0,
    }
    assert drafts_of(app, pids[4]) == [(echo(SAMPLE_PARAGRAPHS[4]), None, False)]
    assert paragraph(app, pids[4]) == before  # the translation stays as it was
    assert fake_mt.requests == 14


def test_a_failing_service_exits_1_with_the_failures_counted(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    article_id, pids = import_sample(app)
    fake_mt.set_mode("500", fail_when_contains="ヘリテージ財団")  # only the fifth paragraph

    result = draft(app, article_id, exit_code=1)

    assert result == {"drafted": 13, "cached": 0, "skipped": 0, "failed": 1}
    [(text, error, _)] = drafts_of(app, pids[4])
    assert text == "" and error is not None and "HTTP 500" in error
    assert paragraph(app, pids[4]) == ("", "new", 0)

    fake_mt.set_mode("500")
    assert draft(app, article_id, "--all", exit_code=1)["failed"] == 1  # only that one asks


def test_the_text_output_says_what_happened(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    article_id, _ = import_sample(app)
    result = run(app, "draft", str(article_id), "--provider", "libretranslate")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Drafted 14, from cache 0, skipped 0, failed 0."


def test_an_unknown_article_exits_non_zero_with_a_sentence(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    result = run(app, "draft", "987654", "--provider", "libretranslate", "--json")
    assert result.exit_code != 0
    assert "There is no article 987654." in result.output
    assert result.stdout == ""
    assert fake_mt.requests == 0


def test_an_unknown_provider_exits_non_zero_with_a_sentence(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    article_id, _ = import_sample(app)
    result = run(app, "draft", str(article_id), "--provider", "babelfish", "--json")
    assert result.exit_code != 0
    assert "There is no machine-translation provider called 'babelfish'" in result.output
    assert result.stdout == ""
    with app.app_context():
        assert db.session.scalars(select(Job)).all() == []


def test_the_installed_command_reads_the_environment(
    app: Flask, mt_app: AppFactory, fake_mt: FakeMT, database_url: str, tmp_path: Path
) -> None:
    """`workbench draft` as a script runs it: every setting from WORKBENCH_* variables."""
    article_id, pids = import_sample(mt_app())
    env = {
        "WORKBENCH_DATABASE_URL": database_url,
        "WORKBENCH_INSTANCE": str(tmp_path / "cli-instance"),
        "WORKBENCH_SECRET_KEY": "test-secret",
        "WORKBENCH_JOBS_IMMEDIATE": "1",
        "WORKBENCH_MT_PROVIDER": "libretranslate",
        "WORKBENCH_LIBRETRANSLATE_URL": fake_mt.url + "/",
        "WORKBENCH_MT_TIMEOUT": "1",
        "WORKBENCH_MT_RETRIES": "0",
    }
    try:
        result = CliRunner(env=env).invoke(main, ["draft", str(article_id), "--json"])
    finally:
        jobs.init_app(app)  # the command built an app of its own: the queue goes back
    assert counts(result) == {"drafted": 14, "cached": 0, "skipped": 0, "failed": 0}
    assert fake_mt.requests == 14
    assert drafts_of(app, pids[0]) == [(echo(SAMPLE_PARAGRAPHS[0]), None, False)]


def test_an_article_translated_throughout_has_nothing_to_draft(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    article_id, pids = import_sample(app)
    for pid in pids:
        translate_by_hand(app, pid)

    assert draft(app, article_id) == {"drafted": 0, "cached": 0, "skipped": 14, "failed": 0}
    assert fake_mt.requests == 0
    assert all(paragraph(app, pid) == (TRANSLATION, "translated", 1) for pid in pids)


def test_a_provider_that_is_not_set_up_fails_every_paragraph(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app(DEEPL_KEY=None, DEEPL_SERVER_URL=fake_mt.url)
    article_id, pids = import_sample(app)

    result = run(app, "draft", str(article_id), "--provider", "deepl", "--json")

    assert counts(result, exit_code=1) == {"drafted": 0, "cached": 0, "skipped": 0, "failed": 14}
    assert fake_mt.requests == 0
    assert drafts_of(app, pids[0]) == [("", "Set WORKBENCH_DEEPL_KEY to use DeepL.", False)]
