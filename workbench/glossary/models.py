"""Term: a name or term of the shared glossary, and the glossary's version."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.database import Base, UTCDateTime, utcnow


class TermKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    TITLE = "title"
    TERM = "term"


class TermStatus(StrEnum):
    """A term is proposed by anyone who may, then approved or rejected by a reviewer."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


KINDS = tuple(TermKind)
STATUSES = tuple(TermStatus)


def _load(value: str | None) -> list[str]:
    return [str(v) for v in json.loads(value)] if value else []


def _dump(values: list[str] | tuple[str, ...]) -> str:
    return json.dumps([v for v in values if v], ensure_ascii=False)


class Term(Base):
    __tablename__ = "term"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    # The normalized source (NFKC, casefold unless case-sensitive, no middle
    # dots): two terms with the same key are the same term.
    source_key: Mapped[str] = mapped_column(String(200), unique=True)
    target: Mapped[str] = mapped_column(String(300))
    alternatives_json: Mapped[str] = mapped_column(Text, default="[]")
    reading: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default=TermKind.TERM)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=TermStatus.PROPOSED)
    forbidden_json: Mapped[str] = mapped_column(Text, default="[]")
    variants_json: Mapped[str] = mapped_column(Text, default="[]")
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def alternatives(self) -> list[str]:
        return _load(self.alternatives_json)

    @alternatives.setter
    def alternatives(self, values: list[str]) -> None:
        self.alternatives_json = _dump(values)

    @property
    def forbidden(self) -> list[str]:
        return _load(self.forbidden_json)

    @forbidden.setter
    def forbidden(self, values: list[str]) -> None:
        self.forbidden_json = _dump(values)

    @property
    def variants(self) -> list[str]:
        return _load(self.variants_json)

    @variants.setter
    def variants(self, values: list[str]) -> None:
        self.variants_json = _dump(values)


class GlossaryState(Base):
    """One row: a version that changes with every term change.

    Each process caches its matcher per version; a random new value (not a
    counter) also tells apart two databases that happen to share a count.
    """

    __tablename__ = "glossary_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
