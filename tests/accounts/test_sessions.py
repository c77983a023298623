"""Sessions kept on the server: signing out, a new password, deactivation and
"sign out everywhere else" end every copy of a session cookie, and the account
page lists where one is signed in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select, update
from werkzeug.test import TestResponse

from tests.support.accounts import TEST_PASSWORD, ensure_user
from tests.support.articles import create_article, paragraph_ids
from tests.support.client import Client, signed_in
from tests.support.pages import html
from workbench.accounts.models import User, UserSession
from workbench.accounts.sessions import describe_agent
from workbench.articles.models import Paragraph
from workbench.database import utcnow
from workbench.extensions import db

NEW_PASSWORD = "a brand new password"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def parse(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(html(response), "html.parser")


def browser(app: Flask, address: str = "127.0.0.1", agent: str = FIREFOX) -> Client:
    """A client that looks like one browser on one machine."""
    client = Client(app.test_client(), app)
    client.raw.environ_base.update({"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent})
    return client


def copy_of(client: Client) -> Client:
    """Another client carrying the same session cookie, as a copied cookie would."""
    app = client.raw.application
    copy = Client(app.test_client(), app)  # type: ignore[arg-type]
    cookie = client.raw.get_cookie("session")
    assert cookie is not None, "the client has no session cookie"
    copy.raw.set_cookie("session", cookie.value)
    return copy


def stored_text(app: Flask, pid: int) -> str:
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.target_text


def version_of(app: Flask, pid: int) -> int:
    with app.app_context():
        paragraph = db.session.get(Paragraph, pid)
        assert paragraph is not None
        return paragraph.version


def can_read_and_save(client: Client, app: Flask, article_id: int, pid: int, text: str) -> bool:
    """Whether the client sees the editor and can save a paragraph; a refusal
    must read as one: the sign-in page, or a 401 with a sentence for htmx."""
    page = client.get(f"/articles/{article_id}")
    form = {"text": text, "version": str(version_of(app, pid))}
    saved = client.post(f"/paragraphs/{pid}", form, hx=True)
    if page.status_code == 200:
        assert saved.status_code == 200, saved.status_code
        assert stored_text(app, pid) == text
        return True
    assert page.status_code == 303 and page.headers["Location"].startswith("/login"), page
    assert saved.status_code == 401, saved.status_code
    assert "signed out" in html(saved)
    plain = client.post(f"/paragraphs/{pid}", form)
    assert plain.status_code == 303 and plain.headers["Location"].startswith("/login")
    assert stored_text(app, pid) != text
    return False


def alive_sessions(app: Flask, name: str) -> list[UserSession]:
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(UserSession)
                .join(User)
                .where(User.name == name, UserSession.revoked_at.is_(None))
                .order_by(UserSession.id)
            )
        )
        for row in rows:
            db.session.expunge(row)
        return rows


def user_id(app: Flask, name: str) -> int:
    with app.app_context():
        found = db.session.scalars(select(User.id).where(User.name == name)).first()
        assert found is not None
        return found


def change_password(client: Client) -> TestResponse:
    return client.post(
        "/account",
        {
            "action": "password",
            "current": TEST_PASSWORD,
            "password": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def sign_out(first: Client, second: Client, app: Flask) -> None:
    assert first.post("/logout").status_code == 303


def new_password(first: Client, second: Client, app: Flask) -> None:
    response = change_password(second)
    assert response.status_code == 200
    status = parse(response).select_one('[role="status"]')
    assert status is not None and "signed out" in status.get_text()


def everywhere_else(first: Client, second: Client, app: Flask) -> None:
    response = second.post("/account", {"action": "sign_out_others"})
    assert response.status_code == 200
    status = parse(response).select_one('[role="status"]')
    assert status is not None and "other" in status.get_text()


def that_session(first: Client, second: Client, app: Flask) -> None:
    (theirs,) = [s for s in alive_sessions(app, "tom") if s.address == "192.0.2.1"]
    response = second.post("/account", {"action": "end_session", "session": str(theirs.id)})
    assert response.status_code == 200


def deactivation(first: Client, second: Client, app: Flask) -> None:
    ada = signed_in(app, "ada")
    assert ada.post(f"/users/{user_id(app, 'tom')}", {"active": "0"}).status_code == 303


def reset_by_admin(first: Client, second: Client, app: Flask) -> None:
    ada = signed_in(app, "ada")
    assert ada.post(f"/users/{user_id(app, 'tom')}/reset-password").status_code == 200


# Each way a session ends, and whether the other browser (where it was done) stays.
WAYS: dict[str, tuple[Callable[[Client, Client, Flask], None], bool]] = {
    "sign out": (sign_out, True),
    "new password": (new_password, True),
    "sign out everywhere else": (everywhere_else, True),
    "end that session": (that_session, True),
    "deactivation": (deactivation, False),
    "new password by an admin": (reset_by_admin, False),
}


@pytest.mark.parametrize("way", list(WAYS))
def test_a_copied_session_cookie_ends_with_its_session(app: Flask, way: str) -> None:
    end, second_stays = WAYS[way]
    ensure_user(app, "tom")
    article_id = create_article(signed_in(app, "ada"), ["一つ目の段落です。"])
    (pid,) = paragraph_ids(app, article_id)
    first, second = browser(app, "192.0.2.1"), browser(app, "192.0.2.2", SAFARI)
    assert first.login("tom").status_code == 303
    assert second.login("tom").status_code == 303
    copy = copy_of(first)
    copy.token  # noqa: B018 - the page's CSRF token, read while the copy still works
    # The copy works like the original: that is what a copied cookie is.
    assert can_read_and_save(copy, app, article_id, pid, "Saved by the copy.")
    assert can_read_and_save(first, app, article_id, pid, "Saved by the first browser.")

    end(first, second, app)

    assert not can_read_and_save(copy, app, article_id, pid, "The copy, after the end.")
    assert not can_read_and_save(first, app, article_id, pid, "The first, after the end.")
    assert can_read_and_save(second, app, article_id, pid, "The second.") is second_stays
    assert [s.address for s in alive_sessions(app, "tom")] == (
        ["192.0.2.2"] if second_stays else []
    )


def test_signing_in_again_after_signing_out_is_a_new_session(app: Flask) -> None:
    ensure_user(app, "tom")
    client = browser(app)
    assert client.login("tom").status_code == 303
    copy = copy_of(client)
    assert client.post("/logout").status_code == 303
    assert client.login("tom").status_code == 303
    assert client.get("/").status_code == 200
    # The old cookie stays dead: signing in again does not revive it.
    assert copy.get("/").status_code == 303
    assert len(alive_sessions(app, "tom")) == 1


def test_reactivating_a_user_does_not_bring_their_sessions_back(app: Flask) -> None:
    ensure_user(app, "tom")
    tom = browser(app)
    assert tom.login("tom").status_code == 303
    copy = copy_of(tom)
    ada = signed_in(app, "ada")
    tom_id = user_id(app, "tom")
    assert ada.post(f"/users/{tom_id}", {"active": "0"}).status_code == 303
    assert ada.post(f"/users/{tom_id}", {"active": "1"}).status_code == 303
    assert tom.get("/").status_code == 303
    assert copy.get("/").status_code == 303


def sessions_table(response: TestResponse) -> list[list[str]]:
    rows = parse(response).select("table.sessions tbody tr")
    return [[" ".join(td.get_text().split()) for td in row.select("td")] for row in rows]


def test_the_account_page_lists_where_one_is_signed_in(app: Flask) -> None:
    ensure_user(app, "tom")
    ensure_user(app, "rita")
    laptop, phone = browser(app, "192.0.2.1"), browser(app, "2001:db8::7", SAFARI)
    assert laptop.login("tom").status_code == 303
    assert phone.login("tom").status_code == 303
    gone = browser(app, "192.0.2.9")
    assert gone.login("tom").status_code == 303
    assert gone.post("/logout").status_code == 303
    # Another user's sessions are none of tom's business.
    assert browser(app, "192.0.2.5").login("rita").status_code == 303

    page = laptop.get("/account")
    assert page.status_code == 200
    rows = sessions_table(page)
    assert len(rows) == 2, rows
    mine, other = rows
    assert "Firefox on Windows" in mine[0] and "192.0.2.1" in mine[1]
    assert "This browser" in mine[-1]
    assert "Safari on iOS" in other[0] and "2001:db8::7" in other[1]
    assert "192.0.2.9" not in html(page) and "192.0.2.5" not in html(page)
    # Only the other browser's row has a button; this one signs out from the header.
    (button,) = parse(page).select("table.sessions button")
    assert " ".join(button.get_text().split()) == "Sign out Safari on iOS at 2001:db8::7"
    assert other[-1].startswith("Sign out")
    assert parse(page).find("button", string="Sign out everywhere else") is not None

    # Alone again, there is nothing to sign out elsewhere.
    assert laptop.post("/account", {"action": "sign_out_others"}).status_code == 200
    alone = laptop.get("/account")
    assert len(sessions_table(alone)) == 1
    assert parse(alone).find("button", string="Sign out everywhere else") is None


@pytest.mark.parametrize("session", ["rita's", "unknown", "not a number", "this one"])
def test_ending_a_session_that_is_not_another_of_ones_own_changes_nothing(
    app: Flask, session: str
) -> None:
    ensure_user(app, "tom")
    ensure_user(app, "rita")
    tom, rita = browser(app), browser(app, "192.0.2.5")
    assert tom.login("tom").status_code == 303
    assert rita.login("rita").status_code == 303
    (ritas,) = alive_sessions(app, "rita")
    (toms,) = alive_sessions(app, "tom")
    value = {
        "rita's": str(ritas.id),
        "unknown": str(2**31 - 1),
        "not a number": "x",
        "this one": str(toms.id),
    }[session]
    response = tom.post("/account", {"action": "end_session", "session": value})
    assert response.status_code == 422
    box = parse(response).select_one('[role="alert"]')
    assert box is not None and box.get_text().strip().endswith(".")
    assert len(alive_sessions(app, "rita")) == len(alive_sessions(app, "tom")) == 1
    assert tom.get("/").status_code == 200 and rita.get("/").status_code == 200


def test_last_seen_is_written_at_most_once_a_minute(app: Flask) -> None:
    ensure_user(app, "tom")
    tom = browser(app)
    assert tom.login("tom").status_code == 303
    (session,) = alive_sessions(app, "tom")

    def seen(ago: timedelta | None = None) -> object:
        with app.app_context():
            if ago is not None:
                db.session.execute(
                    update(UserSession)
                    .where(UserSession.id == session.id)
                    .values(last_seen_at=utcnow() - ago)
                )
                db.session.commit()
            return db.session.get(UserSession, session.id).last_seen_at  # type: ignore[union-attr]

    recently = seen(timedelta(seconds=30))
    assert tom.get("/").status_code == 200
    assert seen() == recently
    long_ago = seen(timedelta(minutes=5))
    assert tom.get("/").status_code == 200
    assert seen() > long_ago  # type: ignore[operator]


@pytest.mark.parametrize(
    ("agent", "described"),
    [
        (FIREFOX, "Firefox on Windows"),
        (SAFARI, "Safari on iOS"),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36",
            "Chrome on Linux",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, "
            "like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
            "Edge on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/126.0.0.0 Safari/537.36",
            "Chrome on Linux",
        ),
        ("curl/8.5.0", "curl/8.5.0"),
        ("", "Unknown browser"),
    ],
)
def test_a_browser_is_named_as_a_person_would(agent: str, described: str) -> None:
    assert describe_agent(agent) == described
