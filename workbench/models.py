"""Imports every capability's models, so the metadata knows every table."""

from __future__ import annotations

from workbench.accounts.models import User
from workbench.articles.models import Article, Paragraph, Revision
from workbench.machine.models import Draft, Job, MachineSetting

__all__ = ["Article", "Draft", "Job", "MachineSetting", "Paragraph", "Revision", "User"]
