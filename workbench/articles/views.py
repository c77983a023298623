"""The article list and the import preview (the editor is workbench/editor/views.py).

Views are thin: parse the form, call importing, commit, render. Every htmx
endpoint renders a partial that the full page also includes.
"""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import RequestEntityTooLarge

from workbench import formkeys
from workbench.accounts.roles import require
from workbench.articles import editing, importing
from workbench.articles.models import Article
from workbench.extensions import db, htmx
from workbench.japanese.clean import Line
from workbench.notes import service as notes_service

bp = Blueprint("articles", __name__)


def author() -> tuple[str, int]:
    """The signed-in user's display name (kept with each revision) and id."""
    return current_user.display_name, current_user.id


def _session() -> Session:
    return db.session


# ---------------------------------------------------------------- article list


def _article_rows() -> list[dict[str, Any]]:
    s = _session()
    articles = s.scalars(select(Article).order_by(Article.updated_at.desc())).all()
    progress = editing.progress_by_article(s)
    queries = notes_service.open_queries_by_article(s)
    return [
        {
            "article": a,
            "progress": progress.get(a.id, editing.Progress(0, 0)),
            "open_queries": queries.get(a.id, 0),
        }
        for a in articles
    ]


@bp.get("/")
def index() -> ResponseReturnValue:
    rows = _article_rows()
    if htmx:
        return render_template("partials/article_list.html", rows=rows)
    return render_template("articles/index.html", rows=rows)


# ---------------------------------------------------------------- import


@bp.get("/articles/new")
@require("import")
def new_article() -> ResponseReturnValue:
    return render_template("articles/new.html", form={}, error=None)


@bp.post("/articles/preview")
@require("import")
def preview_article() -> ResponseReturnValue:
    form = request.form
    upload = request.files.get("file")
    s = _session()
    try:
        if upload is not None and upload.filename:
            data = upload.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
            if len(data) > current_app.config["MAX_UPLOAD_BYTES"]:
                raise RequestEntityTooLarge()
            prepared = importing.prepare_upload(upload.filename, data)
        else:
            prepared = importing.prepare_text(form.get("text", ""))
    except importing.ImportProblem as problem:
        return render_template("articles/new.html", form=form, error=str(problem)), 422
    title = form.get("title", "").strip() or prepared.title
    # The text waits on the server; the preview's form carries only its key.
    row = importing.stage(s, prepared, title=title, user_id=author()[1])
    s.commit()
    return _preview(prepared, row.token, title=title)


def _preview(
    prepared: importing.Prepared,
    form_key: str,
    *,
    title: str,
    error: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return render_template(
        "articles/preview.html",
        prepared=prepared,
        form_key=form_key,
        title=title,
        source_url=request.form.get("source_url", ""),
        byline=request.form.get("byline", ""),
        error=error,
    ), status


def _lines_from_form() -> list[Line]:
    """Lines posted as JSON by a client that has its own paragraphs (no preview)."""
    try:
        raw = json.loads(request.form.get("lines", "[]"))
        return [Line(str(t), bool(k), r if r is None else str(r)) for t, k, r in raw]
    except (ValueError, TypeError) as error:
        raise importing.ImportProblem(
            "The preview was damaged in transit; start the import again."
        ) from error


def _ticked(lines: list[Line]) -> list[Line]:
    """The lines with the preview's ticks: a ticked line is kept, whatever its reason."""
    keep = set(request.form.getlist("keep"))
    return [Line(line.text, str(i) in keep, line.reason) for i, line in enumerate(lines)]


def _to_article(article: Article) -> ResponseReturnValue:
    return redirect(url_for("editor.page", article_id=article.id), 303)


@bp.post("/articles")
@require("import")
def create_article() -> ResponseReturnValue:
    """Create the article a preview shows, once: a second submit of the same
    preview (its form key) answers with the article the first one created."""
    form = request.form
    s = _session()
    key = formkeys.clean_key(form.get("form_key"))
    row = importing.find_stage(s, key, author()[1])
    if row is None and "lines" not in form:
        existing = formkeys.find(s, Article.form_key, key)
        if existing is not None:
            return _to_article(existing)
        return render_template("articles/new.html", form={}, error=_STAGE_GONE), 422
    try:
        if row is not None:
            prepared = importing.staged(row)
        else:
            prepared = importing.Prepared(
                lines=_lines_from_form(), title="", encoding=form.get("encoding") or None
            )
    except importing.ImportProblem as problem:
        return render_template("articles/new.html", form=form, error=str(problem)), 422
    lines = _ticked(prepared.lines)
    # Posted lines come from no preview: there is no form to recognise again.
    form_key = key if row is not None else None

    def create() -> Article:
        article = importing.create_article(
            s,
            title=form.get("title", ""),
            paragraphs=[line.text for line in lines if line.keep],
            source_url=form.get("source_url", ""),
            byline=form.get("byline", ""),
            encoding=prepared.encoding,
            form_key=form_key,
        )
        if row is not None:
            s.delete(row)
        return article

    try:
        article, _new = formkeys.create_once(s, Article.form_key, form_key, create)
    except importing.ImportProblem as problem:
        s.rollback()
        prepared.lines = lines
        if row is None:
            # Posted lines: keep them on the server too, so the corrected form
            # goes through the usual preview.
            row = importing.stage(s, prepared, title=form.get("title", ""), user_id=author()[1])
            s.commit()
        return _preview(
            prepared, row.token, title=form.get("title", ""), error=str(problem), status=422
        )
    return _to_article(article)


_STAGE_GONE = (
    "This preview is no longer kept (a preview waits "
    f"{importing.STAGE_LIFETIME.days} days for its article to be created). "
    "Paste or upload the text again."
)
