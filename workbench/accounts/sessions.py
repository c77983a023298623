"""Sessions kept on the server: started at sign-in, checked on every request,
ended by signing out, a new password, deactivation or from another session.
No Flask here."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Update, delete, select, update
from sqlalchemy.orm import Session

from workbench.accounts.models import User, UserSession
from workbench.database import rowcount, utcnow

# last_seen_at is a hint for the account page: one write a minute, not one a request.
SEEN_EVERY = timedelta(minutes=1)
# A session nobody used for this long is over; its browser signs in again.
IDLE_LIMIT = timedelta(days=30)
MAX_AGENT = 300
MAX_ADDRESS = 64


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(session: Session, user_id: int, *, user_agent: str, address: str) -> str:
    """Record a new session for the user; return the key its cookie carries."""
    now = utcnow()
    # Sessions unseen for so long (ended ones stop being seen) are of no more use:
    # the table holds what browsers can still use, and a month of ended ones.
    session.execute(
        delete(UserSession).where(UserSession.last_seen_at <= now - IDLE_LIMIT),
        execution_options={"synchronize_session": False},
    )
    key = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user_id,
            key_hash=hash_key(key),
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:MAX_AGENT],
            address=address[:MAX_ADDRESS],
        )
    )
    session.flush()
    return key


def find_alive(session: Session, key: str, now: datetime) -> tuple[UserSession, User] | None:
    """The session this key opens and its user, in one query; None once it ended."""
    row = session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(
            UserSession.key_hash == hash_key(key),
            UserSession.revoked_at.is_(None),
            UserSession.last_seen_at > now - IDLE_LIMIT,
            User.active.is_(True),
        )
    ).first()
    return None if row is None else (row[0], row[1])


def needs_touch(record: UserSession, now: datetime) -> bool:
    return now - record.last_seen_at >= SEEN_EVERY


def touch(record_id: int, now: datetime) -> Update:
    """The statement that marks a session seen now (run on a connection of its own)."""
    return update(UserSession).where(UserSession.id == record_id).values(last_seen_at=now)


def _alive(user_id: int) -> list[ColumnElement[bool]]:
    return [UserSession.user_id == user_id, UserSession.revoked_at.is_(None)]


def end(session: Session, key: str) -> None:
    """Sign out the session this key opens, wherever its cookie was copied."""
    session.execute(
        update(UserSession)
        .where(UserSession.key_hash == hash_key(key), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_record(record: UserSession) -> None:
    record.revoked_at = utcnow()


def end_all(session: Session, user_id: int, *, keep_key: str | None = None) -> int:
    """End every session of the user but the one ``keep_key`` opens; how many ended."""
    conditions = _alive(user_id)
    if keep_key is not None:
        conditions.append(UserSession.key_hash != hash_key(keep_key))
    result = session.execute(
        update(UserSession).where(*conditions).values(revoked_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    return rowcount(result)


def other_session(
    session: Session, user_id: int, session_id: int, *, current_key: str
) -> UserSession | None:
    """Another live session of the same user, or None (someone else's, the current
    one, ended or unknown)."""
    return session.scalars(
        select(UserSession).where(
            UserSession.id == session_id,
            UserSession.key_hash != hash_key(current_key),
            *_alive(user_id),
        )
    ).first()


def alive(session: Session, user_id: int) -> list[UserSession]:
    """The user's live sessions, the most recently used first."""
    now = utcnow()
    return list(
        session.scalars(
            select(UserSession)
            .where(*_alive(user_id), UserSession.last_seen_at > now - IDLE_LIMIT)
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def is_current(record: UserSession, key: str | None) -> bool:
    return key is not None and record.key_hash == hash_key(key)


# Most specific first: Edge and Opera say "Chrome", Chrome says "Safari".
_BROWSERS = [
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chrome", re.compile(r"\b(?:Headless)?Chrome/|\bChromium/|\bCriOS/")),
    ("Safari", re.compile(r"\bSafari/")),
]
_SYSTEMS = [
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\biPhone\b|\biPad\b|\biPod\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b|\bX11\b")),
]


def describe_agent(user_agent: str) -> str:
    """A browser as a person names it ("Firefox on Windows"), from its User-Agent."""
    agent = " ".join(user_agent.split())
    browser = next((name for name, pattern in _BROWSERS if pattern.search(agent)), None)
    system = next((name for name, pattern in _SYSTEMS if pattern.search(agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or f"A browser on {system}"
    return agent[:60] or "Unknown browser"
