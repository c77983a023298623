"""Dates and times found in Japanese text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from workbench.japanese.dates import find_dates


@pytest.mark.parametrize(
    ("text", "written", "facts"),
    [
        ("2019年6月30日に", "2019年6月30日", {"year": 2019, "month": 6, "day": 30}),
        ("２０１９年６月３０日", "２０１９年６月３０日", {"year": 2019, "month": 6, "day": 30}),
        ("6月末に", "6月末", {"month": 6, "part": "末"}),
        ("10月28日(現地時間)に", "10月28日(現地時間)", {"month": 10, "local_time": True}),
        ("10月28日（現地時間）", "10月28日（現地時間）", {"day": 28, "local_time": True}),
        ("令和7年", "令和7年", {"year": 2025, "era": "令和"}),
        ("令和元年", "令和元年", {"year": 2019}),
        ("平成31年4月", "平成31年4月", {"year": 2019, "month": 4}),
        ("昭和64年", "昭和64年", {"year": 1989}),
        ("2024年度の予算", "2024年度", {"year": 2024, "fiscal": True}),
        ("二〇一九年十二月一日", "二〇一九年十二月一日", {"year": 2019, "month": 12, "day": 1}),
        ("36時間後", "36時間", {"hours": Decimal(36)}),
        ("午後3時に", "午後3時", {"clock": 15}),
        ("月曜日に", "月曜日", {"weekday": 0}),
        ("6月30日(日)", "6月30日(日)", {"weekday": 6, "day": 30}),
    ],
)
def test_dates(text: str, written: str, facts: dict[str, Any]) -> None:
    (date,) = find_dates(text)
    assert date.text == written == text[date.start : date.end]
    for name, value in facts.items():
        assert getattr(date, name) == value


@pytest.mark.parametrize(
    "text", ["3か月", "30日間", "2000年間", "同時に", "時代", "数十時間", "28日に", "100年"]
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == ()
