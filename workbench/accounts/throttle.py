"""Counting wrong passwords per account and per address, in the database: the
counts survive a restart and every worker process sees the same ones. The sign-in
form and the account page's current-password check share them, since both guess
at the same secret. No Flask here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from workbench.accounts.models import PasswordFailure

_LIMIT = re.compile(
    r"^\s*(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE
)
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Limit:
    """At most ``count`` failures within the last ``seconds``."""

    count: int
    seconds: int

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.seconds)


def parse_limit(text: str) -> Limit:
    """Read "10 per 15 minutes", "3 per minute" or "5/hour"."""
    match = _LIMIT.match(text)
    if not match or int(match[1]) < 1:
        raise ValueError(f"{text!r} is not a limit such as '10 per 15 minutes'.")
    amount = int(match[2] or 1)
    return Limit(int(match[1]), amount * _SECONDS[match[3].lower()])


@dataclass(frozen=True)
class Attempt:
    """Who guesses: the account name typed (lower-cased) and the address."""

    account: str
    address: str

    @classmethod
    def of(cls, account: str, address: str) -> Attempt:
        return cls(account[:64], address[:64])


def refused(
    session: Session, attempt: Attempt, per_account: Limit, per_address: Limit, now: datetime
) -> str | None:
    """ "account" or "address" when that one has failed too often lately, else None.

    One query counts both; the window slides, so a lock ends one window after the
    failures that caused it."""
    account_since = now - per_account.window
    address_since = now - per_address.window
    by_account, by_address = session.execute(
        select(
            func.count().filter(
                PasswordFailure.account == attempt.account,
                PasswordFailure.failed_at > account_since,
            ),
            func.count().filter(
                PasswordFailure.address == attempt.address,
                PasswordFailure.failed_at > address_since,
            ),
        ).where(
            or_(
                PasswordFailure.account == attempt.account,
                PasswordFailure.address == attempt.address,
            )
        )
    ).one()
    if by_account >= per_account.count:
        return "account"
    if by_address >= per_address.count:
        return "address"
    return None


def count_failure(
    session: Session, attempt: Attempt, limits: tuple[Limit, ...], now: datetime
) -> None:
    """Count one wrong password; forget failures older than every window."""
    oldest = now - max(limit.window for limit in limits)
    session.execute(
        delete(PasswordFailure).where(PasswordFailure.failed_at <= oldest),
        execution_options={"synchronize_session": False},
    )
    session.add(PasswordFailure(account=attempt.account, address=attempt.address, failed_at=now))
