"""Find the numbers written in Japanese text, with their values and places.

:func:`find_numbers` returns every numeric expression a translation must carry
over: Arabic and full-width digits (``１２３``), digit grouping (``1,500``),
decimals (``3.5``), kanji numerals (``二十五``, ``百五十``, ``二〇一九``) and the
万/億/兆 scales, alone or mixed with digits (``1億2000万`` is 120,000,000,
``3.5万`` is 35,000, ``1万5000`` is 15,000). Offsets are code points into the
text as given; the counter that follows (年, 時間, 円, % ...) is reported with it.

The finder prefers silence to a false alarm, so it leaves out:

* 一 and 〇 on their own, and every value of 0 or 1: 一方, 統一, 一部, 一緒,
  もう一度 and 零細 are words, and "one" has too many English forms (a, an,
  once, single, alone) for a missing one to mean anything;
* a kanji numeral that is not followed by a counter (五十嵐, 千葉, 三位一体),
  unless it is a structured number of two characters or more standing
  between non-ideographs ("二十五、");
* vague quantities: 数十, 数百, 十数, 何千, 幾百;
* runs of kanji digits like 二三日 ("two or three days"), which are not 23;
* a handful of words that look like a number and a counter: 十分 (enough),
  三日月, 四日市, 六本木 and the like.

The numeral is parsed by kanjize; the scales and decimals are put together
here with :class:`~decimal.Decimal`, as kanjize goes through float for
``3.15万`` and would give 31,499.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kanjize import kanji2number

# Full-width digits and the marks that group or split them, folded one for one
# so that offsets into the folded copy are offsets into the text.
_FOLD = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_FULL_WIDTH = re.compile("[０-９，．]")

_KANJI_DIGITS = "〇零一二三四五六七八九"
_KANJI_UNITS = "十百千"
_SCALES = {"万": 4, "萬": 4, "億": 8, "兆": 12}

_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_KANJI = f"[{_KANJI_DIGITS}{_KANJI_UNITS}]+"
# Digits may carry 千 or 百 themselves: 3千人, 5百万.
_CHUNK = f"(?:(?:{_ARABIC})[千百]?|{_KANJI})"
_EXPRESSION = re.compile(f"(?<![0-9.,]){_CHUNK}(?:[万萬億兆](?:{_CHUNK})?)*")

# What may follow a number, longest first. Kanji numerals count only before
# the counters of _KANJI_COUNTERS; 国, 部, 元, 位, 点, 番 and the like make words
# with them (四国, 一部, 三位一体).
_COUNTERS = (
    "キロメートル",
    "キログラム",
    "パーセント",
    "ポイント",
    "メートル",
    "リットル",
    "センチ",
    "グラム",
    "ユーロ",
    "ウォン",
    "ポンド",
    "ドル",
    "キロ",
    "トン",
    "ミリ",
    "年間",
    "年度",
    "周年",
    "年目",
    "か月",
    "カ月",
    "ヶ月",
    "ヵ月",
    "ケ月",
    "箇月",
    "か国",
    "カ国",
    "ヶ国",
    "ヵ国",
    "か所",
    "カ所",
    "ヶ所",
    "箇所",
    "週間",
    "日間",
    "時間",
    "分間",
    "世紀",
    "世帯",
    "議席",
    "人",
    "名",
    "年",
    "月",
    "日",
    "時",
    "分",
    "秒",
    "歳",
    "回",
    "度",
    "件",
    "個",
    "つ",
    "本",
    "枚",
    "台",
    "社",
    "機",
    "隻",
    "発",
    "頭",
    "匹",
    "冊",
    "戸",
    "棟",
    "軒",
    "校",
    "票",
    "席",
    "期",
    "倍",
    "割",
    "円",
    "階",
    "位",
    "番",
    "号",
    "点",
    "元",
    "%",
    "％",
)
_KANJI_COUNTERS = frozenset(_COUNTERS) - frozenset("位番号点元") - {"月", "時"}
_COUNTER = re.compile("|".join(re.escape(counter) for counter in _COUNTERS))
# After the counter, 目 makes an ordinal: 2回目, 2期目, 3人目.
_ORDINAL_SUFFIX = "目"

# Words that read as a kanji number and a counter but are neither.
_WORDS = (
    "十分",
    "三日月",
    "四日市",
    "五日市",
    "八日市",
    "十日町",
    "六本木",
    "三本木",
    "二人三脚",
    "三人称",
    "二人称",
    "四つ角",
    "千人針",
    "八百長",
    "八百屋",
    "二階",  # a name more often than the second floor
    "百人一首",
)
_VAGUE = frozenset("数何幾")
_RANGE_MARKS = frozenset("〜～~-－‐")


@dataclass(frozen=True)
class JaNumber:
    """One number in Japanese text: where it is, what it is worth, what it counts."""

    start: int  # code-point offsets of the number itself
    end: int
    value: Decimal
    text: str  # the number as written
    counter: str = ""  # what follows it: 年, 時間, 円, % ...
    kanji: bool = False  # written (partly) with kanji numerals
    ordinal: bool = False  # 第2回, 2期目

    @property
    def expression(self) -> str:
        """The number with its counter, as a message quotes it: 36時間."""
        return self.text + self.counter


def find_numbers(text: str) -> tuple[JaNumber, ...]:
    """Every number of ``text`` a translation should carry over, in order."""
    return _find_numbers(text)


@lru_cache(maxsize=4096)
def _find_numbers(text: str) -> tuple[JaNumber, ...]:
    # str.translate goes character by character; most texts need none of it.
    folded = text.translate(_FOLD) if _FULL_WIDTH.search(text) else text
    found: list[JaNumber] = []
    for match in _EXPRESSION.finditer(folded):
        start, end = match.span()
        written = match.group()
        value = parse_number(written)
        if value is None or value in (0, 1):
            continue
        counter_match = _COUNTER.match(folded, end)
        counter = counter_match.group() if counter_match else ""
        kanji = any(char in _KANJI_DIGITS or char in _KANJI_UNITS for char in written)
        if kanji and not _kanji_is_number(folded, start, end, written, counter):
            continue
        if _is_vague(folded, start, end):
            continue
        after = end + len(counter)
        ordinal = (start > 0 and folded[start - 1] == "第") or folded.startswith(
            _ORDINAL_SUFFIX, after
        )
        found.append(JaNumber(start, end, value, text[start:end], text[end:after], kanji, ordinal))
    return tuple(_share_counters(folded, found))


def _share_counters(folded: str, found: list[JaNumber]) -> list[JaNumber]:
    """The first number of a range counts what the second counts: 3〜4割 is 30-40%."""
    for index in range(len(found) - 2, -1, -1):
        number, following = found[index], found[index + 1]
        if (
            not number.counter
            and following.start == number.end + 1
            and folded[number.end] in _RANGE_MARKS
        ):
            found[index] = replace(number, counter=following.counter)
    return found


def parse_number(written: str) -> Decimal | None:
    """The value of one numeric expression (``1億2000万``, ``二十五``), None if it is none."""
    if _FULL_WIDTH.search(written):
        written = written.translate(_FOLD)
    total = Decimal(0)
    smallest: int | None = None  # the last scale used; scales must fall
    chunk = ""
    for char in written + "\0":
        scale = _SCALES.get(char)
        if scale is None and char != "\0":
            chunk += char
            continue
        if scale is None:
            scale = 0
            if not chunk:
                break
        if not chunk or (smallest is not None and scale >= smallest):
            return None
        value = _chunk_value(chunk)
        if value is None:
            return None
        total += value * (Decimal(10) ** scale)
        smallest = scale
        chunk = ""
    return total


def _chunk_value(chunk: str) -> Decimal | None:
    """The value of what stands between two scales: 2000, 3.5, 3千, 二十五."""
    if chunk[0].isascii():
        multiplier = {"千": 1000, "百": 100}.get(chunk[-1], 1)
        digits = chunk[:-1] if multiplier != 1 else chunk
        try:
            return Decimal(digits.replace(",", "")) * multiplier
        except InvalidOperation:
            return None
    flat = not any(char in _KANJI_UNITS for char in chunk)
    if flat and 1 < len(chunk) < 4 and "〇" not in chunk:
        # 二三日 is "two or three days", 五六人 "five or six people": not 23 or 56.
        return None
    try:
        return Decimal(kanji2number(chunk))
    except ValueError:
        return None


def _kanji_is_number(folded: str, start: int, end: int, written: str, counter: str) -> bool:
    for word in _WORDS:
        # The word may start anywhere before the number's end: 八百屋 starts at 八.
        at = folded.find(word, max(0, start - len(word)), end + len(word))
        if at != -1 and at <= start < at + len(word):
            return False
    if counter in _KANJI_COUNTERS:
        return True
    if any(char in _SCALES for char in written) and not written[0].isascii():
        # 三千万 with no counter is still a number, but 万 alone is not (万一).
        return _standalone(folded, start, end)
    structured = len(written) >= 2 and any(char in _KANJI_UNITS for char in written)
    return structured and _standalone(folded, start, end)


def _standalone(folded: str, start: int, end: int) -> bool:
    """Not glued to an ideograph on either side (五十嵐 is a name)."""
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    return not (_is_ideograph(before) and before not in "第約計全各毎") and not _is_ideograph(after)


def _is_vague(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    return before in _VAGUE or after in _VAGUE


def _is_ideograph(char: str) -> bool:
    return bool(char) and ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")
