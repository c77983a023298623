"""A source text cut at every term and note boundary: each piece lies inside one
term at most, knows which notes cover it and which end right after it, only a
term's first piece is its focusable one, spans that do not fit are ignored, and
the pieces put together give the text back."""

from __future__ import annotations

import pytest

from workbench.notes.pieces import Piece, cut

TEXT = "板門店で会談"  # 板門店 0-3, で 3-4, 会談 4-6

Span = tuple[int, int, str]

CASES: list[tuple[str, str, list[Span], list[Span], list[Piece[str, str]]]] = [
    ("an empty text", "", [], [], []),
    ("spans on an empty text", "", [(0, 1, "P")], [(0, 1, "n")], []),
    ("no spans", TEXT, [], [], [Piece(TEXT)]),
    (
        "one term",
        TEXT,
        [(0, 3, "P")],
        [],
        [Piece("板門店", "P", term_first=True), Piece("で会談")],
    ),
    (
        "two terms, given out of order",
        TEXT,
        [(4, 6, "S"), (0, 3, "P")],
        [],
        [
            Piece("板門店", "P", term_first=True),
            Piece("で"),
            Piece("会談", "S", term_first=True),
        ],
    ),
    (
        "a term starting inside another is left out",
        TEXT,
        [(0, 3, "P"), (1, 4, "X")],
        [],
        [Piece("板門店", "P", term_first=True), Piece("で会談")],
    ),
    (
        "terms that do not fit the text are left out",
        TEXT,
        [(4, 9, "long"), (2, 2, "empty"), (3, 1, "backwards")],
        [],
        [Piece(TEXT)],
    ),
    (
        "notes that do not fit the text are left out",
        TEXT,
        [],
        [(-1, 2, "before"), (3, 3, "empty"), (5, 7, "after")],
        [Piece(TEXT)],
    ),
    (
        "a note over part of a term cuts it; only its first piece is focusable",
        TEXT,
        [(0, 3, "P")],
        [(1, 5, "n")],
        [
            Piece("板", "P", term_first=True),
            Piece("門店", "P", notes=("n",)),
            Piece("で会", notes=("n",), ends=("n",)),
            Piece("談"),
        ],
    ),
    (
        "a note over two terms",
        TEXT,
        [(0, 3, "P"), (4, 6, "S")],
        [(0, 6, "n")],
        [
            Piece("板門店", "P", term_first=True, notes=("n",)),
            Piece("で", notes=("n",)),
            Piece("会談", "S", term_first=True, notes=("n",), ends=("n",)),
        ],
    ),
    (
        "a note inside another",
        TEXT,
        [],
        [(0, 6, "outer"), (3, 4, "inner")],
        [
            Piece("板門店", notes=("outer",)),
            Piece("で", notes=("outer", "inner"), ends=("inner",)),
            Piece("会談", notes=("outer",), ends=("outer",)),
        ],
    ),
    (
        "notes ending at one place come in the order they start",
        TEXT,
        [],
        [(2, 6, "later"), (0, 6, "earlier")],
        [
            Piece("板門", notes=("earlier",)),
            Piece("店で会談", notes=("earlier", "later"), ends=("earlier", "later")),
        ],
    ),
    (
        "notes starting at one place come shortest first",
        TEXT,
        [],
        [(0, 6, "long"), (0, 3, "short")],
        [
            Piece("板門店", notes=("short", "long"), ends=("short",)),
            Piece("で会談", notes=("long",), ends=("long",)),
        ],
    ),
    (
        "a note exactly on a term",
        TEXT,
        [(4, 6, "S")],
        [(4, 6, "n")],
        [Piece("板門店で"), Piece("会談", "S", term_first=True, notes=("n",), ends=("n",))],
    ),
]


@pytest.mark.parametrize(
    ("text", "terms", "notes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_cut(
    text: str, terms: list[Span], notes: list[Span], expected: list[Piece[str, str]]
) -> None:
    pieces = cut(text, terms, notes)

    assert pieces == expected
    assert "".join(piece.text for piece in pieces) == text
