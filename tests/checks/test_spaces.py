"""Double spaces and whitespace at either end of the English, each pointed at."""

from __future__ import annotations

import pytest

from workbench.checks import Context
from workbench.checks.spaces import SpacesCheck

CHECK = SpacesCheck()


@pytest.mark.parametrize(
    ("target", "found"),
    [
        ("Kim  met Trump.", [("A double space after “Kim”", "  ")]),
        ("Kim met   Trump.", [("A double space after “met”", "   ")]),
        ("Kim met.  Then left.", [("A double space after “met.”", "  ")]),
        ("Kim\t met.", [("A double space after “Kim”", "\t ")]),
        (" Kim met.", [("Whitespace at the start of the English", " ")]),
        ("Kim met.\n", [("Whitespace at the end of the English", "\n")]),
        (
            "  Kim  met. ",
            [
                ("Whitespace at the start of the English", "  "),
                ("A double space after “Kim”", "  "),
                ("Whitespace at the end of the English", " "),
            ],
        ),
        # Near misses.
        ("Kim met Trump.", []),
        ("Kim met.\nTrump left.", []),  # a line break is no double space
        ("Kim met.\n\nTrump left.", []),
        ("Kim\u3000met", []),  # the full-width check's
        ("", []),
        ("   ", []),  # nothing written yet
    ],
)
def test_spaces(target: str, found: list[tuple[str, str]]) -> None:
    findings = CHECK.run("原文", target, Context())
    assert [(f.message, target[f.start : f.end]) for f in findings if f.start is not None] == found
    assert len(findings) == len(found)
    assert all(f.severity == "warning" and f.check_id == "spaces" for f in findings)
