"""Unbound extension singletons, bound to an app in ``create_app``."""

from __future__ import annotations

from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect
from huey import Huey
from huey.storage import MemoryStorage

db = SQLAlchemy()
htmx = HTMX()
csrf = CSRFProtect()
login_manager = LoginManager()
# Storage comes from RATELIMIT_STORAGE_URI: memory, or Redis when configured.
limiter = Limiter(key_func=get_remote_address)
# Storage is chosen in workbench.machine.jobs.init_app (SQLite file, Redis, or
# immediate mode in tests); tasks register on this one instance at import.
huey = Huey("workbench", storage_class=MemoryStorage)
