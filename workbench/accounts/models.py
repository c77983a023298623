"""User: who did what, and what they may do; the sessions they are signed in
with; and the wrong passwords counted against them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workbench.database import Base, UTCDateTime, utcnow


class User(Base):
    __tablename__ = "user_account"
    # Lets session_key below carry a plain annotation without being mapped.
    __allow_unmapped__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    # The sign-in name, stored lower-cased so "Aiko" and "aiko" are one account.
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    # Set for a password printed by the command line or shown to an admin:
    # its owner must choose their own at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Not a column: the key (a str) of the session this request is signed in
    # with, set when signing in and by the user loader. Flask-Login keeps
    # get_id() in the cookie, so the cookie names a session kept on the server,
    # never the user alone, and ending that session ends every copy of it.
    session_key: str | None = None

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        if not self.session_key:
            raise RuntimeError("A user is signed in through gate.sign_in, with a session.")
        return str(self.session_key)


class UserSession(Base):
    """One signed-in browser. Its cookie carries a random key and only the key's
    hash is stored, so a copy of the database signs nobody in."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Written at most once a minute (see sessions.SEEN_EVERY), not on every request.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    # Signed out, ended from another session, by a new password or by deactivation.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PasswordFailure(Base):
    """One wrong password, on the sign-in form or the account page: counted
    against the account name typed and the address it came from."""

    __tablename__ = "password_failure"
    __table_args__ = (
        Index("ix_password_failure_account_failed_at", "account", "failed_at"),
        Index("ix_password_failure_address_failed_at", "address", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
