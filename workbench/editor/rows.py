"""What one editor row shows, built in one place for the page, a row and every swap.

A row is its paragraph plus one value per part (the machine drafts, the glossary
terms, the notes, the QA findings). Each part is a loader in ROW_PARTS that
fetches its value for many paragraphs in a fixed number of queries: adding what a
row shows (memory matches, say) is adding a field to RowView and one entry to
ROW_PARTS. The row templates take one RowView, ``row``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.articles.models import Paragraph
from workbench.checks import service as checks_service
from workbench.checks.service import RowFindings
from workbench.glossary import service as glossary_service
from workbench.machine.models import Draft
from workbench.notes import service as notes_service
from workbench.notes.models import Note


@dataclass(frozen=True)
class Scope:
    """The paragraphs a build is for; ``article_id`` is set when they are the whole
    article (its parts are then read by article, not by a list of ids)."""

    paragraphs: Sequence[Paragraph]
    article_id: int | None = None

    @property
    def ids(self) -> list[int]:
        return [p.id for p in self.paragraphs]


@dataclass
class RowView:
    paragraph: Paragraph
    drafts: list[Draft] = field(default_factory=list)
    glossary: glossary_service.RowGlossary | None = None
    notes: list[Note] = field(default_factory=list)
    findings: RowFindings = field(default_factory=RowFindings)


Loaded = Mapping[str, Mapping[int, Any]]


def _drafts(session: Session, scope: Scope, loaded: Loaded) -> dict[int, list[Draft]]:
    """Newest first: the draft cell shows the newest of each provider."""
    query = select(Draft).order_by(Draft.created_at.desc(), Draft.id.desc())
    if scope.article_id is not None:
        query = query.join(Paragraph, Paragraph.id == Draft.paragraph_id).where(
            Paragraph.article_id == scope.article_id
        )
    else:
        query = query.where(Draft.paragraph_id.in_(scope.ids))
    drafts: dict[int, list[Draft]] = {}
    for draft in session.scalars(query):
        drafts.setdefault(draft.paragraph_id, []).append(draft)
    return drafts


def _glossary(
    session: Session, scope: Scope, loaded: Loaded
) -> dict[int, glossary_service.RowGlossary]:
    return glossary_service.annotate(session, scope.paragraphs)


def _notes(session: Session, scope: Scope, loaded: Loaded) -> dict[int, list[Note]]:
    if scope.article_id is not None:
        return notes_service.article_notes(session, scope.article_id)
    return notes_service.notes_by_paragraph(session, scope.ids)


def _findings(session: Session, scope: Scope, loaded: Loaded) -> dict[int, RowFindings]:
    # The glossary check reads the matches the glossary part found.
    return checks_service.load_findings(
        session, scope.paragraphs, article_id=scope.article_id, glossary=loaded["glossary"]
    )


@dataclass(frozen=True)
class RowPart:
    """One thing a row shows: the RowView field it fills and how to load it for many
    paragraphs at once (a mapping by paragraph id; a missing id keeps the default).
    ``needs`` names parts loaded before it, whose values its loader reads."""

    name: str
    load: Callable[[Session, Scope, Loaded], Mapping[int, Any]]
    needs: tuple[str, ...] = ()


# In loading order: a part comes after the parts it needs.
ROW_PARTS: list[RowPart] = [
    RowPart("drafts", _drafts),
    RowPart("glossary", _glossary),
    RowPart("notes", _notes),
    RowPart("findings", _findings, needs=("glossary",)),
]

PART_NAMES = frozenset(part.name for part in ROW_PARTS)


@dataclass
class Rows:
    """Built rows in paragraph order, and each part's values by paragraph id (the
    shape the row partials read)."""

    views: list[RowView]
    parts: dict[str, Mapping[int, Any]]

    def context(self) -> dict[str, Any]:
        """What the page templates read: ``rows``, one RowView each."""
        return {"rows": self.views}

    @property
    def row(self) -> RowView:
        """The one row of a single-row build."""
        (view,) = self.views
        return view

    def row_context(self) -> dict[str, Any]:
        """What a single row's partials read: ``row`` and its paragraph ``p``."""
        return {"row": self.row, "p": self.row.paragraph}

    def only(self, keep: Callable[[RowView], bool]) -> Rows:
        """The rows ``keep`` accepts; the parts stay as loaded."""
        return Rows([v for v in self.views if keep(v)], self.parts)


def build_rows(
    session: Session,
    paragraphs: Sequence[Paragraph],
    *,
    whole_article: int | None = None,
    parts: Collection[str] = PART_NAMES,
) -> Rows:
    """The rows of ``paragraphs`` with the named parts (every part by default).

    ``whole_article``: the paragraphs are all of that article's, so its parts are
    read by article. Each part costs its loader's queries once, whatever the number
    of rows.
    """
    unknown = set(parts) - PART_NAMES
    if unknown:
        raise ValueError(f"no row part called {sorted(unknown)}")
    scope = Scope(paragraphs, whole_article)
    wanted = set(parts)
    for part in reversed(ROW_PARTS):
        if part.name in wanted:
            wanted.update(part.needs)
    loaded: dict[str, Mapping[int, Any]] = {}
    for part in ROW_PARTS:
        if part.name in wanted:
            loaded[part.name] = part.load(session, scope, loaded)
    views = [
        RowView(p, **{name: values[p.id] for name, values in loaded.items() if p.id in values})
        for p in paragraphs
    ]
    return Rows(views, loaded)


def build_row(session: Session, paragraph: Paragraph, **kwargs: Any) -> Rows:
    """One paragraph's row (a save, a swap)."""
    return build_rows(session, [paragraph], **kwargs)
