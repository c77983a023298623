"""Quotation marks and brackets of the English.

* 「」 in the Japanese and not one quotation mark in the English (“ " or
  ‘): the quotation was lost (a warning on the whole text). 『』 alone does
  not count: it marks titles too, which English sets in italics;
* an opening ( [ { “ without its closing partner, or a closing one without an
  opener, each pointing at the mark;
* an odd number of straight double quotes, pointing at the last one.

Single quotes are left alone: ’ is the apostrophe of Kim’s as well.
"""

from __future__ import annotations

import re

from workbench.checks.base import Context, Finding, Severity

PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”"}
_CLOSERS = {closer: opener for opener, closer in PAIRS.items()}
_MARKS = re.compile(r"[()\[\]{}“”]")
_ENGLISH_QUOTES = '"“”‘'


class BracketsCheck:
    id = "brackets"
    label = "Brackets and quotes"
    severity: Severity = "warning"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        if not target.strip():
            return []
        findings: list[Finding] = []
        if "「" in source and not any(mark in target for mark in _ENGLISH_QUOTES):
            quoted = _first_quotation(source)
            findings.append(
                Finding(
                    self.id,
                    self.severity,
                    f"{quoted} in the Japanese → no quotation marks in the English",
                )
            )
        findings.extend(self._unbalanced(target))
        if target.count('"') % 2:
            at = target.rindex('"')
            message = f'An unpaired " in the English (character {at + 1})'
            findings.append(Finding(self.id, self.severity, message, at, at + 1))
        return findings

    def _unbalanced(self, target: str) -> list[Finding]:
        stack: list[int] = []
        stray: list[int] = []
        unclosed: list[int] = []
        for mark in _MARKS.finditer(target):
            index, char = mark.start(), mark.group()
            if char in PAIRS:
                stack.append(index)
            elif char in _CLOSERS:
                # Close the nearest opener of the same kind; the ones above it
                # were never closed: "(a [b) c]" leaves [ open and ] stray.
                for level in range(len(stack) - 1, -1, -1):
                    if target[stack[level]] == _CLOSERS[char]:
                        unclosed.extend(stack[level + 1 :])
                        del stack[level:]
                        break
                else:
                    stray.append(index)
        findings: list[Finding] = []
        for index in sorted(stack + stray + unclosed):
            char = target[index]
            if char in PAIRS:
                message = f"An opening {char} without its closing {PAIRS[char]}"
            else:
                message = f"A closing {char} without an opening {_CLOSERS[char]}"
            message += f" in the English (character {index + 1})"
            findings.append(Finding(self.id, self.severity, message, index, index + 1))
        return findings


def _first_quotation(source: str) -> str:
    start = source.find("「")
    end = source.find("」", start)
    if end == -1 or end - start > 20:
        return source[start : start + 12] + "…"
    return source[start : end + 1]
