"""Every setting, read from WORKBENCH_* environment variables.

An optional ``instance/config.py`` may set the same names (without the
``WORKBENCH_`` prefix); the environment wins over it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, str] = {
    "MT_PROVIDER": "google",
    "MT_TIMEOUT": "10",
    "MT_CONCURRENCY": "4",
    "MT_RETRIES": "3",
    "MAX_UPLOAD_MB": "5",
}


def instance_path() -> Path:
    return Path(os.environ.get("WORKBENCH_INSTANCE") or CHECKOUT / "instance").resolve()


def _secret_key(instance: Path) -> str:
    # Generated once and kept, so sessions survive a restart.
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load(overrides: dict[str, object] | None = None) -> dict[str, object]:
    """Return the Flask config mapping for one app."""
    overrides = dict(overrides or {})
    instance = Path(str(overrides.pop("INSTANCE", instance_path())))
    instance.mkdir(parents=True, exist_ok=True)

    values: dict[str, object] = dict(DEFAULTS)
    file_config = instance / "config.py"
    if file_config.exists():
        namespace: dict[str, object] = {}
        exec(compile(file_config.read_text(), str(file_config), "exec"), namespace)
        values.update({k: v for k, v in namespace.items() if k.isupper()})
    for key, value in os.environ.items():
        if key.startswith("WORKBENCH_"):
            values[key.removeprefix("WORKBENCH_")] = value
    values.update(overrides)

    database_url = str(values.get("DATABASE_URL") or f"sqlite:///{instance / 'workbench.db'}")
    max_upload = int(float(str(values["MAX_UPLOAD_MB"])) * 1024 * 1024)
    config: dict[str, object] = {
        "INSTANCE": str(instance),
        "DATABASE_URL": database_url,
        "SECRET_KEY": str(values.get("SECRET_KEY") or _secret_key(instance)),
        "SQLALCHEMY_ENGINES": {"default": database_url},
        "MAX_UPLOAD_BYTES": max_upload,
        # The whole request may carry an upload plus a few form fields.
        "MAX_CONTENT_LENGTH": max_upload + 256 * 1024,
        # A 2,000-paragraph preview posts one field per kept paragraph.
        "MAX_FORM_PARTS": 50_000,
        "MAX_FORM_MEMORY_SIZE": max_upload * 2,
        # An editor keeps a page open all day: the token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REDIS_URL": values.get("REDIS_URL") or None,
        # Wrong passwords only (sign-in and the account page's current-password
        # check), counted in the database; a successful sign-in costs nothing.
        "LOGIN_LIMIT_PER_ACCOUNT": str(
            values.get("LOGIN_LIMIT_PER_ACCOUNT") or "10 per 15 minutes"
        ),
        "LOGIN_LIMIT_PER_ADDRESS": str(
            values.get("LOGIN_LIMIT_PER_ADDRESS") or "30 per 15 minutes"
        ),
        # Run drafting jobs inside the request (tests) instead of on the queue.
        "JOBS_IMMEDIATE": str(values.get("JOBS_IMMEDIATE", "")).lower() in ("1", "true", "yes"),
        "MT_PROVIDER": str(values["MT_PROVIDER"]),
        "MT_TIMEOUT": float(str(values["MT_TIMEOUT"])),
        "MT_CONCURRENCY": int(str(values["MT_CONCURRENCY"])),
        "MT_RETRIES": int(str(values["MT_RETRIES"])),
    }
    for name, setting in values.items():
        config.setdefault(name, setting)
    return config
