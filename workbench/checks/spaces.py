"""Double spaces, and whitespace at the start or end of the English.

Each finding points at the spaces. Line breaks inside a paragraph are left
alone (a list may need them), and U+3000 is the full-width check's.
"""

from __future__ import annotations

import re

from workbench.checks.base import Context, Finding, Severity

_DOUBLE = re.compile(r"(?<=\S)[ \t\u00a0]{2,}(?=\S)")
_LEADING = re.compile(r"^[^\S\u3000]+")
_TRAILING = re.compile(r"[^\S\u3000]+$")


class SpacesCheck:
    id = "spaces"
    label = "Double, leading or trailing spaces"
    severity: Severity = "warning"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        if not target.strip():
            return []
        findings: list[Finding] = []
        leading = _LEADING.search(target)
        if leading:
            findings.append(self._finding("Whitespace at the start of the English", leading))
        for match in _DOUBLE.finditer(target):
            where = f"after “{_word_before(target, match.start())}”"
            findings.append(self._finding(f"A double space {where}", match))
        trailing = _TRAILING.search(target)
        if trailing:
            findings.append(self._finding("Whitespace at the end of the English", trailing))
        return findings

    def _finding(self, message: str, match: re.Match[str]) -> Finding:
        return Finding(self.id, self.severity, message, *match.span())


def _word_before(text: str, end: int) -> str:
    return text[:end].split()[-1][-20:]
