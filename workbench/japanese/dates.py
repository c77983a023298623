"""Find the dates and times written in Japanese text.

:func:`find_dates` returns calendar dates (``2019年6月30日``, ``6月末``,
``10月28日(現地時間)``), era years (``令和7年`` is 2025, ``令和元年`` 2019,
``平成31年`` 2019), fiscal years (``2024年度``), spans of hours (``36時間``),
clock times (``午後3時``) and weekdays (``月曜日``, or ``(月)`` after a date),
each with its code-point offsets. The numbers inside them are the date
check's to verify, not the number check's: ``6月`` is "June", not "6".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from workbench.japanese.numbers import parse_number

_FOLD = str.maketrans("０１２３４５６７８９．（）", "0123456789.()")
_FULL_WIDTH = re.compile("[０-９．（）]")

# The first year of each era, so that year N of it is FIRST + N - 1.
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}
WEEKDAYS = "月火水木金土日"

_NUMBER = r"[0-9]+|[〇一二三四五六七八九十]+"
_PART = r"末|初め|初旬|上旬|中旬|下旬|半ば|初"
_LOCAL = r"\s*\(現地時間\)"
# Every part of a date is optional, so the pattern could match nothing at every
# character; the lookahead lets it start only where a year or month begins.
_DATE = re.compile(
    rf"(?=(?:{'|'.join(ERAS)})|[0-9〇一二三四五六七八九十]{{1,4}}[年月])"
    rf"(?:(?P<era>{'|'.join(ERAS)})(?P<era_year>元|{_NUMBER})年(?P<era_fiscal>度)?"
    rf"|(?<![0-9])(?P<year>[0-9]{{4}}|[〇一二三四五六七八九]{{4}})年(?!間)(?P<fiscal>度)?)?"
    rf"(?:(?<![0-9])(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?P<part>{_PART})?)?"
    rf"(?:(?<![0-9])(?P<day>3[01]|[12][0-9]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
    rf"(?!間|本))?"
    rf"(?P<weekday>\([{WEEKDAYS}]\))?"
    rf"(?P<local>{_LOCAL})?"
)
_HOURS = re.compile(r"(?P<hours>[0-9]+(?:\.[0-9]+)?|[〇一二三四五六七八九十]+)時間")
_CLOCK = re.compile(
    r"(?P<half>午前|午後)?(?P<hour>[0-9]{1,2}|[一二三四五六七八九十]+)時(?![間代点])"
)
_WEEKDAY = re.compile(rf"(?P<day>[{WEEKDAYS}])曜日?")


@dataclass(frozen=True)
class JaDate:
    """One date or time: where it is and what it says. Unknown parts are None."""

    start: int
    end: int
    text: str
    year: int | None = None
    era: str | None = None  # 令和 ... when the year was written in an era
    fiscal: bool = False  # 年度: a fiscal year
    month: int | None = None
    part: str | None = None  # 末, 上旬 ...: which part of the month
    day: int | None = None
    weekday: int | None = None  # 0 is Monday
    local_time: bool = False  # (現地時間)
    hours: Decimal | None = None  # 36時間
    clock: int | None = None  # 午後3時 is 15


def find_dates(text: str) -> tuple[JaDate, ...]:
    """Every date and time of ``text``, in order of where they start."""
    return _find_dates(text)


@lru_cache(maxsize=4096)
def _find_dates(text: str) -> tuple[JaDate, ...]:
    # str.translate goes character by character; most texts need none of it.
    folded = text.translate(_FOLD) if _FULL_WIDTH.search(text) else text
    found: list[JaDate] = []
    taken: list[tuple[int, int]] = []
    for match in _DATE.finditer(folded):
        date = _calendar(match, text)
        if date is not None:
            found.append(date)
            taken.append((date.start, date.end))
    for match in _HOURS.finditer(folded):
        hours = parse_number(match.group("hours"))
        if hours is not None and not _overlaps(match.span(), taken) and not _vague(folded, match):
            found.append(JaDate(*match.span(), text[slice(*match.span())], hours=hours))
            taken.append(match.span())
    for match in _CLOCK.finditer(folded):
        hour = parse_number(match.group("hour"))
        if hour is None or hour > 24 or _overlaps(match.span(), taken) or _vague(folded, match):
            continue
        if match.group("half") == "午後" and hour < 12:
            hour += 12
        found.append(JaDate(*match.span(), text[slice(*match.span())], clock=int(hour)))
        taken.append(match.span())
    for match in _WEEKDAY.finditer(folded):
        if not _overlaps(match.span(), taken):
            weekday = WEEKDAYS.index(match.group("day"))
            found.append(JaDate(*match.span(), text[slice(*match.span())], weekday=weekday))
    return tuple(sorted(found, key=lambda date: date.start))


def _calendar(match: re.Match[str], text: str) -> JaDate | None:
    groups = match.groupdict()
    if not (groups["era"] or groups["year"] or groups["month"]):
        return None  # a day alone (30日) may be thirty days: the number check's
    start, end = match.span()
    year: int | None = None
    if groups["era"]:
        number = 1 if groups["era_year"] == "元" else _int(groups["era_year"])
        if number is None:
            return None
        year = ERAS[groups["era"]] + number - 1
    elif groups["year"]:
        year = _int(groups["year"])
    weekday = groups["weekday"]
    return JaDate(
        start,
        end,
        text[start:end],
        year=year,
        era=groups["era"],
        fiscal=bool(groups["era_fiscal"] or groups["fiscal"]),
        month=_int(groups["month"]) if groups["month"] else None,
        part=groups["part"],
        day=_int(groups["day"]) if groups["day"] else None,
        weekday=WEEKDAYS.index(weekday[1]) if weekday else None,
        local_time=groups["local"] is not None,
    )


def _int(written: str) -> int | None:
    value = parse_number(written)  # 30, 十二, and 二〇一九 read digit by digit
    return None if value is None else int(value)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _vague(folded: str, match: re.Match[str]) -> bool:
    # 数十時間 is "dozens of hours"; 十数時間 never matches, as 数 stands before 時間.
    return match.start() > 0 and folded[match.start() - 1] in "数何幾"
