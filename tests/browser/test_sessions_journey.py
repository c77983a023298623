"""Sessions in the browser: one editor signed in on two browsers signs the other
out from the account page, or signs out where a copy of the cookie lives; the
other browser is out at once, and what was typed there stays in the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.support.accounts import TEST_PASSWORD
from tests.support.browser import textarea
from tests.support.troubles import watch_troubles

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")
SIGNED_OUT = "Not saved: you are signed out"


def _rows(page: Page) -> Locator:
    rows = page.locator(".editor div.row")
    expect(rows.first).to_be_visible()
    return rows


def _type_into(page: Page, row: Locator, text: str) -> None:
    textarea(row).click()
    page.keyboard.press("End")
    page.keyboard.type(text)


def _sign_in(page: Page) -> None:
    page.get_by_label("Name").fill("ada")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header .who-name")).to_have_text("Ada Admin")


def test_signing_out_everywhere_else_ends_the_other_browser_and_keeps_its_text(
    page: Page,
    new_context: Callable[..., BrowserContext],
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    # At the office: the editor is translating.
    page.goto(f"/articles/{article_id}")
    first = _rows(page).first
    before = "Trump's courtship of Kim is unusual."
    _type_into(page, first, before)
    expect(first.locator(".save-state")).to_have_text(SAVED)

    # At home, on another browser, the same editor signs the office out.
    home = new_context().new_page()
    troubles = watch_troubles(home)
    home.goto("/account")
    _sign_in(home)
    listed = home.locator("table.sessions tbody tr")
    expect(listed).to_have_count(2)
    expect(listed.first).to_contain_text("This browser")
    expect(listed.nth(1).get_by_role("button", name=re.compile("^Sign out"))).to_be_visible()
    expect(listed.first).to_contain_text("Chrome on Linux")
    screenshot(home, "two-sessions", full_page=True)
    home.get_by_role("button", name="Sign out everywhere else").click()
    expect(home.get_by_role("status")).to_have_text(
        "Signed out everywhere else: 1 other session ended."
    )
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text("This browser")
    expect(home.get_by_role("button", name="Sign out everywhere else")).to_have_count(0)
    screenshot(home, "signed-out-elsewhere", full_page=True)
    # The browser that did it goes on working.
    home.goto(f"/articles/{article_id}")
    expect(_rows(home)).to_have_count(14)

    # The office's next save is refused, and the row says why; the text stays.
    after = " He wants to meet him this autumn."
    _type_into(page, first, after)
    state = first.locator(".save-state")
    expect(state).to_contain_text(SIGNED_OUT)
    expect(textarea(first)).to_have_value(before + after)
    screenshot(page, "refused", around=first)

    # Its next page is the sign-in page; signing in there lets the text save.
    other_tab = page.context.new_page()
    other_tab.goto("/")
    expect(other_tab).to_have_url(re.compile(r"/login\?next=/$"))
    expect(other_tab.get_by_role("heading", name="Sign in")).to_be_visible()
    _sign_in(other_tab)
    more = " Aides are cautious."
    _type_into(page, first, more)
    expect(state).to_have_text(SAVED)
    expect(textarea(first)).to_have_value(before + after + more)

    page.reload()
    expect(textarea(_rows(page).first)).to_have_value(before + after + more)
    assert troubles.about_the_policy() == [], troubles.about_the_policy()
    assert troubles.uncaught == [], troubles.uncaught


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(
    page: Page,
    new_context: Callable[..., BrowserContext],
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    _rows(page)

    # Someone copies the session cookie into a browser of their own: it works.
    copy = new_context()
    copy.add_cookies(page.context.cookies())
    intruder = copy.new_page()
    intruder.goto(f"/articles/{article_id}")
    row = _rows(intruder).first
    expect(intruder.locator("header .who-name")).to_have_text("Ada Admin")
    _type_into(intruder, row, "Typed with a copied cookie.")
    expect(row.locator(".save-state")).to_have_text(SAVED)

    # The owner signs out: the copy is out too, for a save and for a page.
    page.locator("header .user-menu").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    _type_into(intruder, row, " And more.")
    expect(row.locator(".save-state")).to_contain_text(SIGNED_OUT)
    expect(textarea(row)).to_have_value("Typed with a copied cookie. And more.")
    screenshot(intruder, "refused", around=row)
    intruder.goto(f"/articles/{article_id}")
    expect(intruder).to_have_url(re.compile(r"/login\?next="))
    expect(intruder.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(intruder.locator("header .user-menu")).to_have_count(0)
