"""Every QA check, in the order their findings are shown.

Adding a check is adding one class and one line here.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.checks.base import Check, Context, Finding
from workbench.checks.glossary import GlossaryCheck

CHECKS: list[Check] = [
    GlossaryCheck(),
]


def run_all(
    source: str, target: str, ctx: Context | None = None, checks: Sequence[Check] = CHECKS
) -> list[Finding]:
    """The findings of every check on one paragraph, check by check."""
    context = Context() if ctx is None else ctx
    return [finding for check in checks for finding in check.run(source, target, context)]
