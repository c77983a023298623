"""Notes pinned to words of a paragraph's source, and their replies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.database import Base, UTCDateTime, utcnow


class NoteKind(StrEnum):
    SOURCE = "source"
    EXPLANATION = "explanation"
    TRANSLATOR = "translator"
    QUERY = "query"

    @property
    def label(self) -> str:
        """As the editor offers and shows it."""
        return _KIND_LABELS[self][0]

    @property
    def export_label(self) -> str:
        """As an exported file names it for readers."""
        return _KIND_LABELS[self][1]


_KIND_LABELS: dict[NoteKind, tuple[str, str]] = {
    NoteKind.SOURCE: ("Source citation", "Source citation"),
    NoteKind.EXPLANATION: ("Explanation", "Explanation"),
    NoteKind.TRANSLATOR: ("Translator's note", "Translator's note"),
    NoteKind.QUERY: ("Query for the reviewer", "Query"),
}


class NoteStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


KINDS: dict[str, str] = {kind: kind.label for kind in NoteKind}
STATUSES = tuple(NoteStatus)
# The hidden key a creating form carries (uuid4 hex, made when the form is
# rendered): the same submit sent twice finds the row the first one stored.
REQUEST_KEY_LENGTH = 64


class Note(Base):
    """A note on a span of a paragraph's source (or on the whole paragraph).

    The anchor is the W3C TextQuoteSelector (exact, prefix, suffix) and
    TextPositionSelector (start, end); an empty ``exact`` is the whole
    paragraph. ``detached`` is set when a source edit removed the quoted words:
    the old quote and offsets are kept so the note can still be read.

    ``number`` is the note's number in its paragraph, given once when it is
    written (the next after the paragraph's highest): markers, the row's list
    and replies name it by that number whatever happens to the other notes.
    """

    __tablename__ = "note"
    __table_args__ = (
        Index("ix_note_paragraph_status", "paragraph_id", "status"),
        UniqueConstraint("paragraph_id", "number", name="uq_note_paragraph_id_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"))
    # Denormalized so an article's open queries are counted without a join.
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    read_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=NoteStatus.OPEN)
    exact: Mapped[str] = mapped_column(Text, default="")
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    detached: Mapped[bool] = mapped_column(Boolean, default=False)
    # The quoted words before a source correction changed them (the note then
    # followed the edited words); shown with the note so the move is never silent.
    reanchored_from: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(String(120))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    request_key: Mapped[str | None] = mapped_column(String(REQUEST_KEY_LENGTH), unique=True)

    replies: Mapped[list[NoteReply]] = relationship(
        back_populates="note",
        order_by="NoteReply.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def whole(self) -> bool:
        return self.exact == ""

    @property
    def kind_label(self) -> str:
        return NoteKind(self.kind).label if self.kind in KINDS else self.kind

    @property
    def is_open(self) -> bool:
        return self.status == NoteStatus.OPEN

    @property
    def is_open_query(self) -> bool:
        return self.kind == NoteKind.QUERY and self.status == NoteStatus.OPEN


class NoteReply(Base):
    __tablename__ = "note_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    request_key: Mapped[str | None] = mapped_column(String(REQUEST_KEY_LENGTH), unique=True)

    note: Mapped[Note] = relationship(back_populates="replies")
