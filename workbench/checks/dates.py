"""Every date and time of the Japanese must be found in the English.

For each date :func:`~workbench.japanese.dates.find_dates` finds, the English
must give its year as digits (``令和7年`` is 2025; the era form ``Reiwa 7`` is
accepted too), a fiscal year as fiscal (``fiscal 2024``, ``FY2024``, or the year
it ends in), its month by name or abbreviation (``June``, ``Sept.``) or in a numeric
date (``30/6/2019``, ``2019-06-30``), the
part of the month (``6月末`` is the end of June), its day, its weekday, a
``(現地時間)`` as "local time", a span of hours with its number and "hours",
and a clock time on either clock (``午後3時`` as 3 p.m. or 15:00). What is
missing is said in one finding per date.
"""

from __future__ import annotations

import re
from decimal import Decimal

from workbench.checks.base import Context, Finding, Severity
from workbench.checks.english import english_values, fold, has_word
from workbench.japanese.dates import ERAS, JaDate, find_dates

MONTHS: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
WEEKDAYS: tuple[tuple[str, ...], ...] = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
_ROMAN_ERAS = {
    "令和": "reiwa",
    "平成": "heisei",
    "昭和": "showa",
    "大正": "taisho",
    "明治": "meiji",
}
_FISCAL = ("fiscal", "fy", "financial year", "business year")
_PARTS: dict[str, tuple[str, ...]] = {
    "末": ("end", "late", "last"),
    "下旬": ("end", "late", "last"),
    "初め": ("early", "beginning", "start", "first"),
    "初旬": ("early", "beginning", "start", "first"),
    "上旬": ("early", "beginning", "start", "first"),
    "初": ("early", "beginning", "start", "first"),
    "中旬": ("mid", "middle"),
    "半ば": ("mid", "middle"),
}
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,4})[/-](\d{1,2})(?:[/-](\d{1,4}))?(?![\d.])")
_HOURS = ("hours", "hour", "hrs", "hr", "h")


class DatesCheck:
    id = "dates"
    label = "Dates and times"
    severity: Severity = "warning"

    def run(self, source: str, target: str, ctx: Context) -> list[Finding]:
        if not target.strip():
            return []
        text = fold(target)
        found = english_values(target)
        findings: list[Finding] = []
        reported: set[str] = set()
        for date in find_dates(source):
            missing = _missing(date, text, found)
            if missing and date.text not in reported:
                reported.add(date.text)
                message = f"{date.text} → no {', no '.join(missing)} in the English"
                findings.append(Finding(self.id, self.severity, message))
        return findings


def _missing(date: JaDate, text: str, found: frozenset[Decimal]) -> list[str]:
    missing: list[str] = []
    if date.year is not None and not _has_year(date, text, found):
        missing.append(f"fiscal {date.year}" if date.fiscal else str(date.year))
    elif date.fiscal and not has_word(text, _FISCAL):
        missing.append(f"“fiscal” (fiscal {date.year} or FY{date.year})")
    if date.month is not None and not _has_month(date.month, text):
        missing.append(MONTHS[date.month - 1][0].title())
    if date.part is not None and not has_word(text, _PARTS[date.part]):
        missing.append(f"“{_PARTS[date.part][0]}” of the month")
    if date.day is not None and Decimal(date.day) not in found:
        missing.append(str(date.day))
    if date.weekday is not None and not has_word(text, WEEKDAYS[date.weekday]):
        missing.append(WEEKDAYS[date.weekday][0].title())
    if date.local_time and "local time" not in text:
        missing.append("“local time”")
    if date.hours is not None:
        missing.extend(_missing_hours(date.hours, text, found))
    if date.clock is not None and not _has_clock(date.clock, text, found):
        missing.append(f"{date.clock}:00 or {(date.clock - 1) % 12 + 1} o'clock")
    return missing


def _has_month(month: int, text: str) -> bool:
    if has_word(text, MONTHS[month - 1]):
        return True
    # A numeric date (30/6/2019, 6/30, 2019-06-30) may carry the month.
    return any(
        int(part) == month
        for found in _NUMERIC_DATE.finditer(text)
        for part in found.groups()
        if part
    )


def _has_year(date: JaDate, text: str, found: frozenset[Decimal]) -> bool:
    assert date.year is not None
    years = {Decimal(date.year)}
    if date.fiscal:
        years.add(Decimal(date.year + 1))  # "the year to March 2025"
    if years & found:
        return True
    if date.era is None:
        return False
    era_year = Decimal(date.year - ERAS[date.era] + 1)
    return has_word(text, (_ROMAN_ERAS[date.era],)) and era_year in found


def _missing_hours(hours: Decimal, text: str, found: frozenset[Decimal]) -> list[str]:
    # A missing number is the number check's to report.
    if hours not in found or has_word(text, _HOURS):
        return []
    if hours == 24 and has_word(text, ("day", "clock")):
        return []
    return ["“hours”"]


def _has_clock(hour: int, text: str, found: frozenset[Decimal]) -> bool:
    twelve = (hour - 1) % 12 + 1
    return bool({Decimal(hour), Decimal(twelve)} & found)
