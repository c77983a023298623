"""Every number of the Japanese must be found in the English.

A number counts as found when the English states its value in any form
:func:`~workbench.checks.english.english_values` reads (``120 million`` for
``1億2000万``, ``three-year`` for ``三年間``, ``second`` for ``第2回``), or, from
10,000 up, a value within 1% of it (``about 123 million`` for ``1億2345万``).
A tenth (``3割``) may also be given as a percentage (``30%``), and a day of
the month alone (``24日``) as its weekday or "yesterday", as English news
often gives it.

Dates and clock times are the date check's (``6月`` is "June"), so numbers
inside them are left alone here; a span of hours (``36時間``) is checked here
for its number and there for its "hours". A number written twice is
reported once.
"""

from __future__ import annotations

from decimal import Decimal

from workbench.checks.base import Context, Finding, Severity
from workbench.checks.dates import WEEKDAYS
from workbench.checks.english import english_values, fold, has_word, show_value
from workbench.japanese.dates import find_dates
from workbench.japanese.numbers import JaNumber, find_numbers

# From this value up, a translation may round: 1億2345万 as "123 million".
ROUNDING_FROM = Decimal(10_000)
ROUNDING = Decimal("0.01")
# After 日, these make a count of days (3日後, three days later), not a date.
_SPANS_OF_DAYS = ("後", "前", "以内", "以上", "ぶり", "連続", "分")
_ALL_DAY = ("clock", "day", "daily", "all-day")
_DAY_WORDS = (
    *(name for names in WEEKDAYS for name in names),
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
)


class NumbersCheck:
    id = "numbers"
    label = "Numbers"
    severity: Severity = "warning"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        if not target.strip():
            return []
        found = english_values(target)
        text = fold(target)
        # A span of hours is a number like any other; its "hours" is the date check's.
        dates = [(date.start, date.end) for date in find_dates(source) if date.hours is None]
        findings: list[Finding] = []
        reported: set[Decimal] = set()
        for number in find_numbers(source):
            if number.value in reported or _inside(number, dates):
                continue
            if not _stated(number, found, source, text):
                reported.add(number.value)
                message = f"{number.expression} → no {show_value(number.value)} in the English"
                findings.append(Finding(self.id, self.severity, message))
        return findings


def _stated(number: JaNumber, found: frozenset[Decimal], source: str, text: str) -> bool:
    wanted = {number.value}
    if number.counter == "割":
        wanted.add(number.value * 10)
    if wanted & found:
        return True
    if _calendar_day(number, source) and has_word(text, _DAY_WORDS):
        return True
    if number.counter == "時間" and number.value == 24 and has_word(text, _ALL_DAY):
        return True  # 24時間体制: around the clock
    if number.value < ROUNDING_FROM:
        return False
    return any(abs(value - number.value) <= number.value * ROUNDING for value in found)


def _calendar_day(number: JaNumber, source: str) -> bool:
    """24日 alone is a day of this month, which English news often gives as a weekday."""
    if number.counter != "日" or number.value > 31 or number.ordinal:
        return False
    return not source.startswith(_SPANS_OF_DAYS, number.end + 1)


def _inside(number: JaNumber, spans: list[tuple[int, int]]) -> bool:
    return any(start <= number.start and number.end <= end for start, end in spans)
