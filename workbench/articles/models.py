"""Article, Paragraph, Revision and SourceRevision: the text an editor works on and
the history of its translation and of corrections to its Japanese."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.database import Base, UTCDateTime, utcnow


class ParagraphStatus(StrEnum):
    """Where a paragraph's English stands; stored as its value."""

    NEW = "new"
    DRAFTED = "drafted"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"

    @property
    def done(self) -> bool:
        """A person confirmed the English (marked it translated, or reviewed it)."""
        return self in (ParagraphStatus.TRANSLATED, ParagraphStatus.REVIEWED)


STATUSES = tuple(ParagraphStatus)
DONE_STATUSES = tuple(status for status in ParagraphStatus if status.done)
ORIGINS = ("import", "draft", "edit", "restore", "merge", "conflict", "memory", "machine")
# Origins of English that pre-translation filled in and no person has checked yet:
# "memory" from a 100 % memory match, "machine" from a machine draft nobody chose
# ("draft" is a draft a person chose with "Use draft").
FILL_ORIGINS = ("memory", "machine")


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    source_lang: Mapped[str] = mapped_column(String(16), default="ja")
    target_lang: Mapped[str] = mapped_column(String(16), default="en")
    source_url: Mapped[str | None] = mapped_column(String(2000))
    byline: Mapped[str | None] = mapped_column(String(300))
    source_encoding: Mapped[str | None] = mapped_column(String(40))
    # The machine-translation provider chosen for this article (None: the default).
    mt_provider: Mapped[str | None] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The key of the form that created it (see workbench.formkeys): a second
    # submit of the same import preview finds this article instead of making another.
    form_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="article",
        order_by="Paragraph.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Paragraph(Base):
    __tablename__ = "paragraph"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    source_text: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ParagraphStatus.NEW)
    # Counts saves of target_text; every save names the version it edited.
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Counts corrections of source_text ("edit source"), each kept as a SourceRevision.
    source_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_by: Mapped[str | None] = mapped_column(String(120))
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "memory" or "machine" while the English is what pre-translation filled in:
    # the row says so until a person edits or confirms it (then None).
    filled_from: Mapped[str | None] = mapped_column(String(16))

    article: Mapped[Article] = relationship(back_populates="paragraphs")

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def unconfirmed(self) -> bool:
        """English is there (typed, merged, restored, a draft used) but nobody has
        marked it translated: it is exported as it stands, and warned about."""
        return self.status not in DONE_STATUSES and self.target_text.strip() != ""


class Revision(Base):
    """Every translation text that was ever saved, or offered and refused on a conflict."""

    __tablename__ = "revision"
    __table_args__ = (Index("ix_revision_paragraph_version", "paragraph_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))
    # The display name at the time, so history reads the same after a rename.
    author: Mapped[str] = mapped_column(String(120))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The paragraph version this revision produced; None for a refused (conflict) text.
    version: Mapped[int | None] = mapped_column(Integer)
    # The version the author was editing when they saved.
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    # Which open page sent it, and that page's save counter: tells a late autosave
    # from the same page (never allowed to win) from another editor's save.
    client_id: Mapped[str | None] = mapped_column(String(64))
    client_seq: Mapped[int | None] = mapped_column(Integer)
    # Where a filled text came from, as a person reads it: the memory entry's
    # article or file, or the machine-translation service.
    detail: Mapped[str | None] = mapped_column(String(300))


class ImportStage(Base):
    """An import preview's text, kept between the preview and the create step.

    The create form then posts only this stage's token and the ticks, not the
    whole text again (a form posts it URL-encoded, three to nine times larger).
    The token is also the form key of the article it creates.
    """

    __tablename__ = "import_stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    encoding: Mapped[str | None] = mapped_column(String(40))
    source_name: Mapped[str | None] = mapped_column(String(255))
    # The preview's lines as JSON: [[text, kept, reason or null], ...].
    lines_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class SourceRevision(Base):
    """A correction of a paragraph's Japanese: the text before and after, and who made it."""

    __tablename__ = "source_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("paragraph.id", ondelete="CASCADE"), index=True
    )
    previous_text: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    # The paragraph's source_version this correction produced.
    version: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(120))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
