"""The glossary review page: propose, review, edit, import and export terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_htmx import make_response
from flask_login import current_user
from sqlalchemy import select

from workbench.accounts.roles import can, refuse, require
from workbench.articles.models import Paragraph
from workbench.extensions import db, htmx
from workbench.glossary import exchange, service
from workbench.glossary.models import KINDS, STATUSES, Term, TermKind, TermStatus
from workbench.glossary.suggest import suggest_terms
from workbench.lookup import BadNumber, get_or_404, parse_int, query_int

bp = Blueprint("glossary", __name__)

CHANGED = "glossary-changed"
# A change made in a row of the review page: the row answers for itself, so
# this page's list does not reload (and lose the row's message); other tabs
# still hear it as glossary-changed (static/js/sync.js relays it).
ROW_CHANGED = "term-changed"
SORTS = ("date", "frequency")
SNIPPET = 30  # characters of context on each side of a match in the concordance
LIST_FIELDS = ("alternatives", "variants", "forbidden")
TEXT_FIELDS = ("source", "target", "reading", "kind", "note")


# ---------------------------------------------------------------- helpers


def _partial_request() -> bool:
    """An htmx request that wants a fragment (a history restore wants the page)."""
    return bool(htmx) and not htmx.history_restore_request


def _term(term_id: int) -> Term:
    return get_or_404(Term, term_id, "glossary term")


def _author() -> dict[str, Any]:
    return {"author": current_user.display_name, "author_id": current_user.id}


def form_values(form: Any) -> dict[str, Any]:
    """The term fields as submitted, to render back into the form."""
    values: dict[str, Any] = {name: form.get(name, "") for name in (*TEXT_FIELDS, *LIST_FIELDS)}
    values["case_sensitive"] = form.get("case_sensitive") == "1"
    return values


def term_values(term: Term) -> dict[str, Any]:
    """A stored term as form values (lists one item a line)."""
    values: dict[str, Any] = {name: getattr(term, name) for name in TEXT_FIELDS}
    for name in LIST_FIELDS:
        values[name] = "\n".join(getattr(term, name))
    values["case_sensitive"] = term.case_sensitive
    return values


def _term_form(values: dict[str, Any]) -> service.TermForm:
    return service.TermForm(
        source=values["source"],
        target=values["target"],
        alternatives=service.split_list(values["alternatives"]),
        reading=values["reading"],
        kind=values["kind"] or TermKind.TERM,
        note=values["note"],
        forbidden=service.split_list(values["forbidden"]),
        variants=service.split_list(values["variants"]),
        case_sensitive=bool(values["case_sensitive"]),
    )


def _form_id() -> str:
    value = request.values.get("form_id", "term")
    plain = value.replace("-", "").replace("_", "")
    return value if plain.isascii() and plain.isalnum() and len(value) < 40 else "term"


def _safe_next(default: str) -> str:
    target = request.form.get("next", "")
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    if local and not parts.netloc and not parts.scheme:
        return target
    return default


def may_edit(term: Term) -> bool:
    """Reviewers edit any term; translators only those still proposed."""
    return can("approve_term") or (can("propose_term") and term.status == TermStatus.PROPOSED)


def added_message(term: Term) -> str:
    return f"Added {term.source} → {term.target} ({term.status})."


# ---------------------------------------------------------------- the list


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    kind: str = ""
    sort: str = "date"

    @classmethod
    def from_request(cls) -> Filters:
        values = request.values
        status = values.get("status", "")
        kind = values.get("kind", "")
        sort = values.get("sort", "date")
        return cls(
            q=values.get("q", "").strip()[:200],
            status=status if status in STATUSES else "",
            kind=kind if kind in KINDS else "",
            sort=sort if sort in SORTS else "date",
        )

    # Any, as url_for takes its query values: a str here.
    def as_args(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v and not (k == "sort" and v == "date")}


@dataclass
class Place:
    """One paragraph of a term's concordance (``times``: matches in it)."""

    article_id: int
    article_title: str
    paragraph_id: int
    position: int
    before: str
    match: str
    after: str
    times: int = 1


@dataclass
class Concordance:
    """Where one term occurs: every match counted, each paragraph listed once."""

    count: int = 0
    places: list[Place] = field(default_factory=list)


def _snippet(text: str, found: str) -> tuple[str, str, str]:
    start = max(text.find(found), 0)
    end = start + len(found)
    before = ("…" if start > SNIPPET else "") + text[max(0, start - SNIPPET) : start]
    after = text[end : end + SNIPPET] + ("…" if end + SNIPPET < len(text) else "")
    return before, text[start:end] or found, after


def _concordance(term_ids: set[int] | None = None) -> dict[int, Concordance]:
    """Every place each term occurs, with the paragraph text around the match.

    A fixed number of queries whatever the number of terms: the glossary
    version, the paragraphs for the occurrences, and their texts for snippets.
    """
    found = service.occurrences(db.session)
    if term_ids is not None:
        found = {tid: occ for tid, occ in found.items() if tid in term_ids}
    pids = {o.paragraph_id for occ in found.values() for o in occ}
    texts: dict[int, str] = {}
    if pids:
        rows = db.session.execute(
            select(Paragraph.id, Paragraph.source_text).where(Paragraph.id.in_(sorted(pids)))
        )
        texts = {pid: source for pid, source in rows}
    result: dict[int, Concordance] = {}
    for term_id, occ in found.items():
        entry = result.setdefault(term_id, Concordance())
        by_paragraph: dict[int, Place] = {}
        for o in occ:
            entry.count += 1
            if o.paragraph_id in by_paragraph:
                by_paragraph[o.paragraph_id].times += 1
                continue
            before, match, after = _snippet(texts.get(o.paragraph_id, ""), o.text)
            place = Place(
                o.article_id, o.article_title, o.paragraph_id, o.position, before, match, after
            )
            by_paragraph[o.paragraph_id] = place
            entry.places.append(place)
    return result


def list_context(filters: Filters, **extra: Any) -> dict[str, Any]:
    terms = service.search(db.session, q=filters.q, status=filters.status, kind=filters.kind)
    places = _concordance()
    if filters.sort == "frequency":
        terms.sort(key=lambda t: (-places[t.id].count if t.id in places else 0, t.source))
    return {
        "terms": terms,
        "places": places,
        "filters": filters,
        "total": service.count(db.session),
        "kinds": KINDS,
        "statuses": STATUSES,
        **extra,
    }


def row_context(term: Term, **extra: Any) -> dict[str, Any]:
    return {"term": term, "places": _concordance({term.id}), **extra}


def suggestions_context(**extra: Any) -> dict[str, Any]:
    texts = service.texts_of_all_articles(db.session)
    suggestions = suggest_terms(texts, service.known_keys(db.session), limit=30)
    return {"suggestions": suggestions, "kinds": KINDS, **extra}


def render_page(status: int = 200, **extra: Any) -> ResponseReturnValue:
    context = list_context(Filters.from_request())
    context.update(suggestions_context())
    context.setdefault("term_form", {})
    context.update(extra)
    response = Response(render_template("glossary/index.html", **context), status)
    response.vary.add("HX-Request")
    return response


@bp.get("/glossary")
def index() -> ResponseReturnValue:
    if _partial_request():
        response = Response(
            render_template("partials/term_list.html", **list_context(Filters.from_request()))
        )
        response.vary.add("HX-Request")
        return response
    return render_page()


# ---------------------------------------------------------------- proposing


def _form_response(status: int, **context: Any) -> ResponseReturnValue:
    body = render_template("partials/term_form.html", form_id=_form_id(), **context)
    return body, status


@bp.post("/glossary/terms")
@require("propose_term")
def propose() -> ResponseReturnValue:
    values = form_values(request.form)
    try:
        term = service.propose(db.session, _term_form(values), **_author())
    except service.TermError as error:
        db.session.rollback()
        context = {"term_form": values, "error": str(error), "existing": error.existing}
        if _partial_request():
            return _form_response(422, **context)
        return render_page(422, **context)
    db.session.commit()
    message = added_message(term)
    if _partial_request():
        body = render_template(
            "partials/term_form.html", form_id=_form_id(), term_form={}, message=message
        )
        return make_response(body, trigger=CHANGED)
    return redirect(_safe_next(url_for("glossary.index") + f"#term-{term.id}"), 303)


# ---------------------------------------------------------------- one term


def _row(term: Term, status: int = 200, trigger: bool = False, **extra: Any) -> ResponseReturnValue:
    body = render_template("partials/term_row.html", **row_context(term, **extra))
    if trigger:
        return make_response(body, status, trigger=ROW_CHANGED)
    return body, status


def _back_to(term: Term) -> ResponseReturnValue:
    return redirect(url_for("glossary.index") + f"#term-{term.id}", 303)


@bp.get("/glossary/terms/<int:term_id>")
def show_term(term_id: int) -> ResponseReturnValue:
    term = _term(term_id)
    if not _partial_request():
        return redirect(url_for("glossary.index", q=term.source) + f"#term-{term.id}", 303)
    return _row(term)


def _edit_form(
    term: Term, values: dict[str, Any], status: int = 200, **extra: Any
) -> tuple[str, int]:
    template = "partials/term_edit.html" if _partial_request() else "glossary/edit.html"
    return render_template(template, term=term, term_form=values, **extra), status


@bp.get("/glossary/terms/<int:term_id>/edit")
@require("propose_term")
def edit_term_form(term_id: int) -> ResponseReturnValue:
    term = _term(term_id)
    if not may_edit(term):
        refuse("approve_term")
    return _edit_form(term, term_values(term))


@bp.post("/glossary/terms/<int:term_id>")
@require("propose_term")
def save_term(term_id: int) -> ResponseReturnValue:
    term = _term(term_id)
    if not may_edit(term):
        abort(403, description="Only reviewers can edit a term that is approved or rejected.")
    values = form_values(request.form)
    try:
        service.edit(db.session, term, _term_form(values))
    except service.TermError as error:
        db.session.rollback()
        term = _term(term_id)
        return _edit_form(term, values, 422, error=str(error), existing=error.existing)
    db.session.commit()
    if not _partial_request():
        return _back_to(term)
    return _row(term, trigger=True, row_message="Saved.")


@bp.post("/glossary/terms/<int:term_id>/review")
@require("approve_term")
def review_term(term_id: int) -> ResponseReturnValue:
    term = _term(term_id)
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(422, description="A term is either proposed, approved or rejected.")
    service.review(db.session, [term], status, **_author())
    db.session.commit()
    if not _partial_request():
        return _back_to(term)
    return _row(term, trigger=True)


def _bulk_refused(filters: Filters, message: str) -> ResponseReturnValue:
    if not _partial_request():
        return render_page(422, bulk_error=message)
    context = list_context(filters, bulk_error=message)
    return render_template("partials/term_list.html", **context), 422


@bp.post("/glossary/bulk")
@require("approve_term")
def bulk() -> ResponseReturnValue:
    status = {"approve": TermStatus.APPROVED, "reject": TermStatus.REJECTED}.get(
        request.form.get("action", "")
    )
    if status is None:
        abort(422, description="Choose to approve or reject the selected terms.")
    filters = Filters.from_request()
    try:
        # Nothing is reviewed unless every selected number can be read.
        ids = [parse_int(value, "term number") for value in request.form.getlist("ids")]
    except BadNumber as problem:
        return _bulk_refused(filters, str(problem))
    if not ids:
        return _bulk_refused(filters, "Select at least one term first.")
    terms = list(service.terms_by_id(db.session, ids).values())
    changed = service.review(db.session, terms, status, **_author())
    db.session.commit()
    if not _partial_request():
        return redirect(url_for("glossary.index", **filters.as_args()), 303)
    word = "Approved" if status == TermStatus.APPROVED else "Rejected"
    message = f"{word} {changed} term{'s' if changed != 1 else ''}."
    body = render_template("partials/term_list.html", **list_context(filters, bulk_message=message))
    return make_response(body, trigger=CHANGED)


# ---------------------------------------------------------------- suggestions


@bp.get("/glossary/suggestions")
def suggestions() -> ResponseReturnValue:
    added = query_int("added", "term number")
    if not _partial_request():
        return redirect(url_for("glossary.index") + "#suggestions", 303)
    extra: dict[str, Any] = {}
    term = db.session.get(Term, added) if added else None
    if term is not None:
        extra["suggest_message"] = added_message(term)
        extra["added_id"] = term.id
    return render_template("partials/glossary_suggestions.html", **suggestions_context(**extra))


@bp.post("/glossary/suggestions")
@require("propose_term")
def propose_suggestion() -> ResponseReturnValue:
    values = form_values(request.form)
    try:
        term = service.propose(db.session, _term_form(values), **_author())
    except service.TermError as error:
        db.session.rollback()
        context = {"suggest_error": str(error), "failed": values, "existing": error.existing}
        if not _partial_request():
            return render_page(422, **context)
        template = "partials/glossary_suggestions.html"
        return render_template(template, **suggestions_context(**context)), 422
    db.session.commit()
    if not _partial_request():
        return redirect(url_for("glossary.index") + f"#term-{term.id}", 303)
    body = render_template(
        "partials/glossary_suggestions.html",
        **suggestions_context(suggest_message=added_message(term), added_id=term.id),
    )
    # After settling, so the list (and this section, which keeps the message) refresh.
    return make_response(body, trigger_after_settle=CHANGED)


# ---------------------------------------------------------------- import and export


@bp.post("/glossary/import")
@require("approve_term")
def import_terms() -> ResponseReturnValue:
    upload = request.files.get("file")
    s = db.session
    try:
        if upload is None or not upload.filename:
            raise exchange.ExchangeError("choose a .csv or .tbx file to import.")
        kind = exchange.detect_format(upload.filename)
        data = upload.read()
        records = exchange.read_csv(data) if kind == "csv" else exchange.read_tbx(data)
        report = service.import_records(s, records, **_author())
        s.commit()
    except (exchange.ExchangeError, service.TermError) as problem:
        s.rollback()
        error = f"{problem} Nothing was imported."
        if not _partial_request():
            return render_page(422, import_error=error)
        return render_template("partials/glossary_import.html", import_error=error), 422
    counts = report.as_dict()
    message = "Added {added}, updated {updated}, skipped {skipped}.".format(**counts)
    if not _partial_request():
        return render_page(import_message=message)
    body = render_template("partials/glossary_import.html", import_message=message)
    return make_response(body, trigger=CHANGED)


def _download(data: bytes, extension: str, mimetype: str) -> Response:
    filename = f"glossary-{date.today().isoformat()}.{extension}"
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/glossary/export.csv")
def export_csv() -> ResponseReturnValue:
    data = exchange.write_csv(service.export_records(db.session))
    return _download(data, "csv", "text/csv; charset=utf-8")


@bp.get("/glossary/export.tbx")
def export_tbx() -> ResponseReturnValue:
    data = exchange.write_tbx(service.export_records(db.session))
    return _download(data, "tbx", "application/x-tbx+xml")
