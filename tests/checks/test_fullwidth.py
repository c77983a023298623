"""Full-width punctuation and spaces in the English, with what to type instead."""

from __future__ import annotations

import pytest

from workbench.checks import Context, Finding
from workbench.checks.fullwidth import FullWidthCheck

CHECK = FullWidthCheck()


@pytest.mark.parametrize(
    ("target", "runs"),
    [
        ("Kim、Trump。", ["、", "。"]),
        ("Yes，no．", ["，", "．"]),
        ("Really！？", ["！？"]),
        ("Note：this；that", ["：", "；"]),
        ("（Kim）", ["（", "）"]),
        ("Kim\u3000Jong-un", ["\u3000"]),
        ("「love call」", ["「", "」"]),
        ("Washington・Post", ["・"]),
        ("wait…‥", ["‥"]),
        # Near misses.
        ("Kim, Trump. Really!? (Kim) “love call” — yes…", []),
        ("Kim Jong-un", []),
        ("Ｇ２０", []),  # full-width letters are the leftovers check's
        ("", []),
    ],
)
def test_full_width(target: str, runs: list[str]) -> None:
    findings = CHECK.run("原文", target, Context())
    assert [target[f.start : f.end] for f in findings if f.start is not None] == runs
    assert len(findings) == len(runs)
    assert all(f.severity == "error" and f.check_id == "full-width" for f in findings)


def test_the_message_says_what_to_type_instead() -> None:
    assert CHECK.run("", "Yes、really！？", Context()) == [
        Finding("full-width", "error", "“、” in the English (character 4); use “,”", 3, 4),
        Finding("full-width", "error", "“！？” in the English (character 11); use “!?”", 10, 12),
    ]
    (space,) = CHECK.run("", "Kim\u3000Jong-un", Context())
    assert space.message == "A full-width space in the English (character 4); use “ ”"
