"""Memory matches in the editor, as a translator meets them: a paragraph finished in
one article is offered, at 100 %, in the next article that shares it, and its
English goes into the translation with a click or Ctrl+Alt+1, saved like typing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect

from tests.support.browser import off_the_loop, paragraph_id, paste_article, row_at, textarea
from tests.support.samples import SAMPLE_PATH
from workbench.articles.importing import prepare_upload
from workbench.extensions import db
from workbench.machine.models import Draft

pytestmark = pytest.mark.browser

ENGLISH = (
    "US President Donald Trump's blatant courtship of North Korean leader Kim Jong Un "
    "is out of the ordinary; is it rhetoric or a strategic calculation?"
)
SAVED = re.compile(r"^\s*Saved\b")
OTHER = "この段落はどの記事にもない新しい文章です。"


def _first_paragraph() -> str:
    return prepare_upload(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes()).kept[0]


def _finish_the_first_paragraph(page: Page, article_id: int, english: str = ENGLISH) -> None:
    """Type its English and mark it translated with Ctrl+Enter."""
    page.goto(f"/articles/{article_id}")
    first = row_at(page, 1)
    textarea(first).click()
    page.keyboard.type(english)
    page.keyboard.press("Control+Enter")
    expect(first.locator("select[name=status]")).to_have_value("translated")
    expect(first.locator(".save-state")).to_have_text(SAVED)


def _import_the_follow_up(page: Page) -> None:
    """A second article that repeats the first paragraph, has it with a changed year,
    and one paragraph of its own: pasted into the import page."""
    shared = _first_paragraph()
    changed = shared.replace("2025年", "2026年")
    assert changed != shared
    paste_article(page, f"{shared}\n\n{changed}\n\n{OTHER}\n", "続報：米朝")


def _exact_match(row: Locator) -> Locator:
    match = row.locator(".cell.matches li.match").first
    expect(match.locator(".match-score")).to_have_text("100 %")
    expect(match).to_have_class(re.compile(r"\bmatch-exact\b"))
    expect(match.locator(".match-target")).to_have_text(ENGLISH)
    expect(match.locator(".match-origin")).to_contain_text("Trump and Kim")
    expect(match.locator(".match-origin")).to_contain_text("Ada Admin")
    return match


def _saved_after_reload(page: Page, position: int, text: str) -> None:
    row = row_at(page, position)
    expect(row.locator(".save-state")).to_have_text(SAVED)
    page.reload()
    expect(textarea(row_at(page, position))).to_have_value(text)


def test_a_finished_paragraph_is_offered_in_the_next_article_and_inserted_with_a_click(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    _finish_the_first_paragraph(page, seed_article())
    _import_the_follow_up(page)

    first, second, third = row_at(page, 1), row_at(page, 2), row_at(page, 3)
    match = _exact_match(first)
    # The same paragraph with another year: a fuzzy match, the year marked.
    fuzzy = second.locator(".cell.matches li.match").first
    expect(fuzzy).to_have_class(re.compile(r"\bmatch-fuzzy\b"))
    expect(fuzzy.locator(".match-score")).to_have_text(re.compile(r"^(9\d|[5-8]\d) %$"))
    expect(fuzzy.locator(".match-source del")).to_have_text(["2025"])
    expect(fuzzy.locator(".match-source ins")).to_have_text(["2026"])
    expect(third.locator(".cell.matches")).to_contain_text("No memory matches")
    # The Japanese of a match is set in the Japanese font, under the draft column.
    family = match.locator(".match-source").evaluate("el => getComputedStyle(el).fontFamily")
    assert "Noto Sans CJK JP" in family, family
    draft_box = first.locator(".cell.draft").bounding_box()
    matches_box = first.locator(".cell.matches").bounding_box()
    assert draft_box and matches_box
    assert abs(draft_box["x"] - matches_box["x"]) < 1, (draft_box, matches_box)
    assert matches_box["y"] >= draft_box["y"] + draft_box["height"] - 1

    match.get_by_role("button", name="Insert").click()
    expect(textarea(first)).to_have_value(ENGLISH)
    expect(textarea(first)).to_be_focused()
    _saved_after_reload(page, 1, ENGLISH)

    # The row with its matches, at a desktop width and a narrow one.
    first = row_at(page, 1)
    _exact_match(first).get_by_role("button", name="Insert").focus()
    screenshot(page, "1280", around=first)
    page.set_viewport_size({"width": 800, "height": 900})
    first.scroll_into_view_if_needed()
    screenshot(page, "800", around=first.locator(".cell.matches"))


def test_ctrl_alt_1_inserts_the_best_match_at_the_cursor(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    _finish_the_first_paragraph(page, seed_article())
    _import_the_follow_up(page)

    first = row_at(page, 1)
    _exact_match(first)
    textarea(first).click()
    page.keyboard.type("Lead:")
    page.keyboard.press("Control+Alt+1")
    expect(textarea(first)).to_have_value(f"Lead: {ENGLISH}")
    _saved_after_reload(page, 1, f"Lead: {ENGLISH}")

    # The row has one match: Ctrl+Alt+3 inserts nothing and changes nothing.
    first = row_at(page, 1)
    _exact_match(first)
    textarea(first).click()
    page.keyboard.press("Control+Alt+3")
    expect(textarea(first)).to_have_value(f"Lead: {ENGLISH}")
    screenshot(page, around=first)


def test_matches_load_as_their_rows_come_near(page: Page, seed_article: Callable[..., int]) -> None:
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    expect(row_at(page, 1).locator(".cell.matches")).to_contain_text("No memory matches")
    last = row_at(page, 14)
    # Far below the window: not fetched yet, until it is scrolled to.
    expect(last.locator(".matches-loader")).to_have_count(1)
    last.scroll_into_view_if_needed()
    expect(last.locator(".cell.matches")).to_contain_text("No memory matches")


def test_a_row_swapped_by_use_draft_keeps_its_matches(
    page: Page, seed_article: Callable[..., int], live_app: Flask
) -> None:
    _finish_the_first_paragraph(page, seed_article())
    _import_the_follow_up(page)
    pid = paragraph_id(row_at(page, 1))

    def add_draft() -> None:
        with live_app.app_context():
            db.session.add(Draft(paragraph_id=pid, provider="google", text="A machine draft."))
            db.session.commit()

    off_the_loop(add_draft)
    fetched: list[str] = []
    page.on(
        "request",
        lambda request: (
            fetched.append(request.url)
            if request.url.endswith(f"/paragraphs/{pid}/matches")
            else None
        ),
    )
    page.reload()
    first = row_at(page, 1)
    _exact_match(first)
    before = len(fetched)
    assert before >= 1

    first.get_by_role("button", name="Use draft").click()
    expect(textarea(row_at(page, 1))).to_have_value("A machine draft.")
    # The row came back from the server; its matches stayed, not fetched again.
    _exact_match(row_at(page, 1))
    expect(row_at(page, 1).locator(".matches-loader")).to_have_count(0)
    assert len(fetched) == before, fetched


def test_correcting_the_japanese_brings_the_matches_for_the_new_text(
    page: Page, seed_article: Callable[..., int]
) -> None:
    _finish_the_first_paragraph(page, seed_article())
    _import_the_follow_up(page)
    third = row_at(page, 3)
    expect(third.locator(".cell.matches")).to_contain_text("No memory matches")

    third.get_by_role("link", name="Correct Japanese…").click()
    box = third.get_by_label(re.compile("^Japanese of paragraph"))
    expect(box).to_be_visible()
    box.fill(_first_paragraph())
    third.get_by_role("button", name="Save the Japanese").click()
    expect(third.locator("div.cell.src")).to_have_text(_first_paragraph())
    _exact_match(third)


def _fuzzy_match(row: Locator) -> Locator:
    match = row.locator(".cell.matches li.match").first
    expect(match).to_have_class(re.compile(r"\bmatch-fuzzy\b"))
    expect(match.locator(".match-target")).to_have_text(ENGLISH)
    return match


def test_a_paragraph_finished_on_the_page_is_offered_in_its_other_rows_and_tabs(
    page: Page, seed_article: Callable[..., int]
) -> None:
    """Nothing is finished yet; the follow-up repeats a paragraph with another year.
    Finishing the first row with Ctrl+Enter moves to the second, whose matches then
    offer it; a second tab on the same article offers it when its row is turned to."""
    seed_article()
    _import_the_follow_up(page)
    other_tab = page.context.new_page()
    other_tab.goto(page.url)
    other_tab.wait_for_load_state("load")
    for tab in (page, other_tab):
        expect(row_at(tab, 2).locator(".cell.matches")).to_contain_text("No memory matches")

    first, second = row_at(page, 1), row_at(page, 2)
    textarea(first).click()
    page.keyboard.type(ENGLISH)
    page.keyboard.press("Control+Enter")
    expect(first.locator("select[name=status]")).to_have_value("translated")
    # The cursor is in the next row: its matches were brought up to date.
    expect(textarea(second)).to_be_focused()
    _fuzzy_match(second).get_by_role("button", name="Insert").click()
    expect(textarea(second)).to_have_value(ENGLISH)
    expect(second.locator(".save-state")).to_have_text(SAVED)

    # The other tab heard of the change; its row fetches the matches when turned to.
    other_second = row_at(other_tab, 2)
    expect(other_second.locator(".cell.matches")).to_contain_text("No memory matches")
    textarea(other_second).click()
    _fuzzy_match(other_second)
    other_tab.close()


JOINED_ENGLISH = (
    "US President Donald Trump's blatant courtship of North Korean leader Kim Jong Un is"
    " out of the ordinary: he insists he must talk with Kim this autumn of 2025. Is his"
    " readiness to extend his Asian tour mere diplomatic rhetoric, or a move with strategic"
    " calculation behind it? What political goal does Trump have in reaching out to North"
    " Korea?"
)


def test_sentences_the_editor_joined_are_offered_whole_in_the_next_article(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    # Four Japanese sentences, three English: the first two went into one.
    _finish_the_first_paragraph(page, seed_article(), JOINED_ENGLISH)

    # A follow-up that repeats those two sentences as its lead, and the last one alone.
    japanese = _first_paragraph()
    joined = japanese[: japanese.index("アジア歴訪")]
    last = japanese[japanese.index("トランプ大統領は一体") :]
    paste_article(page, f"{joined}\n\n{last}\n", "続報：求愛")

    lead = row_at(page, 1)
    match = lead.locator(".cell.matches li.match").first
    expect(match.locator(".match-score")).to_have_text("100 %")
    joined_english = JOINED_ENGLISH[: JOINED_ENGLISH.index(" Is his")]
    expect(match.locator(".match-target")).to_have_text(joined_english)
    expect(match.locator(".match-origin")).to_contain_text("2 sentences of a paragraph")
    alone = row_at(page, 2).locator(".cell.matches li.match").first
    expect(alone.locator(".match-score")).to_have_text("100 %")
    expect(alone.locator(".match-target")).to_have_text(
        "What political goal does Trump have in reaching out to North Korea?"
    )
    expect(alone.locator(".match-origin")).to_contain_text("one sentence of a paragraph")

    match.get_by_role("button", name="Insert").click()
    expect(textarea(lead)).to_have_value(joined_english)
    screenshot(page, "1280", around=lead)
    _saved_after_reload(page, 1, joined_english)
    page.set_viewport_size({"width": 800, "height": 900})
    lead = row_at(page, 1)
    screenshot(page, "800", around=lead.locator(".cell.matches li.match").first)
