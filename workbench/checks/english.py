"""What the number, date and unit checks look for in the English.

:func:`english_values` gathers every value an English text states, however it
is written: digits with or without grouping (``120,000,000``, ``120000000``),
with a scale word or abbreviation (``120 million``, ``1.2 billion``,
``35 thousand``, ``$1.2bn``), number words (``three``, ``twenty-five``,
``one hundred and fifty``), ordinals (``second``, ``2nd``), and a few words
that carry a number (``twice``, ``double``, ``both``, ``decade``, ``dozen``).
It is generous on purpose: a value it finds that is not there costs a missed
finding, a value it misses costs a false alarm.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
)
_TENTH_WORDS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
_UNITS = {word: index for index, word in enumerate(_UNIT_WORDS.split(" "))}
_TENS = {word: 10 * index for index, word in enumerate(_TEN_WORDS.split(" "), start=2)}
_ORDINALS = {word: index for index, word in enumerate(_ORDINAL_WORDS.split(" "), start=1)} | {
    word: 10 * index for index, word in enumerate(_TENTH_WORDS.split(" "), start=2)
}
_SCALES = {
    "hundred": 100,
    "hundredth": 100,
    "thousand": 10**3,
    "thousandth": 10**3,
    "million": 10**6,
    "millionth": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
# Scale abbreviations written after digits: $1.2bn, 120m, 35k.
_ABBREVIATIONS = {
    "k": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "bn": 10**9,
    "b": 10**9,
    "tn": 10**12,
    "trn": 10**12,
}
# Words that stand for a number without being one.
_CARRIERS = {
    "once": 1,
    "single": 1,
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "both": 2,
    "pair": 2,
    "couple": 2,
    "dual": 2,
    "twin": 2,
    "thrice": 3,
    "triple": 3,
    "tripled": 3,
    "treble": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "bilateral": 2,
    "trilateral": 3,
    "tripartite": 3,
    "dozen": 12,
    "teens": 10,
    "teenage": 10,
    "teenagers": 10,
    "decade": 10,
    "century": 100,
    "noon": 12,
    "midnight": 24,
}
_WORD_VALUES = _UNITS | _TENS | _ORDINALS
# The words a number may start with; any other word is passed over at once.
_STARTERS = frozenset(_WORD_VALUES) | frozenset(_SCALES) | frozenset(_CARRIERS) | {"a"}

# Digits, and the words a number may be made of; every other word is skipped in C.
_TOKEN = re.compile(
    r"(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?P<tail>[a-z]*)"
    rf"|(?<![a-z])(?P<word>{'|'.join(sorted(_STARTERS | {'and'}, key=len, reverse=True))})(?![a-z])"
)
# What may stand between two words of one number: twenty-five, one hundred.
_SEPARATORS = frozenset(" -\u2010\u2011")


def english_values(text: str) -> frozenset[Decimal]:
    """Every value stated in ``text``, in any of the forms the module lists."""
    return _english_values(text)


@lru_cache(maxsize=4096)
def _english_values(text: str) -> frozenset[Decimal]:
    folded = fold(text)
    values: set[Decimal] = set()
    tokens = list(_TOKEN.finditer(folded))
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.group("digits"):
            try:
                value = Decimal(token.group("digits").replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern gives numbers
                i += 1
                continue
            values.add(value)
            tail = token.group("tail")
            if tail in _ABBREVIATIONS:
                values.add(value * _ABBREVIATIONS[tail])
            elif i + 1 < len(tokens) and tokens[i + 1].group("word") in _SCALES:
                values.add(value * _SCALES[tokens[i + 1].group("word")])
            i += 1
            continue
        i = _read_words(folded, tokens, i, values)
    return frozenset(values)


def _read_words(folded: str, tokens: list[re.Match[str]], i: int, values: set[Decimal]) -> int:
    """Read the number words from ``tokens[i]`` on; return where they stop."""
    total = 0
    current = 0
    seen = False
    j = i
    while j < len(tokens):
        if j > i and not _adjacent(folded, tokens[j - 1], tokens[j]):
            break
        word = tokens[j].group("word")
        nxt = (
            tokens[j + 1].group("word")
            if j + 1 < len(tokens) and _adjacent(folded, tokens[j], tokens[j + 1])
            else None
        )
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word in _SCALES and (seen or word in ("hundred", "thousand")):
            scale = _SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif word == "a" and nxt in _SCALES and not seen:
            current = 1
        elif word == "and" and seen and nxt in _WORD_VALUES:
            j += 1
            continue
        elif word in _CARRIERS and not seen:
            values.add(Decimal(_CARRIERS[word]))
            return j + 1
        else:
            break
        seen = True
        values.add(Decimal(total + current))
        j += 1
    return max(j, i + 1)


def _adjacent(folded: str, first: re.Match[str], second: re.Match[str]) -> bool:
    return all(char in _SEPARATORS for char in folded[first.end() : second.start()])


def fold(text: str) -> str:
    """The English as the checks compare it: NFKC (full-width forms folded), lower case."""
    return unicodedata.normalize("NFKC", text).casefold()


def has_word(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` (already folded) has one of ``words`` standing as a word."""
    return _word_pattern(words).search(text) is not None


@lru_cache(maxsize=256)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])")


def show_value(value: Decimal) -> str:
    """A value as a message writes it: 36, 3.5, 35,000, 120,000,000 (120 million)."""
    plain = f"{value.normalize():,f}"
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= scale:
            short = f"{(value / scale).normalize():f}"
            return f"{plain} ({short} {word})"
    return plain
