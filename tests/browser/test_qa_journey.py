"""QA checks in the browser: a wrong number typed into a translation is found in
the same save, without a reload, and goes when it is fixed; a reviewer dismisses a
finding with a reason that the history keeps; the article's QA page lists what is
left and leads back into the editor."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.browser import row_at
from tests.support.browser import textarea as _textarea
from tests.support.sample_english import ENGLISH

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")
# Paragraph 3 of the sample: "…Twitterに投稿してから36時間後に板門店で会談が行われたのだ。…"
RIGHT = ENGLISH[2]
WRONG = RIGHT.replace("36 hours", "63 hours")
NUMBER_FINDING = "36時間 → no 36 in the English"


def _replace_text(page: Page, row: Locator, text: str) -> None:
    area = _textarea(row)
    area.click()
    page.keyboard.press("Control+a")
    # Filled at once, then one key typed, as a paste followed by a keystroke would be.
    area.fill(text[:-1])
    page.keyboard.type(text[-1])


def _numbers_badge(row: Locator) -> Locator:
    return row.locator('.findings .badge[data-check="numbers"]')


def test_a_wrong_number_is_found_on_save_and_goes_when_fixed(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    assert "36 hours" in RIGHT
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 3)
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    _replace_text(page, row, WRONG)
    expect(row.locator(".save-state")).to_have_text(SAVED)
    badge = _numbers_badge(row)
    expect(badge).to_have_count(1)
    expect(badge).to_contain_text(NUMBER_FINDING)
    expect(badge).to_have_class(re.compile(r"\bbadge-warning\b"))
    expect(_textarea(row)).to_have_value(WRONG)  # what was typed stays as typed
    screenshot(page, around=row)

    _replace_text(page, row, RIGHT)
    expect(row.locator(".save-state")).to_have_text(SAVED)
    expect(_numbers_badge(row)).to_have_count(0)
    expect(row.locator(".findings .badge")).to_have_count(0)
    assert navigations == [], f"the page reloaded: {navigations}"


def test_a_reviewer_dismisses_a_finding_and_the_qa_page_leads_back(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 3)
    _replace_text(page, row, WRONG)
    expect(row.locator(".save-state")).to_have_text(SAVED)
    expect(_numbers_badge(row)).to_have_count(1)

    # The QA page lists it, with a link into the editor.
    page.goto(f"/articles/{article_id}/qa")
    item = page.locator('#qa-results tr.qa-item[data-check="numbers"]')
    expect(item).to_have_count(1)
    expect(item).to_contain_text(NUMBER_FINDING)
    page.get_by_role("combobox", name="Severity").select_option("error")
    expect(page.locator("#qa-results tr.qa-item")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"severity=error"))
    page.get_by_role("combobox", name="Severity").select_option(label="Errors and warnings")
    expect(item).to_have_count(1)
    screenshot(page)
    item.get_by_role("link", name="Paragraph 3 in the editor").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(rf"/articles/{article_id}#p-\d+$"))
    row = row_at(page, 3)

    # Dismiss it with a reason: the form opens beside the row, focused.
    row.locator(".finding", has=page.locator('.badge[data-check="numbers"]')).get_by_role(
        "link", name=re.compile("^Dismiss")
    ).click()
    panel = row.locator(".dismiss-panel")
    expect(panel).to_be_visible()
    reason = panel.get_by_label(re.compile("Why is it not a problem"))
    expect(reason).to_be_focused()
    panel.get_by_role("button", name="Dismiss").click()  # no reason yet: the browser asks
    expect(panel).to_be_visible()
    page.keyboard.type("The source gives 63 hours elsewhere; checked with the desk.")
    panel.get_by_role("button", name="Dismiss").click()
    expect(row.locator(".dismiss-done")).to_contain_text("Dismissed")
    expect(_numbers_badge(row)).to_have_count(0)
    dismissed = row.locator(".dismissed-findings")
    expect(dismissed.locator("summary")).to_have_text("1 dismissed")
    dismissed.locator("summary").click()
    expect(dismissed).to_contain_text("checked with the desk")
    expect(_textarea(row)).to_have_value(WRONG)

    row.get_by_role("button", name="History").click()
    history = row.locator("section.history .dismissals")
    expect(history).to_contain_text(NUMBER_FINDING)
    expect(history).to_contain_text("checked with the desk")
    expect(history).to_contain_text("Ada Admin")
    screenshot(page, around=row)

    # A later change to the English opens it again.
    _replace_text(page, row, WRONG.replace("Osaka", "Osaka, Japan"))
    expect(row.locator(".save-state")).to_have_text(SAVED)
    expect(_numbers_badge(row)).to_have_count(1)
