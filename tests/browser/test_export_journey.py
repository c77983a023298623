"""Exporting in the browser: from the editor to the export page, whose warnings name
the untranslated paragraphs and the open query; options change the warnings and the
preview in place; a DOCX downloads under the article's Japanese title and holds the
translations in order, with the note as a comment."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.support.browser import off_the_loop, paragraph_id, row_at, textarea
from tests.support.troubles import watch_troubles
from workbench.articles import editing
from workbench.articles.models import Paragraph
from workbench.extensions import db
from workbench.notes import service as notes

pytestmark = pytest.mark.browser

TITLE = "米朝首脳会談「板門店」再び"
DONE = 4  # paragraphs 1-4 translated, the rest not


def _work_on(app: Flask, article_id: int) -> list[str]:
    """Translate the first paragraphs, review one, and raise a query on paragraph 6."""

    def work() -> list[str]:
        with app.app_context():
            rows = list(
                db.session.scalars(
                    select(Paragraph)
                    .where(Paragraph.article_id == article_id)
                    .order_by(Paragraph.position)
                )
            )
            texts = []
            for paragraph in rows[:DONE]:
                text = f"English of paragraph {paragraph.position}."
                mark = "reviewed" if paragraph.position == 1 else "translated"
                editing.save_translation(
                    db.session, paragraph, text, base_version=0, author="Ada", mark=mark
                )
                texts.append(text)
            notes.add_note(
                db.session,
                rows[2],
                notes.NoteForm(kind="source", body="Panmunjom, in the DMZ.", quote="板門店"),
                author="Ada Admin",
            )
            notes.add_note(
                db.session,
                rows[5],
                notes.NoteForm(kind="query", body="Which think tank is meant?"),
                author="Ada Admin",
            )
            db.session.commit()
            return texts

    return off_the_loop(work)


def test_export_page_warns_then_downloads_a_docx(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    troubles = watch_troubles(page)
    article_id = seed_article(title=TITLE)
    texts = _work_on(live_app, article_id)

    page.goto(f"/articles/{article_id}")
    page.get_by_role("link", name="Export").click()
    expect(page).to_have_url(f"{page.url.split('/articles/')[0]}/articles/{article_id}/export")
    warnings = page.locator(".export-warnings")
    expect(warnings).to_contain_text("10 untranslated paragraphs")
    expect(warnings).to_contain_text("1 paragraph with open queries")
    expect(
        warnings.locator(".warning", has_text="open queries").get_by_role("link", name="6")
    ).to_have_attribute(
        "href", f"/articles/{article_id}#p-{off_the_loop(lambda: _pid(live_app, article_id, 6))}"
    )
    expect(page.locator(".export-count [data-count]")).to_have_text("14")
    preview = page.frame_locator("iframe.export-preview")
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator("[data-paragraph]")).to_have_count(14)
    troubles.check()
    screenshot(page, full_page=True)
    troubles.forget_screenshot(page)
    page.reload()

    # Only the translated and reviewed paragraphs: no untranslated warning any more.
    page.get_by_label("Translated and reviewed").check()
    expect(page.locator(".export-count [data-count]")).to_have_text(str(DONE))
    expect(page.locator(".export-warnings")).not_to_contain_text("untranslated")
    expect(page).to_have_url(re.compile(r"which=done"))
    expect(page.frame_locator("iframe.export-preview").locator("[data-paragraph]")).to_have_count(
        DONE
    )

    with page.expect_download() as info:
        page.get_by_role("link", name="Word (bilingual table)").click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith(TITLE) and name.endswith(".docx"), name
    assert ".ja-en." in name
    data = Path(download.path()).read_bytes()
    document = docx.Document(io.BytesIO(data))
    table = document.tables[0]
    english = [row.cells[1].text for row in table.rows[1:]]
    # Paragraph 3's English carries the marker of its note, numbered as in the Notes.
    assert english[2].endswith(" [1]")
    assert [re.sub(r" \[\d+\]$", "", text) for text in english] == texts
    comments = [comment.text for comment in document.comments]
    assert any("Panmunjom, in the DMZ." in text for text in comments), comments
    troubles.check()


def _pid(app: Flask, article_id: int, position: int) -> int:
    with app.app_context():
        pid = db.session.scalar(
            select(Paragraph.id).where(
                Paragraph.article_id == article_id, Paragraph.position == position
            )
        )
        assert pid is not None
        return pid


@pytest.mark.parametrize("width", [800])
def test_export_page_fits_a_narrow_window(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    article_id = seed_article(title=TITLE)
    _work_on(live_app, article_id)
    page.goto(f"/articles/{article_id}/export")
    expect(page.locator(".export-warnings")).to_contain_text("untranslated")
    wide, window = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert wide <= window, "the page scrolls sideways"
    screenshot(page, full_page=True)


def test_typed_english_is_exported_and_warned_about_until_marked_translated(
    page: Page,
    live_app: Flask,
    seed_article: Callable[..., int],
    screenshot: Callable[..., Path],
) -> None:
    """A translator types English into a row and lets it autosave, without
    Ctrl+Enter: the export holds that English, not "[Untranslated]", and the
    export page says it is not yet marked translated, apart from the empty rows."""
    troubles = watch_troubles(page)
    article_id = seed_article(title=TITLE)
    typed = "Trump has said again and again that he wants to meet Kim."

    page.goto(f"/articles/{article_id}")
    second = row_at(page, 2)
    pid = paragraph_id(second)
    textarea(second).click()
    page.keyboard.type(typed)
    expect(second.locator(".save-state")).to_have_text(re.compile(r"^\s*Saved\b"))
    # Saved, and still new: typing does not mark a paragraph translated.
    expect(second.locator("select[name=status]")).to_have_value("new")
    expect(second.locator(".unconfirmed-hint")).to_have_text("English not marked translated")
    expect(page.locator("div.article-progress .progress-text")).to_have_text("0/14")
    screenshot(page, "editor", around=second)

    page.get_by_role("link", name="Export").click()
    warnings = page.locator(".export-warnings")
    expect(warnings).to_contain_text("13 untranslated paragraphs")
    unconfirmed = warnings.locator(".warning", has_text="not yet marked translated")
    expect(unconfirmed.locator("strong")).to_have_text(
        "⚠ 1 paragraph with English not yet marked translated"
    )
    link = unconfirmed.get_by_role("link", name="2", exact=True)
    expect(link).to_have_attribute("href", f"/articles/{article_id}#p-{pid}")
    preview = page.frame_locator("iframe.export-preview")
    expect(preview.locator('[data-paragraph="2"] td.en')).to_have_text(typed)
    expect(preview.locator('[data-paragraph="1"] td.en')).to_have_text("[Untranslated]")
    troubles.check()
    screenshot(page, "warnings", full_page=True)
    troubles.forget_screenshot(page)
    screenshot(page, "preview", around=page.locator("iframe.export-preview"))

    with page.expect_download() as info:
        page.get_by_role("link", name="Plain text (English)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    blocks = text.rstrip("\n").split("\n\n")[1:]  # after the header
    assert blocks[1] == typed
    assert blocks.count("[Untranslated]") == 13

    # From the warning to the row, where Ctrl+Enter confirms it: the warning goes.
    link.click()
    expect(page).to_have_url(re.compile(rf"/articles/{article_id}\b"))
    # The keys work once the page's scripts have run, as for a person whose page
    # has finished loading.
    page.wait_for_load_state("load")
    second = row_at(page, 2)
    textarea(second).click()
    page.keyboard.press("Control+Enter")
    expect(second.locator("select[name=status]")).to_have_value("translated")
    expect(second.locator(".unconfirmed-hint")).to_have_count(0)
    page.goto(f"/articles/{article_id}/export")
    expect(page.locator(".export-warnings")).to_contain_text("13 untranslated paragraphs")
    expect(page.locator(".export-warnings")).not_to_contain_text("not yet marked translated")
    troubles.check()
