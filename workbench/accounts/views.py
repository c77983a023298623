"""Sign-in, first run, one's own account, and user management."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from workbench.accounts import service
from workbench.accounts.models import User, new_session_token
from workbench.accounts.roles import ROLES, require
from workbench.database import utcnow
from workbench.extensions import db, limiter
from workbench.lookup import get_or_404

bp = Blueprint("accounts", __name__)

LOGIN_FAILED = 401


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never redirect a sign-in to another host."""
    if target:
        parts = urlsplit(target)
        local = not parts.scheme and not parts.netloc
        if local and target.startswith("/") and not target.startswith(("//", "/\\")):
            return target
    return url_for("articles.index")


def _account_key() -> str:
    return "account:" + service.normalize_name(request.form.get("name", ""))[:64]


def _failed(response) -> bool:  # type: ignore[no-untyped-def]
    # Only failed attempts count towards the limits.
    return response.status_code == LOGIN_FAILED


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
            s.commit()
            login_user(user)
            return redirect(_safe_next(request.values.get("next")), 303)
    status = 422 if error else 200
    return render_template(
        "accounts/setup.html", form=form, error=error, next=request.values.get("next", "")
    ), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="login-account",
    error_message="Too many failed sign-ins for this account. Wait a few minutes, then try again.",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed,
    scope="login-address",
    error_message="Too many failed sign-ins from this address. Wait a few minutes, then try again.",
)
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
    user = service.authenticate(s, name, request.form.get("password", ""))
    if user is None:
        s.rollback()
        return render_template(
            "accounts/login.html",
            name=name,
            next=next_url,
            error="The name or the password is wrong.",
        ), LOGIN_FAILED
    s.commit()
    login_user(user)
    if user.must_change_password:
        return redirect(url_for("accounts.account"), 303)
    return redirect(_safe_next(next_url), 303)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    logout_user()
    return redirect(url_for("accounts.login"), 303)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> ResponseReturnValue:
    s = db.session
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    error = None
    message = None
    status = 200
    if request.method == "POST":
        form = request.form
        try:
            if form.get("action") == "password":
                if not user.must_change_password and not service.authenticate(
                    s, user.name, form.get("current", "")
                ):
                    raise service.AccountError("Your current password is wrong.")
                if form.get("password", "") != form.get("password2", ""):
                    raise service.AccountError("The two new passwords differ.")
                service.set_password(user, form.get("password", ""))
                message = "Your password is changed; other sessions were signed out."
            else:
                user.display_name = service.check_display_name(form.get("display_name", ""))
                message = "Your display name is saved."
            s.commit()
            # The session id contains the token that a new password replaced.
            login_user(user)
        except service.AccountError as problem:
            s.rollback()
            error = str(problem)
            status = 422
    return render_template("accounts/account.html", user=user, error=error, message=message), status


def _user(user_id: int) -> User:
    return get_or_404(User, user_id, "user")


def _users_page(status: int = 200, **extra) -> ResponseReturnValue:
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
            user.active = active
            if not active:
                user.session_token = new_session_token()
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
    password = service.reset_password(user)
    s.commit()
    return _users_page(created=user, password=password, reset=True)
