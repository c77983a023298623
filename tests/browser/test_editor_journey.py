"""The editor, as one translator uses it: name, typing, autosave, keyboard,
the article list, a failing network, and narrow windows."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Dialog, Locator, Page, Route, expect

from tests.support.browser import textarea as _textarea

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")
PAYLOAD = "<script>alert(1)</script><b>x</b>"


def _rows(page: Page) -> Locator:
    rows = page.locator("div.row")
    expect(rows).to_have_count(14)
    return rows


def _type_into(page: Page, row: Locator, text: str) -> None:
    _textarea(row).click()
    page.keyboard.type(text)


def test_typing_saves_and_survives_a_reload(
    page: Page,
    seed_article: Callable[..., int],
    set_display_name: Callable[[Page, str], None],
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    dialogs = watch_dialogs(page)
    page.goto(f"/articles/{article_id}")
    set_display_name(page, "Aiko Tanaka")

    third = _rows(page).nth(2)
    text = f"Trump has said he would like to meet Kim again. {PAYLOAD}"
    _type_into(page, third, text)
    expect(third.locator(".save-state")).to_have_text(SAVED)
    expect(_textarea(third)).to_have_value(text)

    page.reload()
    third = _rows(page).nth(2)
    expect(_textarea(third)).to_have_value(text)
    expect(third.locator(".save-state")).to_contain_text("by Aiko Tanaka")
    expect(page.locator("header .who-name")).to_contain_text("Aiko Tanaka")
    # The markup is text, never markup: nothing was injected into the row.
    expect(third.locator("b, script")).to_have_count(0)

    third.get_by_role("button", name="History").click()
    history = third.locator("section.history")
    expect(history.locator("li.revision")).to_have_count(1)
    expect(history).to_contain_text(PAYLOAD)
    expect(history).to_contain_text("Aiko Tanaka")
    expect(history.locator("b")).to_have_count(0)
    assert dialogs == [], f"the page opened a dialog: {dialogs}"
    screenshot(page, around=history)


def test_ctrl_enter_marks_translated_and_moves_on(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    rows = _rows(page)
    first, second, third = rows.nth(0), rows.nth(1), rows.nth(2)
    progress = page.locator("div.article-progress .progress-text")
    expect(progress).to_have_text("0/14")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    _type_into(page, first, "Trump's courtship of Kim Jong Un is out of the ordinary.")
    page.keyboard.press("Control+Enter")

    second_id = second.get_attribute("data-paragraph")
    expect(page.locator(f"#text-{second_id}")).to_be_focused()
    expect(first.locator("select[name=status]")).to_have_value("translated")
    expect(first.locator(".save-state")).to_have_text(SAVED)
    expect(progress).to_have_text("1/14")
    assert navigations == [], "the page reloaded to show the progress"

    page.keyboard.press("Alt+ArrowDown")
    expect(_textarea(third)).to_be_focused()
    page.keyboard.press("Alt+ArrowUp")
    expect(_textarea(second)).to_be_focused()
    page.keyboard.press("Alt+ArrowUp")
    expect(_textarea(first)).to_be_focused()
    # The row being edited stands out from the others.
    background = "el => getComputedStyle(el).backgroundColor"
    assert first.evaluate(background) != third.evaluate(background), "focus is not visible"

    # Ctrl+Enter on an empty paragraph refuses, and says why.
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Control+Enter")
    expect(second.locator(".save-state")).to_contain_text("Type a translation")
    expect(_textarea(second)).to_be_focused()
    expect(progress).to_have_text("1/14")

    help_panel = page.locator("header details.help")
    expect(help_panel.locator(".help-panel")).to_be_hidden()
    help_panel.get_by_text("Shortcuts").click()
    expect(help_panel).to_have_attribute("open", "")
    expect(help_panel.locator(".help-panel")).to_be_visible()
    expect(help_panel.locator(".help-panel")).to_contain_text("Ctrl+Enter")
    expect(help_panel.locator(".help-panel")).to_contain_text("Alt+↓")
    screenshot(page)


def test_article_list_follows_saves_in_another_tab(
    context: BrowserContext,
    page: Page,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article(title="トランプ氏の求愛")
    page.goto(f"/articles/{article_id}")
    rows = _rows(page)

    article_list = context.new_page()
    article_list.goto("/")
    listed = article_list.locator("div.article-list tbody tr").filter(has_text="トランプ氏の求愛")
    expect(listed).to_have_count(1)
    expect(listed.locator(".progress-text")).to_have_text("0/14")
    reloads: list[str] = []
    article_list.on("framenavigated", lambda frame: reloads.append(frame.url))

    _type_into(page, rows.nth(0), "The first paragraph, translated.")
    page.keyboard.press("Control+Enter")
    expect(rows.nth(0).locator(".save-state")).to_have_text(SAVED)

    expect(listed.locator(".progress-text")).to_have_text("1/14", timeout=10_000)
    assert reloads == [], "the list page reloaded instead of updating in place"

    # A plain save (no status change) also refreshes the list, and does not count.
    _type_into(page, rows.nth(5), "Sixth paragraph draft.")
    expect(rows.nth(5).locator(".save-state")).to_have_text(SAVED)
    expect(listed.locator(".progress-text")).to_have_text("1/14")
    screenshot(article_list, "list")
    screenshot(page)


def _abort_saves(route: Route) -> None:
    if route.request.method == "POST":
        route.abort()
    else:
        route.continue_()


def test_a_failed_save_keeps_the_text_and_retries(
    page: Page,
    seed_article: Callable[..., int],
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    dialogs = watch_dialogs(page)
    page.goto(f"/articles/{article_id}")
    fourth = _rows(page).nth(3)
    text = "Written while the network is down."

    page.route("**/paragraphs/*", _abort_saves)
    _type_into(page, fourth, text)
    state = fourth.locator(".save-state")
    expect(state).to_contain_text("Not saved")
    expect(state).to_contain_text("retrying")
    expect(_textarea(fourth)).to_have_value(text)
    screenshot(page, "failed", around=fourth)

    page.unroute("**/paragraphs/*", _abort_saves)
    # The retry waits a few seconds, doubling after each failure.
    expect(state).to_have_text(SAVED, timeout=30_000)
    expect(_textarea(fourth)).to_have_value(text)

    page.reload()
    expect(_textarea(_rows(page).nth(3))).to_have_value(text)
    assert dialogs == [], f"leaving a saved page warned: {dialogs}"
    screenshot(page)


def test_leaving_with_unsaved_text_warns(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    second = _rows(page).nth(1)

    page.route("**/paragraphs/*", _abort_saves)
    _type_into(page, second, "Not saved yet.")
    expect(second.locator(".save-state")).to_contain_text("Not saved")
    screenshot(page)

    dialogs: list[str] = []

    def leave_anyway(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave_anyway)
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]


@pytest.mark.parametrize("width", [800, 1280])
def test_narrow_window_stacks_source_and_translation(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path], width: int
) -> None:
    article_id = seed_article()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/articles/{article_id}")
    first = _rows(page).nth(0)
    source = first.locator(".cell.src").bounding_box()
    textarea = _textarea(first).bounding_box()
    assert source is not None and textarea is not None

    if width < 900:
        assert textarea["y"] >= source["y"] + source["height"] - 1, (
            f"at {width}px the translation is not below the source: {source} {textarea}"
        )
        assert abs(textarea["x"] - source["x"]) < 4, "the stacked cells are not aligned"
    else:
        assert abs(textarea["y"] - source["y"]) < 4, (
            f"at {width}px source and translation are not side by side: {source} {textarea}"
        )
        assert textarea["x"] >= source["x"] + source["width"], "translation is not to the right"
    # Nothing sticks out sideways at either width.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    screenshot(page)
