"""Taking translations back from an XLIFF or TMX file: plan the changes, then apply them.

The file is read by `takeback.read_translations` (pure). Here its units are
matched to the article's paragraphs by id, and each applied change is a
revision with origin "import", saved with the version the person saw in the
list of changes: a paragraph edited meanwhile becomes a conflict whose
imported text is kept as a revision, never written over the newer words.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.articles import editing
from workbench.articles.models import Article, Paragraph
from workbench.exports.takeback import TakenBack

# File states that say a person confirmed the translation.
CONFIRMED_STATES = frozenset({"translated", "reviewed", "final", "signed-off"})


class PlanError(ValueError):
    """The file does not belong to this article; the message says why."""


@dataclass(frozen=True)
class Change:
    paragraph_id: int
    position: int
    version: int  # the paragraph's version when the change was listed
    old: str
    new: str
    confirmed: bool  # the file marks the target as translated or beyond
    source_differs: bool  # the Japanese in the file is not the paragraph's current Japanese


@dataclass(frozen=True)
class Plan:
    changes: list[Change]
    unchanged: int
    skipped: int = 0  # units without a paragraph id of this workbench (left alone)


def plan(session: Session, article: Article, taken: TakenBack) -> Plan:
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
    changes: list[Change] = []
    unchanged = 0
    for pid, target in taken.targets.items():
        paragraph = paragraphs[pid]
        try:
            new = editing.clean_translation(target)
        except editing.EditError as error:
            raise PlanError(f"Paragraph {paragraph.position}: {error}") from error
        if new == paragraph.target_text or not new.strip():
            unchanged += 1
            continue
        changes.append(
            Change(
                paragraph_id=pid,
                position=paragraph.position,
                version=paragraph.version,
                old=paragraph.target_text,
                new=new,
                confirmed=taken.states.get(pid, "") in CONFIRMED_STATES,
                source_differs=taken.sources.get(pid, paragraph.source_text)
                != paragraph.source_text,
            )
        )
    changes.sort(key=lambda change: change.position)
    return Plan(changes=changes, unchanged=unchanged, skipped=taken.skipped)


@dataclass(frozen=True)
class Applied:
    saved: int
    conflicts: int  # edited meanwhile: the imported text is kept as a conflict revision
    refused: int = 0  # texts that cannot be stored (too long, NUL characters)


def apply(
    session: Session,
    article: Article,
    changes: list[Change],
    *,
    author: str,
    author_id: int | None = None,
) -> Applied:
    """Save each change as a revision with origin "import"; commits after each one,
    so that a change that meets a conflict never takes the others with it."""
    saved = conflicts = refused = 0
    for change in changes:
        paragraph = session.get(Paragraph, change.paragraph_id)
        if paragraph is None or paragraph.article_id != article.id:
            continue
        mark = "translated" if change.confirmed else None
        if mark is None and paragraph.status == "new":
            mark = "drafted"
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
        except editing.EditError:
            session.rollback()
            refused += 1
            continue
        session.commit()
        if result.outcome == "conflict":
            conflicts += 1
        elif result.outcome == "saved":
            saved += 1
    return Applied(saved=saved, conflicts=conflicts, refused=refused)
