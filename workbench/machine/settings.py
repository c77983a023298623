"""Provider settings: the environment gives the defaults, an administrator may override them."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.database import utcnow
from workbench.machine.models import MachineSetting

# Setting name (as in the Flask config, from WORKBENCH_*) -> is it a secret?
FIELDS: dict[str, bool] = {
    "MT_PROVIDER": False,
    "LIBRETRANSLATE_URL": False,
    "LIBRETRANSLATE_KEY": True,
    "DEEPL_KEY": True,
    "MICROSOFT_KEY": True,
    "MICROSOFT_REGION": False,
    "MYMEMORY_EMAIL": False,
}
LABELS = {
    "MT_PROVIDER": "Default provider",
    "LIBRETRANSLATE_URL": "LibreTranslate server URL",
    "LIBRETRANSLATE_KEY": "LibreTranslate API key",
    "DEEPL_KEY": "DeepL authentication key",
    "MICROSOFT_KEY": "Microsoft Translator key",
    "MICROSOFT_REGION": "Microsoft Translator region",
    "MYMEMORY_EMAIL": "MyMemory e-mail (raises its daily limit)",
}


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
