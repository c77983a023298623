"""What the pages and the command line need to offer drafting: the providers that
can be chosen now, the one chosen by default, and the job block's context.

No Flask view lives here, so the editor, the settings page and the CLI all read
the same choices without importing one another's views.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, select

from workbench.articles.models import FILL_ORIGINS, Article, Paragraph, Revision
from workbench.extensions import db
from workbench.machine import drafting
from workbench.machine import settings as machine_settings
from workbench.machine.models import Draft
from workbench.machine.providers import PROVIDERS, ProviderSettings


def merged_config() -> dict[str, object]:
    """The app's configuration with the settings saved on the settings page on top."""
    return machine_settings.effective(current_app.config, db.session)


def provider_choices() -> list[dict[str, Any]]:
    """Every provider with whether it can be used now, for selects and the settings page."""
    settings = ProviderSettings.from_mapping(merged_config())
    return [
        {"name": name, "label": p.label, "missing": p.missing(settings)}
        for name, p in PROVIDERS.items()
    ]


def default_provider(article: Article | None = None) -> str:
    if article is not None and article.mt_provider in PROVIDERS:
        return str(article.mt_provider)
    name = str(merged_config().get("MT_PROVIDER") or "google")
    return name if name in PROVIDERS else "google"


def last_draft_id(article_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.max(Draft.id))
            .join(Paragraph, Paragraph.id == Draft.paragraph_id)
            .where(Paragraph.article_id == article_id)
        )
        or 0
    )


def last_fill_id(article_id: int) -> int:
    """The newest revision pre-translation stored in the article (0: none)."""
    return int(
        db.session.scalar(
            select(func.max(Revision.id))
            .join(Paragraph, Paragraph.id == Revision.paragraph_id)
            .where(Paragraph.article_id == article_id, Revision.origin.in_(FILL_ORIGINS))
        )
        or 0
    )


def job_context(
    article: Article, after: int | None = None, filled: int | None = None
) -> dict[str, Any]:
    job = drafting.latest_job(db.session, article.id)
    return {
        "article": article,
        "job": job,
        "after": last_draft_id(article.id) if after is None else after,
        # Only a page watching a pre-translation needs to know what it filled.
        "filled": (last_fill_id(article.id) if filled is None else filled)
        if job is not None and job.active and job.kind == "pretranslate"
        else None,
        "providers": provider_choices(),
        "chosen_provider": default_provider(article),
    }
