"""The concordance in the browser: a paragraph finished in one article; in another
article's editor, Japanese selected in a source cell is looked up in a side panel
(the words marked, the English and where it is from beside them), another search
typed in the panel, the panel closed; the same by the keyboard; the page of its own,
typed into and reloaded; narrow windows."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.support.browser import off_the_loop, row_at, select_in_source, textarea
from tests.support.troubles import watch_troubles
from workbench.articles.importing import create_article
from workbench.articles.models import Paragraph, ParagraphStatus
from workbench.extensions import db
from workbench.memory import service

pytestmark = pytest.mark.browser

WORDS = "米朝首脳会談"
SOURCE = "米朝首脳会談がハノイで開かれた。トランプ氏は成果を強調した。"
TARGET = "The US-North Korea summit was held in Hanoi. Trump stressed its results."
TITLE_A = "ハノイ会談の記事"


def finished_article(app: Flask) -> int:
    """Article A: one paragraph, translated and marked so by Rita; its paragraph's id."""

    def store() -> int:
        with app.app_context():
            article = create_article(db.session, title=TITLE_A, paragraphs=[SOURCE])
            db.session.flush()
            paragraph = article.paragraphs[0]
            paragraph.target_text = TARGET
            paragraph.status = ParagraphStatus.TRANSLATED
            paragraph.updated_by = "Rita Reviewer"
            paragraph.version = 1
            db.session.commit()
            return paragraph.id

    return off_the_loop(store)


def imported_entry(app: Flask) -> None:
    """A unit taken in from a TMX file, older than article A."""

    def store() -> None:
        with app.app_context():
            entry = service.NewEntry(
                "首脳会談は二日間の日程で行われる。",
                "The summit will take place over two days.",
                "kyodo-2019.tmx",
                author="Kenji Sato",
                created_at=datetime(2019, 2, 20, 9, 30, tzinfo=UTC),
            )
            service.add_entries(db.session, [entry])
            db.session.commit()

    off_the_loop(store)


def position_with(app: Flask, article_id: int, words: str) -> int:
    def read() -> int:
        with app.app_context():
            rows = db.session.execute(
                select(Paragraph.position, Paragraph.source_text)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
            return next(position for position, source in rows if words in source)

    return off_the_loop(read)


def test_select_japanese_in_the_editor_and_see_where_it_was_translated(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    troubles = watch_troubles(page)
    pid_a = finished_article(live_app)
    article_b = seed_article()
    position = position_with(live_app, article_b, WORDS)
    page.goto(f"/articles/{article_b}")
    row = row_at(page, position)
    textarea(row).click()

    select_in_source(page, row, WORDS)
    floating = page.locator("#concordance-float")
    expect(floating).to_be_visible()
    expect(page.locator("#add-note-float")).to_be_visible()  # the others stay beside it
    screenshot(page, "floats-1280", around=row)
    floating.click()

    panel = page.locator("#concordance-panel")
    expect(panel).to_be_visible()
    search = panel.get_by_label("Japanese to find")
    expect(search).to_be_focused()
    expect(search).to_have_value(WORDS)
    hit = panel.locator("li.conc-hit")
    expect(hit).to_have_count(1)
    expect(hit.locator(".conc-ja mark")).to_have_text(WORDS)
    expect(hit.locator(".conc-ja")).to_have_text(SOURCE)
    expect(hit.locator(".conc-en")).to_have_text(TARGET)
    expect(hit.locator(".conc-en mark.aligned")).to_have_text(
        "The US-North Korea summit was held in Hanoi."
    )
    origin = hit.locator(".conc-origin a")
    expect(origin).to_have_text(f"{TITLE_A} ¶1")
    expect(origin).to_have_attribute("href", f"/paragraphs/{pid_a}")
    expect(origin).to_have_attribute("target", "_blank")
    expect(hit.locator(".conc-origin")).to_contain_text("translated")
    expect(hit.locator(".conc-origin")).to_contain_text("Rita Reviewer")
    # The editor stays where it was, its address too, the row still in view.
    assert page.url.endswith(f"/articles/{article_b}")
    expect(textarea(row)).to_be_in_viewport()
    # On a wide window the rows make room: the panel covers none of the translation.
    box = textarea(row).bounding_box()
    panel_box = panel.bounding_box()
    assert box is not None and panel_box is not None
    assert box["x"] + box["width"] <= panel_box["x"]
    troubles.check()
    troubles.forget_screenshot(page)
    screenshot(page, "panel-1280")

    # Another search, typed in the panel without leaving the editor.
    search.fill("")
    search.press_sequentially("トランプ氏")
    expect(hit.locator(".conc-ja mark")).to_have_text("トランプ氏")
    expect(hit.locator(".conc-en mark.aligned")).to_have_text("Trump stressed its results.")
    search.fill("存在しない言葉")
    expect(panel.locator(".conc-summary")).to_contain_text("No text in the memory")
    expect(panel.locator("li.conc-hit")).to_have_count(0)
    expect(panel.locator("[data-concordance-page]")).to_have_attribute(
        "href", "/concordance?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84%E8%A8%80%E8%91%89"
    )

    # Escape closes it; the focus goes back to the translation being written.
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(textarea(row)).to_be_focused()

    # The keyboard: Ctrl+Alt+K looks up the words selected now.
    select_in_source(page, row, "首脳会談")
    page.keyboard.press("Control+Alt+k")
    expect(panel).to_be_visible()
    expect(search).to_have_value("首脳会談")
    expect(hit.locator(".conc-ja mark")).to_have_text("首脳会談")
    panel.get_by_role("button", name="Close").click()
    expect(panel).to_be_hidden()
    troubles.check()


def test_the_panel_on_a_narrow_window_and_the_header_link(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    troubles = watch_troubles(page)
    finished_article(live_app)
    article_b = seed_article()
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"/articles/{article_b}")
    # The header's link opens the panel in the editor, its search box empty.
    page.locator("header .user-menu").get_by_role("link", name="Concordance").click()
    panel = page.locator("#concordance-panel")
    expect(panel).to_be_visible()
    search = panel.get_by_label("Japanese to find")
    expect(search).to_be_focused()
    expect(panel.locator(".conc-empty")).to_be_visible()
    page.keyboard.type("ハノイ")
    expect(panel.locator("li.conc-hit .conc-ja mark")).to_have_text("ハノイ")
    box = panel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 800
    troubles.check()
    troubles.forget_screenshot(page)
    screenshot(page, "panel-800")


@pytest.mark.parametrize("width", [1280, 800])
def test_the_concordance_page_searches_as_you_type_and_keeps_the_address(
    page: Page,
    live_app: Flask,
    screenshot: Callable[..., Path],
    width: int,
) -> None:
    troubles = watch_troubles(page)
    pid_a = finished_article(live_app)
    imported_entry(live_app)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    page.locator("header .user-menu").get_by_role("link", name="Concordance").click()
    expect(page).to_have_url(re.compile(r"/concordance$"))
    # Typing before the page's scripts have run would be a plain form nobody submits.
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Concordance")).to_be_visible()
    expect(page.locator(".conc-empty")).to_be_visible()
    search = page.get_by_label("Japanese to find")
    search.click()
    page.keyboard.type("首脳会談")
    hits = page.locator("li.conc-hit")
    expect(hits).to_have_count(2)
    expect(page.locator(".conc-summary")).to_contain_text("occurs in 2 places")
    # Newest first: the finished paragraph, then the unit from the file.
    expect(hits.nth(0).locator(".conc-ja mark")).to_have_text("首脳会談")
    expect(hits.nth(0).locator(".conc-origin a")).to_have_text(f"{TITLE_A} ¶1")
    expect(hits.nth(1).locator(".conc-ja mark")).to_have_text("首脳会談")
    expect(hits.nth(1).locator(".conc-en")).to_have_text(
        "The summit will take place over two days."
    )
    expect(hits.nth(1).locator(".conc-origin")).to_contain_text("kyodo-2019.tmx")
    expect(hits.nth(1).locator(".conc-origin")).to_contain_text("Kenji Sato")
    expect(hits.nth(1).locator(".conc-origin")).to_contain_text("2019-02-20 09:30:00 UTC")
    page.wait_for_function("() => location.search.includes('q=')")
    assert unquote(page.url).endswith("/concordance?q=首脳会談")
    # The address is the search: a reload shows the same results.
    page.reload()
    expect(page.locator("li.conc-hit")).to_have_count(2)
    expect(page.get_by_label("Japanese to find")).to_have_value("首脳会談")
    troubles.check()
    troubles.forget_screenshot(page)
    screenshot(page, f"page-{width}")
    # The link leads to the paragraph in its editor.
    page.locator("li.conc-hit .conc-origin a").first.click()
    expect(page.locator(f"#p-{pid_a}")).to_be_visible()
    assert page.url.endswith(f"#p-{pid_a}")
