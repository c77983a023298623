"""Word differences between two versions of a translation, as the history panel
shows them: each segment is kept, added or removed, removed comes before added
where a run was replaced, and the segments rebuild both texts exactly."""

from __future__ import annotations

import pytest

from workbench.articles.diffing import Op, diff_words

CASES: list[tuple[str, str, str, list[tuple[Op, str]]]] = [
    ("both empty", "", "", []),
    ("the same text", "Kim met Trump.", "Kim met Trump.", [("same", "Kim met Trump.")]),
    ("from nothing", "", "Kim met Trump.", [("added", "Kim met Trump.")]),
    ("to nothing", "Kim met Trump.", "", [("removed", "Kim met Trump.")]),
    (
        "one word replaced",
        "Kim met Trump.",
        "Kim met Moon.",
        [("same", "Kim met "), ("removed", "Trump"), ("added", "Moon"), ("same", ".")],
    ),
    (
        "a word added, with the space after it",
        "Kim met Trump.",
        "Kim then met Trump.",
        [("same", "Kim "), ("added", "then "), ("same", "met Trump.")],
    ),
    (
        "a word removed, with the space after it",
        "Kim then met Trump.",
        "Kim met Trump.",
        [("same", "Kim "), ("removed", "then "), ("same", "met Trump.")],
    ),
    (
        "punctuation is a word of its own",
        "Kim met Trump.",
        "Kim met Trump!",
        [("same", "Kim met Trump"), ("removed", "."), ("added", "!")],
    ),
    (
        "a word and a different space after it differ",
        "Kim met  Trump",
        "Kim met Trump",
        [("same", "Kim "), ("removed", "met  "), ("added", "met "), ("same", "Trump")],
    ),
    ("leading spaces are a run of their own", "  Kim", "Kim", [("removed", "  "), ("same", "Kim")]),
    (
        "a phrase replaced reads as one phrase",
        "They will meet in Hanoi soon.",
        "They will not meet at all.",
        [
            ("same", "They will "),
            ("added", "not "),
            ("same", "meet "),
            ("removed", "in Hanoi soon"),
            ("added", "at all"),
            ("same", "."),
        ],
    ),
    (
        "text without spaces is one word",
        "会談は延期",
        "会談は中止",
        [("removed", "会談は延期"), ("added", "会談は中止")],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_diff_words(old: str, new: str, expected: list[tuple[Op, str]]) -> None:
    segments = diff_words(old, new)

    assert segments == expected
    assert "".join(text for op, text in segments if op != "removed") == new
    assert "".join(text for op, text in segments if op != "added") == old
