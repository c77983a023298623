"""Loading a row named in a URL: an unknown id is a 404 with a sentence, never a 500."""

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
