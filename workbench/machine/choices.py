"""What the pages and the command line need to offer drafting: the providers that
can be chosen now, the one chosen by default, and the job block's context.

No Flask view lives here, so the editor, the settings page and the CLI all read
the same choices without importing one another's views.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, select

from workbench.articles.models import Article, Paragraph
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


def job_context(article: Article, after: int | None = None) -> dict[str, Any]:
    return {
        "article": article,
        "job": drafting.latest_job(db.session, article.id),
        "after": last_draft_id(article.id) if after is None else after,
        "providers": provider_choices(),
        "chosen_provider": default_provider(article),
    }
