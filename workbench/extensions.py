"""Unbound extension singletons, bound to an app in ``create_app``."""

from __future__ import annotations

from flask_htmx import HTMX
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

db = SQLAlchemy()
htmx = HTMX()
csrf = CSRFProtect()
