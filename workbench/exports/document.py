"""What an export is made of: an article as plain values, with the options chosen.

Every exporter renders an `ExportDocument`; none of them touches Flask or the
database. `workbench/exports/gather.py` builds the document from the database
(paragraphs, newest drafts, notes with their anchors, approved terms that
occur); tests build it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from workbench.articles.models import DONE_STATUSES, ParagraphStatus
from workbench.notes.anchoring import Anchor
from workbench.notes.models import KINDS, NoteKind, NoteStatus

Which = Literal["all", "done", "reviewed"]
Untranslated = Literal["omit", "source", "mark"]

WHICH_CHOICES: dict[str, str] = {
    "all": "All paragraphs",
    "done": "Translated and reviewed",
    "reviewed": "Reviewed only",
}
UNTRANSLATED_CHOICES: dict[str, str] = {
    "mark": "Marked as untranslated",
    "source": "Kept in Japanese",
    "omit": "Left out",
}
# What a paragraph without any English shows in the English column when marked.
UNTRANSLATED_MARK = "[Untranslated]"


@dataclass(frozen=True)
class ExportOptions:
    which: Which = "all"
    untranslated: Untranslated = "mark"
    notes: bool = True
    # Queries are questions between translator and reviewer: a file for readers
    # leaves them out unless asked (they are still warned about on the export page).
    queries: bool = False


@dataclass(frozen=True)
class ExportReply:
    author: str
    created_at: datetime
    body: str


@dataclass(frozen=True)
class ExportNote:
    """A note with its anchor. ``exact`` is empty for a note on the whole paragraph.

    ``detached``: the quoted words are no longer in the source (it was edited);
    ``exact`` is then the old quote and start/end are the old offsets.
    ``number`` counts notes through the whole document from 1, in paragraph
    order and, within a paragraph, by position in the source (whole-paragraph
    and detached notes after the placed ones).
    """

    id: int
    number: int
    kind: str  # a NoteKind
    body: str
    url: str | None
    read_on: date | None  # when a cited source was read
    status: str  # a NoteStatus
    author: str
    created_at: datetime
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    detached: bool = False
    replies: tuple[ExportReply, ...] = ()

    @property
    def kind_label(self) -> str:
        return NoteKind(self.kind).export_label if self.kind in KINDS else self.kind

    @property
    def is_open_query(self) -> bool:
        """A question to the reviewer that nobody has resolved yet."""
        return self.kind == NoteKind.QUERY and self.status == NoteStatus.OPEN

    @property
    def whole(self) -> bool:
        return self.exact == ""

    def selectors(self) -> list[dict[str, Any]]:
        """W3C Web Annotation selectors (none for a whole-paragraph note)."""
        anchor = Anchor(self.exact, self.prefix, self.suffix, self.start, self.end)
        return anchor.to_selectors()


@dataclass(frozen=True)
class ExportTerm:
    """An approved glossary term that occurs in the exported source."""

    source: str
    target: str
    kind: str
    reading: str = ""
    note: str = ""


@dataclass(frozen=True)
class ExportDraft:
    provider: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class ExportParagraph:
    id: int  # the database id: exchange formats (XLIFF, TMX) use it as the unit id
    position: int  # 1-based, as shown in the editor
    source: str
    target: str  # the translation as stored ("" when there is none)
    status: str  # a ParagraphStatus
    notes: tuple[ExportNote, ...] = ()
    terms: tuple[ExportTerm, ...] = ()
    drafts: tuple[ExportDraft, ...] = ()
    problems: tuple[str, ...] = ()  # open QA findings (not dismissed), as sentences
    # The paragraph's version when exported: exchange files carry it, so that a file
    # taken back after the paragraph was edited is known to be stale.
    version: int = 0

    @property
    def has_english(self) -> bool:
        """Whether there is English to show, confirmed or not: typed (and autosaved),
        merged, restored, taken back or copied from a machine draft. Every format
        exports it; only a paragraph without it is untranslated."""
        return self.target.strip() != ""

    @property
    def confirmed(self) -> bool:
        """English a person marked translated, or a reviewer reviewed."""
        return self.has_english and self.status in DONE_STATUSES

    @property
    def unconfirmed(self) -> bool:
        """English that nobody has marked translated yet (new or drafted)."""
        return self.has_english and not self.confirmed


@dataclass(frozen=True)
class ExportDocument:
    article_id: int
    title: str
    source_lang: str
    target_lang: str
    source_url: str | None
    byline: str | None
    imported_at: datetime
    exported_at: datetime
    paragraphs: tuple[ExportParagraph, ...]
    options: ExportOptions = field(default_factory=ExportOptions)
    # Who made the file (the signed-in user's display name; "" from the command line).
    exported_by: str = ""

    @property
    def terms(self) -> tuple[ExportTerm, ...]:
        """The approved terms occurring in the exported paragraphs, once each, by source."""
        seen: dict[str, ExportTerm] = {}
        for paragraph in self.paragraphs:
            for term in paragraph.terms:
                seen.setdefault(term.source, term)
        return tuple(sorted(seen.values(), key=lambda term: term.source))

    @property
    def notes(self) -> tuple[ExportNote, ...]:
        return tuple(note for paragraph in self.paragraphs for note in paragraph.notes)

    def shown_target(self, paragraph: ExportParagraph) -> str:
        """The English a reader sees for a paragraph: its English whatever its status,
        and for a paragraph without any, what the untranslated option says."""
        if paragraph.has_english:
            return paragraph.target
        if self.options.untranslated == "source":
            return paragraph.source
        if self.options.untranslated == "mark":
            return UNTRANSLATED_MARK
        return paragraph.target


def apply_options(document: ExportDocument, options: ExportOptions) -> ExportDocument:
    """The document as exported with ``options``: paragraphs chosen, notes kept or
    dropped, note numbers counted again from 1.

    "which" chooses by confirmed status (unconfirmed English is not "translated");
    "omit" leaves out only the paragraphs with no English at all.
    """
    kept: list[ExportParagraph] = []
    number = 0
    for paragraph in document.paragraphs:
        if options.which == "done" and paragraph.status not in DONE_STATUSES:
            continue
        if options.which == "reviewed" and paragraph.status != ParagraphStatus.REVIEWED:
            continue
        if options.untranslated == "omit" and not paragraph.has_english:
            continue
        notes: list[ExportNote] = []
        if options.notes:
            for note in paragraph.notes:
                if note.kind == NoteKind.QUERY and not options.queries:
                    continue
                number += 1
                notes.append(replace(note, number=number))
        kept.append(replace(paragraph, notes=tuple(notes)))
    return replace(document, paragraphs=tuple(kept), options=options)
