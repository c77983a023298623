"""Sentence pairs of a finished paragraph, where the two sides allow an alignment.

Pure. A paragraph is aligned sentence by sentence only when the Japanese and the
English have the same number of sentences (two or more): news translation keeps
sentence order, and a one-to-one count is the case where pairing by position is
right. Otherwise only the whole paragraph goes into the memory; a wrong pair
would offer a translation of other words.
"""

from __future__ import annotations

import re

from workbench.japanese.split import split_sentences

# Abbreviations after which a full stop does not end an English sentence.
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof sen rep gov gen lt col maj capt sgt st jr sr inc ltd co corp "
    "no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# A terminator, closing quotes or brackets, spaces, then a capital, a digit or an
# opening quote.
_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


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


def sentence_pairs(source: str, target: str) -> list[tuple[str, str]]:
    """(Japanese, English) for each sentence, or [] when they do not align one to one."""
    japanese = japanese_sentences(source)
    english = english_sentences(target)
    if len(japanese) < 2 or len(japanese) != len(english):
        return []
    return list(zip(japanese, english, strict=True))
