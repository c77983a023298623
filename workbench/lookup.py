"""Loading a row named in a URL: an unknown id is a 404 with a sentence, never a 500;
and reading an id or counter from a form."""

from __future__ import annotations

from typing import TypeVar

from flask import abort

from workbench.database import Base
from workbench.extensions import db

M = TypeVar("M", bound=Base)


def get_or_404(model: type[M], ident: int, what: str) -> M:
    """The row of ``model`` with this id; ``what`` names it for a person ("article")."""
    row = db.session.get(model, ident)
    if row is None:
        abort(404, description=f"There is no {what} {ident}.")
    return row


def column_int(value: str | None) -> int | None:
    """A form value for a 32-bit column (an id, a version, an offset), or None when it
    is missing, not a number, negative, or larger than the column: such a value is a
    damaged or forged request, never something to pass to the database."""
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 <= number < 2**31 else None
