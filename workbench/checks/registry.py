"""Every QA check, in the order their findings are shown.

Adding a check is adding one module with its class and one line in ``CHECKS``;
the editor rows, the QA page, the exports and ``workbench check`` all run this
list (through checks/service.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.checks.base import Check, Context, Finding
from workbench.checks.brackets import BracketsCheck
from workbench.checks.consistency import ConsistencyCheck
from workbench.checks.dates import DatesCheck
from workbench.checks.fullwidth import FullWidthCheck
from workbench.checks.glossary import GlossaryCheck
from workbench.checks.leftovers import LeftoversCheck
from workbench.checks.length import LengthCheck
from workbench.checks.numbers import NumbersCheck
from workbench.checks.spaces import SpacesCheck
from workbench.checks.units import UnitsCheck

CHECKS: list[Check] = [
    GlossaryCheck(),
    LeftoversCheck(),
    NumbersCheck(),
    DatesCheck(),
    UnitsCheck(),
    BracketsCheck(),
    FullWidthCheck(),
    SpacesCheck(),
    LengthCheck(),
    ConsistencyCheck(),
]


def run_all(
    source: str, target: str, ctx: Context | None = None, checks: Sequence[Check] = CHECKS
) -> list[Finding]:
    """The findings of every check on one paragraph, check by check."""
    context = Context() if ctx is None else ctx
    return [finding for check in checks for finding in check.run(source, target, context)]
