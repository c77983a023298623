"""The glossary in the browser: a term proposed from a selection in the source is
marked in every paragraph at once, reviewed on the glossary page, and checked in
the translations; a term's target goes in at the cursor; what a translator may do;
other tabs follow; narrow windows."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.support.accounts import TEST_PASSWORD, add_user
from tests.support.browser import off_the_loop
from tests.support.browser import paragraph_id as _pid
from tests.support.browser import row_at as _row_at
from tests.support.browser import select_in_source as _select_in_source
from tests.support.browser import textarea as _textarea
from tests.support.troubles import Troubles, watch_troubles
from workbench.extensions import db
from workbench.glossary import service
from workbench.glossary.models import Term

pytestmark = pytest.mark.browser

SAVED = re.compile(r"^\s*Saved\b")

TERM = "金委員長"
TARGET = "Chairman Kim"
FORBIDDEN = "Kim Jong Un's chairman"
OTHER_TERM = "トランプ大統領"
OTHER_TARGET = "President Trump"


def _assert_calm(troubles: Troubles, dialogs: list[str]) -> None:
    assert dialogs == [], f"the pages opened a dialog: {dialogs}"
    assert troubles.about_the_policy() == [], troubles.about_the_policy()
    assert troubles.uncaught == [], troubles.uncaught


def _rows(page: Page) -> Locator:
    rows = page.locator(".editor div.row")
    expect(rows).to_have_count(14)
    return rows


def _type_into(page: Page, row: Locator, text: str) -> None:
    _textarea(row).click()
    page.keyboard.press("End")
    page.keyboard.type(text)


def _replace_text(page: Page, row: Locator, text: str) -> None:
    """Select the whole translation and type another one over it."""
    _textarea(row).click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def _propose_from_selection(
    page: Page, row: Locator, source: str, target: str, kind: str, forbidden: str = ""
) -> None:
    """Select ``source`` in the row, press the floating button, fill the dialog, save."""
    _select_in_source(page, row, source)
    floating = page.locator("#add-term-float")
    expect(floating).to_be_visible()
    expect(floating).to_have_text("Add to glossary")
    floating.click()
    dialog = page.locator("#term-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Add to glossary")).to_be_visible()
    expect(dialog.get_by_label("Source (Japanese)")).to_have_value(source)
    expect(dialog.get_by_label("Translation")).to_be_focused()
    page.keyboard.type(target)
    dialog.get_by_label("Kind").select_option(kind)
    if forbidden:
        dialog.get_by_label("Do not use").fill(forbidden)
    dialog.get_by_role("button", name="Propose term").click()
    expect(dialog).to_be_hidden()


def _expect_marked(page: Page, source: str, status: str) -> dict[int, int]:
    """Every occurrence of ``source`` in every row's source is marked with ``status``.

    Returns {paragraph id: occurrences} for the rows where it occurs."""
    rows = _rows(page)
    found: dict[int, int] = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        cell = row.locator(".cell.src")
        times = str(cell.text_content()).count(source)
        marks = cell.locator("mark.term", has_text=source)
        expect(marks).to_have_count(times)
        if times:
            found[_pid(row)] = times
            expect(cell.locator(f"mark.term-{status}", has_text=source)).to_have_count(times)
            expect(row.locator(".cell.terms button.term-insert").first).to_be_visible()
    assert found, f"{source} occurs nowhere in the article"
    return found


def _no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]}px in {widths[1]}px"


def _store_term(
    app: Flask,
    source: str,
    target: str,
    kind: str,
    *,
    approve: bool,
    forbidden: tuple[str, ...] = (),
) -> int:
    def store() -> int:
        with app.app_context():
            form = service.TermForm(
                source=source, target=target, kind=kind, forbidden=list(forbidden)
            )
            term = service.propose(db.session, form, author="Ada Admin", author_id=None)
            if approve:
                service.review(db.session, [term], "approved", author="Ada Admin", author_id=None)
            db.session.commit()
            return term.id

    return off_the_loop(store)


def _term_status(app: Flask, term_id: int) -> str:
    def read() -> str:
        with app.app_context():
            term = db.session.get(Term, term_id)
            assert term is not None
            return term.status

    return off_the_loop(read)


def _glossary_row(page: Page, source: str) -> Locator:
    row = page.locator("tbody.term").filter(
        has=page.locator(".term-source .source", has_text=re.compile(f"^{source}$"))
    )
    expect(row).to_have_count(1)
    return row


def test_propose_from_a_selection_review_and_check_the_translation(
    page: Page,
    seed_article: Callable[..., int],
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    dialogs = watch_dialogs(page)
    troubles = watch_troubles(page)
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    _rows(page)
    expect(page.locator("mark.term")).to_have_count(0)
    second = _row_at(page, 2)
    pid = _pid(second)

    _propose_from_selection(page, second, TERM, TARGET, "title")

    # No reload: every row where the name occurs marks it, as proposed.
    places = _expect_marked(page, TERM, "proposed")
    total = sum(places.values())
    assert places[pid] == 3, places
    assert len(places) > 1, places
    expect(page.locator("#glossary-sync")).to_contain_text("1 term in this article")
    expect(page.locator("mark.term")).to_have_count(total)
    # The focus went back to the row the term came from.
    expect(_textarea(second)).to_be_focused()
    expect(second.locator(".cell.terms .term-item")).to_contain_text(TERM)
    expect(second.locator(".cell.terms button.term-insert")).to_have_text([TARGET])

    # Hovering (or focusing) a mark shows its entry.
    mark = second.locator("mark.term").first
    expect(mark).to_have_attribute("data-tip", re.compile(rf"{TARGET}"))
    expect(mark).to_have_attribute("data-tip", re.compile(r"proposed"))
    tip = "m => getComputedStyle(m, '::after').display"
    assert mark.evaluate(tip) == "none"
    mark.hover()
    assert mark.evaluate(tip) == "block", "hovering a term shows no tooltip"
    other_mark = page.locator(f"#p-{list(places)[-1]} mark.term").first
    other_mark.focus()
    assert other_mark.evaluate(tip) == "block", "focusing a term shows no tooltip"
    page.mouse.move(0, 0)

    # The glossary page lists it as proposed, with its occurrences and a concordance.
    page.goto("/glossary")
    expect(page.get_by_role("heading", name="Glossary", exact=True)).to_be_visible()
    row = _glossary_row(page, TERM)
    expect(row.locator(".term-target .target")).to_have_text(TARGET)
    expect(row.locator(".term-kind")).to_have_text("title")
    expect(row.locator(".term-status")).to_have_text("proposed")
    expect(row.locator(".term-who")).to_contain_text("proposed by Ada Admin")
    expect(row.locator(".term-occ .count")).to_have_text(str(total))
    row.locator("details.concordance summary").click()
    links = row.locator("details.concordance li a")
    expect(links).to_have_count(len(places))
    hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert sorted(hrefs) == sorted(f"/articles/{article_id}#p-{p}" for p in places), hrefs
    expect(row.locator("details.concordance li q mark").first).to_have_text(TERM)
    # A concordance link leads to the paragraph in the editor.
    second_link = links.filter(has=page.locator(".occ-para", has_text=re.compile(r"^¶2$")))
    second_link.click()
    expect(page).to_have_url(re.compile(rf"/articles/{article_id}#p-{pid}$"))
    expect(page.locator(f"#p-{pid}")).to_be_in_viewport()

    page.goto("/glossary")
    row = _glossary_row(page, TERM)
    row.get_by_role("button", name="Approve").click()
    expect(row.locator(".term-status")).to_have_text("approved")
    expect(row.get_by_role("button", name="Approve")).to_have_count(0)
    expect(row.get_by_role("button", name="Reject")).to_be_visible()
    expect(row.locator(".term-who")).to_contain_text("approved by Ada Admin")

    # Back in the editor the marks look approved.
    page.goto(f"/articles/{article_id}")
    assert _expect_marked(page, TERM, "approved") == places
    expect(page.locator("mark.term-proposed")).to_have_count(0)
    second = _row_at(page, 2)

    # A translation without the approved target gets a warning naming the term.
    checks = second.locator(".term-checks")
    _type_into(page, second, "Trump has wanted to meet Kim since his second term began.")
    expect(second.locator(".save-state")).to_have_text(SAVED)
    warning = checks.locator(".badge-warning[data-check=glossary]")
    expect(warning).to_have_count(1)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(TERM)
    expect(warning).to_contain_text(TARGET)
    expect(page.locator(".badge[data-check=glossary]")).to_have_count(1)

    # With the target in it, the warning goes.
    fixed = "Trump has wanted to meet Chairman Kim since his second term began."
    _replace_text(page, second, fixed)
    expect(checks.locator(".badge[data-check=glossary]")).to_have_count(0)
    expect(second.locator(".save-state")).to_have_text(SAVED)
    page.reload()
    second = _row_at(page, 2)
    expect(_textarea(second)).to_have_value(fixed)
    expect(page.locator(".badge[data-check=glossary]")).to_have_count(0)

    # A reviewer adds a form not to use, inline on the glossary page.
    page.goto("/glossary")
    row = _glossary_row(page, TERM)
    row.get_by_role("link", name="Edit").click()
    editing = page.locator("tbody.term.editing")
    expect(editing).to_be_visible()
    expect(editing.get_by_label("Translation")).to_have_value(TARGET)
    editing.get_by_label("Do not use").fill(FORBIDDEN)
    editing.get_by_role("button", name="Save").click()
    row = _glossary_row(page, TERM)
    expect(row.locator(".term-target .forbidden")).to_contain_text(FORBIDDEN)
    expect(row.locator(".term-status")).to_have_text("approved")

    # Typing the forbidden form in the editor gives an error badge.
    page.goto(f"/articles/{article_id}")
    second = _row_at(page, 2)
    _replace_text(page, second, f"Trump has wanted to meet {FORBIDDEN} for long.")
    error = second.locator(".term-checks .badge-error[data-check=glossary]")
    expect(error).to_have_count(1)
    expect(error).to_be_visible()
    expect(error).to_contain_text(FORBIDDEN)
    expect(error).to_contain_text("forbidden")
    expect(second.locator(".save-state")).to_have_text(SAVED)
    second.locator("mark.term").first.focus()

    _assert_calm(troubles, dialogs)
    screenshot(page, "editor", around=second)
    page.goto("/glossary")
    screenshot(page, "glossary")


def test_saving_an_edited_term_says_it_is_saved(
    page: Page, live_app: Flask, seed_article: Callable[..., int]
) -> None:
    seed_article()
    _store_term(live_app, TERM, TARGET, "title", approve=True)
    page.goto("/glossary")
    row = _glossary_row(page, TERM)
    row.get_by_role("link", name="Edit").click()
    editing = page.locator("tbody.term.editing")
    editing.get_by_label("Note").fill("North Korea's leader, as the article calls him.")
    editing.get_by_role("button", name="Save").click()
    row = _glossary_row(page, TERM)
    expect(row.locator(".term-note")).to_have_text(
        "North Korea's leader, as the article calls him."
    )
    # The row says "Saved." (row_message) -- and must still say so once the list
    # has refreshed itself after the glossary-changed event the save sent.
    expect(row.locator(".term-actions .saved")).to_have_text("Saved.")
    page.wait_for_load_state("networkidle")
    expect(row.locator(".term-actions .saved")).to_have_text("Saved.")


def test_a_terms_target_goes_in_at_the_cursor(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    watch_dialogs: Callable[[Page], list[str]],
) -> None:
    dialogs = watch_dialogs(page)
    troubles = watch_troubles(page)
    article_id = seed_article()
    _store_term(live_app, TERM, TARGET, "title", approve=True)
    page.goto(f"/articles/{article_id}")
    second = _row_at(page, 2)
    _expect_marked(page, TERM, "approved")

    _type_into(page, second, "Trump wants to meet soon.")
    expect(second.locator(".save-state")).to_have_text(SAVED)
    expect(second.locator(".term-checks .badge-warning[data-check=glossary]")).to_have_count(1)
    for _ in " soon.":
        page.keyboard.press("ArrowLeft")
    second.locator(".cell.terms").get_by_role("button", name=TARGET).click()

    inserted = "Trump wants to meet Chairman Kim soon."
    expect(_textarea(second)).to_have_value(inserted)
    expect(_textarea(second)).to_be_focused()
    expect(second.locator(".term-checks .badge[data-check=glossary]")).to_have_count(0)
    expect(second.locator(".save-state")).to_have_text(SAVED)
    # The cursor is after the inserted words: typing goes on from there.
    page.keyboard.type(" very")
    expect(_textarea(second)).to_have_value("Trump wants to meet Chairman Kim very soon.")
    expect(second.locator(".save-state")).to_have_text(SAVED)

    page.reload()
    expect(_textarea(_row_at(page, 2))).to_have_value("Trump wants to meet Chairman Kim very soon.")
    _assert_calm(troubles, dialogs)


def test_a_translator_proposes_but_cannot_approve(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    seed_article: Callable[..., int],
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    off_the_loop(lambda: add_user(live_app, "tom", "translator", "Tom Translator"))
    tom = new_context().new_page()
    dialogs = watch_dialogs(tom)
    troubles = watch_troubles(tom)
    tom.goto(f"/articles/{article_id}")
    expect(tom.get_by_role("heading", name="Sign in")).to_be_visible()
    tom.get_by_label("Name").fill("tom")
    tom.get_by_label("Password").fill(TEST_PASSWORD)
    tom.get_by_role("button", name="Sign in").click()
    expect(tom.locator("header .who-name")).to_have_text("Tom Translator")
    expect(tom).to_have_url(re.compile(rf"/articles/{article_id}$"))
    # Selecting words offers "Add to glossary" once the page's scripts have run.
    tom.wait_for_load_state("load")

    _propose_from_selection(tom, _row_at(tom, 2), TERM, TARGET, "title")
    _expect_marked(tom, TERM, "proposed")

    tom.goto("/glossary")
    row = _glossary_row(tom, TERM)
    expect(row.locator(".term-status")).to_have_text("proposed")
    expect(row.locator(".term-who")).to_contain_text("proposed by Tom Translator")
    expect(row.get_by_role("button", name="Approve")).to_have_count(0)
    expect(row.get_by_role("button", name="Reject")).to_have_count(0)
    expect(row.locator("input[type=checkbox]")).to_have_count(0)
    expect(tom.get_by_role("button", name="Approve selected")).to_have_count(0)
    expect(tom.get_by_role("button", name="Reject selected")).to_have_count(0)
    expect(tom.locator("#bulk-form")).to_have_count(0)
    # Still his to edit while it is proposed.
    expect(row.get_by_role("link", name="Edit")).to_be_visible()

    term_id = int(str(row.get_attribute("id")).removeprefix("term-"))
    token = str(tom.locator('meta[name="csrf-token"]').get_attribute("content"))
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    answer = tom.request.post(
        f"/glossary/terms/{term_id}/review", form={"status": "approved"}, headers=headers
    )
    assert answer.status == 403, f"a translator approved a term: {answer.status}"
    answer = tom.request.post(
        "/glossary/bulk", form={"action": "approve", "ids": str(term_id)}, headers=headers
    )
    assert answer.status == 403, f"a translator bulk-approved a term: {answer.status}"
    assert _term_status(live_app, term_id) == "proposed"

    tom.reload()
    expect(_glossary_row(tom, TERM).locator(".term-status")).to_have_text("proposed")
    _assert_calm(troubles, dialogs)
    screenshot(tom)


def test_other_tabs_mark_a_new_term_without_a_reload(
    page: Page,
    seed_article: Callable[..., int],
    watch_dialogs: Callable[[Page], list[str]],
) -> None:
    article_id = seed_article()
    other = page.context.new_page()
    dialogs, other_dialogs = watch_dialogs(page), watch_dialogs(other)
    troubles = watch_troubles(other)
    page.goto(f"/articles/{article_id}")
    other.goto(f"/articles/{article_id}")
    _rows(other)
    expect(other.locator("mark.term")).to_have_count(0)

    _propose_from_selection(page, _row_at(page, 2), OTHER_TERM, OTHER_TARGET, "title")
    places = _expect_marked(page, OTHER_TERM, "proposed")

    marks = other.locator("mark.term-proposed", has_text=OTHER_TERM)
    expect(marks).to_have_count(sum(places.values()), timeout=10_000)
    assert _expect_marked(other, OTHER_TERM, "proposed") == places
    expect(other.locator("#glossary-sync")).to_contain_text("1 term in this article")
    expect(
        _row_at(other, 2).locator(".cell.terms").get_by_role("button", name=OTHER_TARGET)
    ).to_be_visible()
    # The other tab's dialog stayed shut.
    expect(other.locator("#term-dialog")).to_be_hidden()
    _assert_calm(troubles, dialogs + other_dialogs)


@pytest.mark.parametrize("width", [1280, 800])
def test_terms_fit_the_window(
    page: Page,
    live_app: Flask,
    width: int,
    seed_article: Callable[..., int],
    watch_dialogs: Callable[[Page], list[str]],
    screenshot: Callable[..., Path],
) -> None:
    dialogs = watch_dialogs(page)
    troubles = watch_troubles(page)
    article_id = seed_article()
    _store_term(live_app, TERM, TARGET, "title", approve=True, forbidden=(FORBIDDEN,))
    _store_term(live_app, OTHER_TERM, OTHER_TARGET, "title", approve=False)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/articles/{article_id}")
    _expect_marked(page, TERM, "approved")
    _expect_marked(page, OTHER_TERM, "proposed")

    second, third = _row_at(page, 2), _row_at(page, 3)
    _type_into(page, second, "Trump has wanted to meet Kim since his second term began.")
    expect(second.locator(".term-checks .badge-warning[data-check=glossary]")).to_have_count(1)
    _type_into(page, third, f"In June 2019 he met {FORBIDDEN} at the border.")
    expect(third.locator(".term-checks .badge-error[data-check=glossary]")).to_have_count(1)
    expect(third.locator(".save-state")).to_have_text(SAVED)

    source = second.locator(".cell.src").bounding_box()
    translation = second.locator("form.tr").bounding_box()
    assert source is not None and translation is not None
    if width <= 900:
        # Stacked: the translation under the source, about as wide.
        assert translation["y"] >= source["y"] + source["height"] - 1, (source, translation)
    else:
        assert translation["x"] >= source["x"] + source["width"] - 1, (source, translation)
    for row in (second, third):
        for part in (".cell.terms", ".term-checks"):
            box = row.locator(part).bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (part, box)
    _no_horizontal_overflow(page)

    page.goto("/glossary")
    expect(page.locator("tbody.term")).to_have_count(2)
    _no_horizontal_overflow(page)
    for cell in (".term-actions", ".term-occ"):
        box = page.locator(f"tbody.term {cell}").first.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= width, (cell, box)

    _assert_calm(troubles, dialogs)
    screenshot(page, "glossary", full_page=True)
    page.goto(f"/articles/{article_id}")
    second = _row_at(page, 2)
    second.locator("mark.term").first.focus()
    screenshot(page, "editor", around=_row_at(page, 3))


def test_a_terms_tooltip_stays_in_a_narrow_window(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    article_id = seed_article()
    _store_term(live_app, TERM, TARGET, "title", approve=True, forbidden=(FORBIDDEN,))
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"/articles/{article_id}")
    _expect_marked(page, TERM, "approved")
    _no_horizontal_overflow(page)
    marks = page.locator("mark.term")
    outside: list[str] = []
    for i in range(marks.count()):
        mark = marks.nth(i)
        mark.focus()
        assert mark.evaluate("m => getComputedStyle(m, '::after').display") == "block"
        wide, window = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        if wide > window:
            row = mark.evaluate("m => m.closest('.row').dataset.position")
            lines = mark.evaluate(
                "m => Array.from(m.getClientRects()).map(r => Math.round(r.left)).join(',')"
            )
            outside.append(f"¶{row} mark at x={lines}: page {wide}px wide in {window}px")
            if len(outside) == 1:
                screenshot(page, "tooltip", around=mark)
    assert outside == [], "a focused term's tooltip runs out of the window: " + "; ".join(outside)


def test_the_floating_buttons_go_once_a_term_is_added(
    page: Page, seed_article: Callable[..., int], screenshot: Callable[..., Path]
) -> None:
    troubles = watch_troubles(page)
    article_id = seed_article()
    page.goto(f"/articles/{article_id}")
    row = _row_at(page, 3)
    _propose_from_selection(page, row, TERM, TARGET, "title")
    expect(row.locator(".cell.src mark.term", has_text=TERM).first).to_be_visible()
    # Nothing floats over the Japanese any more, and nothing is left selected.
    expect(page.locator("#add-term-float")).to_be_hidden()
    expect(page.locator("#add-note-float")).to_be_hidden()
    assert page.evaluate("() => String(window.getSelection())") == ""
    cell = row.locator(".cell.src")
    box = cell.bounding_box()
    assert box is not None
    covering = page.evaluate(
        """([x, y, w, h]) => {
          const seen = new Set();
          for (let i = 1; i < 10; i++) for (let j = 1; j < 4; j++) {
            const el = document.elementFromPoint(x + w * i / 10, y + h * j / 4);
            const floating = el && el.closest("#add-term-float, #add-note-float");
            if (floating) seen.add(floating.id);
          }
          return Array.from(seen);
        }""",
        [box["x"], box["y"], box["width"], box["height"]],
    )
    assert covering == []
    # The next selection brings them back.
    _select_in_source(page, row, "板門店")
    expect(page.locator("#add-term-float")).to_be_visible()
    # Escape puts them away again.
    page.keyboard.press("Escape")
    expect(page.locator("#add-term-float")).to_be_hidden()
    expect(page.locator("#add-note-float")).to_be_hidden()
    troubles.check()
    screenshot(page, around=row)
