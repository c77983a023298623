"""Drafts, drafting jobs and provider settings.

A Draft is a machine translation kept beside a paragraph; it is never written
over the editor's translation. A Job is the state of one drafting run, in the
database so that every page, every worker and a reload see the same progress.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.database import Base, UTCDateTime, utcnow


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def active(self) -> bool:
        """Still to run or running: an article has at most one such job."""
        return self in (JobState.QUEUED, JobState.RUNNING)


JOB_STATES = tuple(JobState)
ACTIVE_JOB_STATES = tuple(state for state in JobState if state.active)


class Draft(Base):
    __tablename__ = "draft"
    __table_args__ = (
        # The cache: the same provider, languages and source text.
        Index("ix_draft_cache", "provider", "source_lang", "target_lang", "source_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("paragraph.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text)
    # Whether the error is worth retrying later (rate limits, timeouts, outages).
    retryable: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source_lang: Mapped[str] = mapped_column(String(16), default="ja")
    target_lang: Mapped[str] = mapped_column(String(16), default="en")
    source_hash: Mapped[str | None] = mapped_column(String(64))
    # Copied from an earlier draft of the same text, without a request.
    cached: Mapped[bool] = mapped_column(Boolean, default=False)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class Job(Base):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "draft" (an article), "redraft" (one paragraph) or "pretranslate".
    kind: Mapped[str] = mapped_column(String(20), default="draft")
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED)
    # JSON list of the paragraph ids this job drafts, in order.
    paragraph_ids: Mapped[str] = mapped_column(Text, default="[]")
    force: Mapped[bool] = mapped_column(Boolean, default=False)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    cached: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    # Pre-translation: how many of ``done`` came from the memory (the rest: machine).
    from_memory: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)
    started_by: Mapped[str | None] = mapped_column(String(120))
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The key of the form that started it (see workbench.formkeys): a second
    # submit of the same form finds this job instead of starting another.
    form_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_JOB_STATES

    @property
    def processed(self) -> int:
        return self.done + self.failed + self.skipped


class MachineSetting(Base):
    """A provider setting an administrator changed; the environment gives the defaults."""

    __tablename__ = "machine_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
