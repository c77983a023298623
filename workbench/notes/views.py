"""Notes in the editor: add, reply, resolve and reopen; correct a paragraph's source.

Every htmx answer carries the row's notes, its source cell (the markers) and
the article's open-query count, so all three always agree after a change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_htmx import make_response
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from workbench import formkeys
from workbench.accounts.roles import refuse, require
from workbench.articles import editing
from workbench.articles.diffing import Op, diff_words
from workbench.articles.models import STATUSES, Article, Paragraph, SourceRevision
from workbench.database import Base
from workbench.editor.presenting import may_resolve
from workbench.editor.rows import build_row
from workbench.extensions import db, htmx
from workbench.lookup import BadNumber, column_int, get_or_404, parse_int
from workbench.memory import service as memory
from workbench.notes import service
from workbench.notes.models import Note, NoteKind, NoteReply

bp = Blueprint("notes", __name__)

T = TypeVar("T", bound=Base)


def _session() -> Session:
    return db.session


def _author() -> tuple[str, int]:
    return current_user.display_name, current_user.id


def _to_row(paragraph: Paragraph) -> ResponseReturnValue:
    return redirect(
        url_for("editor.page", article_id=paragraph.article_id) + f"#p-{paragraph.id}", 303
    )


def _row_context(paragraph: Paragraph) -> dict[str, Any]:
    s = _session()
    rows = build_row(s, paragraph, parts=("notes", "glossary"))
    return {
        **rows.row_context(),
        "article": s.get(Article, paragraph.article_id),
        "open_queries": service.open_queries(s, paragraph.article_id),
        # The page asking may be filtered to open queries: keep its switch as it was.
        "only_queries": "only=queries" in (htmx.current_url or ""),
    }


def _changed(paragraph: Paragraph, main: str, status: int = 200) -> ResponseReturnValue:
    """The main partial plus the row's notes, source cell and the query count, out of band."""
    context = _row_context(paragraph)
    extra = render_template("partials/notes_sync.html", **context)
    return make_response(main + extra, status, trigger={"notes-changed": {"id": paragraph.id}})


def _notes_cell(paragraph: Paragraph, **extra: Any) -> str:
    return render_template("partials/row_notes.html", oob=False, **_row_context(paragraph), **extra)


# ---------------------------------------------------------------- adding a note


def _form_values() -> dict[str, str]:
    form = request.form
    return {
        "paragraph": form.get("paragraph", ""),
        "kind": form.get("kind", "source"),
        "quote": form.get("quote", ""),
        "start": form.get("start", ""),
        "end": form.get("end", ""),
        "body": form.get("body", ""),
        "url": form.get("url", ""),
        "read_on": form.get("read_on", ""),
        "source_version": form.get("source_version", ""),
        "request_key": form.get("request_key", ""),
    }


def _blank_form(paragraph: Paragraph | None = None, quote: str = "") -> dict[str, str]:
    return {
        "paragraph": str(paragraph.id) if paragraph else "",
        "kind": "source",
        "quote": quote,
        "start": "",
        "end": "",
        "body": "",
        "url": "",
        "read_on": "",
        "source_version": str(paragraph.source_version) if paragraph else "",
        "request_key": formkeys.new_key(),
    }


@bp.get("/paragraphs/<int:pid>/notes/new")
@require("write_note")
def new_note(pid: int) -> ResponseReturnValue:
    """The note form as a page, for browsers without JavaScript."""
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    return render_template(
        "notes/new.html",
        p=paragraph,
        note_form=_blank_form(paragraph, request.args.get("quote", "")[:2000]),
        error=None,
    )


_CLASHED = (
    "It could not be stored at the same moment as another change to this paragraph; "
    "nothing was lost: send it again."
)


def _stored_once(column: InstrumentedAttribute[Any], key: str | None, store: Callable[[], T]) -> T:
    """Store once per form key (workbench/formkeys.py); a clash that is not about the
    key (two notes of a paragraph numbered at once) asks for the form again."""
    try:
        row, _ = formkeys.create_once(_session(), column, key, store)
    except IntegrityError as error:
        raise service.NoteError(_CLASHED) from error
    return row


def _posted_paragraph(value: str) -> Paragraph:
    pid = column_int(value)
    paragraph = _session().get(Paragraph, pid) if pid is not None else None
    if paragraph is None:
        abort(404, description="That paragraph does not exist; reload the page.")
    return paragraph


@bp.post("/notes")
@require("write_note")
def create_note() -> ResponseReturnValue:
    values = _form_values()
    paragraph = _posted_paragraph(values["paragraph"])
    name, user_id = _author()
    s = _session()
    key = formkeys.clean_key(values["request_key"])
    # A form shown again after a refusal keeps its key (nothing was stored under it).
    values["request_key"] = key or formkeys.new_key()
    start, end = column_int(values["start"]), column_int(values["end"])

    def store() -> Note:
        if (values["start"].strip() or values["end"].strip()) and (start is None or end is None):
            # Offsets that were sent but cannot be read must not quietly become
            # "the whole paragraph".
            raise service.NoteError("The selection is outside the paragraph.")
        # Empty: the page did not know the source's version (no stale check). Sent but
        # unreadable: refused, not quietly taken as "not known".
        source_version = _source_version(values["source_version"])
        return service.add_note(
            s,
            paragraph,
            service.NoteForm(
                kind=values["kind"],
                body=values["body"],
                quote=values["quote"],
                start=start,
                end=end,
                url=values["url"],
                read_on=values["read_on"],
                source_version=source_version,
                request_key=key,
            ),
            author=name,
            author_id=user_id,
        )

    try:
        note = _stored_once(Note.request_key, key, store)
    except service.StaleSelection as error:
        s.rollback()
        # The words must be chosen again in the corrected text: the typed note is
        # kept, the offsets dropped, and the row's fresh source comes along.
        values.update(start="", end="", source_version=str(paragraph.source_version))
        if htmx:
            form = render_template("partials/note_form.html", note_form=values, error=str(error))
            return _changed(paragraph, form, 409)
        return render_template(
            "notes/new.html", p=paragraph, note_form=values, error=str(error)
        ), 409
    except service.NoteError as error:
        s.rollback()
        # Nothing was stored: the form keeps its key, so a corrected submit is still one.
        if htmx:
            return render_template(
                "partials/note_form.html", note_form=values, error=str(error)
            ), 422
        return render_template(
            "notes/new.html", p=paragraph, note_form=values, error=str(error)
        ), 422
    # A repeated submit answers as the first one did: with the note it stored.
    paragraph = _session().get(Paragraph, note.paragraph_id) or paragraph
    if not htmx:
        return _to_row(paragraph)
    form = render_template(
        "partials/note_form.html",
        note_form=_blank_form(),
        error=None,
        message="Note added.",
    )
    return _changed(paragraph, form)


def _source_version(value: str) -> int | None:
    if not value.strip():
        return None
    try:
        return parse_int(value, "version of the Japanese text")
    except BadNumber as problem:
        raise service.NoteError(str(problem)) from problem


# ---------------------------------------------------------------- replies and status


def _note(note_id: int) -> tuple[Note, Paragraph]:
    note = get_or_404(Note, note_id, "note")
    paragraph = _session().get(Paragraph, note.paragraph_id)
    assert paragraph is not None  # a note's paragraph is deleted with it
    return note, paragraph


@bp.post("/notes/<int:note_id>/replies")
@require("write_note")
def reply(note_id: int) -> ResponseReturnValue:
    note, paragraph = _note(note_id)
    name, user_id = _author()
    s = _session()
    text = request.form.get("body", "")
    key = formkeys.clean_key(request.form.get("request_key"))

    def store() -> NoteReply:
        return service.add_reply(s, note, text, author=name, author_id=user_id, request_key=key)

    try:
        stored = _stored_once(NoteReply.request_key, key, store)
    except service.NoteError as error:
        s.rollback()
        if htmx:
            cell = _notes_cell(
                paragraph,
                reply_error={note.id: str(error)},
                reply_text=text,
                reply_key=key,
            )
            return make_response(cell, 422)
        return render_template("error.html", status=422, title="Not sent", message=str(error)), 422
    # A repeated submit answers as the first one did: with the row of the reply it stored.
    _, paragraph = _note(stored.note_id)
    if not htmx:
        return _to_row(paragraph)
    return _changed(paragraph, "")


@bp.post("/notes/<int:note_id>/status")
@require("write_note")
def set_status(note_id: int) -> ResponseReturnValue:
    note, paragraph = _note(note_id)
    if not may_resolve(note):
        if note.kind == NoteKind.QUERY:
            refuse("resolve_query")
        abort(403, description="Only the note's author or a reviewer can resolve or reopen it.")
    s = _session()
    try:
        service.set_status(s, note, request.form.get("status", ""), by=_author()[0])
        s.commit()
    except service.NoteError as error:
        s.rollback()
        if htmx:
            return make_response(_notes_cell(paragraph, status_error=str(error)), 422)
        return render_template(
            "error.html", status=422, title="Not changed", message=str(error)
        ), 422
    if not htmx:
        return _to_row(paragraph)
    return _changed(paragraph, "")


@bp.get("/paragraphs/<int:pid>/notes")
def row_notes(pid: int) -> ResponseReturnValue:
    """The row's notes; with ``sync=1`` (another tab changed them) its notes, source
    cell, terms and the open-query count, all out of band."""
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    if not htmx:
        return _to_row(paragraph)
    if request.args.get("sync") == "1":
        return render_template("partials/notes_sync.html", **_row_context(paragraph))
    return _notes_cell(paragraph)


# ---------------------------------------------------------------- correcting the source


@bp.get("/paragraphs/<int:pid>/source")
def source_cell(pid: int) -> ResponseReturnValue:
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    if not htmx:
        return _to_row(paragraph)
    return render_template("partials/source_cell.html", oob=False, **_row_context(paragraph))


def _corrections(paragraph: Paragraph) -> list[tuple[SourceRevision, list[tuple[Op, str]]]]:
    return [
        (revision, diff_words(revision.previous_text, revision.text))
        for revision in editing.source_revisions(_session(), paragraph.id)
    ]


@bp.get("/paragraphs/<int:pid>/source/edit")
@require("edit")
def edit_source_form(pid: int) -> ResponseReturnValue:
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    template = "partials/source_edit.html" if htmx else "notes/source_edit.html"
    return render_template(
        template,
        p=paragraph,
        text=paragraph.source_text,
        base=paragraph.source_version,
        error=None,
        revisions=_corrections(paragraph),
    )


def _source_form(paragraph: Paragraph, text: str, error: str, status: int) -> ResponseReturnValue:
    """The correction form again, with the text as typed and why it was not saved."""
    template = "partials/source_edit.html" if htmx else "notes/source_edit.html"
    return render_template(
        template,
        p=paragraph,
        text=text,
        base=paragraph.source_version,
        error=error,
        conflict=status == 409,
        revisions=_corrections(paragraph),
    ), status


@bp.post("/paragraphs/<int:pid>/source")
@require("edit")
def edit_source(pid: int) -> ResponseReturnValue:
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    text = request.form.get("text", "")
    name, user_id = _author()
    s = _session()
    error: str | None = None
    status = 200
    outcome: service.Reanchored | None = None
    try:
        base = parse_int(request.form.get("base"), "version of the Japanese text")
    except BadNumber as problem:
        # Shown in the form with the typed text kept, like any other refusal.
        return _source_form(paragraph, text, str(problem), 422)
    try:
        outcome = service.edit_source(
            s, paragraph, text, base_version=base, author=name, author_id=user_id
        )
        s.commit()
    except service.NoteError as problem:
        s.rollback()
        error, status = str(problem), 422
    except editing.SourceConflict:
        s.rollback()
        s.refresh(paragraph)
        error = (
            "Someone else corrected this paragraph's Japanese meanwhile; it is shown above. "
            "Your text is kept below: compare, then save again."
        )
        status = 409
    if error is not None:
        return _source_form(paragraph, text, error, status)
    if not htmx:
        return _to_row(paragraph)
    assert outcome is not None
    context = _row_context(paragraph)
    body = render_template("partials/source_cell.html", oob=False, **context)
    body += render_template("partials/notes_sync.html", source=False, outcome=outcome, **context)
    # A reviewed paragraph went back to translated: the row's status says so at once.
    body += render_template("partials/status_select.html", oob=True, statuses=STATUSES, **context)
    events: dict[str, Any] = {"notes-changed": {"id": paragraph.id}}
    if memory.changed(s):  # a pair taken out of the memory: other rows' matches are stale
        events["memory-changed"] = {"id": paragraph.id}
    return make_response(body, 200, trigger=events)
