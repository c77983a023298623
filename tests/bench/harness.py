"""What the page benchmarks share: an app on an SQLite file in a folder of their
own, a client signed in as an administrator, and a count of the SQL statements."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from workbench import create_app
from workbench.accounts import sessions
from workbench.accounts.service import create_user
from workbench.extensions import db
from workbench.migrate import upgrade


def bench_app(folder: str) -> Flask:
    """A migrated app whose instance and database are in ``folder``."""
    app = create_app({"INSTANCE": folder, "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}"})
    with app.app_context():
        upgrade(db.engine)
    return app


def signed_in_client(app: Flask) -> FlaskClient:
    """A test client with the session of a new administrator, "bench"."""
    with app.app_context():
        user, _ = create_user(db.session, "bench", role="admin", password="bench password")
        key = sessions.start(db.session, user.id, user_agent="bench", address="127.0.0.1")
        db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = key
    return client


def query_counter(app: Flask) -> list[int]:
    """A one-item list that counts every statement the app's engine runs from now
    on (set it to 0 before what is to be counted)."""
    counter = [0]
    with app.app_context():

        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(*_args: object) -> None:
            counter[0] += 1

    return counter
