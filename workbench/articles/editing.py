"""Saving translations without ever losing a word.

Every save names the version it edited. The paragraph row is updated with a
compare-and-set (``WHERE version = :base``), so two saves that race each
other cannot both win, on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from workbench.articles.models import (
    DONE_STATUSES,
    FILL_ORIGINS,
    STATUSES,
    Article,
    Paragraph,
    ParagraphStatus,
    Revision,
    SourceRevision,
)
from workbench.database import rowcount, utcnow
from workbench.machine.models import Draft
from workbench.memory import service as memory_service

MAX_TRANSLATION_CHARS = 50_000

Outcome = Literal["saved", "unchanged", "superseded", "conflict"]


class EditError(ValueError):
    """A save that cannot be stored; its message is shown to the editor."""


@dataclass
class SaveResult:
    outcome: Outcome
    paragraph: Paragraph
    # On a conflict: the text that was refused (kept as a revision) and the
    # revision that holds the other editor's text.
    mine: str | None = None
    theirs: Revision | None = None


def clean_translation(text: str) -> str:
    text = clean_translation_lenient(text)
    if len(text) > MAX_TRANSLATION_CHARS:
        raise EditError(
            f"This translation is {len(text):,} characters long; "
            f"a paragraph takes at most {MAX_TRANSLATION_CHARS:,}."
        )
    if "\x00" in text:
        raise EditError("The translation contains a NUL character, which cannot be stored.")
    return text


def clean_translation_lenient(text: str) -> str:
    """The text as it would be stored, without the length checks (for comparisons)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _latest_revision(session: Session, paragraph_id: int) -> Revision | None:
    return session.scalars(
        select(Revision)
        .where(Revision.paragraph_id == paragraph_id, Revision.version.is_not(None))
        .order_by(Revision.version.desc())
        .limit(1)
    ).first()


def _same_page_supersedes(
    session: Session, paragraph_id: int, base_version: int, client_id: str | None, seq: int | None
) -> bool | None:
    """For a stale save: did only this page save since ``base_version``?

    Returns True when the stale save is newer than everything this page
    saved since (apply it), False when it is an older autosave that arrived
    late (drop it), and None when someone else saved in between (conflict).
    """
    if not client_id or seq is None:
        return None
    since = session.execute(
        select(Revision.client_id, Revision.client_seq).where(
            Revision.paragraph_id == paragraph_id,
            Revision.version > base_version,
        )
    ).all()
    seqs = [s for c, s in since if c == client_id and s is not None]
    if not since or len(seqs) != len(since):
        return None
    return seq > max(seqs)


def save_translation(
    session: Session,
    paragraph: Paragraph,
    text: str,
    *,
    base_version: int,
    author: str,
    author_id: int | None = None,
    origin: str = "edit",
    client_id: str | None = None,
    seq: int | None = None,
    mark: str | None = None,
    detail: str | None = None,
) -> SaveResult:
    """Store ``text`` as the paragraph's translation if ``base_version`` is current.

    ``detail`` says where a filled text came from (kept with its revision). A text
    filled in by pre-translation (an origin in FILL_ORIGINS) marks the paragraph
    as such; any other save, or a mark that confirms it, takes the mark away.
    The caller commits. Nothing is written when the result is ``superseded``;
    on ``conflict`` only the refused text is written, as a revision.
    """
    text = clean_translation(text)
    if mark is not None and mark not in STATUSES:
        raise EditError(f"Unknown status {mark!r}.")
    if mark in DONE_STATUSES and not text.strip():
        raise EditError("An empty translation cannot be marked translated.")

    if base_version != paragraph.version:
        if text == paragraph.target_text:
            # A double submit or a retried request that already landed.
            _apply_mark(session, paragraph, mark, author, author_id)
            return SaveResult("unchanged", paragraph)
        verdict = _same_page_supersedes(session, paragraph.id, base_version, client_id, seq)
        if verdict is False:
            return SaveResult("superseded", paragraph)
        if verdict is None:
            session.add(
                Revision(
                    paragraph_id=paragraph.id,
                    text=text,
                    origin="conflict",
                    author=author,
                    author_id=author_id,
                    version=None,
                    base_version=base_version,
                    client_id=client_id,
                    client_seq=seq,
                )
            )
            return SaveResult(
                "conflict",
                paragraph,
                mine=text,
                theirs=_latest_revision(session, paragraph.id),
            )
        # Only this page saved since: its newer text simply goes on top.
        base_version = paragraph.version

    if text == paragraph.target_text:
        _apply_mark(session, paragraph, mark, author, author_id)
        return SaveResult("unchanged", paragraph)

    now = utcnow()
    status = _status_after_edit(session, paragraph, text, mark)
    result = session.execute(
        update(Paragraph)
        .where(Paragraph.id == paragraph.id, Paragraph.version == base_version)
        .values(
            target_text=text,
            version=base_version + 1,
            status=status,
            updated_by=author,
            updated_by_id=author_id,
            updated_at=now,
            filled_from=origin if origin in FILL_ORIGINS and status not in DONE_STATUSES else None,
        )
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) == 1:
        memory_service.paragraph_changed(session, paragraph.id)
    if rowcount(result) != 1:
        # Lost a race with a save that committed after this one was read.
        session.rollback()
        session.refresh(paragraph)
        return save_translation(
            session,
            paragraph,
            text,
            base_version=base_version,
            author=author,
            author_id=author_id,
            origin=origin,
            client_id=client_id,
            seq=seq,
            mark=mark,
            detail=detail,
        )
    session.add(
        Revision(
            paragraph_id=paragraph.id,
            text=text,
            origin=origin,
            author=author,
            author_id=author_id,
            version=base_version + 1,
            base_version=base_version,
            client_id=client_id,
            client_seq=seq,
            created_at=now,
            detail=detail,
        )
    )
    _touch_article(session, paragraph.article_id)
    session.flush()
    session.refresh(paragraph)
    return SaveResult("saved", paragraph)


def _status_after_edit(session: Session, paragraph: Paragraph, text: str, mark: str | None) -> str:
    """The status a paragraph has once ``text`` replaces its English.

    Typing never confirms: English typed, merged, restored or copied from a
    draft into a new or drafted paragraph leaves it new or drafted (exported
    as it stands, and warned about) until someone marks it translated.
    """
    if mark:
        return mark
    if not text.strip():
        # No English is not a translation, whatever it was: back to where a
        # paragraph without one stands (drafted when a machine draft waits).
        return ParagraphStatus.DRAFTED if _has_draft(session, paragraph.id) else ParagraphStatus.NEW
    if paragraph.status == ParagraphStatus.REVIEWED:
        # A reviewed text that changes needs another review.
        return ParagraphStatus.TRANSLATED
    return paragraph.status


def _has_draft(session: Session, paragraph_id: int) -> bool:
    found = session.scalar(
        select(Draft.id).where(Draft.paragraph_id == paragraph_id, Draft.error.is_(None)).limit(1)
    )
    return found is not None


def _apply_mark(
    session: Session, paragraph: Paragraph, mark: str | None, author: str, author_id: int | None
) -> None:
    if mark and mark != paragraph.status:
        set_status(session, paragraph, mark, author, author_id)


def set_status(
    session: Session,
    paragraph: Paragraph,
    status: str,
    author: str,
    author_id: int | None = None,
) -> None:
    if status not in STATUSES:
        raise EditError(f"Unknown status {status!r}.")
    if status in DONE_STATUSES and not paragraph.target_text.strip():
        raise EditError("An empty translation cannot be marked translated or reviewed.")
    paragraph.status = status
    if status in DONE_STATUSES:
        # A person confirmed the English: it is no longer unchecked pre-translation.
        paragraph.filled_from = None
    paragraph.updated_by = author
    paragraph.updated_by_id = author_id
    paragraph.updated_at = utcnow()
    _touch_article(session, paragraph.article_id)


def _touch_article(session: Session, article_id: int) -> None:
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def article_paragraphs(session: Session, article_id: int) -> list[Paragraph]:
    """Every paragraph of the article, in reading order."""
    return list(
        session.scalars(
            select(Paragraph).where(Paragraph.article_id == article_id).order_by(Paragraph.position)
        )
    )


def revisions(session: Session, paragraph_id: int) -> list[Revision]:
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.paragraph_id == paragraph_id)
            .order_by(Revision.created_at.desc(), Revision.id.desc())
        )
    )


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_by_article(
    session: Session, article_ids: list[int] | None = None
) -> dict[int, Progress]:
    """Done (translated or reviewed) and total paragraphs per article, in one query."""
    done = func.sum(case((Paragraph.status.in_(DONE_STATUSES), 1), else_=0))
    query = select(Paragraph.article_id, done, func.count()).group_by(Paragraph.article_id)
    if article_ids is not None:
        query = query.where(Paragraph.article_id.in_(article_ids))
    return {aid: Progress(int(d or 0), int(t)) for aid, d, t in session.execute(query)}


# ---------------------------------------------------------------- correcting the source

MAX_SOURCE = 20_000


class SourceConflict(Exception):
    """The source was corrected by someone else since the form was opened."""


def clean_source(text: str) -> str:
    # A paragraph is one line in the editor: a pasted line break would only
    # confuse offsets, so lines are joined as the importer joins wrapped lines.
    lines = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "".join(line.strip() for line in lines).strip()
    if not text:
        raise EditError("The Japanese text cannot be empty; it is what is being translated.")
    if len(text) > MAX_SOURCE:
        raise EditError(f"A paragraph can be at most {MAX_SOURCE:,} characters long.")
    return text


def correct_source(
    session: Session,
    paragraph: Paragraph,
    text: str,
    *,
    base_version: int,
    author: str,
    author_id: int | None = None,
) -> bool:
    """Correct a paragraph's Japanese, keeping the text before as a SourceRevision;
    False when the text is the same. The caller re-anchors what points into the
    text (notes) and commits.

    Compare-and-set on source_version: a correction made from an outdated form
    raises SourceConflict and writes nothing (the view shows the typed text again).
    """
    text = clean_source(text)
    previous = paragraph.source_text
    if text == previous:
        return False
    changed = session.execute(
        update(Paragraph)
        .where(Paragraph.id == paragraph.id, Paragraph.source_version == base_version)
        .values(source_text=text, source_version=Paragraph.source_version + 1)
        .execution_options(synchronize_session=False)
    )
    if rowcount(changed) != 1:
        raise SourceConflict()
    memory_service.paragraph_changed(session, paragraph.id)
    session.refresh(paragraph)
    if paragraph.status == ParagraphStatus.REVIEWED:
        # A review approved a translation of other words: it is due again.
        paragraph.status = ParagraphStatus.TRANSLATED
    session.add(
        SourceRevision(
            paragraph_id=paragraph.id,
            previous_text=previous,
            text=text,
            version=paragraph.source_version,
            author=author,
            author_id=author_id,
        )
    )
    return True


def source_revisions(session: Session, paragraph_id: int) -> list[SourceRevision]:
    return list(
        session.scalars(
            select(SourceRevision)
            .where(SourceRevision.paragraph_id == paragraph_id)
            .order_by(SourceRevision.id.desc())
        )
    )
