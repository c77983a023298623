"""Two editors, two browsers, one paragraph: the second save is refused, shown
side by side, resolved, and every text stays in the history."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")
AIKO_TEXT = "Trump is courting Kim openly, Aiko wrote."
BEN_TEXT = "Ben's version: Trump woos Kim in public."


@dataclass
class Editors:
    aiko: Page
    ben: Page
    fifth_id: str
    # Every dialog either page opened (an alert would mean injected script ran).
    dialogs: list[list[str]]

    def assert_no_dialogs(self) -> None:
        assert self.dialogs == [[], []], f"a page opened a dialog: {self.dialogs}"


@pytest.fixture
def editors(
    new_context: Callable[..., BrowserContext],
    seed_article: Callable[..., int],
    set_display_name: Callable[[Page, str], None],
    watch_dialogs: Callable[[Page], list[str]],
) -> Editors:
    """Aiko and Ben, each in a browser of their own, with the same article open."""
    article_id = seed_article()
    pages: list[Page] = []
    dialogs: list[list[str]] = []
    for name in ("Aiko Tanaka", "Ben Carter"):
        page = new_context().new_page()
        dialogs.append(watch_dialogs(page))
        page.goto(f"/articles/{article_id}")
        set_display_name(page, name)
        expect(page.locator("div.row")).to_have_count(14)
        pages.append(page)
    fifth_id = pages[0].locator("div.row").nth(4).get_attribute("data-paragraph")
    assert fifth_id
    return Editors(pages[0], pages[1], fifth_id, dialogs)


def _row(page: Page, pid: str) -> Locator:
    return page.locator(f"#p-{pid}")


def _type(page: Page, pid: str, text: str) -> None:
    page.locator(f"#text-{pid}").click()
    page.keyboard.type(text)


def _aiko_saves_then_ben_collides(editors: Editors) -> Locator:
    aiko, ben, pid = editors.aiko, editors.ben, editors.fifth_id
    _type(aiko, pid, AIKO_TEXT)
    expect(_row(aiko, pid).locator(".save-state")).to_have_text(SAVED)

    # Ben's page still holds the version before Aiko's save.
    _type(ben, pid, BEN_TEXT)
    conflict = _row(ben, pid).locator("section.conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".conflict-theirs")).to_have_text(AIKO_TEXT)
    expect(conflict.locator(".conflict-mine")).to_have_text(BEN_TEXT)
    expect(conflict).to_contain_text("Aiko Tanaka")
    expect(_row(ben, pid).locator(".save-state")).to_contain_text("Conflict")
    # Ben's words are still on his screen.
    expect(ben.locator(f"#text-{pid}")).to_have_value(BEN_TEXT)
    return conflict


def _open_history(page: Page, pid: str) -> Locator:
    _row(page, pid).get_by_role("button", name="History").click()
    history = _row(page, pid).locator("section.history")
    expect(history).to_be_visible()
    return history


def _text_after(revision: Locator) -> str:
    """The text a revision stored: its word diff without the removed words."""
    return revision.locator(".diff").evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('del').forEach(d => d.remove());"
        " return c.textContent; }"
    )


def test_conflict_merged_by_the_second_editor(
    editors: Editors, screenshot: Callable[..., Path]
) -> None:
    ben, pid = editors.ben, editors.fifth_id
    conflict = _aiko_saves_then_ben_collides(editors)
    screenshot(ben, "conflict", around=conflict)

    merged = "Trump is courting Kim openly and in public."
    conflict.get_by_label("Merged text").fill(merged)
    conflict.get_by_role("button", name="Save merged text").click()

    expect(_row(ben, pid).locator("section.conflict")).to_have_count(0)
    expect(ben.locator(f"#text-{pid}")).to_have_value(merged)
    expect(_row(ben, pid).locator(".save-state")).to_contain_text("Ben Carter")

    history = _open_history(ben, pid)
    revisions = history.locator("li.revision")
    expect(revisions).to_have_count(3)
    aiko_rev = revisions.filter(has_text="Aiko Tanaka")
    expect(aiko_rev).to_have_count(1)
    assert _text_after(aiko_rev) == AIKO_TEXT
    refused = history.locator("li.origin-conflict")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("conflict")
    expect(refused).to_contain_text("Ben Carter")
    assert _text_after(refused) == BEN_TEXT
    final = history.locator("li.origin-merge")
    expect(final).to_have_count(1)
    assert _text_after(final) == merged
    # Newest first: the merge heads the list.
    expect(revisions.first).to_have_class(re.compile(r"\borigin-merge\b"))

    # Aiko sees the merged text once she reloads.
    editors.aiko.reload()
    expect(editors.aiko.locator(f"#text-{pid}")).to_have_value(merged)
    editors.assert_no_dialogs()
    screenshot(ben, around=_row(ben, pid))


def test_conflict_keep_theirs(editors: Editors, screenshot: Callable[..., Path]) -> None:
    ben, pid = editors.ben, editors.fifth_id
    conflict = _aiko_saves_then_ben_collides(editors)
    conflict.get_by_role("button", name="Keep theirs").click()

    expect(_row(ben, pid).locator("section.conflict")).to_have_count(0)
    expect(ben.locator(f"#text-{pid}")).to_have_value(AIKO_TEXT)

    history = _open_history(ben, pid)
    expect(history.locator("li.revision")).to_have_count(2)
    refused = history.locator("li.origin-conflict")
    expect(refused).to_have_count(1)
    assert _text_after(refused) == BEN_TEXT

    # Ben can go on editing: his next change saves normally on top of Aiko's.
    ben.locator(f"#text-{pid}").click()
    ben.keyboard.press("End")
    ben.keyboard.type(" Ben agrees.")
    expect(_row(ben, pid).locator(".save-state")).to_have_text(SAVED)
    editors.assert_no_dialogs()
    screenshot(ben, around=_row(ben, pid))


def test_conflict_keep_mine(editors: Editors, screenshot: Callable[..., Path]) -> None:
    ben, pid = editors.ben, editors.fifth_id
    conflict = _aiko_saves_then_ben_collides(editors)
    conflict.get_by_role("button", name="Keep mine").click()

    expect(_row(ben, pid).locator("section.conflict")).to_have_count(0)
    expect(ben.locator(f"#text-{pid}")).to_have_value(BEN_TEXT)
    history = _open_history(ben, pid)
    # Aiko's save, Ben's refused save, then Ben's text kept over Aiko's.
    expect(history.locator("li.revision")).to_have_count(3)
    expect(history.locator("li.revision").filter(has_text="Aiko Tanaka")).to_have_count(1)
    editors.aiko.reload()
    expect(editors.aiko.locator(f"#text-{pid}")).to_have_value(BEN_TEXT)
    editors.assert_no_dialogs()
    screenshot(ben, around=_row(ben, pid))
