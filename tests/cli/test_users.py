"""The ``workbench user`` commands, as an administrator at a shell uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import func, select

from tests.support.accounts import TEST_PASSWORD, ensure_user
from tests.support.cli import one_json_object, run
from tests.support.client import Client
from workbench.accounts.models import User
from workbench.cli import main
from workbench.extensions import db

NEW_PASSWORD = "a brand new password"


def stored(app: Flask, name: str) -> User | None:
    with app.app_context():
        row = db.session.scalars(select(User).where(User.name == name)).first()
        if row is not None:
            db.session.expunge(row)
        return row


def user_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


def assert_failed_with_a_sentence(result: Result) -> str:
    assert result.exit_code != 0
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("Error: "), message
    assert len(message.split()) >= 5, message
    assert "Traceback" not in result.output
    return message


def sign_in(app: Flask, name: str, password: str) -> tuple[Client, int, str]:
    client = Client(app.test_client(), app)
    response = client.login(name, password)
    return client, response.status_code, response.headers.get("Location", "")


def is_signed_in(client: Client) -> bool:
    response = client.get("/")
    if response.status_code == 200:
        return True
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    return False


def test_user_add_prints_one_json_object_with_a_one_time_password(app: Flask) -> None:
    payload = one_json_object(
        run(app, "user", "add", "Rika", "--role", "reviewer", "--display-name", "Rika R.", "--json")
    )
    assert set(payload) == {"name", "role", "password"}
    assert (payload["name"], payload["role"]) == ("rika", "reviewer")
    password = payload["password"]
    assert isinstance(password, str) and len(password) >= 10
    row = stored(app, "rika")
    assert row is not None
    assert (row.display_name, row.role, row.must_change_password) == ("Rika R.", "reviewer", True)
    assert row.password_hash.startswith("scrypt:") and password not in row.password_hash

    client, status, location = sign_in(app, "rika", password)
    assert (status, location) == (303, "/account")
    # Nothing but the account page until the password is changed.
    assert client.get("/").headers["Location"] == "/account"
    changed = client.post(
        "/account", {"action": "password", "password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert changed.status_code == 200
    assert client.get("/").status_code == 200
    assert sign_in(app, "rika", password)[1] == 401


def test_user_add_without_json_says_what_it_did(app: Flask) -> None:
    result = run(app, "user", "add", "kenji")
    assert result.exit_code == 0, result.output
    row = stored(app, "kenji")
    assert row is not None and (row.role, row.display_name) == ("translator", "kenji")
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)
    assert "kenji" in result.stdout and "translator" in result.stdout
    password = result.stdout.split("One-time password:", 1)[1].split()[0]
    assert sign_in(app, "kenji", password)[1:] == (303, "/account")


def test_user_add_of_an_existing_name_fails_with_a_sentence(app: Flask) -> None:
    ensure_user(app, "tom")
    before = stored(app, "tom")
    for name in ("tom", "TOM"):
        message = assert_failed_with_a_sentence(run(app, "user", "add", name, "--json"))
        assert "already" in message
    assert user_count(app) == 1
    after = stored(app, "tom")
    assert before is not None and after is not None
    assert after.password_hash == before.password_hash


@pytest.mark.parametrize("name", ["bad name", "x", "_underscore", "ünï"])
def test_user_add_of_a_bad_name_fails_with_a_sentence(app: Flask, name: str) -> None:
    message = assert_failed_with_a_sentence(run(app, "user", "add", name, "--json"))
    assert "name" in message
    assert user_count(app) == 0


def test_user_add_with_an_unknown_role_is_a_usage_error(app: Flask) -> None:
    result = run(app, "user", "add", "nina", "--role", "owner", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--role'" in result.stderr
    assert "translator" in result.stderr
    assert user_count(app) == 0


def test_user_passwd_gives_a_new_one_time_password_and_ends_sessions(app: Flask) -> None:
    ensure_user(app, "tom")
    session, status, _ = sign_in(app, "tom", TEST_PASSWORD)
    assert status == 303 and is_signed_in(session)

    payload = one_json_object(run(app, "user", "passwd", "TOM", "--json"))
    assert payload["name"] == "tom"
    password = payload["password"]
    assert isinstance(password, str) and len(password) >= 10
    row = stored(app, "tom")
    assert row is not None and row.must_change_password is True
    assert row.password_hash.startswith("scrypt:")

    assert not is_signed_in(session)
    assert sign_in(app, "tom", TEST_PASSWORD)[1] == 401
    assert sign_in(app, "tom", password)[1:] == (303, "/account")

    # A second reset spends the first one-time password too.
    again = one_json_object(run(app, "user", "passwd", "tom", "--json"))["password"]
    assert again != password
    assert sign_in(app, "tom", password)[1] == 401
    assert sign_in(app, "tom", again)[1] == 303


def test_user_passwd_without_json(app: Flask) -> None:
    ensure_user(app, "tom")
    result = run(app, "user", "passwd", "tom")
    assert result.exit_code == 0, result.output
    password = result.stdout.strip().rsplit(" ", 1)[1]
    assert sign_in(app, "tom", password)[1:] == (303, "/account")


def test_user_passwd_of_an_unknown_user_fails_with_a_sentence(app: Flask) -> None:
    ensure_user(app, "tom")
    before = stored(app, "tom")
    message = assert_failed_with_a_sentence(run(app, "user", "passwd", "nobody", "--json"))
    assert "nobody" in message
    after = stored(app, "tom")
    assert before is not None and after is not None
    assert after.password_hash == before.password_hash


def test_the_installed_command_adds_a_user_in_the_configured_database(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    env = {"WORKBENCH_DATABASE_URL": database_url, "WORKBENCH_INSTANCE": str(tmp_path)}
    payload = one_json_object(
        runner.invoke(main, ["user", "add", "aiko", "--role", "admin", "--json"], env=env)
    )
    assert payload["role"] == "admin"
    client, status, location = sign_in(app, "aiko", payload["password"])
    assert (status, location) == (303, "/account")
    reset = one_json_object(runner.invoke(main, ["user", "passwd", "aiko", "--json"], env=env))
    assert sign_in(app, "aiko", payload["password"])[1] == 401
    assert sign_in(app, "aiko", reset["password"])[1] == 303
