"""The locked door: every request needs a signed-in user in a live session,
except a few; signing in and out; and the wrong-password counts at the door."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Flask, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value

from workbench.accounts import service, sessions, throttle
from workbench.accounts.models import User, UserSession
from workbench.database import utcnow
from workbench.extensions import db, htmx, login_manager

log = logging.getLogger(__name__)

PUBLIC_ENDPOINTS = frozenset({"accounts.login", "accounts.setup", "static"})
# Reachable while a one-time password is still to be replaced.
PASSWORD_CHANGE_ENDPOINTS = frozenset({"accounts.account", "accounts.logout", "static"})
LIMIT_SETTINGS = ("LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_ADDRESS")


@login_manager.user_loader
def load_user(key: str) -> User | None:
    """The user whose live session this cookie's key opens, in one query."""
    now = utcnow()
    found = sessions.find_alive(db.session, key, now)
    if found is None:
        return None
    record, user = found
    if sessions.needs_touch(record, now):
        _touch(record, now)
    user.session_key = key
    return user


def _touch(record: UserSession, now: datetime) -> None:
    # On a connection of its own, so that a page that only reads still marks its
    # session seen, and nothing the view does later is committed with it.
    try:
        with db.engine.begin() as connection:
            connection.execute(sessions.touch(record.id, now))
    except SQLAlchemyError:
        # "Last seen" is a hint; it never costs the editor a save.
        log.warning("could not mark session %s as seen", record.id, exc_info=True)
        return
    set_committed_value(record, "last_seen_at", now)


def sign_in(user: User) -> None:
    """Start a session for ``user`` on the server; the cookie carries its key.
    Commits (with whatever the caller changed, such as the last sign-in time)."""
    key = sessions.start(
        db.session,
        user.id,
        user_agent=request.user_agent.string,
        address=request.remote_addr or "",
    )
    db.session.commit()
    user.session_key = key
    login_user(user)


def sign_out() -> None:
    """End this browser's session on the server, for every copy of its cookie."""
    key = getattr(current_user, "session_key", None)
    if key:
        sessions.end(db.session, key)
        db.session.commit()
    logout_user()


def refuse_if_throttled(account: str, refusals: dict[str, str]) -> None:
    """Answer 429 with ``refusals[which]`` when the account or this address has
    had too many wrong passwords lately."""
    which = throttle.refused(db.session, _attempt(account), *_limits(), utcnow())
    if which is not None:
        abort(429, description=refusals[which])


def count_wrong_password(account: str) -> None:
    """Count a wrong password at once, whatever the view then rolls back."""
    db.session.rollback()
    throttle.count_failure(db.session, _attempt(account), _limits(), utcnow())
    db.session.commit()


def _attempt(account: str) -> throttle.Attempt:
    return throttle.Attempt.of(service.normalize_name(account), request.remote_addr or "")


def _limits() -> tuple[throttle.Limit, throttle.Limit]:
    limits: tuple[throttle.Limit, throttle.Limit] = current_app.extensions[
        "workbench.password_limits"
    ]
    return limits


def _read_limits(app: Flask) -> tuple[throttle.Limit, throttle.Limit]:
    limits = []
    for setting in LIMIT_SETTINGS:
        try:
            limits.append(throttle.parse_limit(str(app.config[setting])))
        except ValueError as problem:
            raise ValueError(f"WORKBENCH_{setting}: {problem}") from None
    return limits[0], limits[1]


def _signed_out() -> ResponseReturnValue:
    if htmx:
        # Never redirect an autosave: the page keeps the editor's text and retries.
        return render_template(
            "partials/error.html",
            status=401,
            title="Signed out",
            message="You are signed out. Sign in again in another tab; "
            "your text stays in this page and saves once you are back.",
        ), 401
    here = request.full_path.rstrip("?")
    if not service.user_count(db.session):
        return redirect(url_for("accounts.setup", next=here), 303)
    return redirect(url_for("accounts.login", next=here), 303)


def init_app(app: Flask) -> None:
    app.extensions["workbench.password_limits"] = _read_limits(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Sign in to go on."

    @app.before_request
    def require_user() -> ResponseReturnValue | None:
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if not current_user.is_authenticated:
            return _signed_out()
        if current_user.must_change_password and request.endpoint not in (
            PASSWORD_CHANGE_ENDPOINTS
        ):
            if htmx:
                return render_template(
                    "partials/error.html",
                    status=403,
                    title="Password needed",
                    message="Choose your own password on your account page first; "
                    "your text stays in this page.",
                ), 403
            return redirect(url_for("accounts.account"), 303)
        return None
