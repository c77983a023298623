"""Loading a row named in a URL: an unknown id is a 404 with a sentence, never a 500;
and reading a number (an id, a version, a counter, an offset) from a request.

Every number a request carries goes through `parse_int`: ids, versions, counters and
offsets all live in 32-bit columns, so anything else (negative, larger than the column,
not a whole number, missing) is a damaged or forged request. It is refused with a
sentence naming the number, never passed to the database (where a number beyond 64
bits is a crash, not an answer).
"""

from __future__ import annotations

import re
from typing import TypeVar

from flask import abort, request

from workbench.database import Base
from workbench.extensions import db

M = TypeVar("M", bound=Base)

LARGEST = 2**31 - 1  # the largest value of a 32-bit column
_WHOLE = re.compile(r"[+-]?[0-9]+")  # ASCII digits only: int() also reads "١٢" and "1_0"
_SHOWN = 24  # characters of a refused value quoted back


def get_or_404(model: type[M], ident: int, what: str) -> M:
    """The row of ``model`` with this id; ``what`` names it for a person ("article")."""
    row = db.session.get(model, ident)
    if row is None:
        abort(404, description=f"There is no {what} {ident}.")
    return row


class BadNumber(ValueError):
    """A number in a request that cannot be used; its text is the sentence to show."""


def _quoted(value: str) -> str:
    return f"“{value[:_SHOWN]}…”" if len(value) > _SHOWN else f"“{value}”"


RELOAD = "reload the page and try again."


def parse_int(value: str | None, what: str, again: str = RELOAD) -> int:
    """``value`` as a number from 0 to `LARGEST`; ``what`` names it for a person
    ("version", "term number"). Raises BadNumber with a sentence otherwise, ending in
    ``again``: what to do about it."""
    text = (value or "").strip()
    if not text:
        raise BadNumber(f"The {what} is missing from the request; {again}")
    if not _WHOLE.fullmatch(text):
        raise BadNumber(f"The {what} {_quoted(text)} is not a whole number; {again}")
    digits = text.lstrip("+-").lstrip("0")
    # Compared as text first: int() of a very long string is slow, then refused.
    if text.startswith("-") and digits:
        raise BadNumber(f"The {what} {_quoted(text)} is negative; {again}")
    if len(digits) > len(str(LARGEST)) or int(digits or "0") > LARGEST:
        raise BadNumber(
            f"The {what} {_quoted(text)} is larger than any the workbench stores "
            f"(at most {LARGEST}); {again}"
        )
    return int(digits or "0")


def optional_int(value: str | None, what: str) -> int | None:
    """Like `parse_int`, but a value that was not sent (None) is None: the caller's
    default. A value sent empty is still refused."""
    return None if value is None else parse_int(value, what)


def column_int(value: str | None) -> int | None:
    """`parse_int` for an id that is looked up next, or None when it cannot be read:
    the caller answers "there is no such row" (404) for both."""
    try:
        return parse_int(value, "number")
    except BadNumber:
        return None


def query_int(name: str, what: str) -> int | None:
    """A number in the query string, None when it is absent; one that cannot be read
    is a 400 with its sentence (the error page, or its partial for htmx)."""
    try:
        return optional_int(request.args.get(name), what)
    except BadNumber as problem:
        abort(400, description=str(problem))
