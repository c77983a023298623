"""Importing the sample article through the pages: paste or upload, check the
preview, create, land in the editor."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import APIResponse, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import func, select

from tests.support.browser import off_the_loop
from tests.support.samples import SAMPLE_PATH, sample_body_lines, wrap_sample_in_html
from workbench.articles.models import Article
from workbench.extensions import db

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


def _article_count(live_app: Flask) -> int:
    def count() -> int:
        with live_app.app_context():
            return int(db.session.scalar(select(func.count()).select_from(Article)) or 0)

    return off_the_loop(count)


def _large_article(size: int) -> tuple[bytes, int]:
    """A UTF-8 text file of just under ``size`` bytes made of the sample's paragraphs,
    seven to a paragraph; and how many paragraphs it has."""
    body = sample_body_lines()[:-1]
    paragraph = "".join(body[:7]) + "\n\n" + "".join(body[7:]) + "\n\n"
    unit = paragraph.encode("utf-8")
    copies = size // len(unit)
    return unit * copies, 2 * copies


def test_a_large_file_is_uploaded_previewed_and_created(
    page: Page, tmp_path: Path, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    """1.8 MB, well under the 5 MB limit: the preview accepts it, so Create does too."""
    data, paragraphs = _large_article(1843 * 1024)
    upload = tmp_path / "long-report.txt"
    upload.write_bytes(data)

    page.goto("/articles/new")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.locator("p.hint")).to_contain_text(f"{paragraphs} paragraphs kept")
    page.get_by_label("Title").fill("長い報告書")
    page.get_by_role("button", name="Create article").click()

    expect(page).to_have_url(re.compile(r"/articles/\d+$"), timeout=30_000)
    expect(page.locator("h1.article-title")).to_have_text("長い報告書")
    expect(page.locator("div.row")).to_have_count(paragraphs)
    expect(page.locator("div.article-progress .progress-text")).to_have_text(f"0/{paragraphs}")
    screenshot(page)
    assert _article_count(live_app) == 1


def test_clicking_create_twice_makes_one_article(
    page: Page, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    """An editor clicks "Create article" again while the first answer is on its way."""
    page.goto("/articles/new")
    page.get_by_label("Text", exact=True).fill(SAMPLE_PATH.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Preview").click()
    # The page's scripts have run (a click returns once the new page is committed,
    # before its modules are loaded): a person sees the loaded page before clicking.
    page.wait_for_load_state("load")
    page.get_by_label("Title").fill("一度だけの記事")

    # The server's answers are held back, as on a slow line, until the second click.
    held: list[tuple[Route, APIResponse]] = []
    sent: list[str] = []
    released = False

    def slow_line(route: Route) -> None:
        sent.append(route.request.method)
        answer = route.fetch(max_redirects=0)  # the server has done its work
        if released:
            route.fulfill(response=answer)
        else:
            held.append((route, answer))

    page.route(re.compile(r"/articles$"), slow_line)
    button = page.get_by_role("button", name="Create article")
    box = button.bounding_box()
    assert box is not None
    # Clicks where the button is, as a person's mouse does: Playwright's own click
    # would wait for the page to change, or for a disabled button to be enabled.
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/articles")):
        page.mouse.click(*centre)
    for _ in range(200):  # until the first answer is back from the server
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the first submit never reached the server"
    page.mouse.click(*centre)

    released = True
    for route, answer in held:
        # The browser may have given up the first request for a second submit.
        with contextlib.suppress(PlaywrightError):
            route.fulfill(response=answer)
    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    expect(page.locator("div.row")).to_have_count(KEPT_PARAGRAPHS)
    # The button was disabled once clicked: the second click sent nothing (and
    # had it been sent, the server would have answered with the same article).
    assert sent == ["POST"]
    page.unroute(re.compile(r"/articles$"))
    page.goto("/")
    expect(page.locator(".article-list tbody tr")).to_have_count(1)
    expect(page.locator(".article-list")).to_contain_text("一度だけの記事")
    screenshot(page)
    assert _article_count(live_app) == 1


def test_html_upload_preview_strikes_through_the_dropped_page_chrome(
    page: Page, tmp_path: Path, screenshot: Callable[..., Path]
) -> None:
    upload = tmp_path / "news.html"
    upload.write_text(wrap_sample_in_html("トランプ氏の求愛"), encoding="utf-8")

    page.goto("/articles/new")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    lines = page.locator("li.preview-line")
    expect(lines.locator("input[name=keep]:checked")).to_have_count(KEPT_PARAGRAPHS)

    for text, reason in (
        ("ホーム > 国際 > 北朝鮮", "navigation"),
        ("トランプ氏、金正恩氏との会談に改めて意欲", "aside"),
        ("記事の無断転載を禁じます。", "footer"),
    ):
        line = lines.filter(has_text=text)
        expect(line).to_have_count(1)
        expect(line.locator("input[name=keep]")).not_to_be_checked()
        expect(line.locator(".reason")).to_have_text(f"dropped: {reason}")
        decoration = line.locator(".line-text").evaluate(
            "el => getComputedStyle(el).textDecorationLine"
        )
        assert "line-through" in decoration, f"{text!r} is not struck through: {decoration}"
    screenshot(page, "top")
    screenshot(page, "bottom", around=lines.filter(has_text="記事の無断転載を禁じます。"))

    # A dropped block can be ticked back in, like a dropped line of a text file.
    lines.filter(has_text="記事の無断転載を禁じます。").locator("input[name=keep]").check()
    page.get_by_role("button", name="Create article").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    rows = page.locator("div.row")
    expect(rows).to_have_count(KEPT_PARAGRAPHS + 1)
    expect(rows.last.locator(".cell.src")).to_contain_text("記事の無断転載を禁じます。")
