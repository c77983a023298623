"""Unbound extension singletons, bound to an app in ``create_app``."""

from __future__ import annotations

from flask_htmx import HTMX
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect
from huey import Huey
from huey.storage import MemoryStorage

db = SQLAlchemy()
htmx = HTMX()
csrf = CSRFProtect()
login_manager = LoginManager()
# Storage is chosen in workbench.machine.jobs.init_app (SQLite file, Redis, or
# immediate mode in tests); tasks register on this one instance at import.
huey = Huey("workbench", storage_class=MemoryStorage)
