"""The translation memory's page: what it holds, a TMX file in, the memory out."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from workbench.accounts.roles import require
from workbench.extensions import db, htmx
from workbench.lookup import query_int
from workbench.memory import exchange, overview

bp = Blueprint("memory", __name__)

PANEL = "partials/memory_panel.html"


def _partial_request() -> bool:
    """An htmx request that wants a fragment (a history restore wants the page)."""
    return bool(htmx) and not htmx.history_restore_request


def panel_context(**extra: Any) -> dict[str, Any]:
    return {
        "counts": overview.counts(db.session),
        "files": overview.imported_files(db.session),
        **extra,
    }


def _answer(status: int = 200, **extra: Any) -> ResponseReturnValue:
    """The panel alone for htmx, else the whole page around it."""
    template = PANEL if _partial_request() else "memory/index.html"
    response = Response(render_template(template, **panel_context(**extra)), status)
    response.vary.add("HX-Request")
    return response


def _done_sentence() -> str | None:
    """The sentence of an import just made, from the address it was sent back to."""
    added = query_int("added", "number of entries added")
    if added is None:
        return None
    known = query_int("known", "number of entries skipped") or 0
    incomplete = query_int("incomplete", "number of entries skipped") or 0
    return exchange.Imported(added, known, incomplete).sentence()


@bp.get("/memory")
def index() -> ResponseReturnValue:
    return _answer(import_message=_done_sentence())


@bp.post("/memory/import")
@require("import_memory")
def import_tmx() -> ResponseReturnValue:
    upload = request.files.get("file")
    limit = int(current_app.config["MAX_UPLOAD_BYTES"])
    s = db.session
    try:
        if upload is None or not upload.filename:
            raise exchange.MemoryFileError("Choose a .tmx file to import.")
        # One byte past the limit is enough to know the file is too large.
        data = upload.read(limit + 1)
        report = exchange.import_tmx(s, data, upload.filename, max_bytes=limit)
        s.commit()
    except exchange.MemoryFileError as problem:
        s.rollback()
        return _answer(422, import_error=f"{problem} Nothing was imported.")
    if not _partial_request():
        return redirect(
            url_for(
                "memory.index",
                added=report.added,
                known=report.known,
                incomplete=report.incomplete,
            ),
            303,
        )
    return _answer(import_message=report.sentence())


@bp.get("/memory/export.tmx")
def export_tmx() -> ResponseReturnValue:
    data, _count = exchange.export_tmx(db.session)
    response = Response(data, mimetype="application/x-tmx+xml")
    filename = f"memory-{date.today().isoformat()}.tmx"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
