"""The accounts every test can use, stored with one known password."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from workbench.accounts.models import User
from workbench.extensions import db

TEST_PASSWORD = "a long test password"
# Hashed once: scrypt is slow on purpose, and the tables are emptied after each test.
_PASSWORD_HASH = generate_password_hash(TEST_PASSWORD, method="scrypt")

# The accounts every test can use: sign-in name -> (role, display name).
ACCOUNTS = {
    "ada": ("admin", "Ada Admin"),
    "rita": ("reviewer", "Rita Reviewer"),
    "tom": ("translator", "Tom Translator"),
}


def add_user(
    app: Flask,
    name: str,
    role: str,
    display_name: str | None = None,
    *,
    must_change_password: bool = False,
) -> User:
    """Store a user whose password is TEST_PASSWORD."""
    with app.app_context():
        user = User(
            name=name,
            display_name=display_name or name,
            role=role,
            password_hash=_PASSWORD_HASH,
            must_change_password=must_change_password,
        )
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def ensure_user(app: Flask, name: str) -> User:
    with app.app_context():
        user = db.session.scalars(select(User).where(User.name == name)).first()
        if user is not None:
            db.session.expunge(user)
            return user
    role, display_name = ACCOUNTS[name]
    return add_user(app, name, role, display_name)
