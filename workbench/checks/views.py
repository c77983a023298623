"""The QA page of an article, and a reviewer's dismissing (and reopening) of a finding."""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_htmx import make_response
from flask_login import current_user

from workbench.accounts.roles import require
from workbench.articles.models import Article, Paragraph
from workbench.checks import service
from workbench.checks.models import MAX_REASON
from workbench.checks.registry import CHECKS
from workbench.editor.rows import build_row
from workbench.extensions import db, htmx
from workbench.lookup import get_or_404

bp = Blueprint("checks", __name__)

_KEY = re.compile(r"[0-9a-f]{32}")
SEVERITIES = {"error": "Errors", "warning": "Warnings"}


def _key(key: str) -> str:
    if not _KEY.fullmatch(key):
        abort(404, description="There is no such finding.")
    return key


def _to_row(paragraph: Paragraph) -> ResponseReturnValue:
    return redirect(
        url_for("editor.page", article_id=paragraph.article_id) + f"#p-{paragraph.id}", 303
    )


# ---------------------------------------------------------------- the QA page


@bp.get("/articles/<int:article_id>/qa")
def page(article_id: int) -> ResponseReturnValue:
    """Every finding of the article by paragraph and check, with filters."""
    article = get_or_404(Article, article_id, "article")
    check = request.args.get("check", "")
    severity = request.args.get("severity", "")
    show_dismissed = request.args.get("dismissed") == "1"
    known = {c.id for c in CHECKS}
    if check and check not in known:
        check = ""
    if severity not in SEVERITIES:
        severity = ""
    findings = service.article_findings(db.session, article.id)
    items = findings.items(dismissed=show_dismissed)
    shown = [
        item
        for item in items
        if (not check or item.found.check_id == check)
        and (not severity or item.found.severity == severity)
    ]
    template = "partials/qa_results.html" if htmx else "checks/page.html"
    return render_template(
        template,
        article=article,
        items=shown,
        counts=findings.counts(),
        checks=CHECKS,
        severities=SEVERITIES,
        chosen={"check": check, "severity": severity, "dismissed": show_dismissed},
    )


# ---------------------------------------------------------------- dismissing


def _finding(paragraph: Paragraph, key: str) -> service.RowFinding:
    row = build_row(db.session, paragraph, parts=("findings",)).row
    found = row.findings.find(key)
    if found is None:
        abort(404, description=service.GONE)
    return found


def _dismiss_form(
    paragraph: Paragraph, found: service.RowFinding, reason: str = "", error: str | None = None
) -> str:
    template = "partials/dismiss_form.html" if htmx else "checks/dismiss.html"
    return render_template(
        template, p=paragraph, f=found, reason=reason, error=error, max_reason=MAX_REASON
    )


@bp.get("/paragraphs/<int:pid>/findings/<key>/dismiss")
@require("review")
def dismiss_form(pid: int, key: str) -> ResponseReturnValue:
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    return _dismiss_form(paragraph, _finding(paragraph, _key(key)))


def _findings_answer(paragraph: Paragraph, message: str) -> ResponseReturnValue:
    """The row's findings out of band, and a line where the form was."""
    context = build_row(db.session, paragraph, parts=("findings",)).row_context()
    body = render_template("partials/dismiss_done.html", message=message, **context)
    return make_response(body, 200, trigger={"findings-changed": {"id": paragraph.id}})


@bp.post("/paragraphs/<int:pid>/findings/<key>/dismiss")
@require("review")
def dismiss(pid: int, key: str) -> ResponseReturnValue:
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    key = _key(key)
    reason = request.form.get("reason", "")
    try:
        service.dismiss(
            db.session,
            paragraph,
            key,
            reason,
            by=current_user.display_name,
            by_id=current_user.id,
        )
        db.session.commit()
    except service.CheckError as error:
        db.session.rollback()
        found = _finding(paragraph, key)
        return _dismiss_form(paragraph, found, reason, str(error)), 422
    if not htmx:
        return _to_row(paragraph)
    return _findings_answer(paragraph, "Dismissed; the reason is kept in the history.")


@bp.post("/paragraphs/<int:pid>/findings/<key>/reopen")
@require("review")
def reopen(pid: int, key: str) -> ResponseReturnValue:
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    service.reopen(db.session, paragraph, _key(key), by=current_user.display_name)
    db.session.commit()
    if not htmx:
        return _to_row(paragraph)
    context = build_row(db.session, paragraph, parts=("findings",)).row_context()
    body = render_template("partials/checks.html", oob=False, **context)
    return make_response(body, 200, trigger={"findings-changed": {"id": paragraph.id}})
