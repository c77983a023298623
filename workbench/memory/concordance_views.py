"""The concordance page: where a piece of Japanese occurs, with its English.

One view serves the page, its results partial (typing in the search box), and the
editor's side panel (``panel=1``: links open in a new tab, so the editor stays)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from workbench.extensions import db, htmx
from workbench.memory import concordance

bp = Blueprint("concordance", __name__)


def _partial_request() -> bool:
    """An htmx request that wants a fragment (a history restore wants the page)."""
    return bool(htmx) and not htmx.history_restore_request


@bp.get("/concordance")
def page() -> ResponseReturnValue:
    query = request.args.get("q", "")
    context: dict[str, Any] = {
        "q": query,
        "panel": request.args.get("panel") == "1",
        "found": None,
        "error": None,
        "max_query": concordance.MAX_QUERY,
    }
    status = 200
    # An empty box is the page with its hint: nothing to search yet.
    if query.strip():
        try:
            context["found"] = concordance.search(db.session, query)
        except concordance.QueryError as problem:
            context["error"] = str(problem)
            status = 422
    template = (
        "partials/concordance_results.html" if _partial_request() else "memory/concordance.html"
    )
    response = Response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response
