"""The article list, the editor page and its read-only partials, names,
escaping, missing ids and the CSRF guard, through the test client."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.support.articles import count_rows as count
from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client
from tests.support.pages import assert_fragment, assert_full_page, html, soup
from workbench.articles.models import Article, Paragraph, Revision
from workbench.extensions import db
from workbench.machine.models import Draft

XSS = '<script>alert("x")</script>'
XSS_ESCAPED = "&lt;script&gt;alert("


# ---------------------------------------------------------------- helpers


def set_name(client: Client, name: str) -> None:
    """The signed-in user changes their display name on their account page."""
    response = client.post("/account", {"action": "display_name", "display_name": name})
    assert response.status_code == 200, html(response)


def save(client: Client, pid: int, text: str, version: int, **extra: str) -> TestResponse:
    return client.post(
        f"/paragraphs/{pid}", {"text": text, "version": str(version), **extra}, hx=True
    )


# ---------------------------------------------------------------- the article list


def test_empty_list_invites_an_import(client: Client) -> None:
    page = assert_full_page(client.get("/"))
    listing = page.select_one("div.article-list")
    assert listing is not None
    link = listing.select_one("a[href='/articles/new']")
    assert link is not None and "Import" in link.get_text()


def test_list_page_contains_the_list_partial_and_htmx_gets_it_alone(
    app: Flask, client: Client
) -> None:
    article_id = create_article(
        client, ["一段落目です。", "二段落目です。"], title="米朝会談の行方"
    )
    pid = paragraph_ids(app, article_id)[0]
    assert save(client, pid, "The first paragraph.", 0, mark="translated").status_code == 200

    full = client.get("/")
    assert full.status_code == 200
    page = assert_full_page(full)
    listing = page.select_one("div.article-list")
    assert listing is not None
    link = listing.select_one(f"a[href='/articles/{article_id}']")
    assert link is not None and link.get_text() == "米朝会談の行方"
    assert listing.select_one(".progress-text").get_text() == "1/2"

    fragment = client.get("/", hx=True)
    assert fragment.status_code == 200
    top = assert_fragment(fragment, "div.article-list")
    assert top.select_one(f"a[href='/articles/{article_id}']").get_text() == "米朝会談の行方"
    assert top.select_one(".progress-text").get_text() == "1/2"
    progress = top.select_one("progress")
    assert progress is not None
    assert progress["value"] == "1" and progress["max"] == "2"


def test_list_shows_newest_change_first(app: Flask, client: Client) -> None:
    older = create_article(client, ["古い記事です。"], title="古い記事")
    newer = create_article(client, ["新しい記事です。"], title="新しい記事")
    titles = [a.get_text() for a in soup(client.get("/", hx=True)).select("td a")]
    assert titles == ["新しい記事", "古い記事"]
    # Saving in the older article brings it to the top.
    pid = paragraph_ids(app, older)[0]
    assert save(client, pid, "An old article.", 0).status_code == 200
    titles = [a.get_text() for a in soup(client.get("/", hx=True)).select("td a")]
    assert titles == ["古い記事", "新しい記事"], f"article {newer} should now be second"


# ---------------------------------------------------------------- the editor and its partials


def test_editor_page_holds_one_row_per_paragraph_with_its_form_and_meta(
    app: Flask, client: Client
) -> None:
    texts = ["一段落目です。", "二段落目です。", "三段落目です。"]
    article_id = create_article(client, texts, title="見出し")
    pids = paragraph_ids(app, article_id)
    response = client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    page = assert_full_page(response)
    assert page.select_one("h1.article-title").get_text() == "見出し"
    rows = page.select("div.row")
    assert [row["id"] for row in rows] == [f"p-{pid}" for pid in pids]
    for pid, text, row in zip(pids, texts, rows, strict=True):
        assert row.select_one(".cell.src").get_text() == text
        form = row.select_one(f"form.tr#form-{pid}")
        assert form is not None
        assert form.select_one(f"textarea#text-{pid}") is not None
        meta = form.select_one("div.meta")
        assert meta is not None
        assert meta.select_one(f"input#version-{pid}")["value"] == "0"
        assert meta.select_one("select[name=status] option[selected]")["value"] == "new"
        assert meta.select_one("span.save-state") is not None
    progress = page.select_one("header div.article-progress progress")
    assert progress is not None
    assert progress["value"] == "0" and progress["max"] == "3"


def test_progress_partial_in_page_and_alone(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一です。", "二です。", "三です。", "四です。"])
    pids = paragraph_ids(app, article_id)
    for pid in pids[:3]:
        assert save(client, pid, "Done.", 0, mark="translated").status_code == 200

    page = assert_full_page(client.get(f"/articles/{article_id}"))
    in_page = page.select_one("div.article-progress")
    assert in_page is not None
    assert in_page.select_one(".progress-text").get_text() == "3/4"

    fragment = client.get(f"/articles/{article_id}/progress", hx=True)
    assert fragment.status_code == 200
    top = assert_fragment(fragment, "div.article-progress")
    progress = top.select_one("progress")
    assert progress["value"] == "3" and progress["max"] == "4"
    assert "75%" in progress.get_text()
    assert top.select_one(".progress-text").get_text() == "3/4"


def test_progress_without_htmx_goes_to_the_editor(client: Client) -> None:
    article_id = create_article(client, ["一です。"])
    response = client.get(f"/articles/{article_id}/progress")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/{article_id}")


def test_row_partial_in_page_and_alone(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一段落目です。", "二段落目です。"])
    pid = paragraph_ids(app, article_id)[1]
    assert save(client, pid, "Second paragraph.", 0).status_code == 200

    page = assert_full_page(client.get(f"/articles/{article_id}"))
    row = page.select_one(f"div.row#p-{pid}")
    assert row is not None
    assert row.select_one(f"textarea#text-{pid}").get_text() == "Second paragraph."

    fragment = client.get(f"/paragraphs/{pid}", hx=True)
    assert fragment.status_code == 200
    top = assert_fragment(fragment, f"div.row#p-{pid}")
    assert top.select_one(".cell.src").get_text() == "二段落目です。"
    assert top.select_one(f"textarea#text-{pid}").get_text() == "Second paragraph."
    assert top.select_one(f"input#version-{pid}")["value"] == "1"


def test_row_without_htmx_goes_to_the_row_in_the_editor(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一段落目です。"])
    pid = paragraph_ids(app, article_id)[0]
    response = client.get(f"/paragraphs/{pid}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/{article_id}#p-{pid}")


def test_row_shows_the_latest_machine_draft(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一段落目です。"])
    pid = paragraph_ids(app, article_id)[0]
    with app.app_context():
        db.session.add(Draft(paragraph_id=pid, provider="fake", text="A machine draft."))
        db.session.commit()
    row = soup(client.get(f"/paragraphs/{pid}", hx=True))
    assert row.select_one("p.draft-text").get_text() == "A machine draft."
    assert row.select_one("span.draft-provider").get_text() == "fake"
    page = soup(client.get(f"/articles/{article_id}"))
    assert page.select_one(f"#p-{pid} p.draft-text").get_text() == "A machine draft."


def test_history_page_and_partial(app: Flask, client: Client) -> None:
    set_name(client, "Aiko Tanaka")
    article_id = create_article(client, ["一段落目です。"])
    pid = paragraph_ids(app, article_id)[0]
    assert save(client, pid, "First try.", 0).status_code == 200
    assert save(client, pid, "Second try.", 1).status_code == 200

    full = client.get(f"/paragraphs/{pid}/history")
    assert full.status_code == 200
    page = assert_full_page(full)
    history = page.select_one("section.history")
    assert history is not None
    items = history.select("li.revision")
    assert len(items) == 2
    assert [li.select_one(".by").get_text() for li in items] == ["Aiko Tanaka", "Aiko Tanaka"]
    assert [li.select_one(".version").get_text() for li in items] == ["v2", "v1"]

    fragment = client.get(f"/paragraphs/{pid}/history", hx=True)
    assert fragment.status_code == 200
    top = assert_fragment(fragment, "section.history")
    assert len(top.select("li.revision")) == 2
    # The current text cannot be restored over itself; the older one can.
    assert len(top.select("li.revision form")) == 1
    assert "First try." in top.select("li.revision")[1].select_one("p.diff").get_text()


def test_history_of_an_untranslated_paragraph_says_so(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一段落目です。"])
    pid = paragraph_ids(app, article_id)[0]
    top = assert_fragment(client.get(f"/paragraphs/{pid}/history", hx=True), "section.history")
    assert "No saved translation yet." in top.get_text()


# ---------------------------------------------------------------- authors


def test_saves_name_their_author(app: Flask, client: Client, other_client: Client) -> None:
    article_id = create_article(client, ["一段落目です。", "二段落目です。"])
    first, second = paragraph_ids(app, article_id)
    assert save(other_client, first, "Rita's text.", 0).status_code == 200
    set_name(client, "Aiko Tanaka")
    assert save(client, second, "Named text.", 0).status_code == 200
    with app.app_context():
        authors = dict(db.session.execute(select(Revision.paragraph_id, Revision.author)).all())
    assert authors == {first: "Rita Reviewer", second: "Aiko Tanaka"}
    row = soup(client.get(f"/paragraphs/{second}", hx=True))
    assert "by Aiko Tanaka" in row.select_one("span.save-state").get_text()


# ---------------------------------------------------------------- escaping


def test_typed_markup_is_shown_as_text_everywhere(
    app: Flask, client: Client, other_client: Client
) -> None:
    set_name(client, XSS)
    set_name(other_client, "Ben " + XSS)
    article_id = create_article(
        client, ["一段落目です。<b>太字</b>"], title="見出し" + XSS, byline=XSS
    )
    pid = paragraph_ids(app, article_id)[0]
    assert save(client, pid, "Mine " + XSS, 0).status_code == 200

    def assert_escaped(response: TestResponse, where: str) -> None:
        body = html(response)
        assert "<script>alert" not in body, f"raw markup in {where}"
        assert XSS_ESCAPED in body, f"nothing escaped shown in {where}"

    assert_escaped(client.get("/"), "the list page")
    assert_escaped(client.get("/", hx=True), "the list partial")
    editor = client.get(f"/articles/{article_id}")
    assert_escaped(editor, "the editor")
    assert "<b>太字</b>" not in html(editor)
    page = soup(editor)
    assert page.select_one("h1.article-title").get_text() == "見出し" + XSS
    assert page.select_one(f"textarea#text-{pid}").get_text() == "Mine " + XSS
    assert page.select_one(".who-name").get_text() == XSS
    assert page.select_one(f"#p-{pid} .cell.src").get_text() == "一段落目です。<b>太字</b>"
    assert_escaped(client.get(f"/paragraphs/{pid}", hx=True), "the row partial")
    assert_escaped(client.get(f"/paragraphs/{pid}/history"), "the history page")
    history = client.get(f"/paragraphs/{pid}/history", hx=True)
    assert_escaped(history, "the history partial")
    assert soup(history).select_one("li.revision .by").get_text() == XSS

    # The other editor saves over a stale version: the conflict partial shows
    # both texts and the first editor's name, all as text.
    conflict = save(other_client, pid, "Theirs " + XSS, 0)
    assert conflict.status_code == 409
    assert_escaped(conflict, "the conflict partial")
    section = soup(conflict).select_one("section.conflict")
    assert section.select_one(".conflict-theirs").get_text() == "Mine " + XSS
    assert section.select_one(".conflict-mine").get_text() == "Theirs " + XSS
    assert XSS in section.select_one("h4").get_text()
    assert_escaped(client.get(f"/paragraphs/{pid}/history", hx=True), "history with a conflict")


def test_typed_byline_is_escaped_in_the_preview(client: Client) -> None:
    response = client.post(
        "/articles/preview",
        {"text": "一段落目です。\n二段落目です。", "byline": XSS, "title": XSS},
    )
    assert response.status_code == 200
    body = html(response)
    assert "<script>alert" not in body
    page = soup(response)
    assert page.select_one("input[name=byline]")["value"] == XSS
    assert page.select_one("input[name=title]")["value"] == XSS


# ---------------------------------------------------------------- missing things


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/articles/999999"),
        ("get", "/articles/999999/progress"),
        ("get", "/paragraphs/999999"),
        ("get", "/paragraphs/999999/history"),
        ("post", "/paragraphs/999999"),
        ("post", "/paragraphs/999999/status"),
        ("post", "/paragraphs/999999/resolve"),
        ("post", "/paragraphs/999999/revisions/1/restore"),
        ("post", "/paragraphs/999999/use-draft/1"),
    ],
)
@pytest.mark.parametrize("hx", [False, True])
def test_unknown_ids_answer_404_with_a_sentence(
    client: Client, method: str, url: str, hx: bool
) -> None:
    if method == "get":
        response = client.get(url, hx=hx)
    else:
        response = client.post(url, {"text": "x", "version": "0", "choice": "mine"}, hx=hx)
    assert response.status_code == 404
    body = html(response)
    assert "Traceback" not in body
    box = soup(response).select_one(".error-box")
    assert box is not None and box.select_one("p").get_text().strip()
    assert ("<html" in body.lower()) is not hx


def test_unknown_revision_or_draft_of_a_real_paragraph_is_404(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一段落目です。"])
    pid = paragraph_ids(app, article_id)[0]
    for url in (
        f"/paragraphs/{pid}/revisions/999999/restore",
        f"/paragraphs/{pid}/use-draft/999999",
    ):
        response = client.post(url, {"version": "0"}, hx=True)
        assert response.status_code == 404, url
    assert count(app, Revision) == 0


def test_article_id_that_is_not_a_number_is_404(client: Client) -> None:
    assert client.get("/articles/abc").status_code == 404
    assert client.get("/paragraphs/1x").status_code == 404


# ---------------------------------------------------------------- CSRF


def test_post_without_csrf_token_is_refused_and_stores_nothing(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一段落目です。"])
    pid = paragraph_ids(app, article_id)[0]
    articles, paragraphs = count(app, Article), count(app, Paragraph)

    response = client.post(
        "/articles",
        {"lines": json.dumps([["新しい段落です。", True, None]]), "keep": "0", "title": "t"},
        csrf=False,
    )
    assert response.status_code == 400
    assert "nothing was changed" in html(response)
    assert "<html" in html(response).lower()

    response = client.post(
        f"/paragraphs/{pid}", {"text": "Sneaky.", "version": "0"}, hx=True, csrf=False
    )
    assert response.status_code == 400
    assert "<html" not in html(response).lower()
    assert "security token" in html(response)

    response = client.post(f"/paragraphs/{pid}/status", {"status": "reviewed"}, csrf=False)
    assert response.status_code == 400
    response = client.post(
        "/account", {"action": "display_name", "display_name": "Mallory"}, csrf=False
    )
    assert response.status_code == 400

    assert (count(app, Article), count(app, Paragraph)) == (articles, paragraphs)
    assert count(app, Revision) == 0
    row = soup(client.get(f"/paragraphs/{pid}", hx=True))
    assert row.select_one(f"textarea#text-{pid}").get_text() == ""
    assert row.select_one("select[name=status] option[selected]")["value"] == "new"
    assert soup(client.get("/")).select_one(".who-name").get_text() == "Ada Admin"


def test_csrf_token_in_the_form_field_works_like_the_header(app: Flask, client: Client) -> None:
    article_id = create_article(client, ["一段落目です。"])
    pid = paragraph_ids(app, article_id)[0]
    response = client.post(
        f"/paragraphs/{pid}",
        {"text": "Plain form post.", "version": "0", "csrf_token": client.token},
        csrf=False,
    )
    assert response.status_code == 303
    assert count(app, Revision) == 1
