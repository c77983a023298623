"""An article whose title holds a right-to-left override (stored before titles lost
such controls on the way in): the article list and the editor's header read it left
to right with a visible marker, and a selection across a marked control in the source
pins a note to the stored characters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select, update

from tests.support.browser import off_the_loop, paragraph_id, row_at, select_in_source
from tests.support.troubles import watch_troubles
from workbench.articles.importing import create_article
from workbench.articles.models import Article
from workbench.extensions import db
from workbench.notes.models import Note

pytestmark = pytest.mark.browser

RLO = "\u202e"
TITLE = f"Invoice{RLO}slx.exe"  # without a marker it shows as "Invoiceexe.xls"
SHOWN = "Invoice⟨U+202E⟩slx.exe"
SOURCE = f"板門店で{RLO}会談した。"


def _seed(live_app: Flask) -> int:
    def store() -> int:
        with live_app.app_context():
            article = create_article(
                db.session, title="仮題", paragraphs=[SOURCE, "二段落目です。"]
            )
            db.session.flush()
            # As a title saved before the rule: the import itself strips the control.
            db.session.execute(update(Article).where(Article.id == article.id).values(title=TITLE))
            db.session.commit()
            return article.id

    return off_the_loop(store)


def _reads_left_to_right(element: Locator) -> list[str]:
    """Each character's place on the screen, in stored order: on one line, every
    character stands to the right of the one before it. Returns the pairs that do not."""
    return list(
        element.evaluate(
            """(el) => {
              const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
              const boxes = [];
              while (walker.nextNode()) {
                const node = walker.currentNode;
                for (let i = 0; i < node.data.length; i++) {
                  const range = document.createRange();
                  range.setStart(node, i);
                  range.setEnd(node, i + 1);
                  const box = range.getBoundingClientRect();
                  if (box.width > 0) boxes.push([node.data[i], box.left, Math.round(box.top)]);
                }
              }
              const wrong = [];
              for (let i = 1; i < boxes.length; i++) {
                const [a, aLeft, aTop] = boxes[i - 1];
                const [b, bLeft, bTop] = boxes[i];
                if (aTop === bTop && bLeft < aLeft) wrong.push(a + b);
              }
              return wrong;
            }"""
        )
    )


def test_a_title_with_a_right_to_left_override_reads_left_to_right(
    page: Page, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    troubles = watch_troubles(page)
    article_id = _seed(live_app)

    page.goto("/")
    link = page.locator(".article-list td a", has_text="Invoice")
    expect(link).to_have_text(SHOWN)
    assert _reads_left_to_right(link) == []
    troubles.check()
    screenshot(page, "list", around=link)
    troubles.forget_screenshot(page)

    link.click()
    expect(page).to_have_url(f"/articles/{article_id}")
    heading = page.locator("h1.article-title")
    expect(heading).to_have_text(SHOWN)
    assert _reads_left_to_right(heading) == []
    assert page.title().startswith(SHOWN)
    row = row_at(page, 1)
    mark = row.locator(".cell.src .bidi-mark")
    expect(mark).to_have_text("⟨U+202E⟩")
    assert _reads_left_to_right(row.locator(".cell.src")) == []
    troubles.check()
    screenshot(page, "editor")


def test_a_note_on_words_across_a_marked_control_keeps_the_stored_characters(
    page: Page, live_app: Flask
) -> None:
    troubles = watch_troubles(page)
    article_id = _seed(live_app)
    page.goto(f"/articles/{article_id}")
    row = row_at(page, 1)
    pid = paragraph_id(row)

    # What a person sees and selects is the marker; what is stored is the control.
    select_in_source(page, row, "で⟨U+202E⟩会談")
    page.locator("#add-note-float").click()
    dialog = page.locator("#note-dialog")
    expect(dialog.get_by_label("Words in the source")).to_have_value(f"で{RLO}会談")
    dialog.get_by_label("Explanation").check()
    dialog.get_by_label("Note", exact=True).fill("Across the control.")
    dialog.get_by_role("button", name="Add note").click()
    expect(dialog).to_be_hidden()
    expect(row.locator(".cell.src .noted")).to_have_text("で⟨U+202E⟩会談")

    def stored() -> tuple[str, int, int]:
        with live_app.app_context():
            note = db.session.scalars(select(Note).where(Note.paragraph_id == pid)).one()
            return note.exact, note.start, note.end

    assert off_the_loop(stored) == (f"で{RLO}会談", 3, 7)
    troubles.check()
