"""Accounts through the test client: first run, signing in and out, throttling,
passwords, one-time passwords, sessions that end, and who wrote what."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.support.accounts import TEST_PASSWORD, add_user, ensure_user
from tests.support.app import make_app
from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client, signed_in
from tests.support.pages import html
from workbench.accounts.models import User, UserSession
from workbench.articles.models import Paragraph, Revision
from workbench.extensions import db

NEW_PASSWORD = "a brand new password"
WRONG = "not the password"


# ---------------------------------------------------------------- helpers


def parse(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(html(response), "html.parser")


def error_of(response: TestResponse) -> str:
    """The sentence a form or error page shows."""
    page = parse(response)
    box = page.select_one('[role="alert"]')
    assert box is not None, html(response)[:500]
    text = " ".join(box.get_text().split())
    assert len(text.split()) >= 4 and text.endswith("."), text
    return text


def users(app: Flask) -> list[User]:
    with app.app_context():
        rows = list(db.session.scalars(select(User).order_by(User.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def user(app: Flask, name: str) -> User:
    found = [u for u in users(app) if u.name == name]
    assert found, f"no user {name}"
    return found[0]


def live_sessions(app: Flask, name: str) -> list[int]:
    """The ids of the user's sessions that are still signed in."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(UserSession.id)
                .join(User)
                .where(User.name == name, UserSession.revoked_at.is_(None))
                .order_by(UserSession.id)
            )
        )


def user_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


def new_client(app: Flask, **environ: str) -> Client:
    client = Client(app.test_client(), app)
    if environ:
        client.raw.environ_base.update(environ)
    return client


def is_signed_in(client: Client) -> bool:
    """What a person sees: the list of articles, or the sign-in page."""
    response = client.get("/")
    if response.status_code == 200:
        return True
    assert response.status_code == 303, response.status_code
    assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    return False


def stored_paragraph(app: Flask, pid: int) -> Paragraph:
    with app.app_context():
        row = db.session.get(Paragraph, pid)
        assert row is not None
        db.session.expunge(row)
        return row


def revisions(app: Flask, pid: int) -> list[Revision]:
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(Revision).where(Revision.paragraph_id == pid).order_by(Revision.id)
            )
        )
        for row in rows:
            db.session.expunge(row)
        return rows


def one_time_password(response: TestResponse) -> str:
    code = parse(response).select_one("code.one-time-password")
    assert code is not None, html(response)[:800]
    return code.get_text(strip=True)


def change_password(
    client: Client, new: str = NEW_PASSWORD, current: str | None = TEST_PASSWORD
) -> TestResponse:
    form = {"action": "password", "password": new, "password2": new}
    if current is not None:
        form["current"] = current
    return client.post("/account", form)


def assert_scrypt(app: Flask, name: str, *clear: str) -> None:
    stored = user(app, name).password_hash
    assert stored.startswith("scrypt:"), stored
    for password in clear:
        assert password not in stored


# ---------------------------------------------------------------- first run


def test_first_run_creates_the_administrator(app: Flask) -> None:
    anonymous = new_client(app)
    first = anonymous.get("/")
    assert first.status_code == 303
    assert first.headers["Location"].startswith("/setup")
    assert anonymous.get("/setup").status_code == 200

    good = {
        "name": "Aiko",
        "display_name": "Aiko Admin",
        "password": "a good long password",
        "password2": "a good long password",
    }
    bad_forms = {
        "passwords differ": {**good, "password2": "another long password"},
        "short password": {**good, "password": "short", "password2": "short"},
        "bad name": {**good, "name": "Aiko Admin!"},
        "empty name": {**good, "name": ""},
    }
    for why, form in bad_forms.items():
        response = anonymous.post("/setup", form)
        assert response.status_code == 422, why
        error_of(response)
        assert user_count(app) == 0, why
    assert "differ" in error_of(anonymous.post("/setup", bad_forms["passwords differ"]))
    assert "10 characters" in error_of(anonymous.post("/setup", bad_forms["short password"]))
    assert "sign-in name" in error_of(anonymous.post("/setup", bad_forms["bad name"]))

    created = anonymous.post("/setup", good)
    assert created.status_code == 303
    assert created.headers["Location"] == "/"
    assert is_signed_in(anonymous)
    (admin,) = users(app)
    assert (admin.name, admin.display_name, admin.role) == ("aiko", "Aiko Admin", "admin")
    assert admin.must_change_password is False
    assert_scrypt(app, "aiko", "a good long password")
    page = parse(anonymous.get("/"))
    assert any(a.get("href") == "/users" for a in page.select("a"))

    # The door closes behind the first administrator, for everyone.
    for someone in (anonymous, new_client(app)):
        again = someone.get("/setup")
        assert again.status_code == 303
        assert again.headers["Location"].startswith("/login")
        posted = someone.post("/setup", {**good, "name": "mallory"})
        assert posted.status_code == 303
        assert posted.headers["Location"].startswith("/login")
    assert user_count(app) == 1


def test_first_run_returns_to_the_page_asked_for(app: Flask) -> None:
    anonymous = new_client(app)
    first = anonymous.get("/articles/new")
    assert first.status_code == 303
    setup_url = first.headers["Location"]
    assert setup_url.startswith("/setup?next=")
    page = parse(anonymous.get(setup_url))
    next_field = page.select_one('input[name="next"]')
    assert next_field is not None and next_field["value"] == "/articles/new"
    created = anonymous.post(
        "/setup",
        {
            "name": "aiko",
            "password": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "next": "/articles/new",
        },
    )
    assert created.headers["Location"] == "/articles/new"


# ---------------------------------------------------------------- signing in


def test_wrong_password_and_unknown_name_read_the_same(app: Flask) -> None:
    ensure_user(app, "tom")
    wrong_password = new_client(app).login("tom", WRONG)
    unknown_name = new_client(app).login("nobody", WRONG)
    assert wrong_password.status_code == unknown_name.status_code == 401
    assert error_of(wrong_password) == error_of(unknown_name)
    # The name typed stays in the form; the password does not.
    page = parse(wrong_password)
    name_field = page.select_one('input[name="name"]')
    assert name_field is not None and name_field["value"] == "tom"
    assert WRONG not in html(wrong_password)
    assert user(app, "tom").last_login_at is None


def test_signing_in_with_the_right_password(app: Flask) -> None:
    ensure_user(app, "tom")
    client = new_client(app)
    assert not is_signed_in(client)
    response = client.login("TOM", TEST_PASSWORD)  # names are not case-sensitive
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert is_signed_in(client)
    assert user(app, "tom").last_login_at is not None
    # The sign-in page itself now sends a signed-in user on.
    assert client.get("/login").status_code == 303


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/articles/7", "/articles/7"),
        ("/articles/7?x=1#p-3", "/articles/7?x=1#p-3"),
        ("//evil.example", "/"),
        ("//evil.example/articles/7", "/"),
        ("https://evil.example", "/"),
        ("http://localhost/articles/7", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("evil.example", "/"),
        ("", "/"),
    ],
)
def test_after_signing_in_only_a_local_path_is_followed(
    app: Flask, target: str, expected: str
) -> None:
    ensure_user(app, "tom")
    client = new_client(app)
    response = client.post("/login", {"name": "tom", "password": TEST_PASSWORD, "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "/ /evil.example"])
def test_a_next_path_with_blanks_cannot_become_another_host(app: Flask, target: str) -> None:
    """Browsers drop tabs and newlines from URLs: "/\\t/evil" would become "//evil"."""
    ensure_user(app, "tom")
    client = new_client(app)
    response = client.post("/login", {"name": "tom", "password": TEST_PASSWORD, "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    cleaned = "".join(ch for ch in location if ch not in "\t\n\r")
    assert not cleaned.startswith(("//", "/\\")), location
    assert not cleaned.startswith(("http:", "https:")), location


def test_a_deactivated_user_cannot_sign_in(app: Flask) -> None:
    ensure_user(app, "tom")
    ada = signed_in(app, "ada")
    tom_id = user(app, "tom").id
    assert ada.post(f"/users/{tom_id}", {"active": "0"}).status_code == 303
    refused = new_client(app).login("tom", TEST_PASSWORD)
    assert refused.status_code == 401
    assert error_of(refused) == error_of(new_client(app).login("nobody", WRONG))
    # Reactivated, the same password works again.
    assert ada.post(f"/users/{tom_id}", {"active": "1"}).status_code == 303
    assert new_client(app).login("tom", TEST_PASSWORD).status_code == 303


def test_signing_out_ends_the_session(app: Flask) -> None:
    ensure_user(app, "tom")
    client = new_client(app)
    assert client.login("tom").status_code == 303
    assert is_signed_in(client)
    response = client.post("/logout")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")
    assert not is_signed_in(client)
    assert client.get("/", hx=True).status_code == 401


# ---------------------------------------------------------------- throttling


@pytest.fixture
def strict_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app with low sign-in limits, on the same database (emptied by ``app``)."""
    strict = make_app(
        database_url,
        tmp_path,
        LOGIN_LIMIT_PER_ACCOUNT="3 per minute",
        LOGIN_LIMIT_PER_ADDRESS="6 per minute",
    )
    for name in ("ada", "rita", "tom"):
        ensure_user(strict, name)
    yield strict
    with strict.app_context():
        db.engine.dispose()


def test_too_many_failed_sign_ins_for_one_account(strict_app: Flask) -> None:
    client = new_client(strict_app)
    # Successful sign-ins cost nothing.
    for _ in range(4):
        assert client.login("tom").status_code == 303
    for _ in range(3):
        assert client.login("tom", WRONG).status_code == 401
    # The account is locked for a while, even with the right password
    # and whatever way its name is typed.
    for name in ("tom", "Tom", " TOM "):
        locked = client.login(name, TEST_PASSWORD)
        assert locked.status_code == 429, name
        message = error_of(locked)
        assert "account" in message and "Wait" in message
    # The same account from another address is locked too.
    elsewhere = new_client(strict_app, REMOTE_ADDR="192.0.2.7")
    assert elsewhere.login("tom", TEST_PASSWORD).status_code == 429
    # Another account from the same address still signs in.
    other = new_client(strict_app)
    assert other.login("rita").status_code == 303
    assert is_signed_in(other)


def test_too_many_failed_sign_ins_from_one_address(strict_app: Flask) -> None:
    client = new_client(strict_app)
    for name in ("tom", "tom", "rita", "rita", "ada"):
        assert client.login(name, WRONG).status_code == 401
    # Five failures from this address: another account still gets in.
    assert new_client(strict_app).login("ada").status_code == 303
    assert client.login("ada", WRONG).status_code == 401
    # Six: no account gets in from this address, not even one nobody tried.
    for name in ("ada", "rita", "zed"):
        locked = new_client(strict_app).login(name, TEST_PASSWORD)
        assert locked.status_code == 429, name
        assert "address" in error_of(locked)
    # Another address is not affected.
    assert new_client(strict_app, REMOTE_ADDR="192.0.2.8").login("ada").status_code == 303


# ---------------------------------------------------------------- passwords


def test_passwords_are_stored_as_scrypt_hashes(app: Flask) -> None:
    ensure_user(app, "tom")
    tom = new_client(app)
    tom.login("tom")
    assert change_password(tom).status_code == 200
    assert_scrypt(app, "tom", NEW_PASSWORD)
    ada = signed_in(app, "ada")
    added = ada.post("/users", {"name": "nina", "role": "translator"})
    assert_scrypt(app, "nina", one_time_password(added))
    reset = ada.post(f"/users/{user(app, 'tom').id}/reset-password")
    assert_scrypt(app, "tom", one_time_password(reset), NEW_PASSWORD)


@pytest.mark.parametrize(
    ("new", "again", "current", "words"),
    [
        ("short", "short", TEST_PASSWORD, "10 characters"),
        ("123456789", "123456789", TEST_PASSWORD, "10 characters"),
        (NEW_PASSWORD, NEW_PASSWORD + "!", TEST_PASSWORD, "differ"),
        (NEW_PASSWORD, NEW_PASSWORD, WRONG, "current password"),
        (NEW_PASSWORD, NEW_PASSWORD, "", "current password"),
        ("x" * 201, "x" * 201, TEST_PASSWORD, "200 characters"),
    ],
    ids=["short", "nine", "differ", "wrong current", "no current", "too long"],
)
def test_a_refused_password_change_changes_nothing(
    app: Flask, new: str, again: str, current: str, words: str
) -> None:
    ensure_user(app, "tom")
    before = user(app, "tom")
    tom, elsewhere = new_client(app), new_client(app)
    tom.login("tom")
    elsewhere.login("tom")
    sessions_before = live_sessions(app, "tom")
    response = tom.post(
        "/account",
        {"action": "password", "current": current, "password": new, "password2": again},
    )
    assert response.status_code == 422
    assert words in error_of(response)
    assert user(app, "tom").password_hash == before.password_hash
    assert live_sessions(app, "tom") == sessions_before
    assert is_signed_in(tom) and is_signed_in(elsewhere)


def test_a_one_time_password_must_be_replaced_by_a_long_enough_one(app: Flask) -> None:
    ada = signed_in(app, "ada")
    password = one_time_password(ada.post("/users", {"name": "nina", "role": "translator"}))
    assert len(password) >= 10
    nina = new_client(app)
    assert nina.login("nina", password).headers["Location"] == "/account"
    short = change_password(nina, "too short", current=None)
    assert short.status_code == 422
    assert "10 characters" in error_of(short)
    assert user(app, "nina").must_change_password is True


# ---------------------------------------------------------------- one-time passwords


def test_an_added_user_signs_in_once_with_a_one_time_password(app: Flask) -> None:
    ada = signed_in(app, "ada")
    article_id = create_article(ada, ["最初の段落です。"])
    (pid,) = paragraph_ids(app, article_id)

    added = ada.post("/users", {"name": "Nina", "display_name": "Nina N.", "role": "translator"})
    assert added.status_code == 200
    password = one_time_password(added)
    assert len(password) >= 10
    assert "nina" in parse(added).select_one(".one-time").get_text()  # type: ignore[union-attr]
    nina_row = user(app, "nina")
    assert (nina_row.display_name, nina_row.role) == ("Nina N.", "translator")
    assert nina_row.must_change_password is True
    # Shown once only.
    assert password not in html(ada.get("/users"))
    assert parse(ada.get("/users")).select_one(".one-time-password") is None

    nina = new_client(app)
    signed = nina.login("nina", password)
    assert signed.status_code == 303 and signed.headers["Location"] == "/account"
    account = nina.get("/account")
    assert account.status_code == 200
    assert "one-time password" in account.get_data(as_text=True)
    # Every other page leads back to the account page, and nothing is saved.
    for url in ("/", f"/articles/{article_id}", "/articles/new", f"/paragraphs/{pid}/history"):
        response = nina.get(url)
        assert response.status_code == 303, url
        assert response.headers["Location"] == "/account", url
    refused = nina.post(f"/paragraphs/{pid}", {"text": "Sneaky.", "version": "0"})
    assert refused.status_code == 303 and refused.headers["Location"] == "/account"
    refused_hx = nina.post(f"/paragraphs/{pid}", {"text": "Sneaky.", "version": "0"}, hx=True)
    assert refused_hx.status_code == 403
    assert "Choose your own password" in refused_hx.get_data(as_text=True)
    assert stored_paragraph(app, pid).target_text == ""
    assert revisions(app, pid) == []

    changed = change_password(nina, current=None)
    assert changed.status_code == 200
    assert user(app, "nina").must_change_password is False
    # Now everything works, in the same session.
    assert nina.get("/").status_code == 200
    assert nina.get(f"/articles/{article_id}").status_code == 200
    saved = nina.post(f"/paragraphs/{pid}", {"text": "Nina's text.", "version": "0"})
    assert saved.status_code == 303
    assert stored_paragraph(app, pid).target_text == "Nina's text."
    # The one-time password is spent; the new one works.
    assert new_client(app).login("nina", password).status_code == 401
    assert new_client(app).login("nina", NEW_PASSWORD).headers["Location"] == "/"


def test_a_reset_password_is_a_new_one_time_password(app: Flask) -> None:
    ensure_user(app, "tom")
    tom = new_client(app)
    tom.login("tom")
    ada = signed_in(app, "ada")
    reset = ada.post(f"/users/{user(app, 'tom').id}/reset-password")
    assert reset.status_code == 200
    password = one_time_password(reset)
    # The old session and the old password are over.
    assert not is_signed_in(tom)
    assert new_client(app).login("tom", TEST_PASSWORD).status_code == 401
    again = new_client(app)
    assert again.login("tom", password).headers["Location"] == "/account"
    assert again.get("/").headers["Location"] == "/account"


# ---------------------------------------------------------------- sessions


def test_changing_ones_password_signs_out_the_other_sessions(app: Flask) -> None:
    ensure_user(app, "tom")
    here, there = new_client(app), new_client(app)
    assert here.login("tom").status_code == 303
    assert there.login("tom").status_code == 303
    assert is_signed_in(there)
    response = change_password(here)
    assert response.status_code == 200
    assert "signed out" in parse(response).select_one('[role="status"]').get_text()  # type: ignore[union-attr]
    assert is_signed_in(here)
    assert not is_signed_in(there)
    assert there.get("/", hx=True).status_code == 401
    assert new_client(app).login("tom", TEST_PASSWORD).status_code == 401
    assert new_client(app).login("tom", NEW_PASSWORD).status_code == 303


def test_deactivating_a_user_signs_them_out_at_once(app: Flask) -> None:
    tom = signed_in(app, "tom")
    assert is_signed_in(tom)
    ada = signed_in(app, "ada")
    assert ada.post(f"/users/{user(app, 'tom').id}", {"active": "0"}).status_code == 303
    assert not is_signed_in(tom)
    assert tom.get("/", hx=True).status_code == 401
    page = parse(ada.get("/users"))
    row = next(tr for tr in page.select("tbody tr") if tr.select_one("td").get_text() == "tom")  # type: ignore[union-attr]
    assert "deactivated" in row.get_text()
    # Reactivation does not bring the old session back.
    assert ada.post(f"/users/{user(app, 'tom').id}", {"active": "1"}).status_code == 303
    assert not is_signed_in(tom)


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"active": "0"}, "deactivate"),
        ({"role": "reviewer"}, "administrator"),
        ({"role": "translator"}, "administrator"),
    ],
    ids=["deactivate", "to reviewer", "to translator"],
)
def test_an_admin_cannot_lock_themselves_out(
    app: Flask, client: Client, form: dict[str, str], words: str
) -> None:
    ada_id = user(app, "ada").id
    sessions_before = live_sessions(app, "ada")
    response = client.post(f"/users/{ada_id}", form)
    assert response.status_code == 422
    assert words in error_of(response)
    after = user(app, "ada")
    assert (after.role, after.active) == ("admin", True)
    assert live_sessions(app, "ada") == sessions_before
    assert client.get("/users").status_code == 200


def test_an_admin_changes_another_users_role(app: Flask, client: Client) -> None:
    ensure_user(app, "tom")
    tom = signed_in(app, "tom")
    assert tom.get("/users").status_code == 403
    response = client.post(f"/users/{user(app, 'tom').id}", {"role": "admin"})
    assert response.status_code == 303
    assert user(app, "tom").role == "admin"
    # Takes effect on the next request of the open session.
    assert tom.get("/users").status_code == 200
    bad = client.post(f"/users/{user(app, 'tom').id}", {"role": "owner"})
    assert bad.status_code == 422
    assert "role" in error_of(bad)
    assert user(app, "tom").role == "admin"


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"name": "tom", "role": "translator"}, "already"),
        ({"name": "TOM", "role": "translator"}, "already"),
        ({"name": "bad name", "role": "translator"}, "sign-in name"),
        ({"name": "x", "role": "translator"}, "sign-in name"),
        ({"name": "nina", "role": "owner"}, "role"),
        ({"name": "nina", "role": "translator", "display_name": "n" * 81}, "display name"),
    ],
    ids=["duplicate", "duplicate other case", "space", "too short", "role", "display name"],
)
def test_a_refused_new_user_is_not_stored(
    app: Flask, client: Client, form: dict[str, str], words: str
) -> None:
    ensure_user(app, "tom")
    before = user_count(app)
    response = client.post("/users", form)
    assert response.status_code == 422
    assert words in error_of(response)
    assert parse(response).select_one(".one-time-password") is None
    assert user_count(app) == before


# ---------------------------------------------------------------- authors


def test_display_name_is_the_author_of_later_revisions_only(app: Flask) -> None:
    ada = signed_in(app, "ada")
    article_id = create_article(ada, ["最初の段落です。"])
    (pid,) = paragraph_ids(app, article_id)
    tom = signed_in(app, "tom")
    assert tom.post(f"/paragraphs/{pid}", {"text": "One.", "version": "0"}).status_code == 303

    renamed = tom.post("/account", {"action": "display_name", "display_name": "  Thomas   T.  "})
    assert renamed.status_code == 200
    assert user(app, "tom").display_name == "Thomas T."
    assert parse(tom.get("/")).select_one(".who-name").get_text() == "Thomas T."  # type: ignore[union-attr]
    assert tom.post(f"/paragraphs/{pid}", {"text": "Two.", "version": "1"}).status_code == 303

    first, second = revisions(app, pid)
    assert (first.author, second.author) == ("Tom Translator", "Thomas T.")
    assert stored_paragraph(app, pid).updated_by == "Thomas T."
    history = parse(tom.get(f"/paragraphs/{pid}/history", hx=True))
    by = [span.get_text() for span in history.select(".revision .by")]
    assert by == ["Thomas T.", "Tom Translator"]

    empty = tom.post("/account", {"action": "display_name", "display_name": "   "})
    assert empty.status_code == 422
    assert "display name" in error_of(empty)
    assert user(app, "tom").display_name == "Thomas T."


def test_authors_are_the_signed_in_users(app: Flask) -> None:
    ada = signed_in(app, "ada")
    article_id = create_article(ada, ["一つ目。", "二つ目。"])
    first, second = paragraph_ids(app, article_id)
    tom, rita = signed_in(app, "tom"), signed_in(app, "rita")
    tom_id, rita_id = user(app, "tom").id, user(app, "rita").id

    saved = tom.post(f"/paragraphs/{first}", {"text": "First.", "version": "0"}, hx=True)
    assert saved.status_code == 200
    p = stored_paragraph(app, first)
    assert (p.updated_by_id, p.updated_by) == (tom_id, "Tom Translator")
    # The display name a form might send is ignored: the session says who saves.
    tom.post(
        f"/paragraphs/{second}",
        {"text": "Second.", "version": "0", "author": "Rita Reviewer", "display_name": "X"},
    )
    assert stored_paragraph(app, second).updated_by_id == tom_id
    assert rita.post(f"/paragraphs/{first}/status", {"status": "reviewed"}).status_code == 303
    p = stored_paragraph(app, first)
    assert (p.status, p.updated_by_id, p.updated_by) == ("reviewed", rita_id, "Rita Reviewer")
    conflict = rita.post(f"/paragraphs/{second}", {"text": "Rita's.", "version": "0"}, hx=True)
    assert conflict.status_code == 409

    assert [(r.author_id, r.author, r.origin) for r in revisions(app, first)] == [
        (tom_id, "Tom Translator", "edit")
    ]
    assert [(r.author_id, r.origin) for r in revisions(app, second)] == [
        (tom_id, "edit"),
        (rita_id, "conflict"),
    ]
    history = parse(tom.get(f"/paragraphs/{second}/history", hx=True))
    by = {span.get_text() for span in history.select(".revision .by")}
    assert by == {"Tom Translator", "Rita Reviewer"}
    meta = parse(rita.get(f"/paragraphs/{first}", hx=True)).select_one(".save-state")
    assert meta is not None and "Rita Reviewer" in meta.get_text()


def test_a_user_added_without_display_name_is_shown_by_name(app: Flask, client: Client) -> None:
    add_user(app, "kenji", "translator")
    kenji = Client(app.test_client(), app)
    assert kenji.login("kenji").status_code == 303
    assert parse(kenji.get("/")).select_one(".who-name").get_text() == "kenji"  # type: ignore[union-attr]
