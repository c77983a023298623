"""Small things every editor journey does: work on the database from a thread of
its own, find a row, select words in its source, paste in an article."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from playwright.sync_api import Locator, Page, expect

T = TypeVar("T")


def off_the_loop(work: Callable[[], T]) -> T:
    """Run database work from the test in a thread of its own.

    Playwright's sync API keeps an asyncio loop running in the test's thread, and
    Flask refuses to run the database extension's async teardown inside one.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def row_at(page: Page, position: int) -> Locator:
    row = page.locator(f'.editor div.row[data-position="{position}"]')
    expect(row).to_have_count(1)
    return row


def paragraph_id(row: Locator) -> int:
    return int(str(row.get_attribute("data-paragraph")))


def textarea(row: Locator) -> Locator:
    return row.locator("form.tr textarea[name=text]")


def select_in_source(page: Page, row: Locator, needle: str, occurrence: int = 1) -> None:
    """Select the ``occurrence``-th ``needle`` in the row's source, as a mouse drag
    would, and let go (a Shift key-up, as after extending a selection with the
    keyboard). Note markers are not source text and are skipped."""
    cell_id = row.locator(".cell.src").get_attribute("id")
    found = page.evaluate(
        """([cellId, needle, occurrence]) => {
          const cell = document.getElementById(cellId);
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, {
            acceptNode: (node) => node.parentElement.closest(".note-marker")
              ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
          });
          const nodes = [];
          let text = "";
          while (walker.nextNode()) {
            nodes.push([walker.currentNode, text.length]);
            text += walker.currentNode.data;
          }
          let at = -1;
          for (let i = 0; i < occurrence; i++) {
            at = text.indexOf(needle, at + 1);
            if (at < 0) return false;
          }
          const locate = (offset, isEnd) => {
            for (const [node, start] of nodes) {
              const end = start + node.data.length;
              if (offset < end || (isEnd && offset === end)) return [node, offset - start];
            }
            return null;
          };
          const [startNode, startOffset] = locate(at, false);
          const [endNode, endOffset] = locate(at + needle.length, true);
          // A person selects what they can see: bring the words into view first.
          startNode.parentElement.scrollIntoView({ block: "center" });
          const range = document.createRange();
          range.setStart(startNode, startOffset);
          range.setEnd(endNode, endOffset);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return selection.toString();
        }""",
        [cell_id, needle, occurrence],
    )
    assert found == needle, f"{needle} is not in the source of {cell_id}: {found!r}"
    page.keyboard.press("Shift")


def paste_article(page: Page, text: str, title: str) -> None:
    """Import an article as an editor does: paste it, preview, title it, create it."""
    page.goto("/articles/new")
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create article").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    expect(page.locator("h1.article-title")).to_have_text(title)
    page.wait_for_load_state("load")
