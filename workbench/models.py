"""Imports every capability's models, so the metadata knows every table."""

from __future__ import annotations

from workbench.accounts.models import User
from workbench.articles.models import Article, Paragraph, Revision
from workbench.machine.models import Draft

__all__ = ["Article", "Draft", "Paragraph", "Revision", "User"]
