"""Accounts in the browser: the first run, an administrator adding a translator,
the translator's first sign-in and what her role lets her see, markup in names and
titles, the Content-Security-Policy while editing, and being signed out mid-sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import (
    BrowserContext,
    Locator,
    Page,
    expect,
)
from sqlalchemy import func, select

from tests.support.accounts import TEST_PASSWORD
from tests.support.app import empty_tables
from tests.support.browser import off_the_loop
from tests.support.browser import textarea as _textarea
from tests.support.troubles import watch_troubles
from workbench.accounts.models import User
from workbench.extensions import db

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")
ADMIN_PASSWORD = "correct horse battery staple"
TINA_PASSWORD = "tina's own long password"

NAME_PAYLOAD = "<img src=x onerror=alert(1)>"
TITLE_PAYLOAD = "<script>alert(2)</script>"
SOURCE_WITH_MARKUP = "北朝鮮の外務省は<b>x</b>と応じ、歴史的な会見が実現した。"
PASTED_TEXT = f"トランプ大統領は金委員長との会談の意向を示してきた。\n\n{SOURCE_WITH_MARKUP}\n"
TRANSLATION_PAYLOAD = "<script>alert(3)</script>"


@pytest.fixture
def no_users(live_app: Flask) -> Iterator[None]:
    """An empty database, as on the day the workbench is installed."""

    def count() -> int:
        with live_app.app_context():
            return int(db.session.scalar(select(func.count()).select_from(User)) or 0)

    if off_the_loop(count):
        off_the_loop(lambda: empty_tables(live_app))
    assert off_the_loop(count) == 0
    yield


def _rows(page: Page) -> Locator:
    rows = page.locator(".editor div.row")
    expect(rows.first).to_be_visible()
    return rows


def _type_into(page: Page, row: Locator, text: str) -> None:
    _textarea(row).click()
    page.keyboard.press("End")
    page.keyboard.type(text)


def _sign_in(page: Page, name: str, password: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page: Page) -> None:
    page.locator("header .user-menu").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def _add_user(page: Page, name: str, display_name: str, role: str) -> str:
    """Add a user on the Users page; return the one-time password the page shows."""
    form = page.locator("form.add-user")
    form.get_by_label("Sign-in name").fill(name)
    form.get_by_label("Display name").fill(display_name)
    form.get_by_label("Role").select_option(role)
    form.get_by_role("button", name="Add user").click()
    notice = page.locator(".one-time")
    expect(notice).to_contain_text(f"One-time password for {name}")
    password = notice.locator("code.one-time-password").inner_text().strip()
    assert len(password) >= 10, f"the one-time password shown is too short: {password!r}"
    row = page.locator("table.users tbody tr").filter(has_text=display_name)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text(name)
    expect(row.get_by_label(f"Role of {name}")).to_have_value(role)
    expect(row).to_contain_text("never")
    return password


def test_first_run_creates_the_admin_who_adds_a_translator(
    no_users: None,
    new_context: Callable[..., BrowserContext],
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    page = new_context().new_page()
    dialogs = watch_dialogs(page)
    troubles = watch_troubles(page)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup\b"))
    expect(page.get_by_role("heading", name="Welcome to the workbench")).to_be_visible()
    expect(page.get_by_text("There are no accounts yet.")).to_be_visible()
    # Nobody is signed in: no account menu, no way around the form.
    expect(page.locator("header .user-menu")).to_have_count(0)
    screenshot(page)

    page.get_by_label("Sign-in name").fill("ada")
    page.get_by_label("Display name").fill("Ada Admin")
    page.get_by_label("Password (at least 10 characters)").fill(ADMIN_PASSWORD)
    page.get_by_label("Password again").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Create administrator").click()

    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    expect(page.get_by_text("No articles yet.")).to_be_visible()
    menu = page.locator("header .user-menu")
    expect(menu.locator(".who-name")).to_have_text("Ada Admin")
    expect(menu.locator(".role")).to_have_text("admin")
    users_link = menu.get_by_role("link", name="Users")
    expect(users_link).to_be_visible()

    users_link.click()
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    expect(page.locator("table.users tbody tr")).to_have_count(1)
    password = _add_user(page, "tina", "Tina Translator", "translator")
    expect(page.locator("table.users tbody tr")).to_have_count(2)
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    screenshot(page, "users")

    # Reloading the list does not show the password again.
    page.goto("/users")
    expect(page.locator("table.users tbody tr")).to_have_count(2)
    expect(page.get_by_text(password)).to_have_count(0)

    _sign_out(page)
    # The first-run form is gone for good once someone exists.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/setup")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    assert dialogs == [], f"the pages opened a dialog: {dialogs}"
    assert troubles.about_the_policy() == [], troubles.about_the_policy()
    assert troubles.uncaught == [], troubles.uncaught


def test_translator_first_sign_in_and_what_her_role_shows(
    page: Page,
    new_context: Callable[..., BrowserContext],
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    page.goto("/users")
    one_time = _add_user(page, "tina", "Tina Translator", "translator")
    _sign_out(page)

    tina = new_context().new_page()
    troubles = watch_troubles(tina)
    tina.goto(f"/articles/{article_id}")
    expect(tina.get_by_role("heading", name="Sign in")).to_be_visible()
    _sign_in(tina, "tina", one_time)

    # A one-time password leads to "Your account", and nowhere else until it is replaced.
    expect(tina).to_have_url(re.compile(r"/account$"))
    expect(tina.get_by_role("heading", name="Your account")).to_be_visible()
    expect(tina.get_by_text("Choose your own password to go on.")).to_be_visible()
    expect(tina.locator("header .who-name")).to_have_text("Tina Translator")
    expect(tina.get_by_label("Current password")).to_have_count(0)
    screenshot(tina, "account")
    for elsewhere in ("/", f"/articles/{article_id}", "/articles/new"):
        tina.goto(elsewhere)
        expect(tina).to_have_url(re.compile(r"/account$"))
        expect(tina.get_by_text("Choose your own password to go on.")).to_be_visible()

    tina.get_by_label("New password (at least 10 characters)").fill(TINA_PASSWORD)
    tina.get_by_label("New password again").fill(TINA_PASSWORD)
    tina.get_by_role("button", name="Change password").click()
    expect(tina.get_by_text("Your password is changed")).to_be_visible()
    expect(tina.get_by_text("Choose your own password to go on.")).to_have_count(0)
    expect(tina.get_by_label("Display name, shown beside your edits")).to_have_value(
        "Tina Translator"
    )

    tina.goto("/")
    expect(tina.get_by_role("heading", name="Articles")).to_be_visible()
    expect(tina.locator("header .user-menu .role")).to_have_text("translator")
    expect(tina.get_by_role("link", name="Users")).to_have_count(0)
    tina.get_by_role("link", name="Trump and Kim").click()

    first = _rows(tina).first
    text = "President Trump's open courtship of Kim Jong Un is anything but ordinary."
    _type_into(tina, first, text)
    expect(first.locator(".save-state")).to_have_text(SAVED)
    expect(_textarea(first)).to_have_value(text)
    first.get_by_role("button", name="History").click()
    history = first.locator("section.history")
    expect(history.locator("li.revision")).to_have_count(1)
    expect(history.locator("li.revision .by")).to_have_text("Tina Translator")
    expect(history).to_contain_text(text)

    # A translator never sees the reviewers' choices.
    expect(tina.get_by_role("link", name="Users")).to_have_count(0)
    options = first.locator("select[name=status] option")
    expect(options).to_have_text(["new", "drafted", "translated"])
    expect(first.locator("select[name=status] option[value=reviewed]")).to_have_count(0)
    screenshot(tina, "editor", around=history)

    response = tina.goto("/users")
    assert response is not None and response.status == 403
    expect(tina.get_by_role("heading", name=re.compile(r"Forbidden"))).to_be_visible()
    expect(tina.get_by_text("Only an administrator can manage users.")).to_be_visible()
    expect(tina.locator("table.users")).to_have_count(0)

    assert troubles.about_the_policy() == [], troubles.about_the_policy()
    assert troubles.uncaught == [], troubles.uncaught


def test_markup_in_names_titles_and_texts_shows_as_text(
    page: Page,
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    dialogs = watch_dialogs(page)
    troubles = watch_troubles(page)

    page.goto("/account")
    page.get_by_label("Display name, shown beside your edits").fill(NAME_PAYLOAD)
    page.get_by_role("button", name="Save display name").click()
    expect(page.get_by_text("Your display name is saved.")).to_be_visible()
    expect(page.locator("header .who-name")).to_have_text(NAME_PAYLOAD)
    expect(page.locator("header img")).to_have_count(0)
    screenshot(page, "account")

    page.goto("/articles/new")
    page.get_by_label("Text").fill(PASTED_TEXT)
    page.get_by_label("Title").fill(TITLE_PAYLOAD)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(TITLE_PAYLOAD)
    expect(page.locator(".preview-line .line-text").nth(1)).to_have_text(SOURCE_WITH_MARKUP)
    expect(page.locator(".preview-lines b")).to_have_count(0)
    page.get_by_role("button", name="Create article").click()

    title = page.locator("header h1.article-title")
    expect(title).to_have_text(TITLE_PAYLOAD)
    rows = _rows(page)
    expect(rows).to_have_count(2)
    first, second = rows.nth(0), rows.nth(1)
    expect(second.locator(".cell.src")).to_have_text(SOURCE_WITH_MARKUP)
    _type_into(page, first, TRANSLATION_PAYLOAD)
    expect(first.locator(".save-state")).to_have_text(SAVED)

    page.reload()
    title = page.locator("header h1.article-title")
    expect(title).to_have_text(TITLE_PAYLOAD)
    expect(page).to_have_title(f"{TITLE_PAYLOAD} · Workbench")
    rows = _rows(page)
    first, second = rows.nth(0), rows.nth(1)
    expect(_textarea(first)).to_have_value(TRANSLATION_PAYLOAD)
    expect(first.locator(".save-state")).to_contain_text(f"by {NAME_PAYLOAD}")
    expect(second.locator(".cell.src")).to_have_text(SOURCE_WITH_MARKUP)
    expect(page.locator("header .who-name")).to_have_text(NAME_PAYLOAD)
    first.get_by_role("button", name="History").click()
    history = first.locator("section.history")
    expect(history.locator("li.revision .by")).to_have_text(NAME_PAYLOAD)
    expect(history.locator(".diff")).to_contain_text(TRANSLATION_PAYLOAD)
    # Nothing the editors typed became an element.
    expect(page.locator("main img, main b, main script, header img, header script")).to_have_count(
        0
    )

    page.goto("/")
    expect(page.get_by_role("link", name=TITLE_PAYLOAD)).to_be_visible()
    expect(page.locator("main script, main img")).to_have_count(0)

    assert dialogs == [], f"the pages opened a dialog: {dialogs}"
    assert troubles.about_the_policy() == [], troubles.about_the_policy()
    assert troubles.uncaught == [], troubles.uncaught


def test_the_editor_works_within_the_content_security_policy(
    page: Page, seed_article: Callable[..., int]
) -> None:
    article_id = seed_article()
    troubles = watch_troubles(page)
    page.goto(f"/articles/{article_id}")
    rows = _rows(page)
    first, second = rows.nth(0), rows.nth(1)

    _type_into(page, first, "The courtship is unusual.")
    expect(first.locator(".save-state")).to_have_text(SAVED)
    page.keyboard.press("Control+Enter")
    expect(first.locator(".meta")).to_have_attribute("data-status", "translated")
    expect(_textarea(second)).to_be_focused()
    page.keyboard.type("Trump has said so since his second term began.")
    page.keyboard.press("Control+Enter")
    expect(second.locator(".meta")).to_have_attribute("data-status", "translated")
    expect(page.locator("div.article-progress .progress-text")).to_have_text("2/14")

    first.get_by_role("button", name="History").click()
    history = first.locator("section.history")
    expect(history.locator("li.revision").first).to_contain_text("The courtship is unusual.")
    history.get_by_role("button", name="Close").click()
    expect(history).to_have_count(0)
    # Changing a status by hand is an htmx request too.
    first.locator("select[name=status]").select_option("drafted")
    expect(first.locator(".meta")).to_have_attribute("data-status", "drafted")

    page.reload()
    expect(_textarea(_rows(page).nth(1))).to_have_value(
        "Trump has said so since his second term began."
    )
    assert troubles.about_the_policy() == [], troubles.about_the_policy()
    assert troubles.uncaught == [], troubles.uncaught


def test_signed_out_while_typing_keeps_the_text_and_saves_after_signing_in(
    page: Page,
    seed_article: Callable[..., int],
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    first = _rows(page).first
    before = "Trump's courtship of Kim is unusual."
    after = " He wants to meet him this autumn."
    _type_into(page, first, before)
    expect(first.locator(".save-state")).to_have_text(SAVED)

    other_tab = page.context.new_page()
    other_tab.goto("/")
    _sign_out(other_tab)

    _type_into(page, first, after)
    state = first.locator(".save-state")
    expect(state).to_contain_text("signed out")
    expect(_textarea(first)).to_have_value(before + after)
    screenshot(page, "signed-out", around=first)

    _sign_in(other_tab, "ada", TEST_PASSWORD)
    expect(other_tab.get_by_role("heading", name="Articles")).to_be_visible()
    # The page retries on its own, at most half a minute later.
    expect(state).to_have_text(SAVED, timeout=45_000)
    expect(_textarea(first)).to_have_value(before + after)

    dialogs = watch_dialogs(page)
    page.reload()
    expect(_textarea(_rows(page).first)).to_have_value(before + after)
    assert dialogs == [], f"reloading a saved page warned: {dialogs}"


def test_the_first_admin_is_listed_as_signed_in(
    no_users: None, new_context: Callable[..., BrowserContext]
) -> None:
    page = new_context().new_page()
    page.goto("/setup")
    page.get_by_label("Sign-in name").fill("ada")
    page.get_by_label("Display name").fill("Ada Admin")
    page.get_by_label("Password (at least 10 characters)").fill(ADMIN_PASSWORD)
    page.get_by_label("Password again").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Create administrator").click()
    expect(page.locator("header .who-name")).to_have_text("Ada Admin")

    page.goto("/users")
    ada = page.locator("table.users tbody tr").filter(has_text="Ada Admin")
    # She is signed in right now: the list must not say she never signed in.
    expect(ada.locator("td").nth(4)).not_to_have_text("never")


def test_a_status_change_while_signed_out_says_it_was_not_made(
    page: Page, seed_article: Callable[..., int]
) -> None:
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    first = _rows(page).first
    expect(first.locator(".meta")).to_have_attribute("data-status", "new")

    other_tab = page.context.new_page()
    other_tab.goto("/")
    _sign_out(other_tab)

    first.locator("select[name=status]").select_option("drafted")
    # The select now reads "drafted", but nothing was stored: the row must say so.
    expect(first.locator(".save-state")).to_contain_text("signed out")
