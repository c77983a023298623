"""Where a memory match's Japanese differs from a paragraph's, character by character.

Pure. The two texts are compared as the memory compares them (match keys: NFKC,
case-folded, without spaces and middle dots, see workbench.japanese.normalize),
so a full-width ２０２４ against 2024 or a name written with or without ・ is no
difference; what is shown are the match's own characters, and for what the match
lacks, the paragraph's. Characters, not words: Japanese has no spaces between
words, and one changed kanji is what a translator must see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

from workbench.japanese.normalize import normalize_for_matching

Kind = Literal["same", "added", "missing", "changed"]


@dataclass(frozen=True)
class DiffPiece:
    """A stretch of the match's Japanese and how it stands against the paragraph's.

    same: in both. added: only in the match. missing: only in the paragraph
    (``text`` is the paragraph's, the match has nothing there). changed: the
    match has ``text`` where the paragraph has ``instead``.
    """

    text: str
    kind: Kind
    instead: str = ""


# Numbers and Latin words are compared whole: 2019 against 2024 is one change, not
# "20" kept and "19" changed; every other character is a token of its own.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+|.", re.ASCII | re.DOTALL)


@dataclass(frozen=True)
class _Tokens:
    """A text's match key cut into tokens, and where each token starts in the text
    (one entry more: the text's length)."""

    text: str
    tokens: list[str]
    starts: list[int]

    def span(self, start: int, end: int) -> str:
        """The original text of tokens ``start``..``end``: spaces and dots dropped from
        the key stay with the token before them (leading ones with the first)."""
        begin = 0 if start == 0 else self.starts[start]
        return self.text[begin : self.starts[end]]


def _tokens(text: str) -> _Tokens:
    key, offsets = normalize_for_matching(text)
    kept = [(char, offset) for char, offset in zip(key, offsets, strict=False) if char != " "]
    squeezed = "".join(char for char, _ in kept)
    tokens: list[str] = []
    starts: list[int] = []
    for found in _TOKEN.finditer(squeezed):
        tokens.append(found.group())
        starts.append(kept[found.start()][1])
    return _Tokens(text, tokens, [*starts, len(text)])


Opcode = tuple[str, int, int, int, int]


def _absorb_short_equals(ops: list[Opcode]) -> list[Opcode]:
    """Fold a short stretch in common between two changes into one change, as a person
    reads it: トランプ against バイデン is a name replaced, not ン kept (the semantic
    clean-up of diff-match-patch: an equality no longer than the edits on both sides)."""

    def size(op: Opcode) -> int:
        return max(op[2] - op[1], op[4] - op[3])

    # One pass with a stack: each merge is checked against what precedes it, so the
    # work grows with the number of opcodes, not with its square.
    stack: list[Opcode] = []
    for op in ops:
        stack.append(op)
        while len(stack) >= 3:
            before, same, after = stack[-3], stack[-2], stack[-1]
            if same[0] != "equal" or "equal" in (before[0], after[0]):
                break
            if not (size(same) <= size(before) and size(same) <= size(after)):
                break
            stack[-3:] = [("replace", before[1], after[2], before[3], after[4])]
    ops = stack
    merged: list[Opcode] = []
    for op in ops:
        if merged and op[0] != "equal" and merged[-1][0] != "equal":
            last = merged[-1]
            merged[-1] = ("replace", last[1], op[2], last[3], op[4])
        else:
            merged.append(op)
    return [_tag(op) for op in merged]


def _tag(op: Opcode) -> Opcode:
    """A merged change's true kind: nothing on one side is an insert or a delete."""
    tag, i1, i2, j1, j2 = op
    if tag == "equal":
        return op
    if i1 == i2:
        return ("insert", i1, i2, j1, j2)
    if j1 == j2:
        return ("delete", i1, i2, j1, j2)
    return ("replace", i1, i2, j1, j2)


def diff_match(match: str, paragraph: str) -> list[DiffPiece]:
    """The match's Japanese cut into pieces against the paragraph's, in the match's order.

    Adjacent pieces of one kind are joined; empty ones are left out.
    """
    a, b = _tokens(match), _tokens(paragraph)
    if not a.tokens and not b.tokens:
        return [DiffPiece(match, "same")] if match else []
    # rapidfuzz's opcodes: bit-parallel, so a paragraph of 20,000 characters takes
    # milliseconds (difflib's SequenceMatcher took seconds on repetitive text).
    found = [tuple(op) for op in Levenshtein.opcodes(a.tokens, b.tokens)]
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in _absorb_short_equals(found):  # type: ignore[arg-type]
        mine = a.span(i1, i2)
        theirs = paragraph[b.starts[j1] : b.starts[j2]]
        if tag == "equal":
            _add(pieces, DiffPiece(mine, "same"))
        elif tag == "delete":
            _add(pieces, DiffPiece(mine, "added"))
        elif tag == "insert":
            # Nothing of the match here, but spaces dropped before it may be.
            _add(pieces, DiffPiece(mine, "same"))
            _add(pieces, DiffPiece(theirs, "missing"))
        else:
            _add(pieces, DiffPiece(mine, "changed", theirs))
    return pieces


def _add(pieces: list[DiffPiece], piece: DiffPiece) -> None:
    if not piece.text:
        return
    if pieces and pieces[-1].kind == piece.kind and piece.kind != "changed":
        pieces[-1] = DiffPiece(pieces[-1].text + piece.text, piece.kind)
        return
    pieces.append(piece)


def same_text(pieces: list[DiffPiece]) -> bool:
    """Whether the pieces show no difference at all."""
    return all(piece.kind == "same" for piece in pieces)
