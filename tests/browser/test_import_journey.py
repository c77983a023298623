"""Importing the sample article through the pages: paste or upload, check the
preview, create, land in the editor."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from samples import SAMPLE_PATH, sample_body_lines

pytestmark = pytest.mark.browser

KEPT_PARAGRAPHS = 14
COUNTER = "コメント0"


def _check_preview_and_create(page: Page, title: str) -> None:
    lines = page.locator("li.preview-line")
    # Every non-blank line of the sample is listed, kept or dropped.
    expect(lines).to_have_count(len(sample_body_lines()))
    expect(lines.locator("input[name=keep]:checked")).to_have_count(KEPT_PARAGRAPHS)
    expect(lines.first).to_contain_text("北朝鮮の金正恩国務委員長")

    counter = lines.filter(has_text=COUNTER)
    expect(counter).to_have_count(1)
    expect(counter.locator("input[name=keep]")).not_to_be_checked()
    expect(counter.locator(".reason")).to_contain_text("comment counter")
    decoration = counter.locator(".line-text").evaluate(
        "el => getComputedStyle(el).textDecorationLine"
    )
    assert "line-through" in decoration, f"the dropped line is not struck through: {decoration}"

    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create article").click()

    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    expect(page.locator("h1.article-title")).to_have_text(title)
    rows = page.locator("div.row")
    expect(rows).to_have_count(KEPT_PARAGRAPHS)
    expect(rows.filter(has_text="コメント")).to_have_count(0)
    expect(rows.first.locator(".cell.src")).to_contain_text("北朝鮮の金正恩国務委員長")
    expect(page.locator("div.article-progress .progress-text")).to_have_text(f"0/{KEPT_PARAGRAPHS}")


def test_paste_the_sample_preview_and_create(page: Page, screenshot: Callable[..., Path]) -> None:
    page.goto("/articles/new")
    page.get_by_label("Text", exact=True).fill(SAMPLE_PATH.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.locator("p.hint")).to_contain_text(f"{KEPT_PARAGRAPHS} paragraphs kept")
    screenshot(page, "preview")
    _check_preview_and_create(page, "トランプ氏の求愛 (pasted)")
    screenshot(page)


def test_upload_the_sample_in_shift_jis(
    page: Page, tmp_path: Path, screenshot: Callable[..., Path]
) -> None:
    upload = tmp_path / "trump-kim-talks.sjis.txt"
    upload.write_bytes(SAMPLE_PATH.read_text(encoding="utf-8").encode("cp932"))

    page.goto("/articles/new")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Shift_JIS")
    expect(page.locator(".encoding")).to_contain_text("Shift_JIS")
    expect(page.locator("p.hint")).to_contain_text(upload.name)
    screenshot(page, "preview")
    _check_preview_and_create(page, "トランプ氏の求愛 (Shift_JIS)")
    # No mojibake: the Japanese reads as Japanese after the round trip.
    expect(page.locator("div.row").nth(1).locator(".cell.src")).to_contain_text(
        "トランプ大統領は政権2期目就任以降"
    )
    screenshot(page)
