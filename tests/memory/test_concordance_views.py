"""The concordance page, its results partial and the editor's panel, through the client."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask

from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client
from tests.support.pages import assert_fragment, assert_full_page, html, soup
from tests.web.test_sql_counts import statements
from workbench.extensions import db
from workbench.memory import service

SOURCE = "米朝首脳会談がハノイで開かれた。トランプ氏は成果を強調した。"
TARGET = "The US-North Korea summit was held in Hanoi. Trump stressed its results."
XSS = '<script>alert("x")</script>'


def finished(client: Client, app: Flask, source: str, target: str, title: str = "会談記事") -> int:
    (pid,) = paragraph_ids(app, create_article(client, [source], title=title))
    response = client.post(
        f"/paragraphs/{pid}", {"text": target, "version": "0", "mark": "translated"}, hx=True
    )
    assert response.status_code == 200
    return pid


def url(query: str, **extra: str) -> str:
    more = "".join(f"&{k}={v}" for k, v in extra.items())
    return f"/concordance?q={quote(query)}{more}"


def test_the_page_contains_the_results_partial(app: Flask, client: Client) -> None:
    pid = finished(client, app, SOURCE, TARGET)
    response = client.get(url("ハノイ"))
    assert response.status_code == 200
    assert "HX-Request" in response.headers.get("Vary", "")
    page = assert_full_page(response)
    field = page.select_one("form.conc-search input[name=q]")
    assert field is not None and field["value"] == "ハノイ"
    assert field["hx-trigger"] == "input changed delay:300ms, search"
    assert field["hx-push-url"] == "true"
    form = page.select_one("form.conc-search")
    assert form is not None and (form["method"], form["action"]) == ("get", "/concordance")
    results = page.select_one("#concordance-results")
    assert results is not None
    (hit,) = results.select("li.conc-hit")
    assert [m.get_text() for m in hit.select(".conc-ja mark")] == ["ハノイ"]
    assert hit.select_one(".conc-ja").get_text() == SOURCE  # type: ignore[union-attr]
    assert hit.select_one(".conc-en").get_text() == TARGET  # type: ignore[union-attr]
    assert [m.get_text() for m in hit.select(".conc-en mark")] == [
        "The US-North Korea summit was held in Hanoi."
    ]
    link = hit.select_one(".conc-origin a")
    assert link is not None
    assert link["href"] == f"/paragraphs/{pid}"
    assert link.get_text() == "会談記事 ¶1"
    assert not link.has_attr("target")  # on the page, the link leaves it
    origin = hit.select_one(".conc-origin").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "translated" in origin and "Ada Admin" in origin and "UTC" in origin
    # The link opens the paragraph in its editor.
    followed = client.get(str(link["href"]))
    assert followed.status_code == 303
    assert followed.headers["Location"].endswith(f"#p-{pid}")


def test_the_hx_request_returns_the_results_fragment_alone(app: Flask, client: Client) -> None:
    finished(client, app, SOURCE, TARGET)
    response = client.get(url("ハノイ"), hx=True)
    assert response.status_code == 200
    fragment = assert_fragment(response, "#concordance-results")
    assert len(fragment.select("li.conc-hit")) == 1
    assert "HX-Request" in response.headers.get("Vary", "")


def test_the_panel_asks_for_links_that_open_a_new_tab(app: Flask, client: Client) -> None:
    finished(client, app, SOURCE, TARGET)
    fragment = assert_fragment(
        client.get(url("ハノイ", panel="1"), hx=True), "#concordance-results"
    )
    link = fragment.select_one(".conc-origin a")
    assert link is not None and (link["target"], link["rel"]) == ("_blank", ["noopener"])


def test_without_javascript_the_form_submits_get_and_the_page_shows_results(
    app: Flask, client: Client
) -> None:
    finished(client, app, "２０１９年のＧ２０サミット。", "The 2019 G20 summit.")
    # What the browser sends for the form: q as a query string, no HX-Request.
    response = client.get("/concordance", query_string={"q": "G20"})
    page = assert_full_page(response)
    (hit,) = page.select("#concordance-results li.conc-hit")
    assert [m.get_text() for m in hit.select(".conc-ja mark")] == ["Ｇ２０"]
    assert page.select_one("title").get_text().startswith("Concordance: G20")  # type: ignore[union-attr]


def test_an_empty_query_shows_the_hint_and_searches_nothing(app: Flask, client: Client) -> None:
    for address in ("/concordance", "/concordance?q=", "/concordance?q=+++"):
        with statements(app) as seen:
            response = client.get(address)
        assert response.status_code == 200
        page = assert_full_page(response)
        assert page.select_one(".conc-empty") is not None
        assert page.select("li.conc-hit") == []
        assert not [s for s in seen if "memory_entry" in s]
    fragment = assert_fragment(client.get("/concordance?q=", hx=True), "#concordance-results")
    assert "Type Japanese words" in fragment.get_text()


def test_a_query_too_long_is_a_422_with_a_sentence_in_the_same_partial(
    app: Flask, client: Client
) -> None:
    long = "あ" * 201
    response = client.get(url(long), hx=True)
    assert response.status_code == 422
    fragment = assert_fragment(response, "#concordance-results")
    assert "at most 200 characters; this one has 201" in fragment.get_text()
    page_response = client.get(url(long))
    assert page_response.status_code == 422
    page = assert_full_page(page_response)
    field = page.select_one("input[name=q]")
    assert field is not None and field["value"] == long  # what was typed stays in the box


def test_nothing_found_says_so(app: Flask, client: Client) -> None:
    finished(client, app, SOURCE, TARGET)
    fragment = assert_fragment(client.get(url("東京"), hx=True), "#concordance-results")
    assert "No text in the memory or in any article with English contains" in fragment.get_text()


@pytest.mark.parametrize("hx", [False, True])
def test_texts_titles_and_the_query_are_escaped(app: Flask, client: Client, hx: bool) -> None:
    finished(client, app, f"危険な{XSS}文字列。", f"Dangerous {XSS} text.", title=f"記事{XSS}")
    with app.app_context():
        service.add_entries(
            db.session, [service.NewEntry(f"{XSS}の記録", f"A {XSS} record", f"{XSS}.tmx")]
        )
        db.session.commit()
    response = client.get(url(XSS), hx=hx)
    body = html(response)
    assert response.status_code == 200
    assert "<script>alert" not in body
    assert body.count("&lt;script&gt;alert") >= 6
    parsed = soup(response)
    assert len(parsed.select("li.conc-hit")) == 2
    assert [m.get_text() for m in parsed.select("li.conc-hit .conc-ja mark")] == [XSS, XSS]
    assert parsed.select("script:not([src])") == []


def add_imported(app: Flask, start: int, count: int) -> None:
    with app.app_context():
        service.add_entries(
            db.session,
            [
                service.NewEntry(f"首脳会談の記録{i}番。", f"Record {i} of the summit.", "big.tmx")
                for i in range(start, start + count)
            ],
        )
        db.session.commit()


def concordance_statements(app: Flask, client: Client, hx: bool) -> int:
    client.get(url("首脳会談"), hx=hx)  # warm up
    with statements(app) as seen:
        response = client.get(url("首脳会談"), hx=hx)
    assert response.status_code == 200
    return len(seen)


def test_the_search_issues_as_many_statements_for_1000_entries_as_for_10(
    app: Flask, client: Client
) -> None:
    for i in range(3):
        finished(client, app, f"首脳会談{i}回目。", f"Summit round {i}.", title=f"記事{i}")
    add_imported(app, 0, 10)
    small = (concordance_statements(app, client, False), concordance_statements(app, client, True))
    add_imported(app, 10, 990)
    for i in range(3, 30):
        finished(client, app, f"首脳会談{i}回目。", f"Summit round {i}.", title=f"記事{i}")
    large = (concordance_statements(app, client, False), concordance_statements(app, client, True))
    assert large == small, (small, large)
    assert "1030" in html(client.get(url("首脳会談"), hx=True))
