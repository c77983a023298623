"""The locked door, the CSRF guard, roles, escaping, headers, errors and size
limits, checked through the test client against a real database."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from tests.support.accounts import TEST_PASSWORD, ensure_user
from tests.support.app import make_app
from tests.support.articles import count_rows as count
from tests.support.client import Client, signed_in
from tests.support.pages import html
from workbench.accounts.models import User
from workbench.articles import editing, importing
from workbench.articles.models import Article, Paragraph, Revision
from workbench.database import Base
from workbench.extensions import db
from workbench.machine.models import Draft

# The app's own scripts: nothing else may ever end up in a <script> element.
APP_SCRIPTS = {"/static/vendor/htmx-2.0.11.min.js", "/static/js/main.js"}
UNKNOWN_ID = 2**31 - 1
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Routes the door leaves open.
PUBLIC_RULES = {"/login", "/setup"}


# ---------------------------------------------------------------- helpers


@dataclass
class World:
    """Real rows for every kind of id a URL can carry."""

    article_id: int
    p_new: int  # empty, status new, has a machine draft
    p_translated: int  # two saved versions, status translated
    p_reviewed: int  # one saved version, status reviewed
    first_revision: int  # version 1 of p_translated
    draft_id: int
    other_revision: int  # belongs to p_reviewed
    user_id: int  # zed, a translator nobody signs in as
    users: dict[str, int]


def build_world(app: Flask, *, with_users: bool = True) -> World:
    users: dict[str, int] = {}
    if with_users:
        for name in ("ada", "rita", "tom"):
            users[name] = ensure_user(app, name).id
    with app.app_context():
        s = db.session
        if with_users:
            zed, _ = _make_user(s, "zed", "translator", "Zed Zero")
            users["zed"] = zed.id
        article = importing.create_article(
            s,
            title="テスト記事",
            paragraphs=["最初の段落です。", "二番目の段落です。", "三番目の段落です。"],
            byline="記者",
        )
        s.flush()
        p_new, p_translated, p_reviewed = s.scalars(
            select(Paragraph).where(Paragraph.article_id == article.id).order_by(Paragraph.position)
        ).all()
        author, author_id = "Tom Translator", users.get("tom")
        editing.save_translation(
            s, p_translated, "First version.", base_version=0, author=author, author_id=author_id
        )
        editing.save_translation(
            s,
            p_translated,
            "Second version.",
            base_version=1,
            author=author,
            author_id=author_id,
            mark="translated",
        )
        editing.save_translation(
            s,
            p_reviewed,
            "Reviewed text.",
            base_version=0,
            author=author,
            author_id=author_id,
            mark="reviewed",
        )
        draft = Draft(paragraph_id=p_new.id, provider="test", text="A machine draft.")
        s.add(draft)
        s.commit()
        first = s.scalars(
            select(Revision).where(Revision.paragraph_id == p_translated.id, Revision.version == 1)
        ).one()
        other = s.scalars(select(Revision).where(Revision.paragraph_id == p_reviewed.id)).one()
        return World(
            article_id=article.id,
            p_new=p_new.id,
            p_translated=p_translated.id,
            p_reviewed=p_reviewed.id,
            first_revision=first.id,
            draft_id=draft.id,
            other_revision=other.id,
            user_id=users.get("zed", 1),
            users=users,
        )


def _make_user(s: Any, name: str, role: str, display_name: str) -> tuple[User, str | None]:
    from workbench.accounts import service

    return service.create_user(s, name, role=role, display_name=display_name, password=None)


def snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every table, to tell that a refused request stored nothing."""
    with app.app_context():
        tables: dict[str, list[str]] = {}
        for table in Base.metadata.sorted_tables:
            rows = db.session.execute(select(table)).all()
            tables[table.name] = sorted(repr(tuple(row)) for row in rows)
        db.session.rollback()
        return tables


def paragraph(app: Flask, pid: int) -> Paragraph:
    with app.app_context():
        row = db.session.get(Paragraph, pid)
        assert row is not None
        db.session.expunge(row)
        return row


def user_row(app: Flask, user_id: int) -> User:
    with app.app_context():
        row = db.session.get(User, user_id)
        assert row is not None
        db.session.expunge(row)
        return row


def parse(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(html(response), "html.parser")


def message_of(response: TestResponse) -> str:
    """The sentence of an error page or partial."""
    box = parse(response).select_one(".error-box p")
    assert box is not None, html(response)[:500]
    return " ".join(box.get_text().split())


def assert_sentence(text: str) -> None:
    assert len(text.split()) >= 4 and text.rstrip().endswith((".", "!")), text


def rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def methods_of(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def id_values(world: World) -> dict[str, int]:
    return {
        "article_id": world.article_id,
        "pid": world.p_new,
        "draft_id": world.draft_id,
        "rid": world.first_revision,
        "user_id": world.user_id,
    }


def url_for_rule(app: Flask, rule: Rule, values: dict[str, int], method: str) -> str:
    # An id this module does not know how to make (a route added later) gets a
    # stand-in: the walks expect a refusal or a 404, never a 200, so a stand-in
    # cannot hide a hole; extend World and id_values() to make it a real row.
    arguments = {name: values.get(name, 1) for name in rule.arguments}
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, arguments, method=method, force_external=False)


def plausible_form(world: World) -> dict[str, Any]:
    """Fields that every write route reads: if a refusal failed, something would be stored."""
    return {
        "text": "Injected text.",
        "mine": "Injected text.",
        "version": "0",
        "status": "translated",
        "mark": "translated",
        "choice": "mine",
        "title": "Injected article",
        "lines": json.dumps([["注入された段落です。", True, None]], ensure_ascii=False),
        "keep": "0",
        "name": "ada",
        "display_name": "Mallory",
        "role": "admin",
        "active": "0",
        "action": "display_name",
        "current": TEST_PASSWORD,
        "password": TEST_PASSWORD,
        "password2": TEST_PASSWORD,
    }


def request_rule(
    client: Client,
    url: str,
    method: str,
    form: dict[str, Any],
    *,
    hx: bool = False,
    csrf: bool = True,
    headers: dict[str, str] | None = None,
) -> TestResponse:
    if method == "GET":
        return client.get(url, hx=hx)
    return client.post(url, form, hx=hx, csrf=csrf, headers=dict(headers or {}))


def location_path(response: TestResponse) -> str:
    return response.headers.get("Location", "").split("?", 1)[0]


# ---------------------------------------------------------------- the locked door


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_every_route_refuses_an_anonymous_request(app: Flask, hx: bool) -> None:
    world = build_world(app)
    anonymous = Client(app.test_client(), app)
    assert anonymous.token  # a real token: the refusal must be about signing in
    before = snapshot(app)
    problems: list[str] = []
    tried = 0
    for rule in rules(app):
        if rule.rule in PUBLIC_RULES:
            continue
        for method in methods_of(rule):
            url = url_for_rule(app, rule, id_values(world), method)
            response = request_rule(anonymous, url, method, plausible_form(world), hx=hx)
            tried += 1
            where = f"{method} {url}"
            if hx:
                if response.status_code != 401:
                    problems.append(f"{where}: {response.status_code}, expected 401")
                elif "signed out" not in message_of(response).lower():
                    problems.append(f"{where}: 401 without saying why")
            elif response.status_code != 303 or location_path(response) != "/login":
                problems.append(
                    f"{where}: {response.status_code} to {response.headers.get('Location')}"
                )
    assert tried >= 18
    assert not problems, "\n".join(problems)
    assert snapshot(app) == before


def test_a_refused_page_comes_back_after_signing_in(app: Flask) -> None:
    world = build_world(app)
    anonymous = Client(app.test_client(), app)
    page = anonymous.get(f"/articles/{world.article_id}")
    assert page.status_code == 303
    login_url = page.headers["Location"]
    assert login_url.startswith("/login?next=")
    form = parse(anonymous.get(login_url))
    next_field = form.select_one('input[name="next"]')
    assert isinstance(next_field, Tag)
    assert next_field["value"] == f"/articles/{world.article_id}"
    signed = anonymous.post(
        "/login", {"name": "tom", "password": TEST_PASSWORD, "next": next_field["value"]}
    )
    assert signed.status_code == 303
    assert signed.headers["Location"] == f"/articles/{world.article_id}"
    assert anonymous.get(signed.headers["Location"]).status_code == 200


def test_with_no_users_every_route_leads_to_the_first_run_page(app: Flask) -> None:
    world = build_world(app, with_users=False)
    assert count(app, User) == 0
    anonymous = Client(app.test_client(), app)
    assert anonymous.token
    before = snapshot(app)
    problems: list[str] = []
    for rule in rules(app):
        if rule.rule in PUBLIC_RULES:
            continue
        for method in methods_of(rule):
            url = url_for_rule(app, rule, id_values(world), method)
            response = request_rule(anonymous, url, method, plausible_form(world))
            if response.status_code != 303 or location_path(response) != "/setup":
                problems.append(
                    f"{method} {url}: {response.status_code} to {response.headers.get('Location')}"
                )
    assert not problems, "\n".join(problems)
    login = anonymous.get("/login")
    assert login.status_code == 303 and location_path(login) == "/setup"
    assert snapshot(app) == before


# ---------------------------------------------------------------- CSRF


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("token", ["missing", "forged"])
def test_every_write_route_refuses_a_request_without_the_csrf_token(
    app: Flask, client: Client, token: str, hx: bool
) -> None:
    world = build_world(app)
    assert client.token  # the session holds a token; the request does not carry it
    headers = {"X-CSRFToken": "forged-" + client.token[::-1]} if token == "forged" else {}
    before = snapshot(app)
    problems: list[str] = []
    tried: list[str] = []
    for rule in rules(app):
        for method in methods_of(rule):
            if method not in WRITE_METHODS:
                continue
            url = url_for_rule(app, rule, id_values(world), method)
            form = plausible_form(world)
            if token == "forged":
                form["csrf_token"] = "forged"
            response = request_rule(client, url, method, form, hx=hx, csrf=False, headers=headers)
            tried.append(rule.rule)
            if response.status_code != 400:
                problems.append(f"{method} {url}: {response.status_code}, expected 400")
            else:
                assert_sentence(message_of(response))
    assert {"/login", "/setup", "/logout", "/users", "/paragraphs/<int:pid>"} <= set(tried)
    assert len(tried) >= 13
    assert not problems, "\n".join(problems)
    assert snapshot(app) == before
    # Still signed in: the refused sign-out did not sign out.
    assert client.get("/").status_code == 200


def test_first_run_form_needs_the_csrf_token(app: Flask) -> None:
    anonymous = Client(app.test_client(), app)
    assert anonymous.token
    response = anonymous.post(
        "/setup",
        {"name": "eve", "password": TEST_PASSWORD, "password2": TEST_PASSWORD},
        csrf=False,
    )
    assert response.status_code == 400
    assert count(app, User) == 0


# ---------------------------------------------------------------- roles


@dataclass
class Action:
    name: str
    allowed: set[str]
    run: Callable[[Client, World], TestResponse]
    # Checks that an allowed action did what it says.
    effect: Callable[[Flask, World, TestResponse], None]


ALL = {"translator", "reviewer", "admin"}
REVIEWERS = {"reviewer", "admin"}
ADMINS = {"admin"}


def _import(c: Client, w: World) -> TestResponse:
    preview = c.post("/articles/preview", {"text": "新しい記事です。\n二つ目の段落。"})
    assert preview.status_code == 200, html(preview)[:300]
    key = parse(preview).select_one('input[name="form_key"]')
    assert key is not None
    return c.post(
        "/articles",
        {"form_key": key["value"], "keep": ["0", "1"], "title": "新しい記事"},
    )


def _imported(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303 and r.headers["Location"].startswith("/articles/")
    assert count(app, Article) == 2


def _save(c: Client, w: World) -> TestResponse:
    return c.post(f"/paragraphs/{w.p_new}", {"text": "A fresh translation.", "version": "0"})


def _saved(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert paragraph(app, w.p_new).target_text == "A fresh translation."


def _mark(c: Client, w: World) -> TestResponse:
    return c.post(
        f"/paragraphs/{w.p_new}",
        {"text": "A finished translation.", "version": "0", "mark": "translated"},
    )


def _marked(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    p = paragraph(app, w.p_new)
    assert (p.target_text, p.status) == ("A finished translation.", "translated")


def _edit_reviewed(c: Client, w: World) -> TestResponse:
    return c.post(f"/paragraphs/{w.p_reviewed}", {"text": "Reviewed text, edited.", "version": "1"})


def _edited_reviewed(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    p = paragraph(app, w.p_reviewed)
    # A changed reviewed text needs another review.
    assert (p.target_text, p.status) == ("Reviewed text, edited.", "translated")


def _review(c: Client, w: World) -> TestResponse:
    return c.post(f"/paragraphs/{w.p_translated}/status", {"status": "reviewed"})


def _reviewed(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert paragraph(app, w.p_translated).status == "reviewed"


def _mark_reviewed(c: Client, w: World) -> TestResponse:
    return c.post(
        f"/paragraphs/{w.p_translated}",
        {"text": "Second version.", "version": "2", "mark": "reviewed"},
    )


def _unreview(c: Client, w: World) -> TestResponse:
    return c.post(f"/paragraphs/{w.p_reviewed}/status", {"status": "translated"})


def _unreviewed(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert paragraph(app, w.p_reviewed).status == "translated"


def _use_draft(c: Client, w: World) -> TestResponse:
    return c.post(f"/paragraphs/{w.p_new}/use-draft/{w.draft_id}", {"version": "0"})


def _used_draft(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert paragraph(app, w.p_new).target_text == "A machine draft."


def _restore(c: Client, w: World) -> TestResponse:
    return c.post(
        f"/paragraphs/{w.p_translated}/revisions/{w.first_revision}/restore", {"version": "2"}
    )


def _restored(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert paragraph(app, w.p_translated).target_text == "First version."


def _resolve(c: Client, w: World) -> TestResponse:
    return c.post(
        f"/paragraphs/{w.p_translated}/resolve",
        {"choice": "merge", "version": "2", "mine": "Mine.", "text": "Merged version."},
    )


def _resolved(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert paragraph(app, w.p_translated).target_text == "Merged version."


def _history(c: Client, w: World) -> TestResponse:
    return c.get(f"/paragraphs/{w.p_translated}/history")


def _shown_history(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 200
    assert "Tom Translator" in html(r) and "First version." in html(r)


def _users(c: Client, w: World) -> TestResponse:
    return c.get("/users")


def _listed_users(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 200
    assert "Zed Zero" in html(r)


def _add_user(c: Client, w: World) -> TestResponse:
    return c.post("/users", {"name": "newbie", "display_name": "New Bie", "role": "translator"})


def _added_user(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 200
    assert parse(r).select_one(".one-time-password") is not None
    assert count(app, User) == 5


def _change_role(c: Client, w: World) -> TestResponse:
    return c.post(f"/users/{w.user_id}", {"role": "reviewer"})


def _changed_role(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert user_row(app, w.user_id).role == "reviewer"


def _deactivate(c: Client, w: World) -> TestResponse:
    return c.post(f"/users/{w.user_id}", {"active": "0"})


def _deactivated(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 303
    assert user_row(app, w.user_id).active is False


def _reset(c: Client, w: World) -> TestResponse:
    return c.post(f"/users/{w.user_id}/reset-password")


def _was_reset(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 200
    assert parse(r).select_one(".one-time-password") is not None
    assert user_row(app, w.user_id).must_change_password is True


def _account(c: Client, w: World) -> TestResponse:
    return c.get("/account")


def _shown_account(app: Flask, w: World, r: TestResponse) -> None:
    assert r.status_code == 200


ACTIONS = [
    Action("import", ALL, _import, _imported),
    Action("save", ALL, _save, _saved),
    Action("mark translated", ALL, _mark, _marked),
    Action("edit a reviewed text", ALL, _edit_reviewed, _edited_reviewed),
    Action("set status reviewed", REVIEWERS, _review, _reviewed),
    Action("mark reviewed while saving", REVIEWERS, _mark_reviewed, _reviewed),
    Action("set a reviewed paragraph back", REVIEWERS, _unreview, _unreviewed),
    Action("use draft", ALL, _use_draft, _used_draft),
    Action("restore", ALL, _restore, _restored),
    Action("resolve", ALL, _resolve, _resolved),
    Action("view history", ALL, _history, _shown_history),
    Action("GET /users", ADMINS, _users, _listed_users),
    Action("POST /users", ADMINS, _add_user, _added_user),
    Action("change a role", ADMINS, _change_role, _changed_role),
    Action("deactivate a user", ADMINS, _deactivate, _deactivated),
    Action("reset a password", ADMINS, _reset, _was_reset),
    Action("view /account", ALL, _account, _shown_account),
]
SIGN_IN = {"translator": "tom", "reviewer": "rita", "admin": "ada"}


@pytest.mark.parametrize("role", ["translator", "reviewer", "admin"])
@pytest.mark.parametrize("action", ACTIONS, ids=[a.name for a in ACTIONS])
def test_role_matrix(app: Flask, action: Action, role: str) -> None:
    world = build_world(app)
    c = signed_in(app, SIGN_IN[role])
    assert c.token
    before = snapshot(app)
    response = action.run(c, world)
    if role in action.allowed:
        action.effect(app, world, response)
        return
    assert response.status_code == 403, (response.status_code, html(response)[:300])
    assert "<html" in html(response).lower()
    message = message_of(response)
    assert_sentence(message)
    assert message.startswith("Only "), message
    assert snapshot(app) == before


def test_a_refused_htmx_status_change_answers_a_partial_with_a_sentence(app: Flask) -> None:
    world = build_world(app)
    tom = signed_in(app, "tom")
    before = snapshot(app)
    response = tom.post(f"/paragraphs/{world.p_translated}/status", {"status": "reviewed"}, hx=True)
    assert response.status_code == 403
    assert "<html" not in html(response).lower()
    assert "reviewer" in message_of(response).lower()
    assert snapshot(app) == before


def test_a_translator_cannot_undo_a_review_by_marking_the_unchanged_text_translated(
    app: Flask,
) -> None:
    """Ctrl+Enter on a reviewed paragraph sends mark=translated with the same text."""
    world = build_world(app)
    tom = signed_in(app, "tom")
    response = tom.post(
        f"/paragraphs/{world.p_reviewed}",
        {"text": "Reviewed text.", "version": "1", "mark": "translated"},
        hx=True,
    )
    assert paragraph(app, world.p_reviewed).status == "reviewed"
    assert response.status_code == 403


def _status_options(page: BeautifulSoup) -> dict[str, tuple[list[str], bool]]:
    found: dict[str, tuple[list[str], bool]] = {}
    for row in page.select("div.row"):
        select_ = row.select_one('select[name="status"]')
        assert select_ is not None
        options = [str(o["value"]) for o in select_.select("option")]
        found[str(row["id"])] = (options, select_.has_attr("disabled"))
    return found


def test_what_each_role_sees_in_the_editor(app: Flask) -> None:
    world = build_world(app)
    pages = {
        role: parse(signed_in(app, name).get(f"/articles/{world.article_id}"))
        for role, name in SIGN_IN.items()
    }
    translator = _status_options(pages["translator"])
    assert len(translator) == 3
    for row_id in (f"p-{world.p_new}", f"p-{world.p_translated}"):
        options, disabled = translator[row_id]
        assert "reviewed" not in options and not disabled
        assert {"new", "drafted", "translated"} <= set(options)
    # A reviewed paragraph shows its status, but a translator cannot change it.
    assert translator[f"p-{world.p_reviewed}"][1] is True
    for role in ("reviewer", "admin"):
        for options, disabled in _status_options(pages[role]).values():
            assert "reviewed" in options and not disabled
    for role, page in pages.items():
        users_links = [a for a in page.select("a") if a.get("href") == "/users"]
        assert bool(users_links) == (role == "admin"), role
        if users_links:
            assert users_links[0].get_text(strip=True) == "Users"
    index = parse(signed_in(app, "ada").get("/"))
    assert any(a.get("href") == "/users" for a in index.select("header a"))
    index = parse(signed_in(app, "rita").get("/"))
    assert not any(a.get("href") == "/users" for a in index.select("a"))


# ---------------------------------------------------------------- escaping

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>x()</script>",
    "javascript:alert(1)",
    "{{7*7}}",
]


def assert_inert(response: TestResponse, payload: str, *, shown: bool = True) -> None:
    """The payload is on the page as text, never as markup, script or template code."""
    page = parse(response)
    scripts = page.find_all("script")
    assert len(scripts) in (0, 2), scripts
    for script in scripts:
        assert script.get("src") in APP_SCRIPTS and not script.get_text().strip(), script
    rendered: list[str] = [str(s) for s in page.find_all(string=True)]
    for tag in page.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), tag
            values = value if isinstance(value, list) else [value]
            rendered.extend(str(v) for v in values)
            if attribute in ("href", "src", "action", "formaction", "hx-get", "hx-post"):
                assert not str(value).strip().lower().startswith("javascript:"), tag
    assert page.find("img") is None
    body = html(response)
    assert "<script>alert" not in body and "<script>x()" not in body
    assert "<img src=x" not in body
    if shown:
        joined = "\n".join(rendered)
        assert payload in joined, f"{payload!r} is not on the page at all"


def _preview(c: Client, **fields: str) -> TestResponse:
    return c.post("/articles/preview", {"text": "本文です。", **fields})


def _create(c: Client, *, text: list[str] | None = None, **fields: str) -> TestResponse:
    lines = [[t, True, None] for t in (text or ["本文です。"])]
    return c.post(
        "/articles",
        {
            "lines": json.dumps(lines, ensure_ascii=False),
            "keep": [str(i) for i in range(len(lines))],
            "title": fields.pop("title", "記事"),
            **fields,
        },
    )


def _article_id(response: TestResponse) -> int:
    assert response.status_code == 303, html(response)[:500]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _first_paragraph(app: Flask, article_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            ).first()
            or 0
        )


Surface = Callable[[Flask, str], list[tuple[str, TestResponse, bool]]]


def surface_title(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    c = signed_in(app, "ada")
    aid = _article_id(_create(c, title=payload))
    return [
        ("index", c.get("/"), True),
        ("index partial", c.get("/", hx=True), True),
        ("editor", c.get(f"/articles/{aid}"), True),
        ("progress partial", c.get(f"/articles/{aid}/progress", hx=True), True),
        ("preview", _preview(c, title=payload), True),
    ]


def surface_byline(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    c = signed_in(app, "ada")
    aid = _article_id(_create(c, byline=payload))
    return [
        ("preview", _preview(c, byline=payload), True),
        ("editor", c.get(f"/articles/{aid}"), False),
    ]


def surface_source_url(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    c = signed_in(app, "ada")
    accepted = "https://example.com/?q=" + payload
    aid = _article_id(_create(c, source_url=accepted))
    refused = _create(c, source_url=payload)
    assert refused.status_code == 422
    return [
        ("preview", _preview(c, source_url=payload), True),
        ("refused create", refused, True),
        ("editor", c.get(f"/articles/{aid}"), False),
        ("index", c.get("/"), False),
    ]


def surface_source_text(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    c = signed_in(app, "ada")
    preview = c.post("/articles/preview", {"text": f"本文です。\n{payload}\n二つ目です。"})
    aid = _article_id(_create(c, text=[payload, "本文です。"]))
    pid = _first_paragraph(app, aid)
    return [
        ("preview", preview, True),
        ("editor", c.get(f"/articles/{aid}"), True),
        ("row partial", c.get(f"/paragraphs/{pid}", hx=True), True),
        ("history page", c.get(f"/paragraphs/{pid}/history"), True),
    ]


def surface_translation(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    c = signed_in(app, "tom")
    aid = _article_id(_create(c))
    pid = _first_paragraph(app, aid)
    saved = c.post(f"/paragraphs/{pid}", {"text": payload, "version": "0"}, hx=True)
    assert saved.status_code == 200
    c.post(f"/paragraphs/{pid}", {"text": payload + " again", "version": "1"}, hx=True)
    return [
        ("save answer", saved, False),
        ("editor", c.get(f"/articles/{aid}"), True),
        ("row partial", c.get(f"/paragraphs/{pid}", hx=True), True),
        ("history partial", c.get(f"/paragraphs/{pid}/history", hx=True), True),
        ("history page", c.get(f"/paragraphs/{pid}/history"), True),
    ]


def surface_conflict(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    tom = signed_in(app, "tom")
    rita = signed_in(app, "rita")
    aid = _article_id(_create(tom))
    pid = _first_paragraph(app, aid)
    assert tom.post(f"/paragraphs/{pid}", {"text": payload, "version": "0"}).status_code == 303
    partial = rita.post(f"/paragraphs/{pid}", {"text": "mine " + payload, "version": "0"}, hx=True)
    page = rita.post(f"/paragraphs/{pid}", {"text": "page " + payload, "version": "0"})
    assert (partial.status_code, page.status_code) == (409, 409)
    return [
        ("conflict partial", partial, True),
        ("conflict page", page, True),
        ("history partial", rita.get(f"/paragraphs/{pid}/history", hx=True), True),
    ]


def surface_display_name(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    tom = signed_in(app, "tom")
    changed = tom.post("/account", {"action": "display_name", "display_name": payload})
    assert changed.status_code == 200
    aid = _article_id(_create(tom))
    pid = _first_paragraph(app, aid)
    tom.post(f"/paragraphs/{pid}", {"text": "Some text.", "version": "0"})
    rita = signed_in(app, "rita")
    rita.post(f"/paragraphs/{pid}", {"text": "Other text.", "version": "0"})  # a conflict
    return [
        ("account page", changed, True),
        ("index header", tom.get("/"), True),
        ("editor", rita.get(f"/articles/{aid}"), True),
        ("row partial", rita.get(f"/paragraphs/{pid}", hx=True), True),
        ("history partial", rita.get(f"/paragraphs/{pid}/history", hx=True), True),
        ("history page", rita.get(f"/paragraphs/{pid}/history"), True),
        (
            "conflict partial",
            rita.post(f"/paragraphs/{pid}", {"text": "Late text.", "version": "0"}, hx=True),
            True,
        ),
        ("users page", signed_in(app, "ada").get("/users"), True),
    ]


def surface_added_user(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    ada = signed_in(app, "ada")
    added = ada.post("/users", {"name": "nina", "display_name": payload, "role": "translator"})
    assert added.status_code == 200
    return [("add answer", added, True), ("users page", ada.get("/users"), True)]


def surface_user_name(app: Flask, payload: str) -> list[tuple[str, TestResponse, bool]]:
    anonymous = Client(app.test_client(), app)
    setup = anonymous.post(
        "/setup",
        {"name": payload, "display_name": payload, "password": "x", "password2": "x"},
    )
    assert setup.status_code == 422
    ada = signed_in(app, "ada")
    refused = ada.post("/users", {"name": payload, "display_name": "X", "role": "translator"})
    assert refused.status_code == 422
    login = Client(app.test_client(), app).post("/login", {"name": payload, "password": "x"})
    assert login.status_code == 401
    next_login = Client(app.test_client(), app).get("/login?next=" + payload)
    return [
        ("setup", setup, True),
        ("add user refused", refused, True),
        ("login refused", login, True),
        ("login next", next_login, False),
    ]


SURFACES: dict[str, Surface] = {
    "article title": surface_title,
    "byline": surface_byline,
    "source URL": surface_source_url,
    "paragraph source": surface_source_text,
    "translation": surface_translation,
    "conflict texts": surface_conflict,
    "display name": surface_display_name,
    "added user's display name": surface_added_user,
    "user name": surface_user_name,
}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("surface", list(SURFACES))
def test_text_fields_are_escaped_everywhere(app: Flask, surface: str, payload: str) -> None:
    for where, response, shown in SURFACES[surface](app, payload):
        assert response.status_code < 500, where
        try:
            assert_inert(response, payload, shown=shown)
        except AssertionError as error:
            raise AssertionError(f"{surface} on {where}: {error}") from error


# ---------------------------------------------------------------- headers


def _assert_security_headers(response: TestResponse) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in csp.split(";")) if part
    }
    assert directives.get("script-src") == ["'self'"], csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert directives.get("style-src") == ["'self'"], csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    )
    assert response.headers.get("X-Frame-Options") == "DENY"


def _too_large(app: Flask, world: World) -> TestResponse:
    c = signed_in(app, "ada")
    size = int(app.config["MAX_CONTENT_LENGTH"]) + 1
    return c.post(f"/paragraphs/{world.p_new}", {"text": "a" * size, "version": "0"})


HEADER_CASES: dict[str, tuple[int, Callable[[Flask, World], TestResponse]]] = {
    "full page": (200, lambda a, w: signed_in(a, "ada").get(f"/articles/{w.article_id}")),
    "htmx partial": (
        200,
        lambda a, w: signed_in(a, "ada").get(f"/articles/{w.article_id}/progress", hx=True),
    ),
    "save answer": (
        200,
        lambda a, w: signed_in(a, "tom").post(
            f"/paragraphs/{w.p_new}", {"text": "Saved.", "version": "0"}, hx=True
        ),
    ),
    "404 page": (404, lambda a, w: signed_in(a, "ada").get(f"/articles/{UNKNOWN_ID}")),
    "403 page": (403, lambda a, w: signed_in(a, "tom").get("/users")),
    "401 partial": (401, lambda a, w: Client(a.test_client(), a).get("/", hx=True)),
    "400 page": (
        400,
        lambda a, w: signed_in(a, "ada").post(
            f"/paragraphs/{w.p_new}", {"text": "x", "version": "0"}, csrf=False
        ),
    ),
    "413 page": (413, _too_large),
    "login page": (200, lambda a, w: Client(a.test_client(), a).get("/login")),
    "stylesheet": (200, lambda a, w: a.test_client().get("/static/css/workbench.css")),
    "script": (200, lambda a, w: a.test_client().get("/static/js/main.js")),
    "redirect": (303, lambda a, w: a.test_client().get("/")),
}


@pytest.mark.parametrize("case", list(HEADER_CASES))
def test_security_headers_on_every_kind_of_response(app: Flask, case: str) -> None:
    world = build_world(app)
    status, make = HEADER_CASES[case]
    response = make(app, world)
    assert response.status_code == status, html(response)[:300]
    _assert_security_headers(response)
    if response.mimetype == "text/html":
        assert "no-store" in response.headers.get("Cache-Control", "")


def test_security_headers_on_a_too_many_attempts_page(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    strict = make_app(database_url, tmp_path, LOGIN_LIMIT_PER_ACCOUNT="1 per minute")
    try:
        ensure_user(strict, "tom")
        c = Client(strict.test_client(), strict)
        assert c.login("tom", "wrong password!").status_code == 401
        response = c.login("tom", "wrong password!")
        assert response.status_code == 429
        _assert_security_headers(response)
        assert_sentence(message_of(response))
    finally:
        _dispose(strict)


def _session_cookies(response: TestResponse) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]


@pytest.mark.parametrize("base_url", ["http://localhost", "https://localhost"])
def test_session_cookie_flags(app: Flask, base_url: str) -> None:
    ensure_user(app, "tom")
    raw = app.test_client()
    login_page = raw.get("/login", base_url=base_url)
    match = re.search(r'name="csrf-token" content="([^"]+)"', html(login_page))
    assert match
    response = raw.post(
        "/login",
        data={"name": "tom", "password": TEST_PASSWORD, "csrf_token": match.group(1)},
        base_url=base_url,
        # Over HTTPS the CSRF check also wants a same-origin Referer, as browsers send.
        headers={"Referer": f"{base_url}/login"},
    )
    assert response.status_code == 303
    cookies = _session_cookies(login_page) + _session_cookies(response)
    assert len(cookies) >= 2
    for cookie in cookies:
        flags = [f.strip().lower() for f in cookie.split(";")[1:]]
        assert "httponly" in flags, cookie
        assert "samesite=lax" in flags, cookie
        assert ("secure" in flags) == base_url.startswith("https"), cookie
    assert raw.get("/", base_url=base_url).status_code == 200


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "unknown",
    [UNKNOWN_ID, 2**31, 10**20],
    ids=["unknown id", "id beyond a 32-bit column", "id beyond any integer column"],
)
def test_unknown_ids_give_404_pages_when_signed_in(
    app: Flask, client: Client, unknown: int
) -> None:
    world = build_world(app)
    real = id_values(world)
    before = snapshot(app)
    problems: list[str] = []
    tried = 0
    for rule in rules(app):
        for argument in sorted(rule.arguments):
            values = {**real, argument: unknown}
            for method in methods_of(rule):
                url = url_for_rule(app, rule, values, method)
                response = request_rule(client, url, method, plausible_form(world))
                tried += 1
                if response.status_code != 404:
                    problems.append(f"{method} {url}: {response.status_code}")
                elif len(message_of(response).split()) < 3:
                    problems.append(f"{method} {url}: 404 without a sentence")
    # Ids of real rows that belong to another paragraph are unknown too.
    crossed = [
        f"/paragraphs/{world.p_translated}/use-draft/{world.draft_id}",
        f"/paragraphs/{world.p_translated}/revisions/{world.other_revision}/restore",
    ]
    for url in crossed:
        response = client.post(url, {"version": "2"})
        tried += 1
        if response.status_code != 404:
            problems.append(f"POST {url}: {response.status_code}")
    assert tried >= 15
    assert not problems, "\n".join(problems)
    assert snapshot(app) == before


def _dispose(other: Flask) -> None:
    with other.app_context():
        db.engine.dispose()


def test_an_unhandled_error_gives_a_page_with_a_reference_that_is_logged(
    app: Flask, database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = make_app(database_url, tmp_path)

    @broken.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals: password=hunter2")

    @broken.post("/boom-after-write")
    def boom_after_write() -> str:
        importing.create_article(db.session, title="途中の記事", paragraphs=["書きかけ。"])
        db.session.flush()
        raise RuntimeError("failed half way")

    try:
        c = signed_in(broken, "ada")
        before = snapshot(app)
        with caplog.at_level(logging.ERROR, logger="workbench"):
            page = c.get("/boom")
            partial = c.get("/boom", hx=True)
            written = c.post("/boom-after-write", {"text": "x"})
        for response, whole in ((page, True), (partial, False), (written, True)):
            assert response.status_code == 500
            body = html(response)
            assert ("<html" in body.lower()) == whole
            message = message_of(response)
            assert_sentence(message)
            match = re.search(r"Reference for the logs: ([0-9a-f]{10})", message)
            assert match, message
            assert "Traceback" not in body
            assert "RuntimeError" not in body and "hunter2" not in body
            assert "half way" not in body
            logged = [r for r in caplog.records if match.group(1) in r.getMessage()]
            assert logged, f"reference {match.group(1)} is not in the logs"
            assert logged[0].name == "workbench"
            assert logged[0].exc_info is not None
            _assert_security_headers(response)
        assert snapshot(app) == before
    finally:
        _dispose(broken)


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_a_too_large_save_gets_the_413_page_and_stores_nothing(app: Flask, hx: bool) -> None:
    world = build_world(app)
    c = signed_in(app, "tom")
    assert c.token
    before = snapshot(app)
    size = int(app.config["MAX_CONTENT_LENGTH"]) + 1
    response = c.post(f"/paragraphs/{world.p_new}", {"text": "a" * size, "version": "0"}, hx=hx)
    assert response.status_code == 413
    assert ("<html" in html(response).lower()) != hx
    message = message_of(response)
    assert_sentence(message)
    assert "Nothing was stored" in message
    assert snapshot(app) == before


def test_a_too_large_upload_gets_the_413_page_and_stores_nothing(app: Flask) -> None:
    import io

    c = signed_in(app, "tom")
    assert c.token
    before = snapshot(app)
    size = int(app.config["MAX_CONTENT_LENGTH"]) + 1
    response = c.post(
        "/articles/preview",
        {"file": (io.BytesIO(b"a" * size), "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Nothing was stored" in message_of(response)
    assert snapshot(app) == before
