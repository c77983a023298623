"""The date check: years (era years too), fiscal years, months, parts of a
month, days, weekdays, local time, hours and clock times must reach the English."""

from __future__ import annotations

import pytest

from workbench.checks import Context
from workbench.checks.dates import DatesCheck

CHECK = DatesCheck()


def run(source: str, target: str) -> list[str]:
    findings = CHECK.run(source, target, Context())
    assert all(f.check_id == "dates" and f.severity == "warning" for f in findings)
    return [f.message for f in findings]


@pytest.mark.parametrize(
    ("source", "target", "messages"),
    [
        # Found.
        ("2019年6月30日に", "on June 30, 2019", []),
        ("2019年6月30日に", "on 30 June 2019", []),
        ("2019年6月30日に", "on Jun. 30th, 2019", []),
        ("9月1日", "Sept. 1", []),
        ("6月末", "at the end of June", []),
        ("6月末", "in late June", []),
        ("10月28日(現地時間)", "on Oct. 28 local time", []),
        ("令和7年", "in 2025", []),
        ("令和7年", "in Reiwa 7", []),
        ("令和元年", "in 2019", []),
        ("平成31年", "in 2019", []),
        ("2024年度", "in fiscal 2024", []),
        ("2024年度", "in FY2024", []),
        ("36時間後", "36 hours later", []),
        ("36時間後", "after a 36-hour wait", []),
        ("午後3時", "at 3 p.m.", []),
        ("午後3時", "at 15:00", []),
        ("月曜日に", "on Monday", []),
        ("3か月", "for three months", []),  # a duration: the number check's
        # Missing.
        ("2019年6月30日に", "on June 30", ["2019年6月30日 → no 2019 in the English"]),
        ("2019年6月30日に", "on July 30, 2019", ["2019年6月30日 → no June in the English"]),
        ("2019年6月30日に", "on 30/6/2019", []),
        ("2019年6月30日に", "on 2019-06-30", []),
        ("6月末", "in June", ["6月末 → no “end” of the month in the English"]),
        (
            "10月28日(現地時間)",
            "on Oct. 28",
            ["10月28日(現地時間) → no “local time” in the English"],
        ),
        ("令和7年", "in 2019", ["令和7年 → no 2025 in the English"]),
        (
            "2024年度",
            "in 2024",
            ["2024年度 → no “fiscal” (fiscal 2024 or FY2024) in the English"],
        ),
        ("36時間後", "36 minutes later", ["36時間 → no “hours” in the English"]),
        ("36時間後", "later", []),  # the number check says "no 36"
        ("月曜日に", "on Tuesday", ["月曜日 → no Monday in the English"]),
        (
            "2019年6月30日(日)",
            "in 2019",
            ["2019年6月30日(日) → no June, no 30, no Sunday in the English"],
        ),
        ("2019年6月", "", []),  # nothing written yet
    ],
)
def test_dates(source: str, target: str, messages: list[str]) -> None:
    assert run(source, target) == messages


def test_the_sample_translation_has_every_date() -> None:
    from tests.support.sample_english import sample_pairs

    assert [run(source, target) for source, target in sample_pairs()] == [[]] * 14
