"""Machine drafts from the editor, with the job running in the background as it
does under `workbench serve`: a queue in the instance folder, a consumer with
worker threads, the progress bar updating in place, drafts arriving in their
rows, a failing paragraph retried, and a draft used as the translation."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select

from tests.support import fake_mt as fakes
from tests.support.accounts import TEST_PASSWORD, add_user
from tests.support.app import make_app
from tests.support.browser import off_the_loop
from tests.support.serving import consuming, serving
from workbench.articles.models import Paragraph
from workbench.extensions import db, huey
from workbench.machine import jobs

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")
PARAGRAPHS = 14
# The fake answers this slowly, and the job drafts one paragraph at a time, so
# the run lasts several of the page's one-second polls.
LATENCY = 0.3
# A background job waits for a worker to pick it up, then runs: generous waits.
JOB_WAIT = 40_000
# Only the fifth paragraph of the sample names the Heritage Foundation.
FAILING_PHRASE = "ヘリテージ財団"
FAILING_POSITION = 5
TYPED = "Trump keeps courting Kim in public, and experts doubt a meeting will follow."


@pytest.fixture(scope="module")
def fake() -> Iterator[fakes.FakeMT]:
    with fakes.FakeMT() as server:
        yield server


@pytest.fixture(scope="module")
def drafting_app(
    live_app: Flask,
    database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    fake: fakes.FakeMT,
) -> Iterator[Flask]:
    """An app whose jobs go to a queue in its instance folder, not into the request.

    It depends on ``live_app`` so that it is created last: every app created
    reconfigures the one process-wide Huey instance, and the last one wins.
    """
    instance = tmp_path_factory.mktemp("drafting-instance")
    app = off_the_loop(
        lambda: make_app(
            database_url,
            instance,
            JOBS_IMMEDIATE=False,
            LIBRETRANSLATE_URL=fake.url + "/",
            MT_PROVIDER="libretranslate",
            MT_TIMEOUT=2,
            MT_RETRIES=1,
            MT_CONCURRENCY=1,
        )
    )
    assert not huey.immediate, "the drafting app did not switch the queue to the background"
    try:
        yield app
    finally:
        # Give the queue back to the shared browser app: immediate mode, its database.
        jobs.init_app(live_app)


@pytest.fixture(scope="module")
def consumer(drafting_app: Flask) -> Iterator[Any]:
    with consuming() as running:
        yield running


@pytest.fixture(scope="module")
def drafting_server(drafting_app: Flask, consumer: Any) -> Iterator[str]:
    with serving(drafting_app, "drafting-server") as url:
        yield url


@pytest.fixture
def editor(
    browser: Browser,
    drafting_app: Flask,
    drafting_server: str,
    fake: fakes.FakeMT,
) -> Iterator[Page]:
    """A browser signed in as Ada (an administrator) on the drafting app."""
    fake.reset()
    off_the_loop(lambda: add_user(drafting_app, "ada", "admin", "Ada Admin"))
    context = browser.new_context(base_url=drafting_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Name").fill("ada")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header .who-name")).to_have_text("Ada Admin")
    try:
        yield page
    finally:
        context.close()


def _paragraphs(app: Flask, article_id: int) -> list[tuple[int, int, str]]:
    """(id, position, source text) of every paragraph, in order."""

    def load() -> list[tuple[int, int, str]]:
        with app.app_context():
            rows = db.session.scalars(
                select(Paragraph)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
            return [(p.id, p.position, p.source_text) for p in rows]

    return off_the_loop(load)


def _row(page: Page, pid: int) -> Locator:
    return page.locator(f"#p-{pid}")


def _draft(page: Page, pid: int) -> Locator:
    return page.locator(f"div#draft-{pid}")


def _status(page: Page, pid: int) -> Locator:
    return _row(page, pid).locator(".meta select[name=status]")


def _watch(page: Page) -> tuple[list[str], list[str]]:
    """Record navigations of the main frame and script errors."""
    navigations: list[str] = []
    errors: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return navigations, errors


def test_drafts_of_a_job_that_ends_before_the_answer_appear(
    page: Page,
    seed_article: Callable[..., int],
    monkeypatch: pytest.MonkeyPatch,
    screenshot: Callable[..., Path],
) -> None:
    """A job can end before "Draft all" is answered (at once in immediate mode, or
    when a worker is quick and every draft comes from the cache). Its drafts must
    still reach the rows, without a reload.

    Runs on the shared app, first in this module, while its jobs run inside the
    request: the app of the journeys below has not been created yet.
    """
    assert huey.immediate, "this journey needs jobs that finish within the request"
    with fakes.FakeMT() as server:
        fakes.point_providers_at(monkeypatch, server)
        article_id = seed_article()
        page.goto(f"/articles/{article_id}")
        rows = page.locator("div.row")
        expect(rows).to_have_count(PARAGRAPHS)
        job = page.locator("div.job")
        job.get_by_label("Provider", exact=True).select_option("google")
        job.get_by_role("button", name="Draft all").click()
        expect(job.locator(".job-summary")).to_have_text("Drafted 14/14")
        assert server.requests == PARAGRAPHS
        try:
            expect(rows.first.locator(".cell.draft p.draft-text")).to_contain_text("EN[")
        finally:
            screenshot(page)
        page.reload()
        expect(page.locator("div.row").first.locator(".cell.draft p.draft-text")).to_contain_text(
            "EN["
        )


def test_draft_all_in_the_background(
    editor: Page,
    drafting_app: Flask,
    fake: fakes.FakeMT,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    page = editor
    article_id = seed_article()
    paragraphs = _paragraphs(drafting_app, article_id)
    assert len(paragraphs) == PARAGRAPHS
    page.goto(f"/articles/{article_id}")
    expect(page.locator("div.row")).to_have_count(PARAGRAPHS)
    job = page.locator("div.job")
    expect(job).to_have_attribute("data-state", "none")
    for pid, _, _ in paragraphs:
        expect(_draft(page, pid)).to_contain_text("No machine draft yet.")
    expect(job.get_by_label("Provider", exact=True)).to_have_value("libretranslate")
    navigations, errors = _watch(page)

    fake.set_mode("latency", latency=LATENCY)
    job.get_by_role("button", name="Draft all").click()

    # The bar moves: a state between the first and the last paragraph is shown.
    moving = re.compile(r"Drafting (?:[1-9]|1[0-3])/14")
    expect(job.locator(".job-text")).to_have_text(moving, timeout=JOB_WAIT)
    expect(job.locator("progress")).to_have_attribute("value", re.compile(r"^(?:[1-9]|1[0-3])$"))
    expect(job.get_by_role("button", name="Cancel")).to_be_visible()
    screenshot(page, "drafting")

    # The page stays usable: the last paragraph (drafted last) takes a translation.
    pid_last, _, source_last = paragraphs[-1]
    last = _row(page, pid_last)
    last.locator("textarea[name=text]").click()
    page.keyboard.type(TYPED)
    expect(last.locator(".save-state")).to_have_text(SAVED)
    saved_while = job.get_attribute("data-state")
    print(f"the translation was saved while the job was {saved_while!r}")

    # Drafts arrive in their rows and the bar reaches the end, all without a reload.
    expect(job.locator(".job-summary")).to_have_text("Drafted 14/14", timeout=JOB_WAIT)
    expect(job).to_have_attribute("data-state", "done")
    for pid, _, source in paragraphs:
        expect(_draft(page, pid).locator("p.draft-text")).to_have_text(fakes.echo(source))
    assert navigations == [], f"the page navigated while drafting: {navigations}"
    assert errors == [], f"scripts failed while drafting: {errors}"
    assert fake.requests == PARAGRAPHS, "every paragraph should cost one request"
    # A draft never overwrites what the editor typed.
    expect(last.locator("textarea[name=text]")).to_have_value(TYPED)
    expect(_draft(page, pid_last).locator("p.draft-text")).to_have_text(fakes.echo(source_last))
    # Untranslated paragraphs now say "drafted".
    first_pid = paragraphs[0][0]
    expect(_status(page, first_pid)).to_have_value("drafted")
    screenshot(page, "finished")

    page.reload()
    job = page.locator("div.job")
    expect(job.locator(".job-summary")).to_have_text("Drafted 14/14")
    for pid, _, source in paragraphs:
        expect(_draft(page, pid).locator("p.draft-text")).to_have_text(fakes.echo(source))
    expect(_row(page, pid_last).locator("textarea[name=text]")).to_have_value(TYPED)

    # "Use draft" copies the draft into the translation, recorded as such.
    pid_second, _, source_second = paragraphs[1]
    second = _row(page, pid_second)
    second.get_by_role("button", name="Use draft").click()
    expect(_row(page, pid_second).locator("textarea[name=text]")).to_have_value(
        fakes.echo(source_second)
    )
    _row(page, pid_second).get_by_role("button", name="History").click()
    history = _row(page, pid_second).locator("section.history")
    expect(history.locator("li.revision")).to_have_count(1)
    expect(history.locator("li.revision .origin")).to_have_text("draft")
    expect(history).to_contain_text("Ada Admin")
    page.reload()
    expect(_row(page, pid_second).locator("textarea[name=text]")).to_have_value(
        fakes.echo(source_second)
    )


def test_a_failing_paragraph_is_retried(
    editor: Page,
    drafting_app: Flask,
    fake: fakes.FakeMT,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    page = editor
    article_id = seed_article()
    paragraphs = _paragraphs(drafting_app, article_id)
    failing = [p for p in paragraphs if FAILING_PHRASE in p[2]]
    assert [p[1] for p in failing] == [FAILING_POSITION], "the phrase must name one paragraph"
    pid_failing, _, source_failing = failing[0]
    page.goto(f"/articles/{article_id}")
    expect(page.locator("div.row")).to_have_count(PARAGRAPHS)
    navigations, errors = _watch(page)

    fake.set_mode("500", fail_when_contains=FAILING_PHRASE)
    job = page.locator("div.job")
    job.get_by_label("Which paragraphs").select_option("all")
    job.get_by_role("button", name="Draft all").click()
    summary = job.locator(".job-summary")
    # 13 of the 14 paragraphs drafted; the 14th failed.
    expect(summary).to_contain_text("Drafted 13/14", timeout=JOB_WAIT)
    expect(summary).to_contain_text("1 failed")

    row = _row(page, pid_failing)
    cell = _draft(page, pid_failing)
    expect(cell.locator("p.draft-error")).to_contain_text("server error")
    expect(cell.locator("p.draft-error")).to_contain_text("500")
    expect(cell.locator("p.draft-text")).to_have_count(0)
    retry = cell.get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    expect(cell.get_by_role("button", name="Use draft")).to_have_count(0)
    # The failed paragraph keeps its status; the others became "drafted".
    expect(_status(page, pid_failing)).to_have_value("new")
    for pid, _, source in paragraphs:
        if pid != pid_failing:
            expect(_draft(page, pid).locator("p.draft-text")).to_have_text(fakes.echo(source))
    screenshot(page, "failed-row", around=row)

    fake.set_mode("ok")
    retry.click()
    expect(cell.locator("p.draft-text")).to_have_text(fakes.echo(source_failing), timeout=JOB_WAIT)
    expect(cell.locator("p.draft-error")).to_have_count(0)
    expect(job.locator(".job-summary")).to_have_text("Paragraph redrafted", timeout=JOB_WAIT)
    expect(_status(page, pid_failing)).to_have_value("drafted")
    screenshot(page, "retried-row", around=row)

    # The retried draft is the one "Use draft" takes.
    cell.get_by_role("button", name="Use draft").click()
    expect(_row(page, pid_failing).locator("textarea[name=text]")).to_have_value(
        fakes.echo(source_failing)
    )
    _row(page, pid_failing).get_by_role("button", name="History").click()
    expect(_row(page, pid_failing).locator("li.revision .origin")).to_have_text("draft")
    assert navigations == [], f"the page navigated: {navigations}"
    assert errors == [], f"scripts failed: {errors}"


def test_cancel_stops_a_job_whose_answer_never_ends(
    editor: Page,
    drafting_app: Flask,
    fake: fakes.FakeMT,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The service sends its headers, then one byte a second. With a minute of
    deadline per request, only Cancel can stop the job soon, and it must."""
    page = editor
    monkeypatch.setitem(drafting_app.config, "MT_TIMEOUT", 60)  # read when the job starts
    article_id = seed_article()
    paragraphs = _paragraphs(drafting_app, article_id)
    page.goto(f"/articles/{article_id}")
    expect(page.locator("div.row")).to_have_count(PARAGRAPHS)
    navigations, errors = _watch(page)

    fake.set_mode("drip")
    job = page.locator("div.job")
    job.get_by_role("button", name="Draft all").click()
    expect(job).to_have_attribute("data-state", "running", timeout=JOB_WAIT)
    expect(job.locator(".job-text")).to_contain_text("Drafting 0/14")
    # The first answer has begun to drip.
    _wait(lambda: fake.requests >= 1, "the first request to reach the service", JOB_WAIT / 1000)
    screenshot(page, "dripping")

    job.get_by_role("button", name="Cancel").click()
    # Stopped within seconds, not when the minute of deadline runs out.
    expect(job).to_have_attribute("data-state", "cancelled", timeout=20_000)
    expect(job.locator(".job-summary")).to_have_text("Cancelled at 0/14")
    expect(job.get_by_role("button", name="Draft all")).to_be_visible()
    for pid, _, _ in paragraphs:
        expect(_draft(page, pid)).to_contain_text("No machine draft yet.")
        expect(_status(page, pid)).to_have_value("new")
    _wait(lambda: fake.abandoned >= 1, "the job to hang up on the dripping answer", 20)
    assert fake.requests == 1, "no other paragraph was sent after Cancel"
    assert navigations == [], f"the page navigated: {navigations}"
    assert errors == [], f"scripts failed: {errors}"
    screenshot(page, "cancelled")


def _wait(condition: Callable[[], bool], what: str, seconds: float) -> None:
    """Wait for something outside the page (a generous bound, not a timing assertion)."""
    give_up = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)
