"""The locked door: every request needs a signed-in user, except a few."""

from __future__ import annotations

from flask import Flask, Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from workbench.accounts import service
from workbench.accounts.models import User
from workbench.extensions import db, htmx, login_manager
from workbench.lookup import column_int

PUBLIC_ENDPOINTS = frozenset({"accounts.login", "accounts.setup", "static"})
# Reachable while a one-time password is still to be replaced.
PASSWORD_CHANGE_ENDPOINTS = frozenset({"accounts.account", "accounts.logout", "static"})


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, token = session_id.partition(":")
    number = column_int(user_id)
    if number is None:
        return None
    user = db.session.get(User, number)
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def _signed_out() -> Response | tuple[str, int]:
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
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Sign in to go on."

    @app.before_request
    def require_user() -> ResponseReturnValue:
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
