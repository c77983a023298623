"""Drafting from the editor, the job progress bar, and the provider settings page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_htmx import make_response
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workbench import formkeys
from workbench.accounts.roles import require
from workbench.articles.models import FILL_ORIGINS, STATUSES, Article, Paragraph, Revision
from workbench.editor.rows import RowView, build_rows
from workbench.extensions import db, htmx
from workbench.lookup import BadNumber, get_or_404, optional_int, query_int
from workbench.machine import drafting, jobs, pretranslating
from workbench.machine import settings as machine_settings
from workbench.machine.choices import (
    default_provider,
    job_context,
    last_draft_id,
    last_fill_id,
    merged_config,
    provider_choices,
)
from workbench.machine.drafting_text import translate_text
from workbench.machine.errors import MachineError
from workbench.machine.models import Draft, Job, JobState
from workbench.machine.providers import PROVIDERS, ProviderSettings

bp = Blueprint("machine", __name__)

TEST_SENTENCE = "北朝鮮の金正恩国務委員長に対する米国の大統領の「露骨な求愛」が尋常ではない。"


def _article(article_id: int) -> Article:
    return get_or_404(Article, article_id, "article")


def _filled_since(article: Article, filled: int | None) -> list[int]:
    """The paragraphs pre-translation filled after revision ``filled`` (None: none asked)."""
    if filled is None:
        return []
    return list(
        db.session.scalars(
            select(Revision.paragraph_id)
            .join(Paragraph, Paragraph.id == Revision.paragraph_id)
            .where(
                Paragraph.article_id == article.id,
                Revision.origin.in_(FILL_ORIGINS),
                Revision.id > filled,
            )
            .distinct()
        )
    )


def render_job(article: Article, after: int, filled: int | None = None, **extra: Any) -> str:
    """The job block, plus every draft newer than ``after`` swapped into its row, and
    every row pre-translation filled after revision ``filled`` swapped whole."""
    context = job_context(article)
    rows_filled = set(_filled_since(article, filled))
    arrived = [
        pid
        for pid in db.session.scalars(
            select(Draft.paragraph_id)
            .join(Paragraph, Paragraph.id == Draft.paragraph_id)
            .where(Paragraph.article_id == article.id, Draft.id > after)
            .distinct()
        )
        if pid not in rows_filled  # a whole row brings its drafts along
    ]
    views: list[RowView] = []
    if arrived:
        paragraphs = db.session.scalars(
            select(Paragraph).where(Paragraph.id.in_(arrived)).order_by(Paragraph.position)
        )
        views = build_rows(db.session, list(paragraphs), parts=("drafts",)).views
    whole: list[RowView] = []
    if rows_filled:
        paragraphs = db.session.scalars(
            select(Paragraph).where(Paragraph.id.in_(rows_filled)).order_by(Paragraph.position)
        )
        whole = build_rows(db.session, list(paragraphs)).views
    return render_template(
        "partials/job.html",
        arrived=views,
        filled_rows=whole,
        statuses=STATUSES,
        **context,
        **extra,
    )


def _job_response(
    article: Article, after: int, status: int = 200, filled: int | None = None, **extra: Any
) -> ResponseReturnValue:
    body = render_job(article, after, filled, **extra)
    return make_response(body, status, retarget=f"#job-{article.id}", reswap="outerHTML")


def _busy_message(job: Job) -> str:
    if job.kind == pretranslating.KIND:
        return "Pre-translation is already running for this article; wait for it or cancel it."
    return "A drafting job is already running for this article; wait for it or cancel it."


# The job block's "after": the newest draft the page has shown (its id); "filled":
# the newest revision of a pre-translation the page has shown.
AFTER = "draft number"
FILLED = "revision number"


def _provider_from_form(article: Article) -> str:
    name = request.form.get("provider") or default_provider(article)
    if name not in PROVIDERS:
        abort(422, description=f"There is no machine-translation provider called {name!r}.")
    return name


def _start(article: Article, scope: drafting.Scope | list[int], force: bool) -> ResponseReturnValue:
    s = db.session
    provider = _provider_from_form(article)
    running = drafting.active_job(s, article.id)
    # Drafts stored from now on are news to this page, even if the job ends
    # before this answer is sent (a quick job, or the cache).
    after = last_draft_id(article.id)
    if running is not None:
        message = _busy_message(running)
        if htmx:
            return _job_response(article, after, 409, message=message)
        return render_template("error.html", status=409, title="Busy", message=message), 409
    article.mt_provider = provider
    job = drafting.create_job(
        s,
        article,
        provider=provider,
        scope=scope,
        force=force,
        author=current_user.display_name,
        author_id=current_user.id,
    )
    if job.total == 0:
        job.state = JobState.DONE
    s.commit()
    if job.total:
        jobs.enqueue(job.id)
    if htmx:
        db.session.expire_all()
        return _job_response(article, after, chosen_scope=request.form.get("scope"))
    return redirect(url_for("editor.page", article_id=article.id), 303)


@bp.post("/articles/<int:article_id>/draft")
@require("draft")
def draft_article(article_id: int) -> ResponseReturnValue:
    article = _article(article_id)
    scope = request.form.get("scope", "untranslated")
    if scope not in ("untranslated", "all"):
        abort(422, description="Draft either the untranslated paragraphs or all of them.")
    return _start(article, scope, force=request.form.get("force") == "1")  # type: ignore[arg-type]


@bp.post("/articles/<int:article_id>/pretranslate")
@require("draft")
def pretranslate_article(article_id: int) -> ResponseReturnValue:
    """Fill every empty translation from the memory, then (with "machine") from drafts."""
    s = db.session
    article = _article(article_id)
    provider = _provider_from_form(article) if request.form.get("machine") == "1" else None
    key = formkeys.clean_key(request.form.get("form_key"))
    # What the page has shown: whatever this job stores is news to it.
    after, filled = last_draft_id(article.id), last_fill_id(article.id)
    earlier = formkeys.find(s, Job.form_key, key)
    if earlier is not None and earlier.article_id == article.id:
        # The same form sent twice (a double click, a retry): its one job answers.
        return _pretranslate_answer(article, after, filled)
    running = drafting.active_job(s, article.id)
    if running is not None:
        message = _busy_message(running)
        if htmx:
            return _job_response(article, after, 409, message=message)
        return render_template("error.html", status=409, title="Busy", message=message), 409
    if provider is not None:
        article.mt_provider = provider
    job = pretranslating.create_job(
        s,
        article,
        provider=provider,
        author=current_user.display_name,
        author_id=current_user.id,
        form_key=key,
    )
    if job.total == 0:
        job.state = JobState.DONE
        job.finished_at = job.created_at
    try:
        s.commit()
    except IntegrityError:
        # Another submit of the same form won the race: its job answers.
        s.rollback()
        return _pretranslate_answer(article, after, filled)
    if job.total:
        jobs.enqueue(job.id, pretranslating.KIND)
    return _pretranslate_answer(article, after, filled)


def _pretranslate_answer(article: Article, after: int, filled: int) -> ResponseReturnValue:
    if not htmx:
        return redirect(url_for("editor.page", article_id=article.id), 303)
    db.session.expire_all()
    return _job_response(article, after, filled=filled)


@bp.post("/paragraphs/<int:pid>/redraft")
@require("draft")
def redraft(pid: int) -> ResponseReturnValue:
    paragraph = get_or_404(Paragraph, pid, "paragraph")
    # A redraft asked for by a person bypasses the cache.
    return _start(_article(paragraph.article_id), [paragraph.id], force=True)


@bp.get("/articles/<int:article_id>/job")
def job_status(article_id: int) -> ResponseReturnValue:
    article = _article(article_id)
    after = query_int("after", AFTER)
    filled = query_int("filled", FILLED)
    if not htmx:
        return redirect(url_for("editor.page", article_id=article.id), 303)
    return render_job(article, after or 0, filled, chosen_scope=request.args.get("scope"))


@bp.post("/jobs/<int:job_id>/cancel")
@require("draft")
def cancel_job(job_id: int) -> ResponseReturnValue:
    job = get_or_404(Job, job_id, "drafting job")
    article = _article(job.article_id)
    try:
        after = optional_int(request.form.get("after"), AFTER) or 0
        filled = optional_int(request.form.get("filled"), FILLED)
    except BadNumber as problem:
        # Read before anything changes: a refused request cancels nothing.
        if htmx:
            return _job_response(article, last_draft_id(article.id), 422, message=str(problem))
        return render_template(
            "error.html", status=422, title="Not cancelled", message=str(problem)
        ), 422
    drafting.request_cancel(db.session, job)
    db.session.commit()
    if not htmx:
        return redirect(url_for("editor.page", article_id=article.id), 303)
    return _job_response(article, after, filled=filled)


# ---------------------------------------------------------------- settings


def _settings_page(status: int = 200, **extra: Any) -> ResponseReturnValue:
    merged = merged_config()
    fields = []
    overridden = machine_settings.overridden(db.session)
    for key, secret in machine_settings.FIELDS.items():
        value = merged.get(key)
        fields.append(
            {
                "key": key,
                "label": machine_settings.LABELS[key],
                "secret": secret,
                "is_set": bool(value),
                # A secret is never sent back to the browser, not even masked.
                "value": "" if secret else (value or ""),
                "source": "set here" if key in overridden else "environment",
            }
        )
    return render_template(
        "machine/settings.html",
        providers=provider_choices(),
        fields=fields,
        default=default_provider(),
        **extra,
    ), status


@bp.get("/settings/machine")
def settings_page() -> ResponseReturnValue:
    return _settings_page()


@bp.post("/settings/machine")
@require("provider_settings")
def save_settings() -> ResponseReturnValue:
    s = db.session
    form = request.form
    for key, secret in machine_settings.FIELDS.items():
        if key not in form and f"clear-{key}" not in form:
            continue  # a field the form did not send is left as it is
        value = form.get(key, "").strip()
        if form.get(f"clear-{key}") == "1":
            machine_settings.save(s, key, None, current_user.display_name)
            continue
        if secret and not value:
            continue  # blank keeps the stored key: it is never shown to be edited
        refused = machine_settings.problem(key, value)
        if refused:
            s.rollback()
            return _settings_page(422, error=refused)
        if not secret and value == (current_app.config.get(key) or ""):
            machine_settings.save(s, key, None, current_user.display_name)
        else:
            machine_settings.save(s, key, value, current_user.display_name)
    s.commit()
    return _settings_page(message="Settings saved.")


@bp.post("/settings/machine/test")
def test_provider() -> ResponseReturnValue:
    name = request.form.get("provider", "")
    provider = PROVIDERS.get(name)
    if provider is None:
        abort(422, description=f"There is no provider called {name!r}.")
    settings = ProviderSettings.from_mapping(merged_config())
    missing = provider.missing(settings)
    result: dict[str, Any] = {"provider": provider.label, "source": TEST_SENTENCE}
    if missing:
        result["error"] = missing
    else:
        try:
            result["text"] = translate_text(provider, TEST_SENTENCE, settings, retries=0)
        except MachineError as error:
            result["error"] = error.message
    if htmx:
        return render_template("partials/provider_test.html", result=result, name=name)
    return _settings_page(test=result)
