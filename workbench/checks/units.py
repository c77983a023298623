"""A currency or unit of the Japanese must be named in the English.

For an amount with a unit (``500万ドル``, ``3キロ``, ``30%``) whose number the
English states, the English must also name the unit in one of its usual forms
(``dollars``, ``$``, ``USD``). キロ stands for kilometres and kilograms alike, so
either is accepted. When the number itself is missing the number check says
so, and this check stays quiet rather than report the same place twice.
"""

from __future__ import annotations

from workbench.checks.base import Context, Finding, Severity
from workbench.checks.english import english_values, fold, has_word
from workbench.japanese.numbers import find_numbers

_KILOMETRES = ("km", "kilometre", "kilometres", "kilometer", "kilometers")
_KILOGRAMS = ("kg", "kgs", "kilogram", "kilograms", "kilo", "kilos")
_PERCENT = ("%", "percent", "per cent", "pct", "percentage point", "percentage points")

# Japanese unit -> the English forms that name it; a message shows the first two.
UNITS: dict[str, tuple[str, ...]] = {
    "円": ("yen", "¥", "jpy"),
    "ドル": ("dollars", "$", "dollar", "usd"),
    "ユーロ": ("euros", "€", "euro", "eur"),
    "ウォン": ("won", "₩", "krw"),
    "ポンド": ("pounds", "£", "pound", "gbp"),
    "キロ": ("km", "kg", *_KILOMETRES, *_KILOGRAMS),
    "キロメートル": _KILOMETRES,
    "キログラム": _KILOGRAMS,
    "メートル": ("metres", "m", "metre", "meters", "meter"),
    "センチ": ("centimetres", "cm", "centimetre", "centimeters", "centimeter"),
    "トン": ("tonnes", "tons", "tonne", "ton", "t"),
    "グラム": ("grams", "g", "gram"),
    "リットル": ("litres", "l", "litre", "liters", "liter"),
    "%": _PERCENT,
    "％": _PERCENT,
    "パーセント": _PERCENT,
    "ポイント": ("points", "point", "pts", "percentage points"),
}


class UnitsCheck:
    id = "units"
    label = "Currencies and units"
    severity: Severity = "warning"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        if not target.strip():
            return []
        findings: list[Finding] = []
        reported: set[str] = set()
        text = fold(target)
        found = english_values(target)
        for number in find_numbers(source):
            forms = UNITS.get(number.counter)
            if forms is None or number.counter in reported or number.value not in found:
                continue
            if not has_word(text, forms):
                reported.add(number.counter)
                message = (
                    f"{number.expression} → no {_either(number.counter, forms)} in the English"
                )
                findings.append(Finding(self.id, self.severity, message))
        return findings


def _either(counter: str, forms: tuple[str, ...]) -> str:
    if counter == "キロ":
        return "“km”, “kg” or a word for them"
    return f"“{forms[0]}” or “{forms[1]}”"
