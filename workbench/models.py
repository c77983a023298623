"""Imports every capability's models, so the metadata knows every table."""

from __future__ import annotations

from workbench.accounts.models import PasswordFailure, User, UserSession
from workbench.articles.models import Article, ImportStage, Paragraph, Revision, SourceRevision
from workbench.checks.models import Dismissal
from workbench.glossary.models import GlossaryState, Term
from workbench.machine.models import Draft, Job, MachineSetting
from workbench.memory.models import MemoryEntry, MemoryState
from workbench.notes.models import Note, NoteReply

__all__ = [
    "Article",
    "Dismissal",
    "Draft",
    "GlossaryState",
    "ImportStage",
    "Job",
    "MachineSetting",
    "MemoryEntry",
    "MemoryState",
    "Note",
    "NoteReply",
    "Paragraph",
    "PasswordFailure",
    "Revision",
    "SourceRevision",
    "Term",
    "User",
    "UserSession",
]
