"""The unit check: an amount whose number reached the English must bring its
currency or unit along."""

from __future__ import annotations

import pytest

from workbench.checks import Context
from workbench.checks.units import UnitsCheck

CHECK = UnitsCheck()


def run(source: str, target: str) -> list[str]:
    findings = CHECK.run(source, target, Context())
    assert all(f.check_id == "units" and f.severity == "warning" for f in findings)
    return [f.message for f in findings]


@pytest.mark.parametrize(
    ("source", "target", "messages"),
    [
        ("5000万円", "50 million yen", []),
        ("5000万円", "¥50 million", []),
        ("5000万円", "￥50 million", []),  # full-width yen sign
        ("500ドル", "$500", []),
        ("500ドル", "500 US dollars", []),
        ("1億ユーロ", "€100 million", []),
        ("1000ウォン", "1,000 won", []),
        ("3キロ歩いた", "walked 3 km", []),
        ("3キロ増えた", "gained 3 kilograms", []),  # キロ is either
        ("100メートル", "100 metres", []),
        ("100メートル", "100m", []),
        ("2トン", "two tonnes", []),
        ("30%", "30 percent", []),
        ("30パーセント", "30%", []),
        ("３０％", "30 per cent", []),
        ("5000万円", "50 million", ["5000万円 → no “yen” or “¥” in the English"]),
        (
            "500ドル",
            "500 euros",
            ["500ドル → no “dollars” or “$” in the English"],
        ),
        ("3キロ", "3 miles", ["3キロ → no “km”, “kg” or a word for them in the English"]),
        ("30%", "30 people", ["30% → no “%” or “percent” in the English"]),
        (
            "100メートル",
            "100 feet",
            ["100メートル → no “metres” or “m” in the English"],
        ),
        # The number itself missing is the number check's; said once per unit.
        ("5000万円", "a lot of money", []),
        ("5円と6円", "5 and 6", ["5円 → no “yen” or “¥” in the English"]),
        # Not a unit: 元 as "former" has no number before it; a counter is not a unit.
        ("元大統領が3人", "three former presidents", []),
        ("500ドル", "", []),
    ],
)
def test_units(source: str, target: str, messages: list[str]) -> None:
    assert run(source, target) == messages
