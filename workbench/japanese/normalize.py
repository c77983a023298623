"""Match keys for glossary terms and text, with a map back to the original offsets.

A match key is the text after, per *cluster* of the original:

* NFKC (full-width ASCII and half-width katakana fold to their usual forms);
* removal of middle dots (・ U+30FB, ･ U+FF65, · U+00B7), so that
  ワシントン・ポスト and ワシントンポスト are one name;
* casefold, unless the caller asks for exact case;
* every run of whitespace collapsed to one space, so a term written with one
  space still matches a text wrapped or double-spaced inside it.

A cluster is a base character with the combining marks that follow it (including
the half-width voicing marks ﾞ ﾟ, which NFKC joins to the previous kana: ｷﾞ → ギ),
or a run of whitespace. NFKC never composes across such a boundary (marks,
spacing marks and Hangul vowels and finals all stay with their base), so
cluster by cluster gives the same key as the whole string, and the map is
exact: every key character comes from exactly one cluster, and ``offsets[i]``
is where that cluster starts in the original. A cluster may yield several key
characters (… → ..., ㈱ → (株)) or none (a middle dot); :func:`cluster_end`
finds where a cluster ends, which is what a match's end offset needs when dots
were dropped right after it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIDDLE_DOTS = frozenset("\u30fb\uff65\u00b7")

# Half-width voiced and semi-voiced sound marks (ﾞ ﾟ): spacing characters
# (category Lm) that NFKC maps to the combining U+3099/U+309A, which then compose
# with the kana before them. Text is never cut in front of one either (sentence
# splitting, machine-translation chunks).
HALF_WIDTH_VOICING = frozenset("\uff9e\uff9f")

# Conjoining Hangul vowels and finals compose with the syllable before them under
# NFKC although they are not combining marks.
_JAMO_CONTINUATION = range(0x1160, 0x1200)

# In text that is already NFKC, with case folding that keeps its length, only
# these need work: dots to drop and whitespace runs that are not a single space.
# One character class, because sre scans it far faster than an alternation.
# NFKC has already turned ･ into ・ in the text this path sees.
_PRESENT_DOTS = ("\u30fb", "\u00b7")
_DOTS_OR_SPACE = re.compile(r"[\u30fb\uff65\u00b7\s]+")


def normalize_for_matching(text: str, *, casefold: bool = True) -> tuple[str, list[int]]:
    """Return the match key of ``text`` and, for each key character, its original index.

    The map has one extra entry, ``len(text)``, so that ``offsets[len(key)]`` is
    valid and the start of the cluster after key character ``i`` is never
    before ``offsets[i]``.
    """
    key, offsets, _ = normalize_with_flag(text, casefold=casefold)
    return key, offsets


def normalize_with_flag(text: str, *, casefold: bool = True) -> tuple[str, list[int], bool]:
    """:func:`normalize_for_matching`, and whether no cluster gave several key characters.

    When that holds, every run of key characters covers whole clusters, and a
    matcher can skip checking that a hit does not start or end inside one.
    """
    nfkc = unicodedata.normalize("NFKC", text)
    if nfkc == text and not _has_marks(text):
        folded = text.casefold() if casefold else text
        # Text that NFKC leaves alone is unchanged character by character too, and
        # casefold maps each character to at least one, so equal lengths mean a
        # one-to-one map: the common case, handled at C speed. (Marks that could
        # not compose survive NFKC; they go the slow way, which keeps them in
        # the cluster of their base character.)
        if len(folded) == len(text):
            return (*_drop_and_collapse(folded), True)
    key, offsets = _by_cluster(text, casefold)
    return key, offsets, False


def term_key(source: str, case_sensitive: bool) -> str:
    """The key that makes two terms the same term: the match key, stripped.

    Inner whitespace is collapsed again because NFKC can turn a mark into a
    space (゛ → space + U+3099) next to a real one.
    """
    if unicodedata.normalize("NFKC", source) == source and not _has_marks(source):
        # The fast path of normalize_for_matching without the offset map, which
        # building a 50,000-term automaton would otherwise pay for every term.
        key = source if case_sensitive else source.casefold()
        for dot in _PRESENT_DOTS:
            key = key.replace(dot, "")
    else:
        key, _ = _by_cluster(source, casefold=not case_sensitive)
    return " ".join(key.split())


def is_continuation(char: str) -> bool:
    """Whether ``char`` belongs to the cluster of the character before it."""
    return (
        unicodedata.combining(char) != 0
        or char in HALF_WIDTH_VOICING
        or ord(char) in _JAMO_CONTINUATION
        # Enclosing marks and a few spacing marks have combining class 0.
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
    )


def cluster_end(text: str, start: int) -> int:
    """Where the cluster that starts at ``start`` ends in ``text``."""
    n = len(text)
    end = start + 1
    if text[start].isspace():
        while end < n and text[end].isspace():
            end += 1
    else:
        while end < n and is_continuation(text[end]):
            end += 1
    return end


def _drop_and_collapse(folded: str) -> tuple[str, list[int]]:
    # Plain substring searches and split() run in C; most paragraphs need
    # nothing more than these to show they have a dot or two and no odd spacing.
    if " ".join(folded.split()) != folded:
        return _drop_and_collapse_runs(folded)
    dots = sorted(
        index for dot in _PRESENT_DOTS if dot in folded for index in _positions(folded, dot)
    )
    if not dots:
        return folded, list(range(len(folded) + 1))
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for index in dots:
        pieces.append(folded[position:index])
        offsets.extend(range(position, index))
        position = index + 1
    pieces.append(folded[position:])
    offsets.extend(range(position, len(folded) + 1))
    return "".join(pieces), offsets


def _positions(text: str, char: str) -> list[int]:
    found: list[int] = []
    index = text.find(char)
    while index != -1:
        found.append(index)
        index = text.find(char, index + 1)
    return found


def _drop_and_collapse_runs(folded: str) -> tuple[str, list[int]]:
    runs = [run for run in _DOTS_OR_SPACE.finditer(folded) if run.group() != " "]
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for run in runs:
        start = run.start()
        pieces.append(folded[position:start])
        offsets.extend(range(position, start))
        # The same result as cluster by cluster: dots vanish, and each stretch of
        # whitespace between them becomes one space.
        in_space = False
        for index, char in enumerate(run.group(), start):
            if char in MIDDLE_DOTS:
                in_space = False
            elif not in_space:
                pieces.append(" ")
                offsets.append(index)
                in_space = True
        position = run.end()
    pieces.append(folded[position:])
    offsets.extend(range(position, len(folded) + 1))
    return "".join(pieces), offsets


def _by_cluster(text: str, casefold: bool) -> tuple[str, list[int]]:
    pieces: list[str] = []
    offsets: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        end = cluster_end(text, i)
        piece = " " if text[i].isspace() else _fold_cluster(text[i:end], casefold)
        if piece:
            pieces.append(piece)
            offsets.extend([i] * len(piece))
        i = end
    offsets.append(n)
    return "".join(pieces), offsets


@lru_cache(maxsize=65536)
def _fold_cluster(cluster: str, casefold: bool) -> str:
    folded = unicodedata.normalize("NFKC", cluster)
    if any(char in MIDDLE_DOTS for char in folded):
        folded = "".join(char for char in folded if char not in MIDDLE_DOTS)
    return folded.casefold() if casefold else folded


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _has_marks(text: str) -> bool:
    bmp, astral = _mark_classes()
    return bmp.search(text) is not None or (
        _ASTRAL.search(text) is not None and astral.search(text) is not None
    )


@lru_cache(maxsize=1)
def _mark_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every continuation character as two character classes, built on first use.

    The scan skips blocks with no marks at all (CJK ideographs, Hangul
    syllables, surrogates, private use), which takes it from about 0.3 s for all
    of Unicode to a few tens of milliseconds. The classes are split at U+FFFF
    because sre looks up a class of BMP characters in a table, while one with
    astral ranges is tried range by range, some 30 times slower on every
    character of the text.
    """
    spans = (
        (0x0300, 0x3400),
        (0x4DC0, 0x4E00),
        (0xA000, 0xAC00),
        (0xD7A4, 0xD800),
        (0xF900, 0x20000),
        (0xE0100, 0xE01F0),
    )
    marks = [cp for low, high in spans for cp in range(low, high) if is_continuation(chr(cp))]
    ranges: list[list[int]] = []
    for cp in marks:
        if ranges and ranges[-1][1] == cp - 1 and (cp - 1 != 0xFFFF):
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])

    def character_class(selected: list[list[int]]) -> re.Pattern[str]:
        members = "".join(
            re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
            for low, high in selected
        )
        return re.compile(f"[{members}]")

    return (
        character_class([r for r in ranges if r[1] < 0x10000]),
        character_class([r for r in ranges if r[0] >= 0x10000]),
    )
