"""A source text cut into pieces for rendering glossary terms and note spans together.

Terms never overlap each other (the matcher picks leftmost-longest), but a
note may cover part of a term, several terms, or another note. Cutting the
text at every start and end gives pieces that each lie inside one term at
most and inside a known set of notes, so the markup nests without overlap.
Pure: values in, values out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
N = TypeVar("N")


@dataclass(frozen=True)
class Piece(Generic[T, N]):
    text: str
    term: T | None = None
    # Whether this is the first piece of its term: only that one is focusable,
    # so a term cut by a note boundary is still one stop for the keyboard.
    term_first: bool = False
    notes: tuple[N, ...] = ()  # the notes whose span covers this piece
    ends: tuple[N, ...] = ()  # the notes whose span ends right after this piece


def cut(
    text: str,
    terms: Sequence[tuple[int, int, T]],
    notes: Sequence[tuple[int, int, N]],
) -> list[Piece[T, N]]:
    """Pieces of ``text`` in order; spans that do not fit the text are ignored."""
    size = len(text)
    kept_terms: list[tuple[int, int, T]] = []
    position = 0
    for start, end, found in sorted(terms, key=lambda span: span[0]):
        if start < position or end > size or start >= end:
            continue
        kept_terms.append((start, end, found))
        position = end
    # In order of start then end, so that markers ending at one place come in that order.
    kept_notes = sorted(
        ((start, end, note) for start, end, note in notes if 0 <= start < end <= size),
        key=lambda span: (span[0], span[1]),
    )
    if not kept_terms and not kept_notes:
        return [Piece(text)] if text else []

    bounds = {0, size}
    for start, end, _ in kept_terms:
        bounds.update((start, end))
    for start, end, _ in kept_notes:
        bounds.update((start, end))
    edges = sorted(bounds)

    pieces: list[Piece[T, N]] = []
    term_index = 0
    for left, right in zip(edges, edges[1:], strict=False):
        while term_index < len(kept_terms) and kept_terms[term_index][1] <= left:
            term_index += 1
        term: T | None = None
        first = False
        if term_index < len(kept_terms):
            t_start, t_end, candidate = kept_terms[term_index]
            if t_start <= left and right <= t_end:
                term, first = candidate, t_start == left
        covering = tuple(note for start, end, note in kept_notes if start <= left and right <= end)
        ending = tuple(note for _, end, note in kept_notes if end == right)
        pieces.append(Piece(text[left:right], term, first, covering, ending))
    return pieces
