"""Notes in the browser: a citation pinned to 板門店 in paragraph 3 by selecting it,
its marker and tooltip, a reload; a query raising and lowering the open-query count;
the filter to paragraphs with open queries; correcting the Japanese, after which a
note follows its words or is shown detached; narrow windows."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, Route, expect
from sqlalchemy import func, select

from tests.support.browser import off_the_loop, paragraph_id, row_at, select_in_source, textarea
from tests.support.troubles import watch_troubles
from workbench.articles.models import SourceRevision
from workbench.extensions import db
from workbench.notes.models import Note

pytestmark = pytest.mark.browser

QUOTE = "板門店"
CITATION = "Panmunjom, the truce village in the DMZ: https://example.org/panmunjom"
SOURCE_URL = "https://example.org/dmz-history"


def _open_queries(page: Page) -> Locator:
    return page.locator("#open-queries [data-count]")


def _marker_tip(marker: Locator) -> str:
    return str(marker.evaluate("m => getComputedStyle(m, '::after').display"))


def _add_citation(page: Page, row: Locator) -> None:
    select_in_source(page, row, QUOTE)
    floating = page.locator("#add-note-float")
    expect(floating).to_be_visible()
    floating.click()
    dialog = page.locator("#note-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Words in the source")).to_have_value(QUOTE)
    expect(dialog.get_by_label("Source citation")).to_be_checked()
    expect(dialog.get_by_label("Note", exact=True)).to_be_focused()
    page.keyboard.type(CITATION)
    dialog.get_by_label("Source address").fill(SOURCE_URL)
    dialog.get_by_label("Read on").fill("2026-11-20")
    dialog.get_by_role("button", name="Add note").click()
    expect(dialog).to_be_hidden()


def _notes_in(app: Flask, pid: int) -> list[tuple[str, str, int, int, bool]]:
    def read() -> list[tuple[str, str, int, int, bool]]:
        with app.app_context():
            rows = db.session.execute(
                select(Note.kind, Note.exact, Note.start, Note.end, Note.detached)
                .where(Note.paragraph_id == pid)
                .order_by(Note.id)
            )
            return [tuple(row) for row in rows]  # type: ignore[misc]

    return off_the_loop(read)


def test_cite_a_span_then_raise_and_resolve_a_query(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
    watch_dialogs: Callable[[Page], list[str]],
) -> None:
    troubles = watch_troubles(page)
    dialogs = watch_dialogs(page)
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    expect(_open_queries(page)).to_have_text("0")

    row = row_at(page, 3)
    pid = paragraph_id(row)
    _add_citation(page, row)

    # The marker follows the quoted words; the span holds exactly them.
    marker = row.locator(".cell.src a.note-marker")
    expect(marker).to_have_count(1)
    expect(marker).to_have_text("1")
    expect(row.locator(".cell.src .noted")).to_have_text(QUOTE)
    assert _marker_tip(marker) == "none"
    marker.hover()
    assert _marker_tip(marker) == "block", "hovering a marker shows no note"
    tip = str(marker.get_attribute("data-tip"))
    assert tip.startswith("Source citation: Panmunjom")
    # The row lists it, with its address as a link and the citation's source.
    note = row.locator("li.note")
    expect(note).to_have_count(1)
    expect(note.locator(".note-quote")).to_have_text(f"“{QUOTE}”")
    expect(note.locator(".note-body a")).to_have_attribute("href", "https://example.org/panmunjom")
    expect(note.locator(".note-citation a")).to_have_attribute("href", SOURCE_URL)
    expect(note.locator(".note-read")).to_have_text("read 2026-11-20")
    expect(note.locator(".note-by")).to_contain_text("Ada Admin")
    # Choosing the note lights up its words.
    note.locator("button.note-number").click()
    expect(row.locator(".cell.src .noted.lit")).to_have_text(QUOTE)
    troubles.check()
    screenshot(page, "citation", around=row)
    troubles.forget_screenshot(page)

    [(kind, exact, begin, end, detached)] = _notes_in(live_app, pid)
    source = off_the_loop(lambda: _source_of(live_app, pid))
    assert (kind, exact, detached) == ("source", QUOTE, False)
    assert source[begin:end] == QUOTE and begin == source.index(QUOTE)

    # Still there after a reload.
    page.reload()
    row = row_at(page, 3)
    expect(row.locator(".cell.src a.note-marker")).to_have_count(1)
    expect(row.locator(".cell.src .noted")).to_have_text(QUOTE)

    # A query on the whole of paragraph 5: the count rises.
    row5 = row_at(page, 5)
    row5.get_by_role("link", name="Add note…").click()
    dialog = page.locator("#note-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Words in the source")).to_have_value("")
    dialog.get_by_label("Query for the reviewer").check()
    expect(dialog.get_by_label("Source address")).to_be_hidden()
    dialog.get_by_label("Note", exact=True).fill("Is “代表的” right here, or is it a name?")
    dialog.get_by_role("button", name="Add note").click()
    expect(dialog).to_be_hidden()
    expect(_open_queries(page)).to_have_text("1")
    query = row5.locator("li.note.note-query")
    expect(query).to_contain_text("? open")
    expect(row5.locator(".cell.src a.note-marker.note-whole")).to_have_count(1)
    expect(textarea(row5)).to_be_focused()

    # A reply, then the filter shows only that paragraph.
    query.locator("summary", has_text="Reply").click()
    query.get_by_label("Reply to note 1").fill("It is an adjective: “leading”.")
    query.get_by_role("button", name="Send reply").click()
    expect(row5.locator("li.note .replies li")).to_have_count(1)
    page.locator("#open-queries a").click()
    expect(page.locator(".editor div.row")).to_have_count(1)
    expect(page.locator(".editor div.row")).to_have_attribute("data-position", "5")
    troubles.check()
    screenshot(page, "query-filter")
    troubles.forget_screenshot(page)
    page.reload()

    # Resolving it from the row: the count falls; reopening raises it again.
    row5 = row_at(page, 5)
    row5.get_by_role("button", name="Resolve query").click()
    expect(_open_queries(page)).to_have_text("0")
    # Focus stays with the note rather than falling to the page.
    expect(row5.locator("li.note")).to_be_focused()
    expect(row5.locator("li.note")).to_contain_text("resolved by Ada Admin")
    row5.get_by_role("button", name="Reopen").click()
    expect(_open_queries(page)).to_have_text("1")
    row5.get_by_role("button", name="Resolve query").click()
    expect(_open_queries(page)).to_have_text("0")
    page.reload()
    expect(_open_queries(page)).to_have_text("0")

    assert dialogs == []
    troubles.check()


def _source_of(app: Flask, pid: int) -> str:
    from workbench.articles.models import Paragraph

    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.source_text


def _correct_source(page: Page, row: Locator, edit: Callable[[str], str]) -> None:
    row.get_by_role("link", name="Correct Japanese…").click()
    box = row.get_by_label(re.compile("^Japanese of paragraph"))
    expect(box).to_be_visible()
    box.fill(edit(box.input_value()))
    row.get_by_role("button", name="Save the Japanese").click()
    expect(row.locator("div.cell.src")).to_be_visible()


def test_a_note_follows_its_words_when_the_japanese_is_corrected(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    troubles = watch_troubles(page)
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 3)
    pid = paragraph_id(row)
    _add_citation(page, row)
    [(_, _, before, _, _)] = _notes_in(live_app, pid)

    # Text inserted before the words: the note moves with them.
    _correct_source(page, row, lambda text: "【訂正】" + text)
    expect(row.locator(".cell.src")).to_contain_text("【訂正】")
    expect(row.locator(".cell.src .noted")).to_have_text(QUOTE)
    [(_, exact, after, _, detached)] = _notes_in(live_app, pid)
    assert (exact, detached, after) == (QUOTE, False, before + len("【訂正】"))

    # The words themselves removed: the note is detached, shown with its old quote.
    _correct_source(page, row, lambda text: text.replace(QUOTE, "南北の境界"))
    expect(row.locator(".cell.src .noted")).to_have_count(0)
    detached_note = row.locator("li.note.note-detached")
    expect(detached_note).to_have_count(1)
    expect(detached_note).to_contain_text("Detached")
    expect(detached_note.locator(".note-quote")).to_contain_text(QUOTE)
    troubles.check()
    screenshot(page, "detached", around=row)
    troubles.forget_screenshot(page)

    # Both corrections were kept.
    def corrections() -> int:
        with live_app.app_context():
            return int(
                db.session.scalar(
                    select(func.count())
                    .select_from(SourceRevision)
                    .where(SourceRevision.paragraph_id == pid)
                )
                or 0
            )

    assert off_the_loop(corrections) == 2
    assert troubles.about_the_policy() == [], troubles.about_the_policy()
    assert troubles.uncaught == [], troubles.uncaught


def test_a_correction_in_progress_survives_other_changes_to_its_row(
    page: Page, seed_article: Callable[..., int]
) -> None:
    troubles = watch_troubles(page)
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 3)
    row.get_by_role("link", name="Correct Japanese…").click()
    box = row.get_by_label(re.compile("^Japanese of paragraph"))
    expect(box).to_be_focused()
    box.press("Control+End")
    page.keyboard.type("（追記中）")
    # A note on the same row brings the row's source cell back from the server.
    row.get_by_role("link", name="Add note…").click()
    dialog = page.locator("#note-dialog")
    dialog.get_by_label("Explanation").check()
    dialog.get_by_label("Note", exact=True).fill("Background for the desk.")
    dialog.get_by_role("button", name="Add note").click()
    expect(dialog).to_be_hidden()
    expect(row.locator("li.note")).to_have_count(1)
    expect(box).to_be_visible()
    assert box.input_value().endswith("（追記中）"), "the half-typed correction was replaced"
    row.get_by_role("button", name="Save the Japanese").click()
    expect(row.locator("div.cell.src")).to_contain_text("（追記中）")
    troubles.check()


def test_other_tabs_show_a_new_note_and_the_query_count_without_a_reload(
    page: Page, seed_article: Callable[..., int]
) -> None:
    article_id = seed_article()
    other = page.context.new_page()
    troubles = watch_troubles(other)
    page.goto(f"/articles/{article_id}")
    other.goto(f"/articles/{article_id}")
    expect(_open_queries(other)).to_have_text("0")

    _add_citation(page, row_at(page, 3))
    row5 = row_at(page, 5)
    row5.get_by_role("link", name="Add note…").click()
    dialog = page.locator("#note-dialog")
    dialog.get_by_label("Query for the reviewer").check()
    dialog.get_by_label("Note", exact=True).fill("Which think tank is meant?")
    dialog.get_by_role("button", name="Add note").click()
    expect(_open_queries(page)).to_have_text("1")

    expect(row_at(other, 3).locator(".cell.src .noted")).to_have_text(QUOTE)
    expect(row_at(other, 3).locator("li.note")).to_have_count(1)
    expect(row_at(other, 5).locator("li.note.note-query")).to_contain_text("Which think tank")
    expect(_open_queries(other)).to_have_text("1")
    # The other tab's dialog stayed shut.
    expect(other.locator("#note-dialog")).to_be_hidden()
    troubles.check()


@pytest.mark.parametrize("width", [800])
def test_notes_fit_a_narrow_window(
    page: Page,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 3)
    _add_citation(page, row)
    marker = row.locator(".cell.src a.note-marker")
    marker.focus()
    assert _marker_tip(marker) == "block", "focusing a marker shows no note"
    box = marker.evaluate("m => { const r = m.getBoundingClientRect(); return [r.left, r.right]; }")
    assert box[0] >= 0 and box[1] <= width
    wide, window = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert wide <= window, "the page scrolls sideways"
    screenshot(page, around=row)


def _numbers(row: Locator) -> tuple[list[str], list[str]]:
    """The numbers of the row's notes as listed, and of the markers in its source."""
    listed = row.locator("li.note .note-number").all_inner_texts()
    markers = row.locator(".cell.src a.note-marker").all_inner_texts()
    return listed, markers


def test_a_double_clicked_add_note_whose_answer_is_lost_stores_one_note(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    """ "Add note" clicked twice, and the first answer never comes back (the note was
    stored, the network dropped the reply): clicking again must not store it twice."""
    troubles = watch_troubles(page)
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 3)
    pid = paragraph_id(row)
    sent: list[str] = []

    def lose_the_first_answer(route: Route) -> None:
        sent.append(route.request.method)
        if len(sent) == 1:
            route.fetch()  # the server stores the note...
            route.abort("connectionreset")  # ...and its answer is lost on the way
        else:
            route.continue_()

    page.route("**/notes", lose_the_first_answer)
    select_in_source(page, row, QUOTE)
    page.locator("#add-note-float").click()
    dialog = page.locator("#note-dialog")
    dialog.get_by_label("Note", exact=True).fill("Panmunjom, once.")
    dialog.get_by_role("button", name="Add note").dblclick()
    # Nothing came back: the dialog says so, the note is still in the form, and the
    # button works again.
    expect(dialog.get_by_role("alert")).to_have_text(
        "Not sent: the network is unreachable. Your note is kept here; send it again."
    )
    expect(dialog.get_by_role("button", name="Add note")).to_be_enabled()
    expect(dialog.get_by_label("Note", exact=True)).to_have_value("Panmunjom, once.")
    assert sent == ["POST"], "the second click was sent while the first was on its way"
    troubles.check()
    screenshot(page, "not-sent")
    dialog.get_by_role("button", name="Add note").click()
    expect(dialog).to_be_hidden()
    expect(row.locator("li.note")).to_have_count(1)
    expect(row.locator(".cell.src a.note-marker")).to_have_text(["1"])
    assert len(_notes_in(live_app, pid)) == 1
    page.reload()
    expect(row_at(page, 3).locator("li.note")).to_have_count(1)
    assert troubles.uncaught == [], troubles.uncaught


def test_other_notes_keep_their_numbers_when_one_detaches(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    troubles = watch_troubles(page)
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 3)
    dialog = page.locator("#note-dialog")
    for number, words in enumerate(("予測不可能な会談", QUOTE, "北朝鮮の地を踏んだ"), start=1):
        select_in_source(page, row, words)
        page.locator("#add-note-float").click()
        dialog.get_by_label("Note", exact=True).fill(f"About {words}.")
        dialog.get_by_role("button", name="Add note").click()
        expect(dialog).to_be_hidden()
        expect(row.locator("li.note")).to_have_count(number)
    assert _numbers(row) == (["1", "2", "3"], ["1", "2", "3"])

    _correct_source(page, row, lambda text: text.replace("「予測不可能な会談」で", ""))
    expect(row.locator("li.note.note-detached")).to_have_count(1)
    expect(row.locator(".cell.src a.note-marker")).to_have_count(2)
    listed, markers = _numbers(row)
    detached = row.locator("li.note.note-detached .note-number").inner_text()
    assert (detached, sorted(listed), markers) == ("1", ["1", "2", "3"], ["2", "3"])
    expect(row.locator("li.note", has_text=f"About {QUOTE}.").locator(".note-number")).to_have_text(
        "2"
    )
    troubles.check()
    screenshot(page, around=row)
    troubles.forget_screenshot(page)
    page.reload()
    row = row_at(page, 3)
    assert _numbers(row)[1] == ["2", "3"]
