"""Sentence pairs of a finished paragraph, aligned by length as Gale and Church do.

Pure. News translation keeps the order of sentences but not always their number:
an editor joins two short Japanese sentences into one English one, or splits a long
one in two. So the sentences are aligned the way Gale and Church (1993) align
parallel text, and the way OmegaT's and Okapi's aligners still do: a dynamic
programme over the two sentence lists that chooses, for each step, one of the
"beads" 1-1, 2-1, 1-2 or 2-2 (or a sentence left over on either side), priced by
how likely the bead is and by how far the English length is from what the
Japanese length predicts.

Two adaptations for Japanese to English:

* the length ratio (English characters per Japanese character, about 1.5 to 2.5
  in news) is the paragraph's own, not a constant: an editor who condenses or
  explains does so through the whole paragraph. A paragraph whose ratio is far
  outside what a close translation has (``RATIO_RANGE``) gives no pairs unless
  every sentence pairs one to one: its lengths no longer say which words went
  where;
* a wrong pair offers a translation of other words, so a paragraph's pairs are
  given out only when every bead is sound: its lengths agree (``MAX_DEVIATION``
  standard deviations, and its own ratio near the paragraph's), it carries the
  numbers and dates of its Japanese as the QA checks read them, and no sentence
  is left over. One doubtful bead gives nothing for the whole paragraph: an
  omission and an addition shift every pair between them, and only some of
  those show it.

What lengths and numbers cannot see: two sentences in another order that are
about as long, and a short sentence left out beside one it could have been joined
with (the pair then holds both Japanese sentences and the English of one, as the
editor wrote it).

An alignment of one bead is the whole paragraph, which has its own entry already:
it gives nothing.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from workbench.checks.base import Context
from workbench.checks.dates import DatesCheck
from workbench.checks.numbers import NumbersCheck
from workbench.japanese.split import split_sentences

# Abbreviations after which a full stop does not end an English sentence.
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof sen rep gov gen lt col maj capt sgt st jr sr inc ltd co corp "
    "no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# A terminator, closing quotes or brackets, spaces, then a capital, a digit or an
# opening quote.
# Possessive, and only at the first mark of a run: a run of thousands of dots is
# read once, not once from each of its marks.
_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+\s++(?=[\"'“‘(\[]?[A-Z0-9])")

Span = tuple[int, int]

# Raised whenever a change here cuts paragraphs into other sentence entries: the
# memory records the version that wrote its entries, and `workbench init-db`
# rewrites them once with a newer one. 1 paired sentences by position when the
# counts agreed; 2 aligns by length.
VERSION = 2

# Gale and Church's bead probabilities (their Table 5), as (Japanese sentences,
# English sentences): most sentences translate one to one.
_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (2, 1): 0.0445,
    (1, 2): 0.0445,
    (2, 2): 0.011,
    (1, 0): 0.0049,
    (0, 1): 0.0049,
}
# The variance of the English length per character of it. Gale and Church measured
# 6.8 for European pairs. Japanese and English are freer with each other, so this
# is twice that; with it, the correct beads of the tests' news paragraphs are all
# within 0.6 standard deviations.
_VARIANCE = 13.6
# How far, in standard deviations, a bead's English length may be from the
# predicted one and still be given out (a correct bead is within 2 about 95 % of
# the time).
MAX_DEVIATION = 2.0
# English characters per Japanese one (spaces not counted) in a close news
# translation is about 1.5 to 2.5. A paragraph far outside this was condensed or
# expanded (a sentence left out, an explanation added), and a bead's lengths no
# longer tell which words went where: unless every sentence pairs one to one, it
# gives nothing.
RATIO_RANGE = (1.0, 4.0)
# How far one bead's own ratio may be from the paragraph's, as a factor: the
# deviation above forgives a short sentence much, and a short sentence paired with
# a long one is the mark of a sentence left out beside it.
BEAD_RATIO = (0.5, 2.0)
# Paragraphs with more sentences than this on either side are not aligned: the
# programme grows with the product of the two counts, and runs on every save.
MAX_SENTENCES = 80
_NUMBERS, _DATES, _NO_CONTEXT = NumbersCheck(), DatesCheck(), Context()


@dataclass(frozen=True)
class Bead:
    """Consecutive Japanese sentences and the English sentences that translate them,
    as character spans of the two texts."""

    source: Span
    target: Span
    sentences: int  # how many Japanese sentences it holds


def english_sentences(text: str) -> list[str]:
    """Split English into sentences, stripped; abbreviations (Mr., U.S.) do not end one."""
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start() + 1]
        word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.strip() else ""
        if match.group().startswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return [piece for piece in pieces if piece]


def japanese_sentences(text: str) -> list[str]:
    return [piece.strip() for piece in split_sentences(text) if piece.strip()]


def locate(pieces: list[str], text: str) -> list[Span] | None:
    """Where each piece lies in ``text``, in order; None when one is not found."""
    spans: list[Span] = []
    cursor = 0
    for piece in pieces:
        at = text.find(piece, cursor)
        if at < 0:
            return None
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    return spans


def _length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _cost(japanese: int, english: int, ratio: float, prior: float) -> float:
    """-log of the bead's probability: its prior times how likely its lengths are."""
    return -math.log(prior) - math.log(max(_length_likelihood(japanese, english, ratio), 1e-300))


def _deviation(japanese: int, english: int, ratio: float) -> float:
    """Standard deviations between the English length and the one the Japanese predicts."""
    predicted = japanese * ratio
    mean = (predicted + english) / 2
    if mean == 0:
        return 0.0
    return abs(english - predicted) / math.sqrt(_VARIANCE * mean)


def _length_likelihood(japanese: int, english: int, ratio: float) -> float:
    # Two-tailed: the probability of a deviation at least this large.
    return math.erfc(_deviation(japanese, english, ratio) / math.sqrt(2))


def align(japanese: list[int], english: list[int]) -> list[tuple[int, int, int, int]]:
    """The cheapest bead sequence for two lists of sentence lengths, as
    (first Japanese sentence, how many, first English sentence, how many)."""
    n, m = len(japanese), len(english)
    total_ja, total_en = sum(japanese), sum(english)
    if not n or not m or not total_ja or not total_en:
        return []
    ratio = total_en / total_ja
    # Running sums: the length of any run of sentences in one subtraction.
    ja_sum = [0, *itertools.accumulate(japanese)]
    en_sum = [0, *itertools.accumulate(english)]
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for (di, dj), prior in _PRIORS.items():
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                price = here + _cost(ja_sum[ni] - ja_sum[i], en_sum[nj] - en_sum[j], ratio, prior)
                if price < cost[ni][nj]:
                    cost[ni][nj] = price
                    step[ni][nj] = (di, dj)
    beads: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i or j:
        di, dj = step[i][j]
        i, j = i - di, j - dj
        beads.append((i, di, j, dj))
    beads.reverse()
    return beads


def _sound(source: str, target: str, japanese: int, english: int, ratio: float) -> bool:
    """Whether a bead's English can be taken as the translation of its Japanese:
    its length is what the Japanese predicts, and it carries the Japanese's numbers
    and dates (as the QA checks read them)."""
    if _deviation(japanese, english, ratio) > MAX_DEVIATION:
        return False
    if not BEAD_RATIO[0] <= english / japanese / ratio <= BEAD_RATIO[1]:
        return False
    return not (
        _NUMBERS.run(source, target, _NO_CONTEXT) or _DATES.run(source, target, _NO_CONTEXT)
    )


def sentence_beads(source: str, target: str) -> list[Bead]:
    """The beads of a paragraph that can be given out as pairs, in order; [] when
    it has one sentence, or nothing aligns apart from the whole paragraph."""
    ja_spans = locate(japanese_sentences(source), source)
    en_spans = locate(english_sentences(target), target)
    if not ja_spans or not en_spans:
        return []
    if len(ja_spans) == 1 or len(ja_spans) > MAX_SENTENCES or len(en_spans) > MAX_SENTENCES:
        return []
    ja_lengths = [_length(source[a:b]) for a, b in ja_spans]
    en_lengths = [_length(target[a:b]) for a, b in en_spans]
    path = align(ja_lengths, en_lengths)
    if len(path) < 2:
        return []
    ratio = sum(en_lengths) / sum(ja_lengths)
    # One bead that is not sound, or a sentence left over, means the sentences may
    # have gone wrong anywhere (an omission and an addition shift every pair between
    # them, and only some of those show it): then nothing is given. A paragraph
    # far wordier or terser than a close translation rests on its lengths alone
    # unless the counts agree and pair in order.
    one_to_one = all(di == dj == 1 for _, di, _, dj in path)
    if not one_to_one and not RATIO_RANGE[0] <= ratio <= RATIO_RANGE[1]:
        return []
    beads: list[Bead] = []
    for i, di, j, dj in path:
        if not di or not dj:
            return []
        bead = Bead(
            source=(ja_spans[i][0], ja_spans[i + di - 1][1]),
            target=(en_spans[j][0], en_spans[j + dj - 1][1]),
            sentences=di,
        )
        japanese, english = sum(ja_lengths[i : i + di]), sum(en_lengths[j : j + dj])
        if not _sound(
            source[slice(*bead.source)], target[slice(*bead.target)], japanese, english, ratio
        ):
            return []
        beads.append(bead)
    return beads


def sentence_pairs(source: str, target: str) -> list[tuple[str, str]]:
    """(Japanese, English) for each bead that aligns, in order."""
    return [
        (source[bead.source[0] : bead.source[1]], target[bead.target[0] : bead.target[1]])
        for bead in sentence_beads(source, target)
    ]
