"""An article from the database as an ExportDocument, and what to warn about before export.

Five queries whatever the article's size: the paragraphs, their drafts, their
notes and replies (through `notes.service.article_notes`, the one function
exports use for notes), and the glossary (version and terms found).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.articles import editing
from workbench.articles.models import Article, Paragraph
from workbench.checks import service as checks_service
from workbench.database import utcnow
from workbench.exports.document import (
    ExportDocument,
    ExportDraft,
    ExportNote,
    ExportParagraph,
    ExportReply,
    ExportTerm,
)
from workbench.glossary import service as glossary_service
from workbench.glossary.models import TermStatus
from workbench.machine.models import Draft
from workbench.notes import service as notes_service
from workbench.notes.models import Note


def _note(note: Note, number: int) -> ExportNote:
    return ExportNote(
        id=note.id,
        number=number,
        kind=note.kind,
        body=note.body,
        url=note.url,
        read_on=note.read_on,
        status=note.status,
        author=note.author,
        created_at=note.created_at,
        exact=note.exact,
        prefix=note.prefix,
        suffix=note.suffix,
        start=note.start,
        end=note.end,
        detached=note.detached,
        replies=tuple(ExportReply(r.author, r.created_at, r.body) for r in note.replies),
    )


def _newest_drafts(session: Session, article_id: int) -> dict[int, list[ExportDraft]]:
    """The newest successful draft of each provider, per paragraph."""
    rows = session.execute(
        select(Draft.paragraph_id, Draft.provider, Draft.text, Draft.created_at)
        .join(Paragraph, Paragraph.id == Draft.paragraph_id)
        .where(Paragraph.article_id == article_id, Draft.error.is_(None))
        .order_by(Draft.created_at.desc(), Draft.id.desc())
    )
    found: dict[int, dict[str, ExportDraft]] = {}
    for pid, provider, text, created_at in rows:
        found.setdefault(pid, {}).setdefault(provider, ExportDraft(provider, text, created_at))
    return {pid: list(by_provider.values()) for pid, by_provider in found.items()}


def gather(
    session: Session, article: Article, now: datetime | None = None, exported_by: str = ""
) -> ExportDocument:
    """Every paragraph with its notes, drafts, approved terms and failing checks."""
    paragraphs = editing.article_paragraphs(session, article.id)
    drafts = _newest_drafts(session, article.id)
    notes = notes_service.article_notes(session, article.id)
    glossary = glossary_service.annotate(session, paragraphs)
    # The same findings as the editor rows and the QA page: dismissed ones left out.
    findings = checks_service.load_findings(
        session, paragraphs, article_id=article.id, glossary=glossary
    )

    exported: list[ExportParagraph] = []
    # Footnotes are numbered through the document in reading order, as footnotes
    # are; a note's own number (Note.number) names it in its row of the editor.
    number = 0
    for paragraph in paragraphs:
        row_notes: list[ExportNote] = []
        for note in notes.get(paragraph.id, []):
            number += 1
            row_notes.append(_note(note, number))
        found = glossary.get(paragraph.id)
        terms = tuple(
            ExportTerm(t.source, t.target, t.kind, t.reading, t.note)
            for t in (found.terms if found else [])
            if t.status == TermStatus.APPROVED
        )
        row_findings = findings.get(paragraph.id)
        problems = tuple(f.message for f in (row_findings.open if row_findings else []))
        exported.append(
            ExportParagraph(
                id=paragraph.id,
                position=paragraph.position,
                source=paragraph.source_text,
                target=paragraph.target_text,
                status=paragraph.status,
                notes=tuple(row_notes),
                terms=terms,
                drafts=tuple(drafts.get(paragraph.id, [])),
                problems=problems,
                version=paragraph.version,
            )
        )
    return ExportDocument(
        article_id=article.id,
        title=article.title,
        source_lang=article.source_lang,
        target_lang=article.target_lang,
        source_url=article.source_url,
        byline=article.byline,
        imported_at=article.imported_at,
        exported_at=now or utcnow(),
        paragraphs=tuple(exported),
        exported_by=exported_by,
    )


@dataclass(frozen=True)
class Warnings:
    """What an editor should know before sending the text out."""

    untranslated: list[ExportParagraph]  # no English at all
    # English that is exported as it stands but nobody has marked translated yet.
    unconfirmed: list[ExportParagraph]
    failing_checks: list[ExportParagraph]
    open_queries: list[ExportParagraph]

    @property
    def any(self) -> bool:
        return bool(
            self.untranslated or self.unconfirmed or self.failing_checks or self.open_queries
        )


def warnings(document: ExportDocument) -> Warnings:
    """Warnings about the paragraphs of ``document`` (after the options are applied)."""
    return Warnings(
        untranslated=[p for p in document.paragraphs if not p.has_english],
        unconfirmed=[p for p in document.paragraphs if p.unconfirmed],
        failing_checks=[p for p in document.paragraphs if p.problems],
        open_queries=[p for p in document.paragraphs if any(n.is_open_query for n in p.notes)],
    )
