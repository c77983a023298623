"""Candidate glossary terms found in article text, most frequent first.

Three kinds of candidate, found after NFKC (so ＧＷＩＫＳ and ﾜｼﾝﾄﾝ count as
GWIKS and ワシントン):

* ``katakana``: runs of three or more katakana (ー and a middle dot between
  katakana included, so ワシントン・ポスト stays one name);
* ``acronym``: Latin capitals with digits, at least two characters, starting
  with a capital (GWIKS, DMZ, G20, WP); a lone capital such as the W of
  ジョージ・W・ブッシュ is too short to be told from an initial;
* ``quoted``: short phrases inside 「」, which Japanese news uses for coined
  names and slogans. Quotes holding a sentence are skipped: those with
  sentence punctuation or a comma, longer than 15 characters, or ending in
  hiragana (a verb or adjective ending: 「興味深い提案だ」).

Forms with the same term key (ワシントン・ポスト and ワシントンポスト) count as
one candidate, shown as first seen. Candidates already in the glossary, by
either case rule, are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.japanese.normalize import term_key

MAX_QUOTED = 15
MIN_KATAKANA = 3

_KATAKANA_LETTER = "\u30a1-\u30fa\u30fd\u30fe\u31f0-\u31ff"
_KATAKANA_RUN = re.compile(
    f"[{_KATAKANA_LETTER}][{_KATAKANA_LETTER}\u30fc]*(?:\u30fb[{_KATAKANA_LETTER}][{_KATAKANA_LETTER}\u30fc]*)*"
)
# ASCII look-arounds: next to kana or kanji a \b would see no boundary at all.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]+(?![A-Za-z0-9])")
_QUOTED = re.compile(r"「([^「」]+)」")
_SENTENCE_MARKS = frozenset("。．！？!?、，,")


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind_hint: str  # how it was found: "katakana", "acronym" or "quoted"
    count: int


@dataclass
class _Tally:
    text: str
    kind: str
    first: tuple[int, int]
    count: int = 0


def suggest_terms(
    texts: Iterable[str], known_keys: set[str], *, limit: int = 50
) -> list[Suggestion]:
    tallies: dict[str, _Tally] = {}
    for number, raw in enumerate(texts):
        text = unicodedata.normalize("NFKC", raw)
        for start, candidate, kind in _candidates(text):
            key = term_key(candidate, case_sensitive=False)
            if key in known_keys or term_key(candidate, case_sensitive=True) in known_keys:
                continue
            tally = tallies.setdefault(key, _Tally(candidate, kind, (number, start)))
            tally.count += 1
    ranked = sorted(tallies.values(), key=lambda t: (-t.count, t.first))
    return [Suggestion(t.text, t.kind, t.count) for t in ranked[:limit]]


def _candidates(text: str) -> list[tuple[int, str, str]]:
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for match in _KATAKANA_RUN.finditer(text):
        if len(match.group().replace("\u30fb", "")) >= MIN_KATAKANA:
            found[match.span()] = (match.group(), "katakana")
    for match in _ACRONYM.finditer(text):
        found[match.span()] = (match.group(), "acronym")
    for match in _QUOTED.finditer(text):
        phrase = match.group(1).strip()
        # A quote that is exactly a katakana run or an acronym is already counted.
        if _is_name_like(phrase) and match.span(1) not in found:
            found[match.span(1)] = (phrase, "quoted")
    return [(span[0], text, kind) for span, (text, kind) in sorted(found.items())]


def _is_name_like(phrase: str) -> bool:
    return (
        0 < len(phrase) <= MAX_QUOTED
        and not any(char in _SENTENCE_MARKS for char in phrase)
        and not "\u3041" <= phrase[-1] <= "\u309f"
    )
