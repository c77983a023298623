"""Roles and what each may do: one table, read by views and templates alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

ROLES = ("translator", "reviewer", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}

# Each action and the least role that may do it.
PERMISSIONS: dict[str, str] = {
    "import": "translator",
    "edit": "translator",
    "draft": "translator",
    "propose_term": "translator",
    "write_note": "translator",
    "review": "reviewer",
    "approve_term": "reviewer",
    "resolve_query": "reviewer",
    "export": "reviewer",
    "manage_users": "admin",
    "provider_settings": "admin",
    "import_memory": "reviewer",
}

REFUSALS: dict[str, str] = {
    "review": "Only reviewers can mark a paragraph reviewed.",
    "approve_term": "Only reviewers can approve or reject glossary terms.",
    "resolve_query": "Only reviewers can resolve queries.",
    "export": "Only reviewers can export articles.",
    "manage_users": "Only an administrator can manage users.",
    "provider_settings": "Only an administrator can change machine-translation settings.",
    "import_memory": "Only reviewers can import a translation memory.",
}

F = TypeVar("F", bound=Callable[..., Any])


def role_can(role: str | None, permission: str) -> bool:
    if role not in _RANK:
        return False
    return _RANK[role] >= _RANK[PERMISSIONS[permission]]


def can(permission: str) -> bool:
    """Whether the signed-in user may do ``permission`` (used by templates too)."""
    user = current_user
    return bool(user and user.is_authenticated and role_can(user.role, permission))


def refuse(permission: str) -> None:
    abort(403, description=REFUSALS.get(permission, "Your role does not allow this action."))


def require(permission: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not can(permission):
                refuse(permission)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
