"""An English much shorter or much longer than its Japanese.

English news text runs at about 2 to 3.5 characters for each character of
Japanese (the sample article's 14 paragraphs: 2.0 to 2.7). A paragraph
outside 1.2 to 4.5 has most likely lost or gained a sentence. Short
paragraphs (a heading, a byline, a quoted word) vary too much to judge, so
the source must be at least 40 characters long.
"""

from __future__ import annotations

from workbench.checks.base import Context, Finding, Severity

LOW = 1.2
HIGH = 4.5
MIN_SOURCE = 40


class LengthCheck:
    id = "length"
    label = "Length ratio"
    severity: Severity = "warning"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        japanese = _length(source)
        english = _length(target)
        if japanese < MIN_SOURCE or english == 0:
            return []
        ratio = english / japanese
        if LOW <= ratio <= HIGH:
            return []
        hint = "a part may be missing" if ratio < LOW else "a part may be repeated or added"
        message = (
            f"The English is {ratio:.1f} times as long as the Japanese "
            f"({english} and {japanese} characters; usually 2 to 3.5): {hint}"
        )
        return [Finding(self.id, self.severity, message)]


def _length(text: str) -> int:
    return len(" ".join(text.split()))
