"""A reviewer's decision that a QA finding is not a problem, with the reason."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.database import Base, UTCDateTime, utcnow

# The longest reason a dismissal keeps; a sentence or two is what it is for.
MAX_REASON = 2000


class Dismissal(Base):
    """One finding of one paragraph, dismissed.

    A finding is named by its check and a key made from its message
    (``checks.service.finding_key``). The dismissal holds only while the
    paragraph's two texts are the ones it was made on (``texts_hash``): when
    either changes, the finding, if it is still found, is open again. The row
    stays either way, so the paragraph's history can tell who dismissed what and
    why. ``reopened_at`` is set when a reviewer takes the dismissal back.
    """

    __tablename__ = "finding_dismissal"
    __table_args__ = (Index("ix_finding_dismissal_paragraph_key", "paragraph_id", "finding_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"))
    # Denormalized so an article's dismissals are read without a join.
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    check_id: Mapped[str] = mapped_column(String(40))
    finding_key: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)  # what was dismissed, as it was shown
    reason: Mapped[str] = mapped_column(Text)
    texts_hash: Mapped[str] = mapped_column(String(64))
    dismissed_by: Mapped[str] = mapped_column(String(200))
    dismissed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reopened_by: Mapped[str | None] = mapped_column(String(200))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
