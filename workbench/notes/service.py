"""The notes' door: writing notes and replies, resolving them, correcting a source.

Views and commands call these functions; they take a session and commit
nothing (the caller commits once). Anchors come from `anchoring`, which is pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, selectinload

from workbench import formkeys
from workbench.articles import editing
from workbench.articles.models import Paragraph
from workbench.bidi import BIDI_CONTROLS
from workbench.database import utcnow
from workbench.notes.anchoring import Anchor, AnchorError, make_anchor, relocate
from workbench.notes.models import (
    KINDS,
    STATUSES,
    Note,
    NoteKind,
    NoteReply,
    NoteStatus,
)
from workbench.typed_text import tidy

MAX_BODY = 10_000
MAX_URL = 2000


class NoteError(ValueError):
    """A note, reply or source correction that cannot be stored; the message says why."""


class StaleSelection(NoteError):
    """The words were selected in a source that has been corrected since."""


@dataclass(frozen=True)
class NoteForm:
    """A note as typed: the span is start/end, or a quote to find, or neither (whole paragraph)."""

    kind: str
    body: str
    quote: str = ""
    start: int | None = None
    end: int | None = None
    url: str = ""
    read_on: str = ""
    # The paragraph's source_version the words were selected in (None: not known).
    source_version: int | None = None
    # The form's one-time key (workbench/formkeys.py); None: every submit is a new note.
    request_key: str | None = None


def clean_body(body: str, what: str = "note") -> str:
    body = tidy(body)
    if not body:
        raise NoteError(f"Write something in the {what} first.")
    if len(body) > MAX_BODY:
        raise NoteError(f"A {what} can be at most {MAX_BODY:,} characters long.")
    return body


def clean_url(url: str) -> str | None:
    """An http(s) address or nothing; anything else (javascript:, data:, file:) is refused."""
    url = url.strip()
    if not url:
        return None
    if len(url) > MAX_URL:
        raise NoteError(f"The address can be at most {MAX_URL:,} characters long.")
    if any(ch.isspace() or ord(ch) < 32 or ch in BIDI_CONTROLS for ch in url):
        raise NoteError("The address cannot contain spaces or control characters.")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise NoteError("The source address must start with http:// or https://.")
    return url


def clean_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise NoteError("Give the date the source was read as YYYY-MM-DD.") from error
    if day > utcnow().date():
        raise NoteError("The date the source was read cannot be in the future.")
    if day.year < 1900:
        raise NoteError("The date the source was read is too far in the past.")
    return day


def anchor_for(source: str, form: NoteForm) -> Anchor:
    """The anchor for the span a person chose, checked against the current source."""
    quote = form.quote
    if form.start is not None and form.end is not None:
        anchor = make_anchor(source, form.start, form.end)
        # The page sends the words it saw: if they are not at those offsets any
        # more the source changed meanwhile, and the note must not land elsewhere.
        if quote and anchor.exact != quote:
            raise AnchorError(
                "The selected words are no longer at that place in the paragraph; "
                "reload the page and select them again."
            )
        return anchor
    quote = quote.strip()
    if not quote:
        return Anchor.whole_paragraph()
    starts = [m.start() for m in re.finditer(f"(?={re.escape(quote)})", source)]
    if not starts:
        raise AnchorError("Those words are not in the paragraph's Japanese.")
    if len(starts) > 1:
        raise AnchorError(
            f"Those words occur {len(starts)} times in the paragraph; "
            "select the one you mean in the text."
        )
    return make_anchor(source, starts[0], starts[0] + len(quote))


def _next_number(session: Session, paragraph_id: int) -> ColumnElement[int]:
    """The paragraph's next note number, computed by the INSERT itself.

    On PostgreSQL the paragraph's row is locked first, so two notes written at
    once in one paragraph take their numbers one after the other; SQLite runs
    one write at a time anyway. The unique (paragraph, number) pair holds either way.
    """
    session.execute(
        select(Paragraph.id).where(Paragraph.id == paragraph_id).with_for_update(key_share=True)
    )
    highest = select(func.coalesce(func.max(Note.number), 0)).where(
        Note.paragraph_id == paragraph_id
    )
    return highest.scalar_subquery() + 1


def add_note(
    session: Session,
    paragraph: Paragraph,
    form: NoteForm,
    *,
    author: str,
    author_id: int | None = None,
) -> Note:
    """Store a note; a form already stored under its key gives that note back instead."""
    earlier: Note | None = formkeys.find(session, Note.request_key, form.request_key)
    if earlier is not None:
        return earlier
    if form.kind not in KINDS:
        raise NoteError("Choose what kind of note this is.")
    body = clean_body(form.body)
    url = clean_url(form.url)
    read_on = clean_date(form.read_on)
    selected = form.start is not None and form.end is not None
    if (
        selected
        and form.source_version is not None
        and form.source_version != paragraph.source_version
    ):
        # Offsets into an older text would pin the note to other words.
        raise StaleSelection(
            "The Japanese of this paragraph was corrected after you selected the words; "
            "it is shown again now: select them once more. Your note is kept below."
        )
    try:
        anchor = anchor_for(paragraph.source_text, form)
    except AnchorError as error:
        raise NoteError(str(error)) from error
    number = _next_number(session, paragraph.id)
    # Asked again after the lock: a twin submit may have been stored meanwhile.
    earlier = formkeys.find(session, Note.request_key, form.request_key)
    if earlier is not None:
        return earlier
    note = Note(
        paragraph_id=paragraph.id,
        article_id=paragraph.article_id,
        number=number,
        kind=form.kind,
        body=body,
        url=url,
        read_on=read_on,
        status=NoteStatus.OPEN,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        start=anchor.start,
        end=anchor.end,
        author=author,
        author_id=author_id,
        request_key=form.request_key,
    )
    session.add(note)
    session.flush()
    return note


def add_reply(
    session: Session,
    note: Note,
    body: str,
    *,
    author: str,
    author_id: int | None = None,
    request_key: str | None = None,
) -> NoteReply:
    """Store a reply; a form already stored under its key gives that reply back instead."""
    earlier: NoteReply | None = formkeys.find(session, NoteReply.request_key, request_key)
    if earlier is not None:
        return earlier
    reply = NoteReply(
        note_id=note.id,
        body=clean_body(body, "reply"),
        author=author,
        author_id=author_id,
        request_key=request_key,
    )
    session.add(reply)
    session.flush()
    return reply


def set_status(session: Session, note: Note, status: str, *, by: str) -> None:
    if status not in STATUSES:
        raise NoteError("A note is open or resolved.")
    if status == note.status:
        return  # a double click, or someone else got there first: nothing to do
    note.status = status
    if status == NoteStatus.RESOLVED:
        note.resolved_by, note.resolved_at = by, utcnow()
    else:
        note.resolved_by, note.resolved_at = None, None
    session.flush()


# ---------------------------------------------------------------- reading


def _order(note: Note) -> tuple[int, int, int, datetime, int]:
    # Placed spans in reading order, then whole-paragraph notes, then detached ones.
    group = 2 if note.detached else (1 if note.whole else 0)
    return (group, note.start, note.end, note.created_at, note.id)


def _grouped(session: Session, where: ColumnElement[bool]) -> dict[int, list[Note]]:
    """The notes matching ``where`` (replies loaded) by paragraph id, each list in the
    editor's order."""
    query = select(Note).where(where).options(selectinload(Note.replies))
    found: dict[int, list[Note]] = {}
    for note in session.scalars(query):
        found.setdefault(note.paragraph_id, []).append(note)
    for notes in found.values():
        notes.sort(key=_order)
    return found


def notes_by_paragraph(session: Session, paragraph_ids: Iterable[int]) -> dict[int, list[Note]]:
    """Each paragraph's notes (replies loaded), placed ones in reading order first."""
    ids = list(paragraph_ids)
    if not ids:
        return {}
    return _grouped(session, Note.paragraph_id.in_(ids))


def article_notes(session: Session, article_id: int) -> dict[int, list[Note]]:
    """Every note of an article by paragraph id, in order, with replies and anchors.

    This is what exports print as footnotes: paragraphs in any order the caller
    likes, and within a paragraph the order the editor shows.
    """
    return _grouped(session, Note.article_id == article_id)


def open_queries_by_paragraph(notes: Mapping[int, list[Note]]) -> dict[int, int]:
    """Open queries per paragraph (those with any), counted in notes already loaded."""
    counts = {pid: sum(1 for note in row if note.is_open_query) for pid, row in notes.items()}
    return {pid: count for pid, count in counts.items() if count}


# The SQL form of Note.is_open_query.
_OPEN_QUERY = and_(Note.kind == NoteKind.QUERY, Note.status == NoteStatus.OPEN)


def open_queries(session: Session, article_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(Note).where(Note.article_id == article_id, _OPEN_QUERY)
        )
        or 0
    )


def open_queries_by_article(session: Session) -> dict[int, int]:
    """Open queries per article, in one query (for the article list)."""
    rows = session.execute(
        select(Note.article_id, func.count()).where(_OPEN_QUERY).group_by(Note.article_id)
    )
    return {article_id: int(count) for article_id, count in rows}


# ---------------------------------------------------------------- correcting the source


@dataclass(frozen=True)
class Reanchored:
    moved: int  # placed again, at other offsets or on edited words
    detached: int  # no longer placeable: shown with their old quote
    reattached: int  # detached before, placed again now (the words came back)

    @property
    def sentence(self) -> str:
        """What happened to the notes, for the person who corrected the text."""

        def notes(count: int, verb: str) -> str:
            return (
                f"{count} note{'' if count == 1 else 's'} {verb} {'its' if count == 1 else 'their'}"
            )

        parts = []
        if self.moved:
            parts.append(f"{notes(self.moved, 'followed')} words")
        if self.reattached:
            parts.append(f"{notes(self.reattached, 'found')} words again")
        if self.detached:
            parts.append(f"{notes(self.detached, 'lost')} words (detached)")
        return "; ".join(parts) + "." if parts else ""


def edit_source(
    session: Session,
    paragraph: Paragraph,
    text: str,
    *,
    base_version: int,
    author: str,
    author_id: int | None = None,
) -> Reanchored:
    """Correct a paragraph's Japanese (articles.editing.correct_source) and re-anchor
    its notes in the new text. SourceConflict when the form was outdated; NoteError
    when the text cannot be stored. The caller commits."""
    try:
        changed = editing.correct_source(
            session,
            paragraph,
            text,
            base_version=base_version,
            author=author,
            author_id=author_id,
        )
    except editing.EditError as error:
        raise NoteError(str(error)) from error
    if not changed:
        return Reanchored(0, 0, 0)
    return reanchor(session, paragraph.id, paragraph.source_text)


def reanchor(session: Session, paragraph_id: int, text: str) -> Reanchored:
    """Place every span note of the paragraph in its new text, or mark it detached.

    A detached note keeps its old quote and offsets; it is never dropped, and
    is placed again only where its own words and their context are found.
    """
    moved = detached = reattached = 0
    notes = session.scalars(select(Note).where(Note.paragraph_id == paragraph_id, Note.exact != ""))
    for note in notes:
        anchor = Anchor(note.exact, note.prefix, note.suffix, note.start, note.end)
        placement = relocate(anchor, text)
        if placement is None:
            if not note.detached:
                note.detached = True
                detached += 1
            continue
        if note.detached:
            reattached += 1
        elif placement.moved or not placement.exact:
            moved += 1
        fresh = make_anchor(text, placement.start, placement.end)
        if fresh.exact != note.exact:
            note.reanchored_from = note.reanchored_from or note.exact
        if fresh.exact == note.reanchored_from:
            note.reanchored_from = None  # back on the words it was written for
        note.exact, note.prefix, note.suffix = fresh.exact, fresh.prefix, fresh.suffix
        note.start, note.end, note.detached = fresh.start, fresh.end, False
    session.flush()
    return Reanchored(moved, detached, reattached)
