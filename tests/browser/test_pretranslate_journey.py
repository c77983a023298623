"""Pre-translation from the editor, with the job in the background as under
`workbench serve`: article A is finished; article B shares a paragraph with it and
has one whose English the editor has just typed. "Pre-translate" (then machine
drafts) fills the shared paragraph from the memory and the rest from the machine,
with the progress bar moving, leaves the typed English alone, marks what it
filled, and the History says where the text came from."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
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
from workbench.articles import editing
from workbench.articles.importing import create_article
from workbench.articles.models import Paragraph
from workbench.extensions import db, huey
from workbench.machine import jobs

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")
JOB_WAIT = 40_000
# Each machine draft takes this long, one at a time: the run lasts several polls.
LATENCY = 0.6
FINISHED_TITLE = "米朝会談の記事"
SHARED = "米朝首脳会談がハノイで開かれた。"
SHARED_EN = "The US-North Korea summit was held in Hanoi."
TYPED_SOURCE = "トランプ氏は成果を強調した。"
TYPED_MEMORY = "Trump stressed its results."
TYPED = "Trump played up what the summit had achieved."
OTHERS = [
    "北朝鮮は声明を発表した。",
    "韓国政府は歓迎の意を示した。",
    "次の会談の日程は決まっていない。",
    "専門家は慎重な見方を示している。",
]
MEMORY_MARK = "◆ From memory, 100 % — check it"
MACHINE_MARK = "◇ Machine draft — check it"
# Screenshots stay out of the checkout.
SHOTS = Path(os.environ.get("WORKBENCH_SHOTS", "/tmp/pretranslate-shots"))


@pytest.fixture(scope="module")
def fake() -> Iterator[fakes.FakeMT]:
    with fakes.FakeMT() as server:
        yield server


@pytest.fixture(scope="module")
def background_app(
    live_app: Flask,
    database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    fake: fakes.FakeMT,
) -> Iterator[Flask]:
    """An app whose jobs go to a queue in its instance folder (created after
    ``live_app``: the last app created configures the process's one Huey)."""
    instance = tmp_path_factory.mktemp("pretranslate-instance")
    app = off_the_loop(
        lambda: make_app(
            database_url,
            instance,
            JOBS_IMMEDIATE=False,
            LIBRETRANSLATE_URL=fake.url + "/",
            MT_PROVIDER="libretranslate",
            MT_TIMEOUT=3,
            MT_RETRIES=0,
            MT_CONCURRENCY=1,
        )
    )
    assert not huey.immediate
    try:
        yield app
    finally:
        jobs.init_app(live_app)


@pytest.fixture(scope="module")
def consumer(background_app: Flask) -> Iterator[Any]:
    with consuming() as running:
        yield running


@pytest.fixture(scope="module")
def server(background_app: Flask, consumer: Any) -> Iterator[str]:
    with serving(background_app, "server") as url:
        yield url


@pytest.fixture
def editor(
    browser: Browser, background_app: Flask, server: str, fake: fakes.FakeMT
) -> Iterator[Page]:
    """A browser signed in as Ada (an administrator) on the background app."""
    fake.reset()
    off_the_loop(lambda: add_user(background_app, "ada", "admin", "Ada Admin"))
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
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


def _seed(app: Flask) -> tuple[int, list[int]]:
    """Article A, finished; article B to pre-translate. B's id and paragraph ids."""

    def store() -> tuple[int, list[int]]:
        with app.app_context():
            s = db.session
            finished = create_article(s, title=FINISHED_TITLE, paragraphs=[SHARED, TYPED_SOURCE])
            s.commit()
            for paragraph, text in zip(finished.paragraphs, [SHARED_EN, TYPED_MEMORY], strict=True):
                editing.save_translation(
                    s, paragraph, text, base_version=0, author="Rita Reviewer", mark="translated"
                )
            s.commit()
            article = create_article(s, title="続報", paragraphs=[SHARED, TYPED_SOURCE, *OTHERS])
            s.commit()
            ids = list(
                s.scalars(
                    select(Paragraph.id)
                    .where(Paragraph.article_id == article.id)
                    .order_by(Paragraph.position)
                )
            )
            return article.id, ids

    return off_the_loop(store)


def _row(page: Page, pid: int) -> Locator:
    return page.locator(f"#p-{pid}")


def _text(page: Page, pid: int) -> Locator:
    return _row(page, pid).locator("form.tr textarea[name=text]")


def _shot(page: Page, name: str, target: Locator | None = None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if target is not None:
        target.screenshot(path=str(SHOTS / f"{name}.png"))
    else:
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_pre_translation_fills_marks_and_leaves_typed_english_alone(
    editor: Page, background_app: Flask, fake: fakes.FakeMT
) -> None:
    page = editor
    article_id, pids = _seed(background_app)
    shared, typed, *others = pids
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/articles/{article_id}")
    expect(page.locator("div.row")).to_have_count(len(pids))

    # The editor types English into the paragraph the memory also knows.
    _text(page, typed).click()
    page.keyboard.type(TYPED)
    expect(_row(page, typed).locator(".save-state")).to_have_text(SAVED)

    job = page.locator("div.job")
    form = job.locator("form.pretranslate")
    expect(form.get_by_role("button", name="Pre-translate")).to_be_visible()
    form.get_by_label("then fill the rest from machine drafts").check()
    _shot(page, "header-1280", page.locator("header"))

    fake.set_mode("latency", latency=LATENCY)
    form.get_by_role("button", name="Pre-translate").click()

    # The drafting progress bar, moving.
    moving = re.compile(r"Pre-translating [1-4]/5")
    expect(job.locator(".job-text")).to_have_text(moving, timeout=JOB_WAIT)
    expect(job.locator("progress")).to_have_attribute("max", "5")
    expect(job.get_by_role("button", name="Cancel")).to_be_visible()
    _shot(page, "running-1280", page.locator("header"))

    summary = job.locator(".job-summary")
    expect(summary).to_have_text(
        "Filled 5 of 5 empty paragraphs: 1 from memory, 4 from machine drafts", timeout=JOB_WAIT
    )
    expect(job).to_have_attribute("data-state", "done")

    # The shared paragraph came from the memory, marked; the typed one is untouched.
    expect(_text(page, shared)).to_have_value(SHARED_EN)
    expect(_row(page, shared).locator(".fill-mark")).to_have_text(MEMORY_MARK)
    expect(_row(page, shared).locator(".save-state")).to_have_text(
        re.compile(r"^Filled .+ · Pre-translation by Ada Admin$")
    )
    expect(_text(page, typed)).to_have_value(TYPED)
    expect(_row(page, typed).locator(".fill-mark")).to_have_count(0)
    for pid, source in zip(others, OTHERS, strict=True):
        expect(_text(page, pid)).to_have_value(fakes.echo(source))
        expect(_row(page, pid).locator(".fill-mark")).to_have_text(MACHINE_MARK)
        expect(_row(page, pid).locator(".status select")).to_have_value("drafted")
    # Filled, not confirmed.
    expect(_row(page, shared).locator(".status select")).to_have_value("new")
    assert fake.texts == OTHERS, "only the paragraphs the memory could not fill were sent"
    _row(page, shared).scroll_into_view_if_needed()
    _shot(page, "rows-1280")

    # History: where the English came from, and who started the job.
    _row(page, shared).get_by_role("button", name="History").click()
    history = _row(page, shared).locator("section.history")
    expect(history.locator("li.revision")).to_have_count(1)
    expect(history.locator("li.revision .origin")).to_have_text("from memory (100 %)")
    expect(history.locator("li.revision .origin-detail")).to_have_text(f", {FINISHED_TITLE}")
    expect(history.locator("li.revision .by")).to_have_text("Pre-translation by Ada Admin")
    _shot(page, "history-1280", _row(page, shared))

    # A narrow window: the header action and a marked row.
    page.set_viewport_size({"width": 800, "height": 900})
    page.reload()
    expect(page.locator("div.job .job-summary")).to_contain_text("Filled 5 of 5")
    _shot(page, "header-800", page.locator("header"))
    _row(page, shared).scroll_into_view_if_needed()
    _shot(page, "rows-800")

    # Confirming the text (Ctrl+Enter) takes its mark away; an edit does too.
    _text(page, shared).click()
    page.keyboard.press("Control+Enter")
    expect(_row(page, shared).locator(".status select")).to_have_value("translated")
    expect(_row(page, shared).locator(".fill-mark")).to_have_count(0)
    _text(page, others[0]).click()
    page.keyboard.press("End")
    page.keyboard.type(" Checked.")
    expect(_row(page, others[0]).locator(".save-state")).to_have_text(SAVED)
    expect(_row(page, others[0]).locator(".fill-mark")).to_have_count(0)
    page.reload()
    expect(_row(page, shared).locator(".fill-mark")).to_have_count(0)
    expect(_row(page, others[0]).locator(".fill-mark")).to_have_count(0)
    expect(_row(page, others[1]).locator(".fill-mark")).to_have_text(MACHINE_MARK)
    expect(_text(page, typed)).to_have_value(TYPED)
    assert errors == [], f"scripts failed: {errors}"
