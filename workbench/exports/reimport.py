"""Taking translations back from an XLIFF or TMX file: plan the changes, then apply them.

The file is read by `takeback.read_translations` (pure). Here its units are
matched to the article's paragraphs by id, and each applied change is a
revision with origin "import".

A file may be older than the paragraphs it comes back to: exported, sent to a
translator, and meanwhile a paragraph was edited here. Its unit then holds
words written against an older version, and taking it back would put them over
the newer ones. Every unit carries the version its paragraph had at the export;
a unit whose paragraph has changed since is listed as a conflict, with both
texts and unticked. A reviewer may still tick it: the file's words then become
the translation, and the newer ones stay in the paragraph's history. For a file
that does not say the versions (older exports), the file's export time decides
(was the paragraph saved after it?); a file that says neither leaves unticked
every paragraph that was ever saved.

Applying is all or nothing: every chosen change is checked first, then all are
stored in one transaction. Each is saved with the version the person saw in
the list, so a paragraph edited while the list was open becomes a conflict
whose imported text is kept as a revision, never written over the newer words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workbench.articles import editing
from workbench.articles.models import Article, Paragraph, ParagraphStatus, Revision
from workbench.exports.takeback import TakenBack

# File states that say a person confirmed the translation.
CONFIRMED_STATES = frozenset({"translated", "reviewed", "final", "signed-off"})


class PlanError(ValueError):
    """The file does not belong to this article; the message says why."""


class ApplyError(ValueError):
    """A chosen change cannot be stored, so none is; the message names it."""


# Whether the paragraph changed after the file was exported: "" no (or it was never
# saved), "edited" yes (its version, or a save after the file's export time, says so),
# "unknown" it was saved, and the file says neither its versions nor its export time.
Stale = Literal["", "edited", "unknown"]


@dataclass(frozen=True)
class Change:
    paragraph_id: int
    position: int
    version: int  # the paragraph's version when the change was listed
    old: str
    new: str
    confirmed: bool  # the file marks the target as translated or beyond
    source_differs: bool  # the Japanese in the file is not the paragraph's current Japanese
    stale: Stale = ""
    file_version: int | None = None  # the paragraph's version the file was exported at
    # The file still holds the paragraph's words as exported: applying it would only
    # put the older text back over the later edit.
    as_exported: bool = False

    @property
    def conflict(self) -> bool:
        """Listed unticked: applying it may replace words written after the export."""
        return self.stale != ""


@dataclass(frozen=True)
class Plan:
    changes: list[Change]
    unchanged: int
    skipped: int = 0  # units without a paragraph id of this workbench (left alone)


def plan(session: Session, article: Article, taken: TakenBack) -> Plan:
    """The changes the file proposes to the article, in paragraph order, each marked
    as a conflict when its paragraph changed after the export. Reads only.

    Raises `PlanError` when the file is not this article's.
    """
    if taken.article_id is not None and taken.article_id != article.id:
        raise PlanError(
            f"This file was exported from article {taken.article_id}, not from this one "
            f"({article.id}). Open that article to take its translations back."
        )
    if not taken.sources:
        raise PlanError(
            f"None of the file's {taken.skipped} unit{'' if taken.skipped == 1 else 's'} "
            "has a paragraph id of this workbench (p1, p2, …): it was not exported from "
            "here, or a tool renumbered its units. Export the article again and translate that."
        )
    paragraphs = {
        p.id: p
        for p in session.scalars(select(Paragraph).where(Paragraph.article_id == article.id))
    }
    strangers = sorted(set(taken.sources) - set(paragraphs))
    if strangers:
        shown = ", ".join(f"p{pid}" for pid in strangers[:5])
        raise PlanError(
            f"This file has units that are not paragraphs of this article ({shown}); "
            "it belongs to another article or another copy of the workbench."
        )
    changed: dict[Paragraph, str] = {}
    unchanged = 0
    for pid, target in taken.targets.items():
        paragraph = paragraphs[pid]
        try:
            new = editing.clean_translation(target)
        except editing.EditError as error:
            raise PlanError(f"Paragraph {paragraph.position}: {error}") from error
        if new == paragraph.target_text or not new.strip():
            unchanged += 1
        else:
            changed[paragraph] = new

    saved_after = _saved_after(session, list(changed), taken)
    exported = _exported_texts(session, list(changed), taken)
    changes = [
        _change(paragraph, new, taken, _staleness(paragraph, taken, saved_after), exported)
        for paragraph, new in changed.items()
    ]
    changes.sort(key=lambda change: change.position)
    return Plan(changes=changes, unchanged=unchanged, skipped=taken.skipped)


def _change(
    paragraph: Paragraph, new: str, taken: TakenBack, stale: Stale, exported: dict[int, str]
) -> Change:
    pid = paragraph.id
    return Change(
        paragraph_id=pid,
        position=paragraph.position,
        version=paragraph.version,
        old=paragraph.target_text,
        new=new,
        confirmed=taken.states.get(pid, "") in CONFIRMED_STATES,
        source_differs=taken.sources.get(pid, paragraph.source_text) != paragraph.source_text,
        stale=stale,
        file_version=taken.versions.get(pid),
        as_exported=stale == "edited" and exported.get(pid) == new,
    )


def _staleness(paragraph: Paragraph, taken: TakenBack, saved_after: set[int]) -> Stale:
    file_version = taken.versions.get(paragraph.id)
    if file_version is not None:
        return "edited" if file_version != paragraph.version else ""
    if paragraph.version == 0:
        return ""  # never saved: there are no words the file could be older than
    if taken.exported_at is not None:
        return "edited" if paragraph.id in saved_after else ""
    return "unknown"


def _saved_after(session: Session, paragraphs: list[Paragraph], taken: TakenBack) -> set[int]:
    """The paragraphs without a version in the file that were saved after its export time."""
    ids = [p.id for p in paragraphs if p.id not in taken.versions]
    if not ids or taken.exported_at is None:
        return set()
    return set(
        session.scalars(
            select(Revision.paragraph_id)
            .where(
                Revision.paragraph_id.in_(ids),
                Revision.version.is_not(None),
                Revision.created_at > taken.exported_at,
            )
            .distinct()
        )
    )


def _exported_texts(
    session: Session, paragraphs: list[Paragraph], taken: TakenBack
) -> dict[int, str]:
    """The words each stale paragraph had at the version its unit was exported at."""
    wanted = {
        p.id: taken.versions[p.id]
        for p in paragraphs
        if p.id in taken.versions and taken.versions[p.id] != p.version
    }
    if not wanted:
        return {}
    # Version 0 is the paragraph as imported, with no English yet.
    texts = {pid: "" for pid, version in wanted.items() if version == 0}
    rows = session.execute(
        select(Revision.paragraph_id, Revision.version, Revision.text).where(
            Revision.paragraph_id.in_(list(wanted)), Revision.version.in_(set(wanted.values()))
        )
    )
    for pid, version, text in rows:
        if wanted.get(pid) == version:
            texts[pid] = text
    return texts


@dataclass(frozen=True)
class Applied:
    saved: int
    conflicts: int  # edited meanwhile: the imported text is kept as a conflict revision
    # Of the saved ones, how many were listed as conflicts with a later edit and ticked
    # on purpose: the words they replaced are in the paragraphs' history.
    replaced: int = 0


def apply(
    session: Session,
    article: Article,
    changes: list[Change],
    *,
    author: str,
    author_id: int | None = None,
) -> Applied:
    """Save every change as a revision with origin "import", or none of them.

    Each change is checked before anything is written; a change that cannot be
    stored raises `ApplyError` naming it, after a rollback. The caller commits.
    """
    if not changes:
        return Applied(saved=0, conflicts=0)
    paragraphs = _lock(session, article.id, [change.paragraph_id for change in changes])
    try:
        seen: set[int] = set()
        for change in changes:
            _check(paragraphs, change, seen)
            seen.add(change.paragraph_id)
        saved = conflicts = replaced = 0
        for change in changes:
            paragraph = paragraphs[change.paragraph_id]
            outcome = _save(session, paragraph, change, author=author, author_id=author_id)
            if outcome == "conflict":
                conflicts += 1
            elif outcome == "saved":
                saved += 1
                if change.conflict:
                    replaced += 1
    except ApplyError:
        session.rollback()
        raise
    return Applied(saved=saved, conflicts=conflicts, replaced=replaced)


def _lock(session: Session, article_id: int, ids: list[int]) -> dict[int, Paragraph]:
    """The article's paragraphs among ``ids``, read fresh and held until the commit.

    PostgreSQL locks the rows (in id order, as every save locks a paragraph before
    its article); SQLite has one writer at a time, and becomes it at the first
    write, so the article row is written (to itself) before the rows are read
    again. Either way no save can slip in between the check and the write.
    """
    query = (
        select(Paragraph)
        .where(Paragraph.article_id == article_id, Paragraph.id.in_(set(ids)))
        .order_by(Paragraph.id)
    )
    session.scalars(query.with_for_update()).all()
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(updated_at=Article.updated_at)
        .execution_options(synchronize_session=False)
    )
    found = session.scalars(query.execution_options(populate_existing=True))
    return {paragraph.id: paragraph for paragraph in found}


def _check(paragraphs: dict[int, Paragraph], change: Change, seen: set[int]) -> None:
    paragraph = paragraphs.get(change.paragraph_id)
    if paragraph is None:
        raise ApplyError(
            f"The list of changes names paragraph id {change.paragraph_id}, which is not a "
            "paragraph of this article. Nothing was stored; upload the file again."
        )
    if change.paragraph_id in seen:
        raise ApplyError(
            f"The list of changes names paragraph {paragraph.position} twice. "
            "Nothing was stored; upload the file again."
        )
    try:
        new = editing.clean_translation(change.new)
    except editing.EditError as error:
        raise ApplyError(f"Paragraph {paragraph.position}: {error} Nothing was stored.") from error
    if not new.strip():
        raise ApplyError(
            f"Paragraph {paragraph.position}: the text from the file is empty, and an empty "
            "text is not taken back. Nothing was stored."
        )


def _save(
    session: Session, paragraph: Paragraph, change: Change, *, author: str, author_id: int | None
) -> str:
    mark = ParagraphStatus.TRANSLATED if change.confirmed else None
    if mark is None and paragraph.status == ParagraphStatus.NEW:
        mark = ParagraphStatus.DRAFTED
    try:
        result = editing.save_translation(
            session,
            paragraph,
            change.new,
            base_version=change.version,
            author=author,
            author_id=author_id,
            origin="import",
            mark=mark,
        )
    except editing.EditError as error:
        raise ApplyError(f"Paragraph {paragraph.position}: {error} Nothing was stored.") from error
    return result.outcome
