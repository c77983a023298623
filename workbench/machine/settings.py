"""Provider settings: the environment gives the defaults, an administrator may override them."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.database import utcnow
from workbench.machine.models import MachineSetting
from workbench.machine.providers import PROVIDERS, Setting

# The longest value stored for any setting.
MAX_LENGTH = 2000


def _known_provider(value: str) -> str | None:
    return None if value in PROVIDERS else f"There is no provider called {value!r}."


DEFAULT_PROVIDER = Setting("MT_PROVIDER", "Default provider", validator=_known_provider)


def _page_settings() -> dict[str, Setting]:
    """The settings an administrator may set here, in the page's order.

    The choice of provider first; then, provider by provider, what each
    declares. Providers that cannot run without a setting come before those
    whose settings are all optional: those are what one comes here to fill in.
    """
    providers = sorted(PROVIDERS.values(), key=lambda p: not any(s.required for s in p.settings))
    declared = [s for p in providers for s in p.settings if s.editable]
    return {s.key: s for s in (DEFAULT_PROVIDER, *declared)}


SETTINGS: dict[str, Setting] = _page_settings()
# Setting name (as in the Flask config, from WORKBENCH_*) -> is it a secret?
FIELDS: dict[str, bool] = {key: s.secret for key, s in SETTINGS.items()}
LABELS: dict[str, str] = {key: s.label for key, s in SETTINGS.items()}


def problem(key: str, value: str) -> str | None:
    """The sentence saying why ``value`` cannot be stored under ``key``, or None."""
    setting = SETTINGS[key]
    if setting.validator is not None:
        refused = setting.validator(value)
        if refused:
            return refused
    if len(value) > MAX_LENGTH:
        return f"{setting.label} is too long."
    return None


def effective(config: Mapping[str, object], session: Session) -> dict[str, object]:
    """The config mapping with the administrator's overrides applied."""
    merged = dict(config)
    for row in session.scalars(select(MachineSetting)):
        if row.key in FIELDS:
            merged[row.key] = row.value or None
    return merged


def overridden(session: Session) -> set[str]:
    return set(session.scalars(select(MachineSetting.key)))


def save(session: Session, key: str, value: str | None, author: str) -> None:
    """Store an override; ``None`` removes it, so the environment's value applies again."""
    if key not in FIELDS:
        raise KeyError(key)
    row = session.get(MachineSetting, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = MachineSetting(key=key)
        session.add(row)
    row.value = value
    row.updated_by = author
    row.updated_at = utcnow()
