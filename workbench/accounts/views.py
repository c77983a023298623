"""Sign-in, first run, one's own account, and user management."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from workbench.accounts import gate, service, sessions
from workbench.accounts.models import User
from workbench.accounts.roles import ROLES, require
from workbench.database import utcnow
from workbench.extensions import db
from workbench.lookup import column_int, get_or_404

bp = Blueprint("accounts", __name__)

LOGIN_FAILED = 401
SIGN_IN_REFUSALS = {
    "account": "Too many failed sign-ins for this account. Wait a few minutes, then try again.",
    "address": "Too many failed sign-ins from this address. Wait a few minutes, then try again.",
}
PASSWORD_CHECK_REFUSALS = {
    "account": "Too many wrong passwords for this account. Wait a few minutes, then try again.",
    "address": "Too many wrong passwords from this address. Wait a few minutes, then try again.",
}


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never redirect a sign-in to another host."""
    if target:
        parts = urlsplit(target)
        local = not parts.scheme and not parts.netloc
        if local and target.startswith("/") and not target.startswith(("//", "/\\")):
            return target
    return url_for("articles.index")


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> ResponseReturnValue:
    s = db.session
    if service.user_count(s):
        return redirect(url_for("accounts.login", next=request.values.get("next", "")), 303)
    form = request.form
    error = None
    if request.method == "POST":
        try:
            if form.get("password", "") != form.get("password2", ""):
                raise service.AccountError("The two passwords differ.")
            user, _ = service.create_user(
                s,
                form.get("name", ""),
                role="admin",
                display_name=form.get("display_name") or form.get("name", ""),
                password=form.get("password", ""),
            )
            s.commit()
        except service.AccountError as problem:
            s.rollback()
            error = str(problem)
        else:
            user.last_login_at = utcnow()
            gate.sign_in(user)
            return redirect(_safe_next(request.values.get("next")), 303)
    status = 422 if error else 200
    return render_template(
        "accounts/setup.html", form=form, error=error, next=request.values.get("next", "")
    ), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    s = db.session
    if not service.user_count(s):
        return redirect(url_for("accounts.setup"), 303)
    next_url = request.values.get("next", "")
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(_safe_next(next_url), 303)
        return render_template("accounts/login.html", name="", next=next_url, error=None)
    name = request.form.get("name", "")
    # Refused before the password is even hashed: a locked account costs nothing.
    gate.refuse_if_throttled(name, SIGN_IN_REFUSALS)
    user = service.authenticate(s, name, request.form.get("password", ""))
    if user is None:
        gate.count_wrong_password(name)
        return render_template(
            "accounts/login.html",
            name=name,
            next=next_url,
            error="The name or the password is wrong.",
        ), LOGIN_FAILED
    gate.sign_in(user)
    if user.must_change_password:
        return redirect(url_for("accounts.account"), 303)
    return redirect(_safe_next(next_url), 303)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    gate.sign_out()
    return redirect(url_for("accounts.login"), 303)


def _change_password(s: Session, user: User, form: MultiDict[str, str]) -> str:
    if not user.must_change_password:
        gate.refuse_if_throttled(user.name, PASSWORD_CHECK_REFUSALS)
        if not service.check_password(user, form.get("current", "")):
            gate.count_wrong_password(user.name)
            raise service.AccountError("Your current password is wrong.")
    if form.get("password", "") != form.get("password2", ""):
        raise service.AccountError("The two new passwords differ.")
    service.set_password(s, user, form.get("password", ""), keep_key=user.session_key)
    return "Your password is changed; other sessions were signed out."


def _rename(s: Session, user: User, form: MultiDict[str, str]) -> str:
    user.display_name = service.check_display_name(form.get("display_name", ""))
    return "Your display name is saved."


def _sign_out_others(s: Session, user: User, form: MultiDict[str, str]) -> str:
    ended = sessions.end_all(s, user.id, keep_key=user.session_key)
    if not ended:
        return "You were signed in nowhere else; nothing was signed out."
    return f"Signed out everywhere else: {ended} other session{'s' if ended != 1 else ''} ended."


def _end_session(s: Session, user: User, form: MultiDict[str, str]) -> str:
    session_id = column_int(form.get("session"))
    other = None
    if session_id is not None and user.session_key:
        other = sessions.other_session(s, user.id, session_id, current_key=user.session_key)
    if other is None:
        raise service.AccountError(
            "That is not another session of yours that is still signed in; "
            "to end this one, sign out."
        )
    sessions.end_record(other)
    where = sessions.describe_agent(other.user_agent)
    return f"The session on {where} ({other.address or 'unknown address'}) is signed out."


ACCOUNT_ACTIONS = {
    "password": _change_password,
    "display_name": _rename,
    "sign_out_others": _sign_out_others,
    "end_session": _end_session,
}


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> ResponseReturnValue:
    s = db.session
    user: User = current_user._get_current_object()
    error = None
    message = None
    status = 200
    if request.method == "POST":
        action = ACCOUNT_ACTIONS.get(request.form.get("action", ""), _rename)
        try:
            message = action(s, user, request.form)
            s.commit()
        except service.AccountError as problem:
            s.rollback()
            error = str(problem)
            status = 422
    return _account_page(user, error=error, message=message), status


def _account_page(user: User, **extra: str | None) -> str:
    listed = [
        (record, sessions.is_current(record, user.session_key))
        for record in sessions.alive(db.session, user.id)
    ]
    # This browser first, then the others, the most recently used first.
    listed.sort(key=lambda pair: not pair[1])
    return render_template(
        "accounts/account.html",
        user=user,
        sessions=listed,
        describe_agent=sessions.describe_agent,
        **extra,
    )


def _user(user_id: int) -> User:
    return get_or_404(User, user_id, "user")


def _users_page(status: int = 200, **extra: Any) -> ResponseReturnValue:
    users = db.session.scalars(select(User).order_by(User.name)).all()
    extra.setdefault("form", {})
    return render_template("accounts/users.html", users=users, roles=ROLES, **extra), status


@bp.get("/users")
@require("manage_users")
def users() -> ResponseReturnValue:
    return _users_page()


@bp.post("/users")
@require("manage_users")
def add_user() -> ResponseReturnValue:
    s = db.session
    form = request.form
    try:
        user, password = service.create_user(
            s,
            form.get("name", ""),
            role=form.get("role", ""),
            display_name=form.get("display_name") or None,
        )
        s.commit()
    except service.AccountError as problem:
        s.rollback()
        return _users_page(422, error=str(problem), form=form)
    return _users_page(created=user, password=password)


@bp.post("/users/<int:user_id>")
@require("manage_users")
def update_user(user_id: int) -> ResponseReturnValue:
    s = db.session
    user = _user(user_id)
    form = request.form
    try:
        if "role" in form:
            role = service.check_role(form["role"])
            if user.id == current_user.id and role != "admin":
                raise service.AccountError("You cannot remove your own administrator role.")
            user.role = role
        if "active" in form:
            active = form["active"] == "1"
            if user.id == current_user.id and not active:
                raise service.AccountError("You cannot deactivate your own account.")
            if active:
                user.active = True
            else:
                service.deactivate(s, user)
        s.commit()
    except service.AccountError as problem:
        s.rollback()
        return _users_page(422, error=str(problem))
    return redirect(url_for("accounts.users"), 303)


@bp.post("/users/<int:user_id>/reset-password")
@require("manage_users")
def reset_user_password(user_id: int) -> ResponseReturnValue:
    s = db.session
    user = _user(user_id)
    password = service.reset_password(s, user)
    s.commit()
    return _users_page(created=user, password=password, reset=True)
