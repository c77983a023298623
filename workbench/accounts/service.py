"""Creating users, checking passwords, resetting them, deactivating them. No Flask here."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from workbench.accounts import sessions
from workbench.accounts.models import User
from workbench.accounts.roles import ROLES
from workbench.bidi import strip_controls
from workbench.database import utcnow

MIN_PASSWORD = 10
MAX_PASSWORD = 200
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Checked against when a name is unknown, so a wrong name costs as long as a
# wrong password and does not reveal which names exist.
_DUMMY_HASH = generate_password_hash("not a password of anyone", method="scrypt")


class AccountError(ValueError):
    """A user or password that cannot be accepted; the message says why."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"A password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"A password can have at most {MAX_PASSWORD} characters.")


def normalize_name(name: str) -> str:
    return name.strip().lower()


def check_name(name: str) -> str:
    name = normalize_name(name)
    if not _NAME.match(name):
        raise AccountError(
            "A sign-in name has 2 to 64 characters: lower-case letters, digits, dot, "
            "hyphen or underscore, starting with a letter or digit."
        )
    return name


def check_display_name(display_name: str) -> str:
    # A name shown beside every edit never needs a direction control (workbench/bidi.py).
    display_name = " ".join(strip_controls(display_name).split())
    if not display_name or len(display_name) > 80:
        raise AccountError("A display name has 1 to 80 characters.")
    return display_name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    return role


# No look-alikes (l/1/I, 0/O) and no punctuation: read aloud or copied by hand.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password() -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(16))


def user_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def find_user(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == normalize_name(name))).first()


def create_user(
    session: Session,
    name: str,
    *,
    role: str,
    display_name: str | None = None,
    password: str | None = None,
) -> tuple[User, str | None]:
    """Add a user; without ``password`` a one-time password is made and returned."""
    name = check_name(name)
    role = check_role(role)
    display_name = check_display_name(display_name or name)
    if find_user(session, name):
        raise AccountError(f"There is already a user named {name!r}.")
    generated = None
    if password is None:
        generated = password = one_time_password()
    check_password_rules(password)
    user = User(
        name=name,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        must_change_password=generated is not None,
    )
    session.add(user)
    session.flush()
    return user, generated


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = find_user(session, name)
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password(user, password):
        return None
    user.last_login_at = utcnow()
    return user


def check_password(user: User, password: str) -> bool:
    """Whether ``password`` is the user's, without signing anybody in."""
    return check_password_hash(user.password_hash, password)


def set_password(
    session: Session,
    user: User,
    password: str,
    *,
    one_time: bool = False,
    keep_key: str | None = None,
) -> None:
    """Replace the user's password; every session of theirs ends but the one
    ``keep_key`` opens (the person who chose the new password stays signed in)."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.must_change_password = one_time
    sessions.end_all(session, user.id, keep_key=keep_key)


def reset_password(session: Session, user: User) -> str:
    password = one_time_password()
    set_password(session, user, password, one_time=True)
    return password


def deactivate(session: Session, user: User) -> None:
    """The user can no longer sign in, and every session of theirs ends now;
    reactivating them later does not bring those sessions back."""
    user.active = False
    sessions.end_all(session, user.id)
