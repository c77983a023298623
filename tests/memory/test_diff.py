"""The differences a memory match shows against a paragraph's Japanese: a table."""

from __future__ import annotations

import pytest

from workbench.memory.diff import DiffPiece, diff_match, same_text

S, A, M = "same", "added", "missing"

CASES = [
    pytest.param(
        "トランプ氏は成果を強調した。",
        "トランプ氏は成果を強調した。",
        [DiffPiece("トランプ氏は成果を強調した。", S)],
        id="identical",
    ),
    pytest.param(
        "首脳会談が開かれた。",
        "首相会談が開かれた。",
        [DiffPiece("首", S), DiffPiece("脳", "changed", "相"), DiffPiece("会談が開かれた。", S)],
        id="one kanji changed",
    ),
    pytest.param(
        "トランプ氏は成果を強調した。",
        "バイデン氏は成果を強調した。",
        # ン in common does not cut the name in two.
        [DiffPiece("トランプ", "changed", "バイデン"), DiffPiece("氏は成果を強調した。", S)],
        id="a name replaced",
    ),
    pytest.param(
        "会談は2019年に開かれた。",
        "会談は2024年に開かれた。",
        [
            DiffPiece("会談は", S),
            DiffPiece("2019", "changed", "2024"),
            DiffPiece("年に開かれた。", S),
        ],
        id="numbers compared whole",
    ),
    pytest.param(
        "会談は２０２４年に開かれた。",
        "会談は2024年に開かれた。",
        [DiffPiece("会談は２０２４年に開かれた。", S)],
        id="full-width digits are the same number",
    ),
    pytest.param(
        "ＮＡＴＯ首脳がｿｳﾙで会った",
        "NATO首脳がソウルで会った",
        [DiffPiece("ＮＡＴＯ首脳がｿｳﾙで会った", S)],
        id="widths of letters and kana",
    ),
    pytest.param(
        "トランプ氏は成果を大いに強調した。",
        "トランプ氏は成果を強調した。",
        [DiffPiece("トランプ氏は成果を", S), DiffPiece("大いに", A), DiffPiece("強調した。", S)],
        id="words only in the match",
    ),
    pytest.param(
        "トランプ氏は成果を強調した。",
        "トランプ氏は成果を大いに強調した。",
        [DiffPiece("トランプ氏は成果を", S), DiffPiece("大いに", M), DiffPiece("強調した。", S)],
        id="words the match lacks",
    ),
    pytest.param(
        " ワシントン・ポスト紙が報じた",
        "ワシントンポスト紙が 報じた",
        [DiffPiece(" ワシントン・ポスト紙が報じた", S)],
        id="spaces and middle dots are no difference",
    ),
    pytest.param(
        "EU首脳が集まった",
        "NATO首脳が集まった",
        [DiffPiece("EU", "changed", "NATO"), DiffPiece("首脳が集まった", S)],
        id="a Latin name replaced whole",
    ),
    pytest.param(
        "<b>速報</b>",
        "<b>速報</b>です",
        [DiffPiece("<b>速報</b>", S), DiffPiece("です", M)],
        id="markup-like text is text",
    ),
    pytest.param("", "", [], id="both empty"),
]


@pytest.mark.parametrize(("match", "paragraph", "expected"), CASES)
def test_diff_pieces(match: str, paragraph: str, expected: list[DiffPiece]) -> None:
    assert diff_match(match, paragraph) == expected


@pytest.mark.parametrize(("match", "paragraph", "expected"), CASES)
def test_the_pieces_rebuild_the_match(
    match: str, paragraph: str, expected: list[DiffPiece]
) -> None:
    pieces = diff_match(match, paragraph)
    assert "".join(p.text for p in pieces if p.kind != M) == match


def test_same_text_says_whether_anything_differs() -> None:
    assert same_text(diff_match("会談は２０２４年", "会談は2024年"))
    assert not same_text(diff_match("会談は2019年", "会談は2024年"))


def test_a_long_repetitive_paragraph_is_cut_in_one_pass() -> None:
    # Every third character changed in 8,000: thousands of changes, which the old
    # restart-from-the-start merge took minutes over (a row's matches waited for it).
    match = "".join("政府会見"[i % 4] for i in range(8000))
    paragraph = "".join("政府会見"[i % 4] if i % 3 else "米" for i in range(8000))
    pieces = diff_match(match, paragraph)
    assert "".join(p.text for p in pieces if p.kind != "missing") == match
    assert not same_text(pieces)
