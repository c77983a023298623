"""Creating forms that a double submit cannot repeat.

A creating form carries a random key, made when the form is rendered. The
row it creates stores the key in a unique column, so a second submit of the
same form (a double click, a retry after a lost answer, the browser's back
button) finds that row instead of adding another; two submits that race each
other meet at the unique constraint, and the loser answers with the winner's
row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from workbench.database import Base

M = TypeVar("M", bound=Base)

# new_key gives 32 characters; keys of other lengths are not ours.
_KEY = re.compile(r"[A-Za-z0-9_-]{32}")


def new_key() -> str:
    """A key for one rendered form."""
    return uuid4().hex


def clean_key(value: str | None) -> str | None:
    """The key a form posted, or None when it is missing or malformed."""
    value = (value or "").strip()
    return value if _KEY.fullmatch(value) else None


def find(session: Session, column: InstrumentedAttribute[Any], key: str | None) -> Any:
    """The row created by the form with this key, if any."""
    if key is None:
        return None
    return session.scalars(select(column.class_).where(column == key)).first()


def create_once(
    session: Session,
    column: InstrumentedAttribute[Any],
    key: str | None,
    create: Callable[[], M],
) -> tuple[M, bool]:
    """Run ``create`` and commit, unless the form with ``key`` created its row already.

    Returns ``(row, created)``. ``create`` adds a row whose ``column`` holds
    ``key``; without a key it simply runs. Errors from ``create`` propagate
    with nothing committed.
    """
    existing = find(session, column, key)
    if existing is not None:
        return existing, False
    try:
        row = create()
        session.commit()
    except IntegrityError:
        session.rollback()
        # Another submit of the same form won the race; answer with its row.
        existing = find(session, column, key)
        if existing is None:
            raise
        return existing, False
    return row, True
