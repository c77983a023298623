"""The export page (options, warnings, preview, downloads) and taking translations back."""

from __future__ import annotations

import io
import json
from dataclasses import asdict, replace
from typing import Any, NoReturn
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from workbench.accounts.roles import require
from workbench.articles.diffing import diff_words
from workbench.articles.models import Article
from workbench.exports import reimport
from workbench.exports.base import ascii_filename, filename
from workbench.exports.document import (
    UNTRANSLATED_CHOICES,
    WHICH_CHOICES,
    ExportDocument,
    ExportOptions,
    apply_options,
)
from workbench.exports.gather import gather, warnings
from workbench.exports.html import HtmlExporter
from workbench.exports.registry import EXPORTERS
from workbench.exports.takeback import TakeBackError, read_translations
from workbench.extensions import db, htmx
from workbench.lookup import column_int, get_or_404

bp = Blueprint("exports", __name__)

# The preview is the HTML export itself, shown in a sandboxed frame: its own
# inline styles are allowed there, and nothing else (no script, no requests).
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-popups"
)


def options_from(args: MultiDict[str, str]) -> ExportOptions:
    """The options in a query string; anything unknown falls back to the default."""
    which = args.get("which", "all")
    untranslated = args.get("untranslated", "mark")
    # An unticked checkbox sends nothing; "notes=0" comes from the hidden default.
    notes_values = args.getlist("notes")
    query_values = args.getlist("queries")
    return ExportOptions(
        which=which if which in WHICH_CHOICES else "all",  # type: ignore[arg-type]
        untranslated=untranslated if untranslated in UNTRANSLATED_CHOICES else "mark",  # type: ignore[arg-type]
        notes=(notes_values[-1] != "0") if notes_values else True,
        queries=bool(query_values) and query_values[-1] == "1",
    )


def option_args(options: ExportOptions) -> dict[str, str]:
    return {
        "which": options.which,
        "untranslated": options.untranslated,
        "notes": "1" if options.notes else "0",
        "queries": "1" if options.queries else "0",
    }


def _document(article: Article, options: ExportOptions) -> ExportDocument:
    return apply_options(
        gather(db.session, article, exported_by=current_user.display_name), options
    )


def _panel_context(article: Article, options: ExportOptions) -> dict[str, object]:
    full = gather(db.session, article)
    document = apply_options(full, options)
    # Warnings look at the notes whether or not the export prints them: an open
    # query matters even when the notes stay at home.
    checked = apply_options(full, replace(options, notes=True, queries=True))
    return {
        "article": article,
        "options": options,
        "args": option_args(options),
        "document": document,
        "warnings": warnings(checked),
        "total": len(full.paragraphs),
        "exporters": EXPORTERS,
        "which_choices": WHICH_CHOICES,
        "untranslated_choices": UNTRANSLATED_CHOICES,
        "file_names": {name: filename(document, e) for name, e in EXPORTERS.items()},
    }


@bp.get("/articles/<int:article_id>/export")
@require("export")
def page(article_id: int) -> ResponseReturnValue:
    article = get_or_404(Article, article_id, "article")
    context = _panel_context(article, options_from(request.args))
    if htmx:
        return render_template("partials/export_panel.html", **context)
    return render_template("exports/page.html", **context)


@bp.get("/articles/<int:article_id>/export/preview")
@require("export")
def preview(article_id: int) -> ResponseReturnValue:
    article = get_or_404(Article, article_id, "article")
    document = _document(article, options_from(request.args))
    response = Response(HtmlExporter().render(document), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/articles/<int:article_id>/export/<fmt>")
@require("export")
def download(article_id: int, fmt: str) -> ResponseReturnValue:
    article = get_or_404(Article, article_id, "article")
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        known = ", ".join(EXPORTERS)
        abort(404, description=f"There is no export format {fmt!r}; the formats are {known}.")
    document = _document(article, options_from(request.args))
    data = exporter.render(document)
    name = filename(document, exporter)
    response = send_file(
        io.BytesIO(data),
        mimetype=exporter.media_type,
        as_attachment=True,
        download_name=name,
        max_age=0,
    )
    # RFC 5987/6266: browsers take filename* (the Japanese title as it is); programs
    # that read only filename= get an ASCII name that still says which article it is
    # (Werkzeug's own fallback would drop a Japanese title to nothing).
    fallback = ascii_filename(document, exporter)
    encoded = {} if fallback == name else {"filename*": f"UTF-8''{quote(name, safe='')}"}
    response.headers.set("Content-Disposition", "attachment", filename=fallback, **encoded)
    return response


# ---------------------------------------------------------------- taking translations back


def _changes_json(changes: list[reimport.Change]) -> str:
    return json.dumps([asdict(change) for change in changes], ensure_ascii=False)


DAMAGED = "The list of changes was damaged in transit"


def _damaged(detail: str = "") -> NoReturn:
    abort(400, description=f"{DAMAGED}{detail}; nothing was stored. Upload the file again.")


def _number(item: dict[str, Any], key: str) -> int:
    """A number of the list through the one parser of request numbers: anything it
    refuses (too large for the column, negative, not a whole number) is damage."""
    value = item.get(key)
    # JSON true (a bool, which Python counts as an int) or a fraction is no id either.
    number = None if isinstance(value, bool | float) else column_int(str(value))
    if number is None:
        shown = json.dumps(value)[:40]
        _damaged(f" (its {key.replace('_', ' ')} {shown} is not a number the workbench uses)")
    return number


def _change_from(item: dict[str, Any]) -> reimport.Change:
    stale = item.get("stale", "")
    if stale not in ("", "edited", "unknown"):
        _damaged()
    return reimport.Change(
        paragraph_id=_number(item, "paragraph_id"),
        position=_number(item, "position"),
        version=_number(item, "version"),
        old=str(item["old"]),
        new=str(item["new"]),
        confirmed=bool(item["confirmed"]),
        source_differs=bool(item["source_differs"]),
        stale=stale,
        file_version=None if item.get("file_version") is None else _number(item, "file_version"),
        as_exported=bool(item.get("as_exported", False)),
    )


def _changes_from_form() -> list[reimport.Change]:
    try:
        raw = json.loads(request.form.get("changes", "[]"))
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            _damaged()
        changes = [_change_from(item) for item in raw]
    except (ValueError, TypeError, KeyError):
        _damaged()
    chosen = set(request.form.getlist("apply"))
    return [change for change in changes if str(change.paragraph_id) in chosen]


@bp.get("/articles/<int:article_id>/translations")
@require("export")
def takeback_form(article_id: int) -> ResponseReturnValue:
    article = get_or_404(Article, article_id, "article")
    return render_template("exports/takeback.html", article=article, error=None, plan=None)


@bp.post("/articles/<int:article_id>/translations/preview")
@require("export")
def takeback_preview(article_id: int) -> ResponseReturnValue:
    article = get_or_404(Article, article_id, "article")
    upload = request.files.get("file")
    error: str | None = None
    result: reimport.Plan | None = None
    if upload is None or not upload.filename:
        error = "Choose an XLIFF or TMX file exported from this article."
    else:
        limit = current_app.config["MAX_UPLOAD_BYTES"]
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise RequestEntityTooLarge()
        try:
            taken = read_translations(data, upload.filename)
            result = reimport.plan(db.session, article, taken)
        except (TakeBackError, reimport.PlanError) as problem:
            error = str(problem)
    if error is not None:
        return render_template(
            "exports/takeback.html", article=article, error=error, plan=None
        ), 422
    assert result is not None
    return render_template(
        "exports/takeback.html",
        article=article,
        error=None,
        plan=result,
        diff_words=diff_words,
        changes_json=_changes_json(result.changes),
        file_name=upload.filename if upload else "",
    )


@bp.post("/articles/<int:article_id>/translations")
@require("export")
def takeback_apply(article_id: int) -> ResponseReturnValue:
    article = get_or_404(Article, article_id, "article")
    changes = _changes_from_form()
    try:
        applied = reimport.apply(
            db.session,
            article,
            changes,
            author=current_user.display_name,
            author_id=current_user.id,
        )
    except reimport.ApplyError as problem:
        return render_template(
            "exports/takeback.html", article=article, error=str(problem), plan=None
        ), 422
    db.session.commit()
    return render_template(
        "exports/takeback_done.html",
        article=article,
        applied=applied,
        editor_url=url_for("editor.page", article_id=article.id),
    )
