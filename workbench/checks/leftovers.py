"""Japanese left in the English: kana, kanji and full-width letters or digits.

One finding per run of such characters, pointing at it, so the editor can
show where it sits. Half-width katakana and the iteration marks count too,
and a middle dot inside a name; other punctuation is the full-width check's.
"""

from __future__ import annotations

import re

from workbench.checks.base import Context, Finding, Severity

_LETTERS = (
    "[\u3005-\u3007\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff9f"
    "\U00020000-\U0003134f]+"
)
# A middle dot between two Japanese words belongs to them: ワシントン・ポスト.
_JAPANESE = re.compile(f"{_LETTERS}(?:[\u30fb\uff65]{_LETTERS})*")


class LeftoversCheck:
    id = "japanese-left"
    label = "Japanese left in the English"
    severity: Severity = "error"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        for match in _JAPANESE.finditer(target):
            run = match.group()
            message = f"Japanese left in the English: “{run}” (character {match.start() + 1})"
            findings.append(Finding(self.id, self.severity, message, *match.span()))
        return findings
