"""Reading the pages and partials the test client gets back."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from werkzeug.test import TestResponse


def html(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def soup(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(html(response), "html.parser")


def assert_fragment(response: TestResponse, root_selector: str) -> Tag:
    """The answer is the partial alone: no page around it, the partial at its top."""
    body = html(response)
    assert "<html" not in body.lower()
    assert "<header" not in body.lower()
    assert "<body" not in body.lower()
    parsed = BeautifulSoup(body, "html.parser")
    top = [child for child in parsed.children if isinstance(child, Tag)]
    assert len(top) == 1, f"expected one top element, got {[t.name for t in top]}"
    assert any(tag is top[0] for tag in parsed.select(root_selector)), (
        f"the fragment's top element is not {root_selector}: {body[:200]}"
    )
    return top[0]


def assert_full_page(response: TestResponse) -> BeautifulSoup:
    body = html(response)
    assert "<html" in body.lower()
    assert "<header" in body.lower()
    return BeautifulSoup(body, "html.parser")
