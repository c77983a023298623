"""The paragraph editor: the page, one row, the progress bar, the glossary sync, a row's
memory matches, and the row's writes (save, status, a conflict's choice, a draft, a
restore).

Every row is built by editor.rows, so the page, the single-row partial and every
swap show the same parts. Views are thin: parse the form, call articles.editing,
commit, render.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_htmx import make_response
from flask_login import current_user
from sqlalchemy.orm import Session

from workbench.accounts.roles import can, refuse, require
from workbench.articles import editing
from workbench.articles.diffing import diff_words
from workbench.articles.models import STATUSES, Article, Paragraph, ParagraphStatus, Revision
from workbench.checks import service as checks_service
from workbench.editor.matches import row_matches
from workbench.editor.rows import Rows, build_row, build_rows
from workbench.extensions import db, htmx
from workbench.lookup import BadNumber, get_or_404, optional_int
from workbench.machine.choices import job_context, provider_choices
from workbench.machine.models import Draft
from workbench.memory import service as memory
from workbench.notes import service as notes_service

bp = Blueprint("editor", __name__)


def author() -> tuple[str, int]:
    """The signed-in user's display name (kept with each revision) and id."""
    return current_user.display_name, current_user.id


def _session() -> Session:
    return db.session


def _paragraph(pid: int) -> Paragraph:
    return get_or_404(Paragraph, pid, "paragraph")


def _article(article_id: int) -> Article:
    return get_or_404(Article, article_id, "article")


def _form_number(name: str, what: str) -> int | None:
    """A number from the form, None when it was not sent; BadNumber when it cannot be read.

    The last value wins: an htmx hx-include appends the row's current version after a
    form's own (possibly older) field."""
    values = request.form.getlist(name)
    return optional_int(values[-1] if values else None, what)


# ---------------------------------------------------------------- editor


def _progress(article_id: int) -> editing.Progress:
    return editing.progress_by_article(_session(), [article_id]).get(
        article_id, editing.Progress(0, 0)
    )


def _paragraphs(article_id: int) -> list[Paragraph]:
    return editing.article_paragraphs(_session(), article_id)


def _terms_found(rows: Rows) -> int:
    """The glossary terms found in the rows shown."""
    return len({term.id for row in rows.views if row.glossary for term in row.glossary.terms})


@bp.get("/articles/<int:article_id>")
def page(article_id: int) -> ResponseReturnValue:
    article = _article(article_id)
    rows = build_rows(_session(), _paragraphs(article_id), whole_article=article_id)
    # Counted from the notes already loaded: one query fewer on the biggest page.
    queries_by_row = notes_service.open_queries_by_paragraph(rows.parts["notes"])
    only_queries = request.args.get("only") == "queries"
    if only_queries:
        rows = rows.only(lambda row: row.paragraph.id in queries_by_row)
    return render_template(
        "articles/editor.html",
        **rows.context(),
        open_queries=sum(queries_by_row.values()),
        only_queries=only_queries,
        progress=_progress(article_id),
        statuses=STATUSES,
        terms_found=_terms_found(rows),
        **job_context(article),
    )


@bp.get("/articles/<int:article_id>/glossary")
def article_glossary(article_id: int) -> ResponseReturnValue:
    """After a glossary change: every row's source cell, term list and checks,
    as out-of-band swaps in one answer."""
    article = _article(article_id)
    if not htmx:
        return redirect(url_for("editor.page", article_id=article.id), 303)
    rows = build_rows(
        _session(),
        _paragraphs(article_id),
        whole_article=article_id,
        parts=("glossary", "notes", "findings"),
    )
    return render_template(
        "partials/glossary_sync.html",
        article=article,
        **rows.context(),
        terms_found=_terms_found(rows),
        refresh=True,
    )


@bp.get("/articles/<int:article_id>/progress")
def progress(article_id: int) -> ResponseReturnValue:
    article = _article(article_id)
    if not htmx:
        return redirect(url_for("editor.page", article_id=article.id), 303)
    return render_template(
        "partials/progress.html", article=article, progress=_progress(article_id)
    )


def _row(paragraph: Paragraph, status: int = 200, **extra: Any) -> tuple[str, int]:
    rows = build_row(_session(), paragraph)
    return render_template(
        "partials/paragraph_row.html",
        providers=provider_choices(),
        statuses=STATUSES,
        **rows.row_context(),
        **extra,
    ), status


def _saved_row(paragraph: Paragraph) -> ResponseReturnValue:
    """After a change made from a row's buttons: the whole row again, or the page."""
    if not htmx:
        return _to_row(paragraph)
    body, status = _row(paragraph)
    return make_response(body, status, trigger=_saved_events(paragraph))


def _saved_events(paragraph: Paragraph) -> dict[str, Any]:
    """What a save tells the page: the row saved, and whether the memory changed (the
    other rows' matches may be out of date)."""
    events: dict[str, Any] = {"paragraph-saved": {"id": paragraph.id}}
    if memory.changed(_session()):
        events["memory-changed"] = {"id": paragraph.id}
    return events


def _to_row(paragraph: Paragraph) -> ResponseReturnValue:
    return redirect(
        url_for("editor.page", article_id=paragraph.article_id) + f"#p-{paragraph.id}", 303
    )


@bp.get("/paragraphs/<int:pid>")
def paragraph_row(pid: int) -> ResponseReturnValue:
    paragraph = _paragraph(pid)
    if not htmx:
        return _to_row(paragraph)
    return _row(paragraph)


def _meta(
    paragraph: Paragraph, status: int = 200, error: str | None = None, outcome: str | None = None
) -> ResponseReturnValue:
    body = render_template(
        "partials/paragraph_meta.html",
        statuses=STATUSES,
        error=error,
        outcome=outcome,
        # The findings of the text as stored now: a save shows them in the same swap.
        **build_row(_session(), paragraph, parts=("findings",)).row_context(),
    )
    if status == 200:
        return make_response(body, status, trigger=_saved_events(paragraph))
    # A refusal lands in the row's save state whichever of the row's forms asked (a
    # draft, a restore and a conflict's choice target the whole row): the rest of the
    # row, and any text typed in it, stays as it is.
    return make_response(body, status, retarget=f"#form-{paragraph.id} .meta", reswap="outerHTML")


def _not_saved(paragraph: Paragraph, message: str) -> ResponseReturnValue:
    if htmx:
        return _meta(paragraph, 422, error=message)
    return render_template("error.html", status=422, title="Not saved", message=message), 422


def _conflict(result: editing.SaveResult) -> ResponseReturnValue:
    paragraph = result.paragraph
    body = render_template(
        "partials/conflict.html", p=paragraph, mine=result.mine, theirs=result.theirs
    )
    if htmx:
        return make_response(body, 409, retarget=f"#conflict-{paragraph.id}", reswap="innerHTML")
    return render_template(
        "articles/conflict.html", p=paragraph, mine=result.mine, theirs=result.theirs
    ), 409


class Refused(Exception):
    """A save that did not go through (a conflict or a refusal); ``response`` is the
    answer, sent as is by the handler below."""

    def __init__(self, response: ResponseReturnValue) -> None:
        super().__init__("the save did not go through")
        self.response = response


@bp.errorhandler(Refused)
def _refused(refused: Refused) -> ResponseReturnValue:
    return refused.response


def _save(
    paragraph: Paragraph,
    text: str,
    origin: str,
    *,
    default_version: int | None = None,
    mark: str | None = None,
) -> editing.SaveResult:
    """Save through editing.save_translation, with the version the form says it edited
    (``default_version`` when the form sends none; required when that is None). Raises
    Refused, carrying the answer, when the save did not go through."""
    try:
        base_version = _form_number("version", "version")
        seq = _form_number("seq", "save number")
    except BadNumber as problem:
        raise Refused(_not_saved(paragraph, str(problem))) from None
    base_version = default_version if base_version is None else base_version
    if base_version is None:
        raise Refused(
            _not_saved(paragraph, "The save did not say which version it edited; reload the page.")
        )
    s = _session()
    name, user_id = author()
    try:
        result = editing.save_translation(
            s,
            paragraph,
            text,
            base_version=base_version,
            author=name,
            author_id=user_id,
            origin=origin,
            client_id=(request.form.get("client") or "")[:64] or None,
            seq=seq,
            mark=mark,
        )
        s.commit()
    except editing.EditError as error:
        s.rollback()
        raise Refused(_not_saved(paragraph, str(error))) from None
    if result.outcome == "conflict":
        raise Refused(_conflict(result))
    return result


def _check_status_change(paragraph: Paragraph, status: str | None) -> None:
    # Reviewing, and undoing a review by hand, are reviewers' decisions.
    changes = bool(status) and status != paragraph.status
    if changes and ParagraphStatus.REVIEWED in (status, paragraph.status) and not can("review"):
        refuse("review")


@bp.post("/paragraphs/<int:pid>")
@require("edit")
def save(pid: int) -> ResponseReturnValue:
    paragraph = _paragraph(pid)
    mark = request.form.get("mark") or None
    text = request.form.get("text", "")
    if mark == ParagraphStatus.REVIEWED and not can("review"):
        refuse("review")
    unchanged = editing.clean_translation_lenient(text) == paragraph.target_text
    if mark and paragraph.status == ParagraphStatus.REVIEWED and unchanged and not can("review"):
        # Marking an unchanged reviewed text undoes the review: a reviewer's call.
        # (Changing the text is an edit, which sends it back for review anyway.)
        refuse("review")
    result = _save(paragraph, text, "edit", mark=mark)
    if not htmx:
        return _to_row(paragraph)
    return _meta(result.paragraph, outcome=result.outcome)


@bp.post("/paragraphs/<int:pid>/status")
@require("edit")
def set_status(pid: int) -> ResponseReturnValue:
    paragraph = _paragraph(pid)
    status = request.form.get("status", "")
    _check_status_change(paragraph, status)
    s = _session()
    try:
        editing.set_status(s, paragraph, status, *author())
        s.commit()
    except editing.EditError as error:
        s.rollback()
        s.refresh(paragraph)
        if htmx:
            return _meta(paragraph, 422, error=str(error))
        return render_template(
            "error.html", status=422, title="Not changed", message=str(error)
        ), 422
    if not htmx:
        return _to_row(paragraph)
    return _meta(paragraph, outcome="status")


@bp.post("/paragraphs/<int:pid>/resolve")
@require("edit")
def resolve(pid: int) -> ResponseReturnValue:
    paragraph = _paragraph(pid)
    choice = request.form.get("choice")
    if choice not in ("theirs", "mine", "merge"):
        abort(400, description="Choose theirs, mine or a merge.")
    if choice != "theirs":
        origin = "merge" if choice == "merge" else "edit"
        field = "mine" if choice == "mine" else "text"
        _save(paragraph, request.form.get(field, ""), origin, default_version=paragraph.version)
    return _saved_row(paragraph)


@bp.post("/paragraphs/<int:pid>/use-draft/<int:draft_id>")
@require("edit")
def use_draft(pid: int, draft_id: int) -> ResponseReturnValue:
    paragraph = _paragraph(pid)
    draft = _session().get(Draft, draft_id)
    if draft is None or draft.paragraph_id != paragraph.id or draft.error:
        abort(404, description="That machine draft does not exist for this paragraph.")
    _save(paragraph, draft.text, "draft", default_version=paragraph.version)
    return _saved_row(paragraph)


# ---------------------------------------------------------------- memory matches


@bp.get("/paragraphs/<int:pid>/matches")
def memory_matches(pid: int) -> ResponseReturnValue:
    """A row's memory matches: the fragment its matches cell fetches, or a page of their
    own (the row's Japanese and its matches) without htmx."""
    paragraph = _paragraph(pid)
    context = {"p": paragraph, "matches": row_matches(_session(), paragraph)}
    if htmx:
        return render_template("partials/memory_matches.html", standalone=False, **context)
    return render_template("articles/memory_matches.html", standalone=True, **context)


# ---------------------------------------------------------------- history


def _history_entries(paragraph: Paragraph) -> list[dict[str, Any]]:
    revisions = list(reversed(editing.revisions(_session(), paragraph.id)))
    entries: list[dict[str, Any]] = []
    by_version: dict[int, str] = {0: ""}
    for revision in revisions:
        before = by_version.get(revision.base_version, "")
        entries.append({"revision": revision, "diff": diff_words(before, revision.text)})
        if revision.version is not None:
            by_version[revision.version] = revision.text
    entries.reverse()
    return entries


@bp.get("/paragraphs/<int:pid>/history")
def history(pid: int) -> ResponseReturnValue:
    paragraph = _paragraph(pid)
    entries = _history_entries(paragraph)
    dismissals = checks_service.dismissal_history(_session(), paragraph)
    template = "partials/history.html" if htmx else "articles/history.html"
    return render_template(template, p=paragraph, entries=entries, dismissals=dismissals)


@bp.post("/paragraphs/<int:pid>/revisions/<int:rid>/restore")
@require("edit")
def restore(pid: int, rid: int) -> ResponseReturnValue:
    paragraph = _paragraph(pid)
    revision = _session().get(Revision, rid)
    if revision is None or revision.paragraph_id != paragraph.id:
        abort(404, description="That revision does not belong to this paragraph.")
    _save(paragraph, revision.text, "restore", default_version=paragraph.version)
    return _saved_row(paragraph)
