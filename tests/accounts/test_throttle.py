"""Wrong passwords are counted in the database, per account and per address:
on the sign-in form and on the account page's current-password check alike,
across restarts and for every worker process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.support.accounts import TEST_PASSWORD, ensure_user
from tests.support.app import make_app
from tests.support.client import Client
from tests.support.pages import html
from workbench.accounts.models import PasswordFailure, User
from workbench.accounts.throttle import Limit, parse_limit
from workbench.extensions import db

NEW_PASSWORD = "a brand new password"
WRONG = "not the password"
ACCOUNT_LIMIT = "3 per minute"
ADDRESS_LIMIT = "6 per minute"


def strict(database_url: str, instance: Path) -> Flask:
    """An app with low limits on the shared test database."""
    return make_app(
        database_url,
        instance,
        LOGIN_LIMIT_PER_ACCOUNT=ACCOUNT_LIMIT,
        LOGIN_LIMIT_PER_ADDRESS=ADDRESS_LIMIT,
    )


@pytest.fixture
def strict_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """Low limits, on the database the ``app`` fixture empties after the test."""
    made = strict(database_url, tmp_path)
    for name in ("ada", "rita", "tom"):
        ensure_user(made, name)
    yield made
    with made.app_context():
        db.engine.dispose()


def message(response: TestResponse) -> str:
    box = BeautifulSoup(html(response), "html.parser").select_one('[role="alert"]')
    assert box is not None, html(response)[:500]
    text = " ".join(box.get_text().split())
    assert len(text.split()) >= 4 and text.endswith("."), text
    return text


def client_at(app: Flask, address: str = "127.0.0.1") -> Client:
    client = Client(app.test_client(), app)
    client.raw.environ_base["REMOTE_ADDR"] = address
    return client


def signed_in_at(app: Flask, name: str, address: str = "127.0.0.1") -> Client:
    client = client_at(app, address)
    assert client.login(name).status_code == 303
    return client


def change_password(client: Client, current: str) -> TestResponse:
    return client.post(
        "/account",
        {
            "action": "password",
            "current": current,
            "password": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def password_hash(app: Flask, name: str) -> str:
    with app.app_context():
        found = db.session.scalars(select(User.password_hash).where(User.name == name)).first()
        assert found is not None
        return found


def let_time_pass(app: Flask, seconds: int) -> None:
    """Move every counted failure back in time, as the clock would."""
    with app.app_context():
        for failure in db.session.scalars(select(PasswordFailure)):
            failure.failed_at -= timedelta(seconds=seconds)
        db.session.commit()


def test_wrong_current_passwords_lock_the_password_change(strict_app: Flask) -> None:
    tom = signed_in_at(strict_app, "tom")
    before = password_hash(strict_app, "tom")
    for _ in range(3):
        wrong = change_password(tom, WRONG)
        assert wrong.status_code == 422
        assert "current password is wrong" in message(wrong)
    # Locked, even with the right password, and with a sentence that says what to do.
    locked = change_password(tom, TEST_PASSWORD)
    assert locked.status_code == 429
    refusal = message(locked)
    assert "account" in refusal and "Wait" in refusal
    assert password_hash(strict_app, "tom") == before
    # It is one count for one secret: the sign-in form refuses the account too.
    assert client_at(strict_app, "192.0.2.7").login("tom").status_code == 429
    # The session itself goes on, and other accounts are not affected.
    assert tom.get("/").status_code == 200
    rita = signed_in_at(strict_app, "rita")
    assert change_password(rita, TEST_PASSWORD).status_code == 200

    let_time_pass(strict_app, 61)
    assert change_password(tom, TEST_PASSWORD).status_code == 200
    assert password_hash(strict_app, "tom") != before


def test_wrong_current_passwords_from_one_address_lock_it(strict_app: Flask) -> None:
    tom, rita = signed_in_at(strict_app, "tom"), signed_in_at(strict_app, "rita")
    ada = signed_in_at(strict_app, "ada")
    for client in (tom, tom, rita, rita, ada):
        assert change_password(client, WRONG).status_code == 422
    # Five failures from this address: one more is still counted, not refused.
    assert change_password(ada, WRONG).status_code == 422
    # Six: the address is locked, for an account that failed only twice.
    locked = change_password(ada, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "address" in message(locked)
    assert client_at(strict_app).login("ada").status_code == 429
    # The same account from another address goes on.
    elsewhere = signed_in_at(strict_app, "ada", "192.0.2.8")
    assert change_password(elsewhere, TEST_PASSWORD).status_code == 200


def test_a_one_time_password_change_asks_no_current_password_and_counts_nothing(
    strict_app: Flask,
) -> None:
    nina = client_at(strict_app)
    ada = signed_in_at(strict_app, "ada")
    added = ada.post("/users", {"name": "nina", "role": "translator"})
    code = BeautifulSoup(html(added), "html.parser").select_one("code.one-time-password")
    assert code is not None
    assert nina.login("nina", code.get_text(strip=True)).status_code == 303
    assert change_password(nina, "").status_code == 200
    with strict_app.app_context():
        assert db.session.scalars(select(PasswordFailure)).first() is None


def test_sign_in_limits_survive_a_restart(
    strict_app: Flask, database_url: str, tmp_path: Path
) -> None:
    for _ in range(3):
        assert client_at(strict_app).login("tom", WRONG).status_code == 401
    assert client_at(strict_app).login("tom").status_code == 429

    restarted = strict(database_url, tmp_path / "restarted")
    try:
        locked = client_at(restarted).login("tom", TEST_PASSWORD)
        assert locked.status_code == 429
        assert "account" in message(locked)
        assert client_at(restarted).login("rita").status_code == 303
    finally:
        with restarted.app_context():
            db.engine.dispose()


def test_current_password_limits_survive_a_restart(
    strict_app: Flask, database_url: str, tmp_path: Path
) -> None:
    tom = signed_in_at(strict_app, "tom")
    for _ in range(3):
        assert change_password(tom, WRONG).status_code == 422

    restarted = strict(database_url, tmp_path / "restarted")
    try:
        # The session cookie is good in the restarted app; the count is too.
        moved = Client(restarted.test_client(), restarted)
        cookie = tom.raw.get_cookie("session")
        assert cookie is not None
        moved.raw.set_cookie("session", cookie.value)
        assert moved.get("/").status_code == 200
        locked = change_password(moved, TEST_PASSWORD)
        assert locked.status_code == 429
        assert "account" in message(locked)
    finally:
        with restarted.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("10 per 15 minutes", Limit(10, 900)),
        ("30 per 15 minutes", Limit(30, 900)),
        ("3 per minute", Limit(3, 60)),
        ("5/hour", Limit(5, 3600)),
        ("1 per 2 days", Limit(1, 172_800)),
        (" 20  PER  30 SECONDS ", Limit(20, 30)),
    ],
)
def test_limits_are_read_as_flask_limiter_wrote_them(text: str, limit: Limit) -> None:
    assert parse_limit(text) == limit


@pytest.mark.parametrize("text", [" ", "ten per minute", "0 per minute", "3 per fortnight", "3"])
def test_a_limit_that_cannot_be_read_stops_the_app_with_a_sentence(
    text: str, database_url: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="LOGIN_LIMIT_PER_ACCOUNT"):
        make_app(database_url, tmp_path, LOGIN_LIMIT_PER_ACCOUNT=text)
