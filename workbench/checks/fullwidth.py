"""Full-width punctuation and spaces in the English (、。，．！？：；（） and U+3000).

One finding per run, pointing at it, with the ASCII form to use where there
is one. Full-width letters and digits are the leftovers check's.
"""

from __future__ import annotations

import re
import unicodedata

from workbench.checks.base import Context, Finding, Severity

# The ideographic punctuation block, the full-width ASCII punctuation, the
# half-width ideographic marks, and the ellipsis-like two-dot leader.
_FULL_WIDTH = re.compile(
    "[\u3000-\u3004\u3008-\u3011\u3014-\u301f\u30fb"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2025]+"
)
_INSTEAD = {"、": ",", "。": ".", "・": "·", "･": "·", "「": "“", "」": "”", "『": "‘", "』": "’"}


class FullWidthCheck:
    id = "full-width"
    label = "Full-width punctuation or spaces"
    severity: Severity = "error"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        for match in _FULL_WIDTH.finditer(target):
            run = match.group()
            shown = run.replace("\u3000", "␣")
            what = "A full-width space" if set(run) == {"\u3000"} else f"“{shown}”"
            message = f"{what} in the English (character {match.start() + 1}); use “{_ascii(run)}”"
            findings.append(Finding(self.id, self.severity, message, *match.span()))
        return findings


def _ascii(run: str) -> str:
    return "".join(_INSTEAD.get(char) or unicodedata.normalize("NFKC", char) for char in run)
