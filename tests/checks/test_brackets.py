"""Brackets and quotes: Japanese quotations kept as English ones, and every
bracket of the English closed."""

from __future__ import annotations

import pytest

from workbench.checks import Context
from workbench.checks.brackets import BracketsCheck

CHECK = BracketsCheck()


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        # Japanese quotations.
        (
            "「ラブコール」を送った。",
            "He sent a love call.",
            [("「ラブコール」 in the Japanese → no quotation marks in the English", None)],
        ),
        ("『朝日新聞』が報じた。", "The Asahi Shimbun reported.", []),  # a title
        ("「ラブコール」を送った。", "He sent a ‘love call’.", []),
        ("「ラブコール」を送った。", "He sent a “love call.”", []),
        ("「ラブコール」を送った。", 'He sent a "love call."', []),
        # Unbalanced brackets and quotes, pointed at.
        (
            "",
            "Twitter (now X proposal",
            [("An opening ( without its closing ) in the English (character 9)", "(")],
        ),
        (
            "",
            "Twitter now X) proposal",
            [("A closing ) without an opening ( in the English (character 14)", ")")],
        ),
        (
            "",
            "the [JSA area",
            [("An opening [ without its closing ] in the English (character 5)", "[")],
        ),
        (
            "",
            "he said “it would be good.",
            [("An opening “ without its closing ” in the English (character 9)", "“")],
        ),
        ("", 'he said "it would be good.', [('An unpaired " in the English (character 9)', '"')]),
        (
            "",
            "(a [b) c]",
            [
                ("An opening [ without its closing ] in the English (character 4)", "["),
                ("A closing ] without an opening [ in the English (character 9)", "]"),
            ],
        ),
        # Near misses.
        ("", "Twitter (now X) said “yes” [sic] {ok}.", []),
        ("", "Kim’s and Trump’s ‘summit’", []),  # single quotes are apostrophes too
        ("", "((nested) brackets)", []),
        ("「」なし", "", []),
        ("括弧なし", "no quotes needed", []),
    ],
)
def test_brackets(source: str, target: str, found: list[tuple[str, str | None]]) -> None:
    findings = CHECK.run(source, target, Context())
    assert [
        (f.message, None if f.start is None else target[f.start : f.end]) for f in findings
    ] == found
    assert all(f.severity == "warning" and f.check_id == "brackets" for f in findings)
