"""QA checks of a translation: one class per check (registry.py), each pure."""

from __future__ import annotations

from workbench.checks.base import Check, Context, Finding, Severity
from workbench.checks.registry import ALL_CHECKS, CHECKS, run_all

__all__ = ["ALL_CHECKS", "CHECKS", "Check", "Context", "Finding", "Severity", "run_all"]
