"""MemoryEntry: one Japanese text and its English; MemoryState: the memory's version."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.database import Base, UTCDateTime, utcnow
from workbench.memory.align import VERSION as ALIGNER_VERSION


class EntryUnit(StrEnum):
    """What an entry holds: a whole paragraph, one sentence of one, or a unit of a
    TMX file taken in."""

    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"
    IMPORTED = "imported"


class MemoryEntry(Base):
    """One Japanese text with its English.

    Entries of a paragraph follow it: they are rewritten when its text changes and
    retired (kept, but never offered) when it is no longer finished. They outlive
    the article: deleting it keeps what was translated. ``seq`` is the memory's
    change count when the entry last changed; each process's lookup index reads
    only entries newer than what it has.
    """

    __tablename__ = "memory_entry"
    __table_args__ = (Index("ix_memory_entry_paragraph_unit", "paragraph_id", "unit", "sentence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    # sha256 of the match key (workbench.memory.index.match_key): finds the same
    # Japanese written with other widths or spacing.
    source_key: Mapped[str] = mapped_column(String(64), index=True)
    unit: Mapped[str] = mapped_column(String(16), default=EntryUnit.PARAGRAPH)
    paragraph_id: Mapped[int | None] = mapped_column(
        ForeignKey("paragraph.id", ondelete="SET NULL")
    )
    # For a sentence entry: which sentence of the paragraph, from 0.
    sentence: Mapped[int | None] = mapped_column(Integer)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="SET NULL"), index=True
    )
    # Where it came from, as a person reads it: the article's title then, or the file.
    origin: Mapped[str] = mapped_column(String(300), default="")
    author: Mapped[str] = mapped_column(String(120), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The paragraph's status (translated, reviewed) or "imported".
    status: Mapped[str] = mapped_column(String(16), default="translated")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    seq: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class MemoryState(Base):
    """One row: ``version`` is random per database (a process's index built on
    another database is never reused), ``seq`` counts changes. A writer raises
    ``seq`` with an UPDATE, which holds the row until it commits, so changes are
    numbered in the order they become visible. ``aligner`` is the version of the
    sentence aligner the paragraphs' entries were cut with."""

    __tablename__ = "memory_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # The aligner (workbench.memory.align.VERSION) that cut the entries of paragraphs
    # into sentences.
    aligner: Mapped[int] = mapped_column(Integer, default=ALIGNER_VERSION)
