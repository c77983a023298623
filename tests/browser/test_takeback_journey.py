"""Taking a translated file back after the article moved on: an XLIFF file goes out
to a translator, a paragraph is edited in the editor meanwhile, and the old file
comes back. The edited paragraph is listed as a conflict with both texts and left
unticked; applying the list keeps the later edit and takes the other paragraph's
new words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from lxml import etree
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.support.browser import off_the_loop, row_at, textarea
from tests.support.troubles import watch_troubles
from workbench.articles import editing
from workbench.articles.models import Paragraph
from workbench.extensions import db

pytestmark = pytest.mark.browser

X2 = "urn:oasis:names:tc:xliff:document:2.0"
SAVED = re.compile(r"^\s*Saved\b")
FIRST = "Trump's courtship of Kim Jong Un is out of the ordinary."
SECOND = "Trump has said again and again that he wants to meet Kim."
# What the editor types into paragraph 1 while the file is away.
LATER = "Trump's open courtship of Kim Jong Un, as edited after the export."
# What the translator's tool put in the file.
FILE_FIRST = "Trump's wooing of Kim, in the translator's words."
FILE_SECOND = "Trump has said many times that he would like to meet Kim."


def _translate_two(app: Flask, article_id: int) -> None:
    def work() -> None:
        with app.app_context():
            rows = list(
                db.session.scalars(
                    select(Paragraph)
                    .where(Paragraph.article_id == article_id)
                    .order_by(Paragraph.position)
                    .limit(2)
                )
            )
            for paragraph, text in zip(rows, (FIRST, SECOND), strict=True):
                editing.save_translation(
                    db.session, paragraph, text, base_version=0, author="Ada", mark="translated"
                )
            db.session.commit()

    off_the_loop(work)


def _translated_elsewhere(data: bytes, targets: dict[int, str]) -> bytes:
    """The file as a translator's tool returns it: new targets for some units."""
    root = etree.fromstring(data)
    for unit in root.iter(f"{{{X2}}}unit"):
        text = targets.get(int(str(unit.get("id"))[1:]))
        if text is not None:
            target = unit.find(f"{{{X2}}}segment/{{{X2}}}target")
            assert target is not None
            target.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_an_old_file_taken_back_keeps_the_later_edit(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
    tmp_path: Path,
) -> None:
    troubles = watch_troubles(page)
    article_id = seed_article(title="米朝首脳会談")
    _translate_two(live_app, article_id)

    # The XLIFF goes out to the translator.
    page.goto(f"/articles/{article_id}/export")
    with page.expect_download() as info:
        page.get_by_role("link", name="XLIFF 2.0").click()
    exported = Path(info.value.path()).read_bytes()

    # Meanwhile paragraph 1 is edited in the editor.
    page.goto(f"/articles/{article_id}")
    first = row_at(page, 1)
    first_id = int(str(first.get_attribute("data-paragraph")))
    second_id = int(str(row_at(page, 2).get_attribute("data-paragraph")))
    textarea(first).click()
    page.keyboard.press("Control+A")
    page.keyboard.type(LATER)
    expect(first.locator(".save-state")).to_have_text(SAVED)

    # The translator's file comes back, with new words for paragraphs 1 and 2.
    back = tmp_path / "translated.xlf"
    back.write_bytes(
        _translated_elsewhere(exported, {first_id: FILE_FIRST, second_id: FILE_SECOND})
    )
    page.goto(f"/articles/{article_id}/export")
    page.get_by_role("link", name="Upload a translated file…").click()
    page.get_by_label("File").set_input_files(str(back))
    page.get_by_role("button", name="Show the changes").click()

    rows = page.locator("table.changes tbody tr")
    expect(rows).to_have_count(2)
    conflict, change = rows.nth(0), rows.nth(1)
    # Both texts: the later edit (now) and the file's words, and the box left unticked.
    expect(conflict.locator("td.old")).to_have_text(LATER)
    expect(conflict.locator("td.new p.diff")).to_contain_text("translator's words")
    expect(conflict.locator(".conflict-note")).to_contain_text(
        "Edited here after this file was exported"
    )
    expect(conflict.get_by_role("checkbox")).not_to_be_checked()
    expect(change.locator("td.old")).to_have_text(SECOND)
    expect(change.get_by_role("checkbox")).to_be_checked()
    expect(page.get_by_role("status")).to_contain_text("1 of them conflicts with an edit")
    troubles.check()
    screenshot(page, full_page=True)
    troubles.forget_screenshot(page)

    page.get_by_role("button", name="Apply the chosen changes").click()
    expect(page.locator("strong[data-saved]")).to_have_text("1")
    page.get_by_role("link", name="Open the article").click()

    expect(textarea(row_at(page, 1))).to_have_value(LATER)
    expect(textarea(row_at(page, 2))).to_have_value(FILE_SECOND)
    troubles.check()
